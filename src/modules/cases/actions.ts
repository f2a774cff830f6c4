import { AUDITORS, CASE_LEADS, PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Opening and working a case: its team, its chronology, break-glass, and the auditor's view of who saw it. */
export const casesActions = {
  // A case names people whose records its team then reads: only someone who may read the child opens one.
  'cases.openForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'write', query: 'childId' },
    auditRead: { objectType: 'person', id: 'childId' },
  },
  'cases.open': { audience: 'signedIn', roles: PRACTITIONERS },
  // The cases the actor works: each list is narrowed to cases they may open, and audited with the ids it showed.
  'cases.list': { audience: 'signedIn', roles: PRACTITIONERS },
  'case.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.chronology': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'chronology', id: 'id' },
  },
  'case.addMember': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.removeMember': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.changeLead': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  // The forms are reads of case data (the children, the team, an entry), audited as such; the writes are not reads.
  'case.entryForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.recordEntry': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.entryVisibilityForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'chronologyEntry', id: 'eventId' },
  },
  'case.entryVisibility': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  // The people of a case change with the family: each change through the write pipeline, with a reason.
  'case.addChild': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.removeChild': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.addAdult': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.removeAdult': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  // The forms to add or remove someone read the case's people and the children's households.
  'case.peopleForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.reopenForm': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'case.reopen': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.linkEpisode': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'case.close': { audience: 'signedIn', roles: CASE_LEADS, record: { kind: 'case', need: 'write' }, changesCase: true },
  'case.breakGlass': { audience: 'signedIn', roles: PRACTITIONERS, record: { kind: 'case', need: 'exists' } },
  'case.audit': {
    audience: 'signedIn',
    roles: AUDITORS,
    record: { kind: 'case', need: 'exists' },
    auditRead: { objectType: 'caseAudit', id: 'id' },
  },
  'audit.search': { audience: 'signedIn', roles: AUDITORS },
  // The same rows as a CSV download: audited by its handler with the filter and how many rows it wrote.
  'audit.export': { audience: 'signedIn', roles: AUDITORS },
  // The child's record: their cases and the chronology across them, read as the person's record (so a case's
  // audit shows it among the reads of its children), open to whoever may read the person.
  'person.cases': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'person.chronology': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
} as const satisfies Actions
