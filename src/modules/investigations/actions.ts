import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Who records the police's part: the child-abuse investigators and their supervisors on the case team. */
export const POLICE = ['police_investigator', 'police_supervisor'] as const
/** ABE interviews are joint: police, and the case's social worker or team manager. */
export const JOINT = [...POLICE, 'social_worker', 'team_manager'] as const

const readInvestigation = {
  audience: 'signedIn',
  roles: PRACTITIONERS,
  record: { kind: 'investigation', need: 'read' },
  auditRead: { objectType: 'investigation', id: 'id' },
} as const

/** Police investigations, their charging advice, decision and outcome, and ABE interviews. */
export const investigationsActions = {
  // Everyone who may read the case reads its investigations.
  'investigations.list': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'investigations', id: 'id' },
  },
  'investigation.read': readInvestigation,
  'investigations.openForm': {
    audience: 'signedIn',
    roles: POLICE,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
    refusal: 'Only a police investigator or supervisor on the case team records a police investigation',
  },
  'investigations.open': {
    audience: 'signedIn',
    roles: POLICE,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
    refusal: 'Only a police investigator or supervisor on the case team records a police investigation',
  },
  // The forms on an investigation (charging advice, decision, outcome) read it before anything is recorded.
  'investigation.policeForm': {
    ...readInvestigation,
    roles: POLICE,
    record: { kind: 'investigation', need: 'write' },
    refusal: 'Only a police investigator or supervisor on the case team records this',
  },
  'investigation.chargingAdvice': {
    audience: 'signedIn',
    roles: POLICE,
    record: { kind: 'investigation', need: 'write' },
    changesCase: true,
  },
  'investigation.chargingDecision': {
    audience: 'signedIn',
    roles: POLICE,
    record: { kind: 'investigation', need: 'write' },
    changesCase: true,
  },
  'investigation.outcome': {
    audience: 'signedIn',
    roles: POLICE,
    record: { kind: 'investigation', need: 'write' },
    changesCase: true,
  },
  'abe.planForm': {
    ...readInvestigation,
    roles: JOINT,
    record: { kind: 'investigation', need: 'write' },
    refusal: 'Only police, or the case’s social worker or team manager on its team, plan an ABE interview',
  },
  'abe.plan': {
    audience: 'signedIn',
    roles: JOINT,
    record: { kind: 'investigation', need: 'write' },
    changesCase: true,
  },
  'abe.heldForm': {
    audience: 'signedIn',
    roles: JOINT,
    record: { kind: 'abeInterview', need: 'write' },
    auditRead: { objectType: 'abeInterview', id: 'id' },
  },
  'abe.held': {
    audience: 'signedIn',
    roles: JOINT,
    record: { kind: 'abeInterview', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
