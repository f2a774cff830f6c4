import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'

/** Routes about the service itself: health and the API's own description. */
export function serviceRoutes(app: FastifyInstance): void {
  app.get('/health', { config: { action: 'service.health' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.lantern.db)
      return await reply.header('cache-control', 'no-store').send({ status: 'ok', database: 'reachable' })
    } catch {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .send({ status: 'unavailable', database: 'unreachable' })
    }
  })

  app.get(
    '/api/v1/openapi.json',
    {
      config: { action: 'service.openapi' },
      schema: { tags: ['service'], summary: 'This document: the OpenAPI description of the API' },
    },
    () => app.swagger(),
  )
}
