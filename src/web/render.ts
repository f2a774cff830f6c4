import type { FastifyReply, FastifyRequest } from 'fastify'
import { PRACTITIONERS } from '../kernel/roles.ts'
import { govukErrors } from './forms.ts'

/** CSRF tokens are bound to the session they were issued in, so one leaked token opens no other session. */
export function csrfUserInfo(request: FastifyRequest): string {
  return request.sessionIdHash ?? 'no-session'
}

export interface PageData {
  title: string
  [key: string]: unknown
}

/**
 * Renders a page inside the layout with what every page needs: the signed-in user, a CSRF token for its
 * forms, the CSP nonce and the current path. `fieldErrors` become the error summary and field messages.
 */
export function render(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: PageData & { fieldErrors?: Record<string, string> | undefined; anchors?: Record<string, string> },
  status = 200,
): FastifyReply {
  const subject = request.subject
  const { fieldErrors, anchors, ...rest } = data
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(template, {
      ...rest,
      errors: fieldErrors ? govukErrors(fieldErrors, anchors) : undefined,
      user: subject.kind === 'signedIn' ? subject.actor : undefined,
      practitioner:
        subject.kind === 'signedIn' && subject.actor.roles.some(r => (PRACTITIONERS as readonly string[]).includes(r)),
      pendingUser: subject.kind === 'pending' ? subject.actor : undefined,
      csrfToken: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
      cspNonce: reply.cspNonce.script,
      currentPath: request.url.split('?')[0],
    })
}
