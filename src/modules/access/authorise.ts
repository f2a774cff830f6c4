import type { Actor } from '../auth/actor.ts'
import { ACTIONS, type ActionName, type ActionRule } from './actions.ts'

/** Who is asking: nobody known, someone between password and second factor, or a signed-in user. */
export type Subject =
  | { kind: 'anonymous' }
  | { kind: 'pending'; actor: Actor; authenticatorSetUp: boolean }
  | { kind: 'signedIn'; actor: Actor }

export type Decision =
  | { allow: true }
  | {
      allow: false
      reason: 'unauthenticated' | 'second_factor_required' | 'forbidden' | 'no_legitimate_relationship' | 'not_found'
    }

/**
 * How the actor stands to the record a route acts on: a full relationship (on the team), read-only
 * (break-glass), only the identifying minimum (they may know it exists), or no such record in their
 * partnership.
 */
export type Relationship = 'full' | 'readOnly' | 'minimum' | 'missing'

/**
 * The one authorisation decision every request passes through: audience, then role, then (for routes on one
 * record) the relationship to it. Row-level security below keeps partnerships apart whatever this says.
 */
export function authorise(subject: Subject, action: ActionName, relationship?: Relationship): Decision {
  const rule: ActionRule = ACTIONS[action]
  if (rule.audience === 'anyone') return { allow: true }
  if (subject.kind === 'anonymous') return { allow: false, reason: 'unauthenticated' }
  if (rule.audience === 'pending') return { allow: true }
  if (subject.kind === 'pending') return { allow: false, reason: 'second_factor_required' }
  if (rule.roles && !rule.roles.some(r => subject.actor.roles.includes(r))) return { allow: false, reason: 'forbidden' }
  if (rule.relationship) {
    if (relationship === undefined) throw new Error(`${action} needs the relationship to its record to decide`)
    if (relationship === 'missing') return { allow: false, reason: 'not_found' }
    const enough: Record<NonNullable<ActionRule['relationship']>, readonly Relationship[]> = {
      personRead: ['full', 'readOnly'],
      personWrite: ['full'],
      personExists: ['full', 'readOnly', 'minimum'],
      caseRead: ['full', 'readOnly'],
      caseWrite: ['full'],
      caseExists: ['full', 'readOnly', 'minimum'],
      concernRead: ['full', 'readOnly'],
    }
    if (!enough[rule.relationship].includes(relationship)) return { allow: false, reason: 'no_legitimate_relationship' }
  }
  return { allow: true }
}
