import { FRONT_DOOR, PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Recording concerns, and the front door's decisions on the referrals they make. */
export const concernsActions = {
  'indicators.list': { audience: 'signedIn' },
  // Anyone working with children may raise a concern about any child, seeing only who the child is.
  'concerns.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'exists', query: 'childId' },
    auditRead: { objectType: 'person', id: 'childId' },
  },
  'concerns.record': { audience: 'signedIn', roles: PRACTITIONERS },
  'concern.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'concern', need: 'read' },
    auditRead: { objectType: 'concern', id: 'id' },
  },
  // The child's concerns, each with its referral and decision: a read of the child's record, audited as one.
  'person.concerns': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'referrals.list': { audience: 'signedIn', roles: FRONT_DOOR },
  'referral.read': { audience: 'signedIn', roles: FRONT_DOOR, auditRead: { objectType: 'referral', id: 'id' } },
  'referral.decide': { audience: 'signedIn', roles: FRONT_DOOR, changesCase: true },
} as const satisfies Actions
