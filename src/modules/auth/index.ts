import type { FastifyRequest } from 'fastify'
import type { Subject } from '../../kernel/actor.ts'
import type { Config } from '../../kernel/config.ts'
import type { ServiceCookie } from '../../web/cookies.ts'
import type { Services } from '../../web/services.ts'
import { isApiRequest } from '../../web/api-contract.ts'
import { lookUpSession } from './sessions.ts'
import { actorForToken } from './tokens.ts'

export { authActions } from './actions.ts'
export { authApi } from './api.ts'
export { authRoutes } from './routes.ts'
export { disableAccount } from './account.ts'
export { createApiToken, revokeApiToken } from './tokens.ts'

export const SESSION_COOKIE = 'lantern_session'

/**
 * The session cookie as the cookies page describes it. It is set with no Max-Age or Expires (routes.ts), so the
 * browser drops it when it closes; the server ends the session sooner, after the idle and absolute limits.
 */
export function sessionCookie(session: Config['session']): ServiceCookie {
  return {
    name: SESSION_COOKIE,
    purpose: 'Keeps you signed in as you move from page to page. It holds a random value and nothing about you.',
    expires:
      `When you close your browser, or sooner: Lantern ends your session after ${String(session.idleMinutes)} ` +
      `minutes without use, ${String(session.absoluteHours)} hours after you signed in, or when you sign out`,
  }
}

export interface Identity {
  subject: Subject
  sessionIdHash: string | undefined
  /** A session cookie came with the request but its session had ended. */
  expired: boolean
  /** When the live session ends if not used again; undefined for API tokens and no session. */
  sessionEndsAt?: Date | undefined
}

/** Who is asking: API requests by bearer token only, pages by session cookie only. */
export async function identify(services: Services, request: FastifyRequest): Promise<Identity> {
  const anonymous: Identity = { subject: { kind: 'anonymous' }, sessionIdHash: undefined, expired: false }
  const now = services.clock()
  if (isApiRequest(request)) {
    const header = request.headers.authorization
    if (!header) return anonymous
    const token = /^Bearer (\S+)$/i.exec(header)?.[1]
    const actor = token ? await actorForToken(services.db, token, now) : null
    if (!actor) {
      await services.audit.record({
        partnershipId: null,
        action: 'apiToken.rejected',
        outcome: 'denied',
        ip: request.ip,
        at: now,
      })
      return anonymous
    }
    return { subject: { kind: 'signedIn', actor }, sessionIdHash: undefined, expired: false }
  }
  const secret = request.cookies[SESSION_COOKIE]
  if (!secret) return anonymous
  const session = await lookUpSession(services.db, secret, now, services.config.session)
  if (session.state === 'none') return anonymous
  if (session.state === 'expired') return { ...anonymous, expired: true }
  return {
    subject:
      session.state === 'active'
        ? { kind: 'signedIn', actor: session.actor }
        : { kind: 'pending', actor: session.actor, authenticatorSetUp: session.mfaEnrolled },
    sessionIdHash: session.idHash,
    expired: false,
    sessionEndsAt: session.endsAt,
  }
}
