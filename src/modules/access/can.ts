import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Subject } from '../../kernel/actor.ts'
import type { Actions, Relationship } from '../../web/actions.ts'
import { authorise } from './authorise.ts'

/**
 * May this subject take this action, on a record they stand to so? The same authorise() every request passes, over
 * the actions every module declared (merged in app.ts), so a page that asks it offers only what the server allows.
 * A record-bound action asked without a relationship is refused: there is no record to act on.
 */
export function can(actions: Actions, subject: Subject, action: string, relationship?: Relationship): boolean {
  const rule = actions[action]
  if (!rule) throw new Error(`No module declares the action ${action}`)
  if (rule.record && relationship === undefined) return false
  return authorise(subject, rule, relationship).allow
}

/**
 * `request.can(action, relationship?)`: can() for the user making the request. The relationship defaults to the one
 * the authorising hook found to the record the route acts on (the case of a case page), as most offers are about it.
 * Record-level rules (only the lead hands the case on) are the module's own, asked beside it.
 */
export function useCan(app: FastifyInstance): void {
  app.decorateRequest('can', function (this: FastifyRequest, action: string, relationship?: Relationship) {
    return can(this.server.lantern.actions, this.subject, action, relationship ?? this.relationship)
  })
}
