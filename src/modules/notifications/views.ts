import { view, type PageData } from '../../web/render.ts'
import type { pagination } from '../../web/pagination.ts'

export interface NotificationsPage extends PageData {
  notifications: { id: string; text: string; link: string; kindName: string; when: string; unread: boolean }[]
  unread: number
  total: number
  pagination: ReturnType<typeof pagination>
}

export const notificationsPage = view<NotificationsPage>('notifications/views/notifications.njk')
