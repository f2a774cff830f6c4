import type { Subject } from '../../kernel/actor.ts'
import type { ActionRule, RecordNeed, Relationship } from '../../web/actions.ts'

export type { Relationship } from '../../web/actions.ts'

export type Decision =
  | { allow: true }
  | {
      allow: false
      reason: 'unauthenticated' | 'second_factor_required' | 'forbidden' | 'no_legitimate_relationship' | 'not_found'
    }

const ENOUGH: Record<RecordNeed['need'], readonly Relationship[]> = {
  read: ['full', 'readOnly'],
  write: ['full'],
  exists: ['full', 'readOnly', 'minimum'],
}

/**
 * The one authorisation decision every request passes through: audience, then role, then (for routes on one
 * record) the relationship to it. Row-level security below keeps partnerships apart whatever this says.
 */
export function authorise(subject: Subject, rule: ActionRule, relationship?: Relationship): Decision {
  if (rule.audience === 'anyone') return { allow: true }
  if (subject.kind === 'anonymous') return { allow: false, reason: 'unauthenticated' }
  if (rule.audience === 'pending') return { allow: true }
  if (subject.kind === 'pending') return { allow: false, reason: 'second_factor_required' }
  if (rule.roles && !rule.roles.some(r => subject.actor.roles.includes(r))) return { allow: false, reason: 'forbidden' }
  if (rule.record) {
    if (relationship === undefined) throw new Error(`A ${rule.record.kind} route needs the relationship to decide`)
    if (relationship === 'missing') return { allow: false, reason: 'not_found' }
    if (!ENOUGH[rule.record.need].includes(relationship)) return { allow: false, reason: 'no_legitimate_relationship' }
  }
  return { allow: true }
}
