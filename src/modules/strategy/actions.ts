import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/**
 * Who records and completes a strategy discussion: children's social care, who lead the case and hold the
 * discussion, and the police, who decide with them whether to investigate; each on the case team. Anyone who may
 * read the case reads its discussions.
 */
const RECORDERS = ['social_worker', 'team_manager', 'police_investigator', 'police_supervisor'] as const
const REFUSAL =
  'Only a social worker, team manager, child-abuse investigator or police supervisor on the case team can record or complete a strategy discussion'

export const strategyActions = {
  'strategy.list': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'strategy.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'strategyDiscussion', need: 'read' },
    auditRead: { objectType: 'strategyDiscussion', id: 'id' },
  },
  // The form reads the case's children and the partnership's practitioners: a read of the case, audited.
  'strategy.form': {
    audience: 'signedIn',
    roles: RECORDERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'strategy.record': {
    audience: 'signedIn',
    roles: RECORDERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'strategy.completeForm': {
    audience: 'signedIn',
    roles: RECORDERS,
    refusal: REFUSAL,
    record: { kind: 'strategyDiscussion', need: 'write' },
    auditRead: { objectType: 'strategyDiscussion', id: 'id' },
  },
  'strategy.complete': {
    audience: 'signedIn',
    roles: RECORDERS,
    refusal: REFUSAL,
    record: { kind: 'strategyDiscussion', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
