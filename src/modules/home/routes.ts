import type { FastifyInstance } from 'fastify'
import { render } from '../../web/render.ts'
import { ROLES } from '../../kernel/roles.ts'

export function homeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { action: 'home.view' } }, (request, reply) => {
    const actor = request.actor
    const query = request.query as Record<string, string | undefined>
    return render(request, reply, 'home/views/home.njk', {
      title: 'Home',
      // After someone takes themselves or their agency off a case team, the case is no longer theirs to open.
      notice: query.leftCase
        ? {
            text: 'Case team updated. Neither you nor your agency is on that case team now, so you can no longer open the case.',
            success: true,
          }
        : undefined,
      roleNames: actor.roles.map(r => ROLES[r]),
      isAdministrator: actor.roles.includes('administrator'),
      isAuditor: actor.roles.includes('auditor'),
    })
  })
}
