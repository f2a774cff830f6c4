import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { queryText } from '../../web/page-schemas.ts'
import { render, view, type PageData } from '../../web/render.ts'
import { ROLES } from '../../kernel/roles.ts'

interface HomePage extends PageData {
  roleNames: string[]
  isAdministrator: boolean
  isAuditor: boolean
}

const homePage = view<HomePage>('home/views/home.njk')

export function homeRoutes(app: FastifyInstance): void {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/',
      { config: { action: 'home.view' }, schema: { querystring: z.object({ leftCase: queryText }) } },
      (request, reply) => {
        const actor = request.actor
        return render(request, reply, homePage, {
          title: 'Home',
          // After someone takes themselves or their agency off a case team, the case is no longer theirs to open.
          notice: request.query.leftCase
            ? {
                text: 'Case team updated. Neither you nor your agency is on that case team now, so you can no longer open the case.',
                success: true,
              }
            : undefined,
          roleNames: actor.roles.map(r => ROLES[r]),
          isAdministrator: actor.roles.includes('administrator'),
          isAuditor: actor.roles.includes('auditor'),
        })
      },
    )
}
