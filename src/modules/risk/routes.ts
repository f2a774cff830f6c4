import type { FastifyInstance } from 'fastify'
import { discussionRoutes } from './discussion-routes.ts'
import { personRiskRoutes } from './person-routes.ts'
import { promptRoutes } from './prompt-routes.ts'
import { registerRoutes } from './register-routes.ts'
import { sharingRoutes } from './sharing-routes.ts'

/** The register's pages and API: what is known about a person, the register, risk discussions, sharing. */
export function riskRoutes(app: FastifyInstance): void {
  personRiskRoutes(app)
  registerRoutes(app)
  discussionRoutes(app)
  sharingRoutes(app)
  promptRoutes(app)
}
