import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** The SG-08 prompt on a child's record without a case: a read of the child's record, as the page is. */
export const promptActions = {
  'person.riskPrompts': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
} as const satisfies Actions
