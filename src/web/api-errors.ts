import type { FastifyReply } from 'fastify'

export type ApiErrorCode =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'no_legitimate_relationship'
  | 'not_found'
  | 'conflict'
  | 'safeguard'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal'

/** The error body of API.md: {"error": {"code", "message", "fields"?}}. */
export function apiError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  extra: { fields?: Record<string, string>; [key: string]: unknown } = {},
): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { code, message, ...extra } })
}
