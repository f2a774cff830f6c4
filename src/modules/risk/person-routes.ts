import type { FastifyInstance } from 'fastify'

export function personRiskRoutes(_app: FastifyInstance): void {
  // Issue 14: this part of the register is being built.
}
