import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const REFUSAL = 'Only a practitioner on the case team records a risk discussion on the case'

/** Risk discussions on a case: the case team records them; whoever may read the case reads them. */
export const discussionActions = {
  'case.riskDiscussions': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'riskDiscussion.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'riskDiscussion.record': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
