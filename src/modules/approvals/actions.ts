import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/**
 * Who decides an approval: a team manager on the case team (emergency read access is not enough: a decision is a
 * change to the case), never the one who asked.
 */
export const DECIDERS = ['team_manager'] as const

const DECIDE_REFUSAL = 'Only a team manager on the case team approves or returns a request'

/** Manager approvals: practitioners on the case team ask; a team manager approves or returns. */
export const approvalsActions = {
  // A team manager's list of the approvals on the cases they may read.
  'approvals.list': {
    audience: 'signedIn',
    roles: DECIDERS,
    refusal: 'Only a team manager sees the list of approvals',
    auditRead: { objectType: 'approvals' },
  },
  'approval.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'approval', need: 'read' },
    auditRead: { objectType: 'approval', id: 'id' },
  },
  'approval.askForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: 'Only a practitioner on the case team asks for a manager’s approval',
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'approval.ask': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: 'Only a practitioner on the case team asks for a manager’s approval',
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'approval.decideForm': {
    audience: 'signedIn',
    roles: DECIDERS,
    refusal: DECIDE_REFUSAL,
    record: { kind: 'approval', need: 'write' },
    auditRead: { objectType: 'approval', id: 'id' },
  },
  'approval.approve': {
    audience: 'signedIn',
    roles: DECIDERS,
    refusal: DECIDE_REFUSAL,
    record: { kind: 'approval', need: 'write' },
    changesCase: true,
  },
  'approval.return': {
    audience: 'signedIn',
    roles: DECIDERS,
    refusal: DECIDE_REFUSAL,
    record: { kind: 'approval', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
