import type { FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify'
import type { Db } from '../../db/connection.ts'
import { asPartnership, continueInPartnership } from '../../db/context.ts'
import type { Actor, Subject } from '../../kernel/actor.ts'
import { isUuid } from '../../kernel/ids.ts'
import type { ActionRule } from '../../web/actions.ts'
import { isApiRequest } from '../../web/api-contract.ts'
import { apiError } from '../../web/api-errors.ts'
import { errorPage, render } from '../../web/render.ts'
import { interruptedPage } from '../../web/return-to.ts'
import { urls } from '../../web/urls.ts'
import { identify } from '../auth/index.ts'
import { authorise, type Decision, type Relationship } from './authorise.ts'

/**
 * How a module tells access where the actor stands to one record of a kind it owns, so a route on any record
 * (`/investigations/:id` through its case, say) is authorised without access importing the module. `caseId` is
 * the case the record belongs to, for the audit log's "who has looked at this case".
 */
export interface RecordResolver {
  kind: string
  resolve(
    db: Db,
    actor: Actor,
    id: string,
    now: Date,
  ): Promise<{ relationship: Relationship; caseId?: string | null | undefined }>
  /** What someone refused this record may do instead (ask for break-glass, raise a concern). */
  otherWayIn?(id: string): { href: string; text: string }
}

export interface Access {
  authenticateAndAuthorise: onRequestHookHandler
  auditAndScope: preHandlerHookHandler
}

/** What someone refused a record can do instead, as the module that resolves it says. */
function otherWayIn(request: FastifyRequest, rule: ActionRule | undefined, resolvers: ResolverMap) {
  if (!rule?.record) return {}
  const link = resolvers.get(rule.record.kind)?.otherWayIn?.(recordId(request, rule))
  return link ? { link } : {}
}

type ResolverMap = ReadonlyMap<string, RecordResolver>

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  decision: Extract<Decision, { allow: false }>,
  expired: boolean,
  rule: ActionRule | undefined,
  resolvers: ResolverMap,
) {
  const api = isApiRequest(request)
  const subject = request.subject
  switch (decision.reason) {
    case 'unauthenticated':
      return api
        ? apiError(reply, 401, 'unauthenticated', 'Send a valid API token as "Authorization: Bearer <token>"')
        : reply.redirect(urls.signIn({ expired: expired ? '1' : undefined, returnTo: interruptedPage(request) }), 303)
    case 'second_factor_required':
      return api
        ? apiError(reply, 401, 'unauthenticated', 'Finish signing in')
        : reply.redirect(
            subject.kind === 'pending' && !subject.authenticatorSetUp
              ? urls.setUpAuthenticator({ returnTo: interruptedPage(request) })
              : urls.securityCode({ returnTo: interruptedPage(request) }),
            303,
          )
    case 'not_found':
      return api
        ? apiError(reply, 404, 'not_found', 'No such record')
        : render(
            request,
            reply,
            errorPage,
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
            errorPage,
            {
              title: 'You do not have access to this record',
              paragraphs: [
                'Records about a child are open to the agencies working with them. Neither you nor your agency is on the team for this record.',
              ],
              ...(request.method === 'GET' ? otherWayIn(request, rule, resolvers) : {}),
            },
            403,
          )
    case 'forbidden':
      return api
        ? apiError(reply, 403, 'forbidden', rule?.refusal ?? 'Your role does not allow this')
        : render(
            request,
            reply,
            errorPage,
            {
              title: 'You do not have access to this page',
              paragraphs: [
                rule?.refusal ??
                  'Your role does not allow you to see this page. If you think it should, ask your system administrator.',
              ],
            },
            403,
          )
  }
}

/** A route or query parameter as sent, or '' (a repeated query parameter counts as none). */
function parameter(request: FastifyRequest, name: string): string {
  const value = ownValue(request.params, name) ?? ownValue(request.query, name)
  return typeof value === 'string' ? value : ''
}

