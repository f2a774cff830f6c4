import { CASE_LEADS, PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const LEADS_ONLY =
  "Only a social worker or team manager in children's social care on the case team records enquiries, assessments and conferences"

/**
 * Section 47 enquiries, child and family assessments and child protection conferences: children's social care on
 * the case team (a social worker or team manager) records them; anyone who may read the case reads them.
 */
export const enquiriesActions = {
  'case.enquiries': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'section47.form': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'section47.start': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'section47.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'section47', need: 'read' },
    auditRead: { objectType: 'section47', id: 'id' },
  },
  'section47.complete': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'section47', need: 'write' },
    changesCase: true,
  },
  'assessment.form': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'assessment.start': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'assessment.read': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'assessment', need: 'read' },
    auditRead: { objectType: 'assessment', id: 'id' },
  },
  'assessment.complete': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'assessment', need: 'write' },
    changesCase: true,
  },
  'conference.form': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'conference.record': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
