import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const REFUSAL = 'Only a practitioner on the case team records the views of a child or their parent or carer'

/** The views of the child and of their parent or carer: practitioners on the case team record and read them. */
export const voiceActions = {
  'case.views': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'childView.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'childView.record': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'parentView.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'parentView.record': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