/** A value a parsed address holds under `name`, whatever the route's schema (this hook runs for every route). */
function ownValue(source: unknown, name: string): unknown {
  return typeof source === 'object' && source !== null && Object.hasOwn(source, name)
    ? (Reflect.get(source, name) as unknown)
    : undefined
}

/** The id of the one record a route acts on: its `id` parameter, or the query parameter its rule names. */
function recordId(request: FastifyRequest, rule: ActionRule): string {
  return parameter(request, rule.record?.query ?? 'id')
}

/** How the actor stands to the one record a route acts on, and the case it belongs to. */
async function relationshipFor(
  request: FastifyRequest,
  rule: ActionRule,
  subject: Subject,
  resolvers: ResolverMap,
): Promise<{ relationship?: Relationship; caseId?: string | null | undefined }> {
  if (!rule.record || subject.kind !== 'signedIn') return {}
  const resolver = resolvers.get(rule.record.kind)
  if (!resolver) throw new Error(`No module resolves ${rule.record.kind} records`)
  const id = recordId(request, rule)
  if (!isUuid(id)) return { relationship: 'missing' }
  const { actor } = subject
  const { db, clock } = request.server.lantern
  return asPartnership(actor.partnershipId, () => resolver.resolve(db, actor, id, clock()))
}

/**
 * The two hooks every request passes: authorising before the body is read (who is asking, and may they perform
 * the route's action at all), and auditing reads just before the handler.
 */
export function createAccess(resolverList: readonly RecordResolver[]): Access {
  const resolvers: ResolverMap = new Map(resolverList.map(r => [r.kind, r]))
  if (resolvers.size !== resolverList.length) throw new Error('Two modules resolve the same kind of record')
  const caseIds = new WeakMap<FastifyRequest, string | null>()
  return {
    authenticateAndAuthorise: authenticateAndAuthorise(resolvers, caseIds),
    auditAndScope: auditAndScope(caseIds),
  }
}

function authenticateAndAuthorise(
  resolvers: ResolverMap,
  caseIds: WeakMap<FastifyRequest, string | null>,
): onRequestHookHandler {
  return function (request, reply, done) {
    const { lantern } = request.server
    const action = request.routeOptions.config.action
    if (!action) {
      // Only the not-found handler has no action: nothing to authorise, but the page shows who is signed in.
      identify(lantern, request).then(({ subject, sessionIdHash, sessionEndsAt }) => {
        request.subject = subject
        request.sessionIdHash = sessionIdHash
        request.sessionEndsAt = sessionEndsAt
        done()
      }, done)
      return
    }
    identify(lantern, request)
      .then(async ({ subject, sessionIdHash, expired, sessionEndsAt }) => {
        request.subject = subject
        request.sessionIdHash = sessionIdHash
        request.sessionEndsAt = sessionEndsAt
        const rule = lantern.actions[action]
        if (!rule) throw new Error(`No module declares the action ${action}`)
        const found = await relationshipFor(request, rule, subject, resolvers)
        request.relationship = found.relationship
        caseIds.set(request, found.caseId ?? null)
        const decision = authorise(subject, rule, request.relationship)
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
            objectId: recordId(request, rule) || null,
            caseId: found.caseId ?? null,
            ip: request.ip,
            detail: { reason: decision.reason },
            at: lantern.clock(),
          })
        }
        await refuse(request, reply, decision, expired, rule, resolvers)
      })
      .catch(done)
  }
}

/**
 * Just before the handler: appends the audit row for an audited read (so no read route can forget it), then
 * runs the rest of the request in the actor's partnership, which row-level security enforces.
 */
function auditAndScope(caseIds: WeakMap<FastifyRequest, string | null>): preHandlerHookHandler {
  return function (request, _reply, done) {
    const { lantern } = request.server
    const subject = request.subject
    const actor = subject.kind === 'anonymous' ? null : subject.actor
    const action = request.routeOptions.config.action
    const rule: ActionRule | undefined = action ? lantern.actions[action] : undefined
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
        caseId: caseIds.get(request) ?? null,
        ip: request.ip,
        at: lantern.clock(),
      })
      .then(next, done)
  }
}
