import type { FastifyInstance } from 'fastify'

export function registerRoutes(_app: FastifyInstance): void {
  // Issue 14: this part of the register is being built.
}
