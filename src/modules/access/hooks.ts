import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import { continueInPartnership } from '../../db/context.ts'
import { apiError } from '../../web/api-errors.ts'
import { render } from '../../web/render.ts'
import { identify } from '../auth/index.ts'
import { ACTIONS, isActionName, type ActionName, type ActionRule } from './actions.ts'
import { authorise, type Decision } from './authorise.ts'

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/')
}

export interface RegisteredRoute {
  method: string
  url: string
  action: ActionName
}

/**
 * Refuses to register a route that does not say which action it performs, and records every route so a
 * test can walk them all against every role.
 */
export function requireActionOnEveryRoute(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = []
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, action: 'service.assets' }
    const action: unknown = route.config?.action
    if (!isActionName(action)) throw new Error(`Route ${String(route.method)} ${route.url} does not name an authorisation action`)
    for (const method of ([] as string[]).concat(route.method)) routes.push({ method, url: route.url, action })
  })
  return routes
}

function refuse(request: FastifyRequest, reply: FastifyReply, decision: Extract<Decision, { allow: false }>, expired: boolean) {
  if (isApiRequest(request)) {
    return decision.reason === 'forbidden'
      ? apiError(reply, 403, 'forbidden', 'Your role does not allow this')
      : apiError(reply, 401, 'unauthenticated', 'Send a valid API token as "Authorization: Bearer <token>"')
  }
  if (decision.reason === 'unauthenticated') return reply.redirect(expired ? '/sign-in?expired=1' : '/sign-in', 303)
  if (decision.reason === 'second_factor_required') return reply.redirect('/sign-in/security-code', 303)
  return render(request, reply, 'error.njk', { title: 'You do not have access to this page', paragraphs: ['Your role does not allow you to see this page. If you think it should, ask your system administrator.'] }, 403)
}

/** Before the body is read: who is asking, and may they perform the route's action at all. */
export function authenticateAndAuthorise(): onRequestHookHandler {
  return function (request, reply, done) {
    const { lantern } = request.server
    const action = request.routeOptions.config.action
    if (!action) {
      // Only the not-found handler has no action: treat the asker as anonymous.
      request.subject = { kind: 'anonymous' }
      done()
      return
    }
    identify(lantern, request)
      .then(async ({ subject, sessionIdHash, expired }) => {
        request.subject = subject
        request.sessionIdHash = sessionIdHash
        const decision = authorise(subject, action)
        if (decision.allow) {
          done()
          return
        }
        if (decision.reason === 'forbidden' && subject.kind === 'signedIn') {
          const { actor } = subject
          await lantern.audit.record({
            partnershipId: actor.partnershipId, userId: actor.userId, agencyId: actor.agencyId, action, outcome: 'denied',
            ip: request.ip, detail: { reason: decision.reason }, at: lantern.clock(),
          })
        }
        await refuse(request, reply, decision, expired)
      })
      .catch(done)
  }
}

/**
 * Just before the handler: appends the audit row for an audited read (so no read route can forget it), then
 * runs the rest of the request in the actor's partnership, which row-level security enforces.
 */
export function auditAndScope(): preHandlerHookHandler {
  return function (request, _reply, done) {
    const { lantern } = request.server
    const subject = request.subject
    const actor = subject.kind === 'anonymous' ? null : subject.actor
    const action = request.routeOptions.config.action
    const rule: ActionRule | undefined = action ? ACTIONS[action] : undefined
    const next = () => {
      continueInPartnership(actor?.partnershipId ?? null, done)
    }
    if (!rule?.auditRead || !actor || !action) {
      next()
      return
    }
    const params = request.params as Record<string, string | undefined>
    const idFrom = rule.auditRead.id
    lantern.audit
      .record({
        partnershipId: actor.partnershipId, userId: actor.userId, agencyId: actor.agencyId, action,
        objectType: rule.auditRead.objectType, objectId: idFrom === 'self' ? actor.userId : idFrom ? (params[idFrom] ?? null) : null,
        ip: request.ip, at: lantern.clock(),
      })
      .then(next, done)
  }
}
