import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Finding, recording and correcting people, their relationships and their offending history. */
export const peopleActions = {
  'people.search': { audience: 'signedIn', roles: PRACTITIONERS },
  'people.record': { audience: 'signedIn', roles: PRACTITIONERS },
  'person.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  // Each form that shows a person's record is an audited read of it; the write it posts is audited as a write.
  'person.correctForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.correct': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'person', need: 'write' } },
  'person.relationshipForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.addRelationship': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'person', need: 'write' } },
  'person.offendingHistoryForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.recordOffendingHistory': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
  },
} as const satisfies Actions
