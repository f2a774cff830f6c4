import type { Actor } from '../auth/actor.ts'
import { ACTIONS, type ActionName, type ActionRule } from './actions.ts'

/** Who is asking: nobody known, someone between password and second factor, or a signed-in user. */
export type Subject =
  | { kind: 'anonymous' }
  | { kind: 'pending'; actor: Actor }
  | { kind: 'signedIn'; actor: Actor }

export type Decision =
  | { allow: true }
  | { allow: false; reason: 'unauthenticated' | 'second_factor_required' | 'forbidden' }

/** The one authorisation decision every request passes through. */
export function authorise(subject: Subject, action: ActionName): Decision {
  const rule: ActionRule = ACTIONS[action]
  if (rule.audience === 'anyone') return { allow: true }
  if (subject.kind === 'anonymous') return { allow: false, reason: 'unauthenticated' }
  if (rule.audience === 'pending') return { allow: true }
  if (subject.kind === 'pending') return { allow: false, reason: 'second_factor_required' }
  if (rule.roles && !rule.roles.some((r) => subject.actor.roles.includes(r))) return { allow: false, reason: 'forbidden' }
  return { allow: true }
}
