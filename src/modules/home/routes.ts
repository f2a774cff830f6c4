import type { FastifyInstance } from 'fastify'
import { render } from '../../web/render.ts'
import { ROLES } from '../access/roles.ts'

export function homeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { action: 'home.view' } }, (request, reply) => {
    const actor = request.actor
    return render(request, reply, 'home/views/home.njk', {
      title: 'Home',
      roleNames: actor.roles.map((r) => ROLES[r]),
      isAdministrator: actor.roles.includes('administrator'),
    })
  })
}
