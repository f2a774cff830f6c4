import { CASE_LEADS, PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const LEADS_ONLY =
  "Only a social worker or team manager in children's social care on the case team makes a child's plan"

const readPlan = {
  audience: 'signedIn',
  roles: PRACTITIONERS,
  record: { kind: 'plan', need: 'read' },
  auditRead: { objectType: 'plan', id: 'id' },
} as const

/** Plans: the case's social worker or team manager makes, agrees and reviews them; whoever may read the case reads them. */
export const plansActions = {
  'case.plans': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'plan.form': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'plan.draft': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'plan.read': readPlan,
  'plan.agreeForm': { ...readPlan, roles: CASE_LEADS, refusal: LEADS_ONLY, record: { kind: 'plan', need: 'write' } },
  'plan.agree': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'plan', need: 'write' },
    changesCase: true,
  },
  'plan.reviewForm': { ...readPlan, roles: CASE_LEADS, refusal: LEADS_ONLY, record: { kind: 'plan', need: 'write' } },
  'plan.review': {
    audience: 'signedIn',
    roles: CASE_LEADS,
    refusal: LEADS_ONLY,
    record: { kind: 'plan', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
