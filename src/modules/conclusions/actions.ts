import { CASE_LEADS, PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Conclusion discussions: children's social care on the case team records them; whoever may read the case reads them. */
export const conclusionsActions = {
  'case.conclusions': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'conclusion.form': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal:
      "Only a social worker or team manager in children's social care on the case team records a conclusion discussion",
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'conclusion.record': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal:
      "Only a social worker or team manager in children's social care on the case team records a conclusion discussion",
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
