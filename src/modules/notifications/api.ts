import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pageQuery } from '../../web/api-contract.ts'
import { countNotifications, listNotifications, markAllRead, markRead } from './service.ts'

const notificationOut = z.object({
  id: z.string(),
  kind: z.string(),
  text: z.string(),
  link: z.string(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
})

/** The caller's own notifications: nobody else's exist for them. */
export function notificationsApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/v1/notifications',
    {
      config: { action: 'notifications.list' },
      schema: {
        tags: ['notifications'],
        summary:
          'My notifications, newest first; `status=unread` for the unread ones only (X-Total-Count is then the unread count)',
        querystring: z.strictObject({
          status: z.enum(['all', 'unread'], 'status must be all or unread').default('all'),
          ...pageQuery,
        }),
        response: { 200: z.array(notificationOut) },
      },
    },
    async (request, reply) => {
      const { status, limit, offset } = request.query
      const filter = { userId: request.actor.userId, unread: status === 'unread' }
      const [rows, total] = await Promise.all([
        listNotifications(lantern.db, filter, { limit, offset }),
        countNotifications(lantern.db, filter),
      ])
      return reply.header('x-total-count', String(total)).send(rows)
    },
  )

  api.post(
    '/api/v1/notifications/:id/read',
    {
      config: { action: 'notifications.read' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (again is harmless); anyone else’s is 404',
        params: z.object({ id: z.uuid() }),
        response: { 200: notificationOut },
      },
    },
    request => markRead(lantern.db, request.actor.userId, request.params.id, lantern.clock()),
  )

  api.post(
    '/api/v1/notifications/read',
    {
      config: { action: 'notifications.readAll' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark every one of my unread notifications read; answers how many were marked',
        response: { 200: z.object({ marked: z.number() }) },
      },
    },
    async request => ({ marked: await markAllRead(lantern.db, request.actor.userId, lantern.clock()) }),
  )
}
