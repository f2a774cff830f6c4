import { PRACTITIONERS, type Role } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Who records a child's health pathway decision and what follows it, when on the case team (brief, issue 12). */
export const HEALTH_RECORDERS = [
  'health_practitioner',
  'social_worker',
  'team_manager',
  'police_investigator',
  'police_supervisor',
] as const satisfies readonly Role[]

const RECORDERS_ONLY =
  'Only health practitioners, social workers, team managers and police on the case team record health pathway decisions'

/** Who reads the directory of local pathways: everyone deciding, and those who keep or audit it. */
const DIRECTORY_READERS = [...PRACTITIONERS, 'partnership_manager', 'auditor'] as const satisfies readonly Role[]

/**
 * Health pathways: each child's decision on a case (a read of the case, a change through the write pipeline), and
 * the partnership's directory of local pathways (not case data, so no need to know; its changes are audited).
 */
export const healthActions = {
  'case.health': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.healthReferrals': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'healthReferrals', id: 'id' },
  },
  'case.healthDecisionForm': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.recordHealthDecision': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  // A decision's later steps are reached by its own id, and authorised on its case: the case team records them.
  'healthReferral.referredForm': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    auditRead: { objectType: 'healthReferral', id: 'id' },
  },
  'healthReferral.recordReferred': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    changesCase: true,
  },
  'healthReferral.seenForm': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    auditRead: { objectType: 'healthReferral', id: 'id' },
  },
  'healthReferral.recordSeen': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    changesCase: true,
  },
  'healthReferral.outcomeForm': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    auditRead: { objectType: 'healthReferral', id: 'id' },
  },
  'healthReferral.recordOutcome': {
    audience: 'signedIn',
    roles: HEALTH_RECORDERS,
    refusal: RECORDERS_ONLY,
    record: { kind: 'healthReferral', need: 'write' },
    changesCase: true,
  },
  'healthPathways.list': { audience: 'signedIn', roles: DIRECTORY_READERS },
  'healthPathways.read': { audience: 'signedIn', roles: DIRECTORY_READERS },
  'healthPathways.add': {
    audience: 'signedIn',
    roles: ['partnership_manager'],
    refusal: 'Only the partnership manager changes the directory of local health pathways',
  },
  'healthPathways.change': {
    audience: 'signedIn',
    roles: ['partnership_manager'],
    refusal: 'Only the partnership manager changes the directory of local health pathways',
  },
  'healthPathways.withdraw': {
    audience: 'signedIn',
    roles: ['partnership_manager'],
    refusal: 'Only the partnership manager changes the directory of local health pathways',
  },
} as const satisfies Actions
