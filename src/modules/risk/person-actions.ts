import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'
import { REGISTER_READERS, RISK_MANAGERS } from './roles.ts'

const RECORD_REFUSAL =
  'Only probation, the police and the front door record civil orders and risk assessments: ask them to record it'
const MANAGE_REFUSAL = 'Only probation and the police record how a person is managed (MAPPA and the contacts)'

// What is known about a person. Any practitioner who may know the person exists may open their risk page: what it
// shows depends on who they are (the detail, or only that something is known and whom to contact). Those who
// manage the people on the register record what is known; they need not be on a case with the person to do so.
export const personRiskActions = {
  'risk.person': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'exists' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'risk.civilOrderForm': {
    audience: 'signedIn',
    roles: REGISTER_READERS,
    refusal: RECORD_REFUSAL,
    record: { kind: 'person', need: 'exists' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'risk.recordCivilOrder': {
    audience: 'signedIn',
    roles: REGISTER_READERS,
    refusal: RECORD_REFUSAL,
    record: { kind: 'person', need: 'exists' },
  },
  'risk.assessmentForm': {
    audience: 'signedIn',
    roles: REGISTER_READERS,
    refusal: RECORD_REFUSAL,
    record: { kind: 'person', need: 'exists' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'risk.recordAssessment': {
    audience: 'signedIn',
    roles: REGISTER_READERS,
    refusal: RECORD_REFUSAL,
    record: { kind: 'person', need: 'exists' },
  },
  'risk.management': {
    audience: 'signedIn',
    roles: REGISTER_READERS,
    record: { kind: 'person', need: 'exists' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'risk.managementForm': {
    audience: 'signedIn',
    roles: RISK_MANAGERS,
    refusal: MANAGE_REFUSAL,
    record: { kind: 'person', need: 'exists' },
    auditRead: { objectType: 'person', id: 'id' },
  },
  'risk.changeManagement': {
    audience: 'signedIn',
    roles: RISK_MANAGERS,
    refusal: MANAGE_REFUSAL,
    record: { kind: 'person', need: 'exists' },
  },
} as const satisfies Actions
