import type { FastifyInstance } from 'fastify'
export function familiesRoutes(_app: FastifyInstance): void {}
