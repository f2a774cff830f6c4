import type { FastifyInstance } from 'fastify'

export function discussionRoutes(_app: FastifyInstance): void {
  // Issue 14: this part of the register is being built.
}
