import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/**
 * Who may resolve possible duplicates: children's social care practitioners, who keep the child's record (the
 * front door, social workers and their managers). Others flag a worry to them; a merge moves cases and concerns.
 */
const RECORD_KEEPERS = ['front_door', 'social_worker', 'team_manager'] as const

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
  // Addresses: whoever may change the person adds one or ends one; the form shows the record, so it is a read.
  'person.addressForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.addAddress': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'person', need: 'write' } },
  'person.endAddressForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.endAddress': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'person', need: 'write' } },
  'relationship.endForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'relationship', need: 'write' },
    auditRead: { objectType: 'relationship', id: 'id' },
  },
  'relationship.end': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'relationship', need: 'write' } },
  'person.mergeForm': {
    audience: 'signedIn',
    roles: RECORD_KEEPERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.merge': { audience: 'signedIn', roles: RECORD_KEEPERS, record: { kind: 'person', need: 'write' } },
  // Undoing a merge: the same people as merging, who must be able to change the record kept (a merged record's
  // standing is the record kept's).
  'person.unmergeForm': {
    audience: 'signedIn',
    roles: RECORD_KEEPERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.unmerge': { audience: 'signedIn', roles: RECORD_KEEPERS, record: { kind: 'person', need: 'write' } },
  'person.notDuplicateForm': {
    audience: 'signedIn',
    roles: RECORD_KEEPERS,
    record: { kind: 'person', need: 'write' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.notDuplicate': { audience: 'signedIn', roles: RECORD_KEEPERS, record: { kind: 'person', need: 'write' } },
} as const satisfies Actions
