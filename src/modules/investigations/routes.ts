import type { FastifyInstance } from 'fastify'
export function investigationsRoutes(_app: FastifyInstance): void {}
