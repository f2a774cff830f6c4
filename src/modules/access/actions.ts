import type { Role } from './roles.ts'

/**
 * Every route names one of these actions in its config; the app refuses to start with a route that does
 * not. `audience` says who may ask at all; `roles` narrows it; `auditRead` makes the authorising hook append
 * an audit row for the read before the handler runs.
 */
export interface ActionRule {
  audience: 'anyone' | 'pending' | 'signedIn'
  roles?: readonly Role[]
  /**
   * `id` names the route parameter (or, failing that, the query parameter) holding the object's id, or
   * 'self' for the actor's own record.
   */
  auditRead?: { objectType: string; id?: string }
  /**
   * The route acts on one record and needs a legitimate relationship to it: a person to read (including by
   * break-glass on one of their cases), to change (never by break-glass) or who merely exists (a concern can
   * be raised about any child); a case to read (team or break-glass); a case to change (team only); or a
   * case that merely exists (asking for break-glass, auditing); a concern to read (its agency, or whoever may
   * read its child).
   */
  relationship?: 'personRead' | 'personWrite' | 'personExists' | 'caseRead' | 'caseWrite' | 'caseExists' | 'concernRead'
  /** Where the record's id is: the `id` route parameter unless this names a query parameter (`?childId=`). */
  recordQuery?: string
}

const ADMIN = ['administrator'] as const
/** Who decides on referrals to children's social care. */
const FRONT_DOOR = ['front_door', 'team_manager'] as const
/** Everyone who works with children and families, as opposed to those who run or audit the service. */
export const PRACTITIONERS = [
  'front_door',
  'social_worker',
  'team_manager',
  'police_investigator',
  'police_supervisor',
  'health_practitioner',
  'designated_safeguarding_lead',
  'probation_officer',
] as const

export const ACTIONS = {
  'service.health': { audience: 'anyone' },
  'service.assets': { audience: 'anyone' },
  'service.openapi': { audience: 'anyone' },
  'signIn.start': { audience: 'anyone' },
  'signIn.token': { audience: 'anyone' },
  'signIn.secondFactor': { audience: 'pending' },
  signOut: { audience: 'pending' },
  'home.view': { audience: 'signedIn' },
  'me.read': { audience: 'signedIn', auditRead: { objectType: 'user', id: 'self' } },
  'agencies.list': { audience: 'signedIn' },
  'admin.users.list': { audience: 'signedIn', roles: ADMIN, auditRead: { objectType: 'users' } },
  'admin.users.add': { audience: 'signedIn', roles: ADMIN },
  'admin.agencies.list': { audience: 'signedIn', roles: ADMIN },
  'admin.agencies.add': { audience: 'signedIn', roles: ADMIN },
  'admin.users.disable': { audience: 'signedIn', roles: ADMIN },
  // An invitation link is for someone not yet signed in; the link itself is the proof.
  'invitation.accept': { audience: 'anyone' },
  'account.changePassword': { audience: 'signedIn' },
  // New and elevated accounts, shown to the partnership manager (separation of duties: someone other than the administrator sees them).
  'accountChanges.list': {
    audience: 'signedIn',
    roles: ['partnership_manager'],
    auditRead: { objectType: 'accountChanges' },
  },
  'people.search': { audience: 'signedIn', roles: PRACTITIONERS },
  'people.record': { audience: 'signedIn', roles: PRACTITIONERS },
  'person.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personRead',
    auditRead: { objectType: 'person', id: 'id' },
  },
  // Each form that shows a person's record is an audited read of it; the write it posts is audited as a write.
  'person.correctForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personWrite',
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.correct': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'personWrite' },
  'person.relationshipForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personWrite',
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.addRelationship': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'personWrite' },
  'person.offendingHistoryForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personWrite',
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.recordOffendingHistory': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'personWrite' },
  // A case names people whose records its team then reads: only someone who may read the child opens one.
  'cases.openForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personWrite',
    recordQuery: 'childId',
    auditRead: { objectType: 'person', id: 'childId' },
  },
  'cases.open': { audience: 'signedIn', roles: PRACTITIONERS },
  'case.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'caseRead',
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.chronology': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'caseRead',
    auditRead: { objectType: 'chronology', id: 'id' },
  },
  'case.addMember': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'caseWrite' },
  'case.removeMember': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'caseWrite' },
  'case.changeLead': { audience: 'signedIn', roles: ['social_worker', 'team_manager'], relationship: 'caseWrite' },
  // The forms are reads of case data (the children, the team, an entry), audited as such; the writes are not reads.
  'case.entryForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'caseWrite',
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.recordEntry': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'caseWrite' },
  'case.entryVisibilityForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'caseWrite',
    auditRead: { objectType: 'chronologyEntry', id: 'eventId' },
  },
  'case.entryVisibility': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'caseWrite' },
  'case.close': { audience: 'signedIn', roles: ['social_worker', 'team_manager'], relationship: 'caseWrite' },
  'case.breakGlass': { audience: 'signedIn', roles: PRACTITIONERS, relationship: 'caseExists' },
  'case.audit': {
    audience: 'signedIn',
    roles: ['auditor'],
    relationship: 'caseExists',
    auditRead: { objectType: 'caseAudit', id: 'id' },
  },
  'audit.search': { audience: 'signedIn', roles: ['auditor'] },
  'indicators.list': { audience: 'signedIn' },
  // Anyone working with children may raise a concern about any child, seeing only who the child is.
  'concerns.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'personExists',
    recordQuery: 'childId',
    auditRead: { objectType: 'person', id: 'childId' },
  },
  'concerns.record': { audience: 'signedIn', roles: PRACTITIONERS },
  'concern.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    relationship: 'concernRead',
    auditRead: { objectType: 'concern', id: 'id' },
  },
  'referrals.list': { audience: 'signedIn', roles: FRONT_DOOR },
  'referral.read': { audience: 'signedIn', roles: FRONT_DOOR, auditRead: { objectType: 'referral', id: 'id' } },
  'referral.decide': { audience: 'signedIn', roles: FRONT_DOOR },
} as const satisfies Record<string, ActionRule>

export type ActionName = keyof typeof ACTIONS

export function isActionName(value: unknown): value is ActionName {
  return typeof value === 'string' && value in ACTIONS
}
