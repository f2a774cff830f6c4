import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify'
import { asPartnership, continueInPartnership } from '../../db/context.ts'
import { isUuid } from '../../ids.ts'
import { isApiRequest } from '../../web/api-contract.ts'
import { apiError } from '../../web/api-errors.ts'
import { render } from '../../web/render.ts'
import { identify } from '../auth/index.ts'
import { relationshipToCase } from '../cases/index.ts'
import { relationshipToConcern } from '../concerns/index.ts'
import { relationshipToPerson } from '../people/index.ts'
import { ACTIONS, isActionName, type ActionName, type ActionRule } from './actions.ts'
import { authorise, type Decision, type Relationship, type Subject } from './authorise.ts'

// By the matched route, never the raw URL (see web/api-contract.ts).
export { isApiRequest }

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
  app.addHook('onRoute', route => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, action: 'service.assets' }
    const action: unknown = route.config?.action
    if (!isActionName(action))
      throw new Error(`Route ${String(route.method)} ${route.url} does not name an authorisation action`)
    for (const method of ([] as string[]).concat(route.method)) routes.push({ method, url: route.url, action })
  })
  return routes
}

/**
 * What someone refused a record can do instead: a case offers break-glass; a child, a concern for the front
 * door (who may read every child's record) to decide on.
 */
function otherWayIn(request: FastifyRequest): { link?: { href: string; text: string } } {
  const action = request.routeOptions.config.action
  const rule: ActionRule | undefined = action ? ACTIONS[action] : undefined
  const id = rule ? recordId(request, rule) : ''
  if (rule?.relationship?.startsWith('case')) {
    return {
      link: {
        href: `/cases/${id}/break-glass`,
        text: 'Ask for emergency access (break-glass): you must give a reason, and it is shown to the case lead and auditors',
      },
    }
  }
  if (rule?.relationship?.startsWith('person')) {
    return {
      link: {
        href: `/concerns/new?childId=${id}`,
        text: 'Worried about this child? Record a concern for the front door, who will decide what happens next',
      },
    }
  }
  return {}
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  decision: Extract<Decision, { allow: false }>,
  expired: boolean,
) {
  const api = isApiRequest(request)
  const subject = request.subject
  switch (decision.reason) {
    case 'unauthenticated':
      return api
        ? apiError(reply, 401, 'unauthenticated', 'Send a valid API token as "Authorization: Bearer <token>"')
        : reply.redirect(expired ? '/sign-in?expired=1' : '/sign-in', 303)
    case 'second_factor_required':
      return api
        ? apiError(reply, 401, 'unauthenticated', 'Finish signing in')
        : reply.redirect(
            subject.kind === 'pending' && !subject.authenticatorSetUp
              ? '/sign-in/set-up-authenticator'
              : '/sign-in/security-code',
            303,
          )
    case 'not_found':
      return api
        ? apiError(reply, 404, 'not_found', 'No such record')
        : render(
            request,
            reply,
            'error.njk',
            {
              title: 'Page not found',
              paragraphs: ['There is no such record. If you followed a link, it may be out of date.'],
            },
            404,
          )
    case 'no_legitimate_relationship':
      return api
        ? apiError(
            reply,
            403,
            'no_legitimate_relationship',
            'You and your agency have no legitimate relationship to this record',
          )
        : render(
            request,
            reply,
            'error.njk',
            {
              title: 'You do not have access to this record',
              paragraphs: [
                'Records about a child are open to the agencies working with them. Neither you nor your agency is on the team for this record.',
              ],
              ...(request.method === 'GET' ? otherWayIn(request) : {}),
            },
            403,
          )
    case 'forbidden':
      return api
        ? apiError(reply, 403, 'forbidden', 'Your role does not allow this')
        : render(
            request,
            reply,
            'error.njk',
            {
              title: 'You do not have access to this page',
              paragraphs: [
                'Your role does not allow you to see this page. If you think it should, ask your system administrator.',
              ],
            },
            403,
          )
  }
}

/** A route or query parameter as sent, or '' (a repeated query parameter counts as none). */
function parameter(request: FastifyRequest, name: string): string {
  const value =
    (request.params as Record<string, unknown> | undefined)?.[name] ??
    (request.query as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value : ''
}

/** The id of the one record a route acts on: its `id` parameter, or the query parameter its rule names. */
function recordId(request: FastifyRequest, rule: ActionRule): string {
  return rule.recordQuery ? parameter(request, rule.recordQuery) : parameter(request, 'id')
}

/** The case a route acts on, for the audit log's "who has looked at this case". */
function caseIdOf(request: FastifyRequest, rule: ActionRule): string | null {
  const id = recordId(request, rule)
  return rule.relationship?.startsWith('case') && isUuid(id) ? id : null
}

/** How the actor stands to the one record a route acts on. */
async function relationshipFor(
  request: FastifyRequest,
  rule: ActionRule,
  subject: Subject,
): Promise<Relationship | undefined> {
  const kind = rule.relationship
  if (!kind || subject.kind !== 'signedIn') return undefined
  const id = recordId(request, rule)
  if (!isUuid(id)) return 'missing'
  const { actor } = subject
  const { db, clock } = request.server.lantern
  return asPartnership(actor.partnershipId, async () => {
    if (kind.startsWith('person')) return relationshipToPerson(db, actor, id, clock())
    if (kind === 'concernRead') return relationshipToConcern(db, actor, id, clock())
    const toCase = await relationshipToCase(db, actor, id, clock())
    return toCase === 'team' ? 'full' : toCase === 'breakGlass' ? 'readOnly' : toCase
  })
}

/** Before the body is read: who is asking, and may they perform the route's action at all. */
export function authenticateAndAuthorise(): onRequestHookHandler {
  return function (request, reply, done) {
    const { lantern } = request.server
    const action = request.routeOptions.config.action
    if (!action) {
      // Only the not-found handler has no action: nothing to authorise, but the page shows who is signed in.
      identify(lantern, request).then(({ subject, sessionIdHash }) => {
        request.subject = subject
        request.sessionIdHash = sessionIdHash
        done()
      }, done)
      return
    }
    identify(lantern, request)
      .then(async ({ subject, sessionIdHash, expired }) => {
        request.subject = subject
        request.sessionIdHash = sessionIdHash
        request.relationship = await relationshipFor(request, ACTIONS[action], subject)
        const decision = authorise(subject, action, request.relationship)
        if (decision.allow) {
          done()
          return
        }
        if (
          (decision.reason === 'forbidden' || decision.reason === 'no_legitimate_relationship') &&
          subject.kind === 'signedIn'
        ) {
          const { actor } = subject
          await lantern.audit.record({
            partnershipId: actor.partnershipId,
            userId: actor.userId,
            agencyId: actor.agencyId,
            action,
            outcome: 'denied',
            objectId: recordId(request, ACTIONS[action]) || null,
            caseId: caseIdOf(request, ACTIONS[action]),
            ip: request.ip,
            detail: { reason: decision.reason },
            at: lantern.clock(),
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
    const idFrom = rule.auditRead.id
    lantern.audit
      .record({
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        action,
        objectType: rule.auditRead.objectType,
        objectId: idFrom === 'self' ? actor.userId : idFrom ? parameter(request, idFrom) || null : null,
        caseId: caseIdOf(request, rule),
        ip: request.ip,
        at: lantern.clock(),
      })
      .then(next, done)
  }
}
