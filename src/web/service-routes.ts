import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { ServiceCookie } from './cookies.ts'
import { render, view, type PageData } from './render.ts'

export interface CookiesPage extends PageData {
  cookies: readonly ServiceCookie[]
}

export interface AccessibilityPage extends PageData {
  idleMinutes: number
}

export interface ServicePages {
  /** Every cookie the service sets, described by the module that sets it. */
  cookies: readonly ServiceCookie[]
}

const accessibilityPage = view<AccessibilityPage>('service/accessibility.njk')
const privacyPage = view<PageData>('service/privacy.njk')
const cookiesPage = view<CookiesPage>('service/cookies.njk')
const helpPage = view<PageData>('service/help.njk')

/**
 * Routes about the service itself: health, the API's own description, and the pages the footer links to
 * (accessibility, privacy, cookies, help), which hold nobody's data and so answer signed in or not.
 */
export function serviceRoutes(app: FastifyInstance, pages: ServicePages): void {
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

  app.get('/accessibility', { config: { action: 'service.accessibility' } }, (request, reply) =>
    render(request, reply, accessibilityPage, {
      title: 'Accessibility statement for Lantern',
      idleMinutes: app.lantern.config.session.idleMinutes,
    }),
  )
  app.get('/privacy', { config: { action: 'service.privacy' } }, (request, reply) =>
    render(request, reply, privacyPage, { title: 'Privacy notice' }),
  )
  app.get('/cookies', { config: { action: 'service.cookies' } }, (request, reply) =>
    render(request, reply, cookiesPage, { title: 'Cookies', cookies: pages.cookies }),
  )
  app.get('/help', { config: { action: 'service.help' } }, (request, reply) =>
    render(request, reply, helpPage, { title: 'Help and contact' }),
  )
}
