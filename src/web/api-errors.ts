import type { FastifyReply } from 'fastify'

/** Every `error.code` the API answers with; the OpenAPI document's Error schema lists them. */
export const API_ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'no_legitimate_relationship',
  'not_found',
  'method_not_allowed',
  'conflict',
  'safeguard',
  'idempotency_key_reused',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal',
] as const

export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** The error body of API.md: {"error": {"code", "message", "fields"?}}. */
export function apiError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  extra: { fields?: Record<string, string>; [key: string]: unknown } = {},
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { code, message, ...extra } })
}
