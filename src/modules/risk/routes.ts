import type { FastifyInstance } from 'fastify'
import { discussionRoutes } from './discussion-routes.ts'
import { personRiskRoutes } from './person-routes.ts'
import { promptRoutes } from './prompt-routes.ts'
import { registerRoutes } from './register-routes.ts'
import type { RegisterComposition } from './register-service.ts'
import { sharingRoutes } from './sharing-routes.ts'

/** What the layers above hand the register at composition: safeguards' open tasks about a person. */
export type RiskComposition = RegisterComposition

/** The register's pages and API: what is known about a person, the register, risk discussions, sharing. */
export function riskRoutes(app: FastifyInstance, composition: RiskComposition): void {
  personRiskRoutes(app)
  registerRoutes(app, composition)
  discussionRoutes(app)
  sharingRoutes(app)
  promptRoutes(app)
}
