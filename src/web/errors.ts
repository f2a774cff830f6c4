import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { Conflict, Forbidden, Invalid, NotFound, SafeguardRefusal, TooMany } from '../kernel/errors.ts'
import { isApiRequest, methodsAllowedAt } from './api-contract.ts'
import { apiError } from './api-errors.ts'
import { errorPage, render } from './render.ts'

function validationFields(
  validation: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[],
): Record<string, string> {
  // No prototype: a field named `constructor` or `toString` must be named, not found already set.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>
  for (const v of validation) {
    const at = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
    if (v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys)) {
      for (const key of v.params.keys as string[])
        fields[at ? `${at}.${key}` : key] ??= 'This field is not expected here'
    } else {
      fields[at || '_'] ??= v.message ?? 'Invalid value'
    }
  }
  // Back to a plain object (fromEntries defines each key as its own, `__proto__` included).
  return Object.fromEntries(Object.entries(fields))
}

function page(request: FastifyRequest, reply: FastifyReply, status: number, title: string, paragraphs: string[]) {
  // A failure before authentication finished leaves no subject: show the page as to anyone.
  ;(request as { subject: FastifyRequest['subject'] | null }).subject ??= { kind: 'anonymous' }
  return render(request, reply, errorPage, { title, paragraphs }, status)
}

/** One place that turns every failure into a page or an API error body, and leaks no detail of it. */
export async function errorHandler(this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const api = isApiRequest(request)
  const { lantern } = request.server
  // Not every error thrown through Fastify carries a code, whatever its type says.
  const code = error.code as string | undefined
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = validationFields(error.validation)
    // How many, not which: an unexpected field's name is what the caller typed.
    request.log.info({ fields: Object.keys(fields).length }, 'validation failed')
    // A page's address or query that its schema refuses: a page says so, naming nothing that was sent.
    if (!api)
      return page(request, reply, 400, 'There is a problem with the web address', [
        'Check the address, or go back and try again.',
      ])
    return apiError(reply, 400, 'invalid', 'The request does not match the schema', { fields })
  }
  if (error instanceof Invalid)
    return api
      ? apiError(reply, 400, 'invalid', error.message, { fields: error.fields })
      : page(request, reply, 400, 'There is a problem', [error.message])
  if (error instanceof NotFound)
    return api
      ? apiError(reply, 404, 'not_found', error.message)
      : page(request, reply, 404, 'Page not found', ['If you typed the web address, check it is correct.'])
  if (error instanceof Forbidden)
    return api
      ? apiError(reply, 403, error.code, error.message)
      : page(request, reply, 403, 'You do not have access to this page', [error.message])
  if (error instanceof Conflict)
    return api
      ? apiError(reply, 409, 'conflict', error.message, { changedFields: error.changedFields })
      : page(request, reply, 409, 'Someone else changed this record', [error.message])
  // A safeguard refused the change: nothing was saved, and each finding says why and where the rule comes from.
  if (error instanceof SafeguardRefusal)
    return api
      ? apiError(reply, 422, 'safeguard', error.message, {
          findings: error.findings.map(f => ({ ...f, dueAt: f.dueAt ? f.dueAt.toISOString() : null })),
        })
      : page(
          request,
          reply,
          422,
          'This cannot be saved yet',
          error.findings.map(
            f => `${f.message} (${f.safeguard}; the national review, ${f.source.code}: ${f.source.title})`,
          ),
        )
  if (error instanceof TooMany)
    return api
      ? apiError(reply, 429, 'rate_limited', error.message)
      : page(request, reply, 429, 'You cannot do this again yet', [error.message])
  if (code?.startsWith('FST_CSRF')) {
    const actor = request.subject.kind === 'anonymous' ? null : request.subject.actor
    await lantern.audit.record({
      partnershipId: actor?.partnershipId ?? null,
      userId: actor?.userId ?? null,
      action: 'csrf.rejected',
      outcome: 'denied',
      ip: request.ip,
      at: lantern.clock(),
    })
    return page(request, reply, 403, 'This form has expired', [
      'For your security, forms stop working after you sign in or out, or after a while. Go back, reload the page and try again. Nothing was saved.',
    ])
  }
  if (error.statusCode === 429) {
    return api
      ? apiError(reply, 429, 'rate_limited', 'Too many attempts; wait a minute and try again')
      : page(request, reply, 429, 'Too many attempts', ['Wait a minute, then try again.'])
  }
  // A path that climbs out of the assets (`..`) or is too long for a file name: no such asset.
  if (code?.startsWith('FST_STATIC_')) return notFoundHandler(request, reply)
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return api
      ? apiError(reply, 413, 'payload_too_large', 'The request body is larger than 256 KB')
      : page(request, reply, 413, 'What you sent is too large', ['Shorten the text and try again.'])
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return api
      ? apiError(reply, 415, 'unsupported_media_type', 'Send JSON with "Content-Type: application/json"')
      : page(request, reply, 415, 'There is a problem', ['The form could not be read.'])
  }
  if (error.statusCode === 400 || code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return api
      ? apiError(reply, 400, 'invalid', 'The request body is not valid JSON', { fields: { _: 'Malformed JSON' } })
      : page(request, reply, 400, 'There is a problem', ['The form could not be read.'])
  }
  // The stack's frames only: its first line is the message, and a database's message quotes the value it refused.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter(line => line.trimStart().startsWith('at '))
    .join('\n')
  request.log.error({ err: { type: error.name, code, stack: frames } }, 'request failed')
  // A failure can come after a change committed (while reading it back), so say only what is always true.
  return api
    ? apiError(
        reply,
        500,
        'internal',
        'Something went wrong. A change is saved whole or not at all: look at the record before trying again, and report it if it persists.',
      )
    : page(request, reply, 500, 'Sorry, there is a problem with the service', [
        'A change is saved whole or not at all: look at the record before you enter anything again.',
      ])
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  // A known address asked with the wrong method is 405 with the methods it takes, not "no such page".
  const allow = methodsAllowedAt(request.server.lantern.routes, request.url)
  if (allow.length > 0) {
    reply.header('allow', allow.join(', '))
    if (isApiRequest(request))
      return apiError(reply, 405, 'method_not_allowed', `This address answers only ${allow.join(', ')}`)
    return page(request, reply, 405, 'There is a problem', [
      'This page cannot be used that way. Go back and try again.',
    ])
  }
  if (isApiRequest(request)) return apiError(reply, 404, 'not_found', 'No such resource')
  return page(request, reply, 404, 'Page not found', [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
  ])
}

/**
 * Addresses Fastify refuses before routing (an over-long path parameter, a malformed percent-encoding) get
 * the same answers as the rest: the API's error body, or a page. The address itself is never echoed.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
  if (request.url.startsWith('/api/')) {
    if (tooLong) void apiError(reply, 404, 'not_found', 'No such resource')
    else
      void apiError(reply, 400, 'invalid', 'The address is not valid', { fields: { path: 'The address is not valid' } })
    return
  }
  // No hook has run, so there is no CSP nonce or session for a full page: a plain one will do.
  const [status, title] = tooLong ? [404, 'Page not found'] : [400, 'There is a problem with the web address']
  void reply.code(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(title)
}
