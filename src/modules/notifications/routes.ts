import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NOTIFICATION_KINDS } from '../../kernel/codes/notifications.ts'
import { isApiRequest } from '../../web/api-contract.ts'
import { londonDateTime } from '../../web/dates.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { countNotifications, listNotifications, markAllRead, markRead, unreadCount } from './service.ts'
import { notificationsPage } from './views.ts'

const PAGE_SIZE = 50

/**
 * The unread count in the header of every page: one indexed count for a signed-in person's page (a GET, or a form
 * post that may come back as a page), none for an API call, an asset or a page open to anyone. The web layer's
 * render() reads it from the request; the web layer is below this module, so the count is handed up from here.
 */
export function unreadCountOnPages(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const { subject } = request
    if (subject.kind !== 'signedIn' || isApiRequest(request)) return
    if (request.method !== 'GET' && request.method !== 'POST') return
    const action = request.routeOptions.config.action
    if (!action || app.lantern.actions[action]?.audience !== 'signedIn') return
    request.unreadNotifications = await unreadCount(app.lantern.db, subject.actor.userId)
  })
}

/** The page of one's own notifications, and marking them read. */
export function notificationsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/notifications',
    {
      config: { action: 'notifications.list' },
      schema: { querystring: z.object({ page: queryText, read: queryText }) },
    },
    async (request, reply) => {
      const userId = request.actor.userId
      const total = await countNotifications(lantern.db, { userId })
      // The header's hook has counted the unread ones for this very page.
      const unread = request.unreadNotifications ?? (await unreadCount(lantern.db, userId))
      const pageCount = Math.ceil(total / PAGE_SIZE)
      const current = currentPage(request.query.page, pageCount)
      const rows = await listNotifications(
        lantern.db,
        { userId },
        { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE },
      )
      // The count in the header was taken before the handler; after "mark all", say so in the banner too.
      const read = request.query.read
      return render(request, reply, notificationsPage, {
        title: 'Notifications',
        notice:
          read === 'all'
            ? { text: 'Every notification is marked as read.', success: true }
            : read === 'one'
              ? { text: 'Notification marked as read.', success: true }
              : undefined,
        notifications: rows.map(n => ({
          id: n.id,
          text: n.text,
          link: n.link,
          kindName: NOTIFICATION_KINDS[n.kind],
          when: londonDateTime(n.createdAt),
          unread: n.readAt === null,
        })),
        unread,
        total,
        pagination: pagination(urls.notifications(), {}, current, pageCount),
      })
    },
  )

  pages.post(
    '/notifications/:id/read',
    { config: { action: 'notifications.read' }, schema: { params: idParams } },
    async (request, reply) => {
      await markRead(lantern.db, request.actor.userId, request.params.id, lantern.clock())
      return reply.redirect(urls.notifications({ read: 'one' }), 303)
    },
  )

  pages.post('/notifications/read', { config: { action: 'notifications.readAll' } }, async (request, reply) => {
    await markAllRead(lantern.db, request.actor.userId, lantern.clock())
    return reply.redirect(urls.notifications({ read: 'all' }), 303)
  })
}
