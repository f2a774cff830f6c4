// The lists of the register of people who present a risk of sexual harm (issue 14, DOMAIN.md §6 and §10): civil
// orders, notification periods, MAPPA, risk tools and levels, and the lawful bases for sharing. This file imports
// nothing: src/db/types.ts takes column types from here, and src/db/schema-matches-types.http.test.ts proves each
// list equals its CHECK.

/** Civil orders (civil_orders.kind): DOMAIN.md §6. `other` names the order in `otherKind`. */
export const CIVIL_ORDER_KINDS = {
  shpo: 'Sexual Harm Prevention Order',
  sro: 'Sexual Risk Order',
  other: 'Another order',
} as const
export type CivilOrderKind = keyof typeof CIVIL_ORDER_KINDS

/**
 * How long notification requirements last (offending_history.registration_period), Sexual Offences Act 2003 Part 2
 * (DOMAIN.md §6). Halved periods for under-18s are unverified, so `other` carries what the record says.
 */
export const REGISTRATION_PERIODS = {
  indefinite: 'Indefinite (a review is possible after 15 years)',
  ten_years: '10 years',
  seven_years: '7 years',
  five_years: '5 years',
  two_years: '2 years (after a caution)',
  other: 'Another period',
} as const
export type RegistrationPeriod = keyof typeof REGISTRATION_PERIODS

/** MAPPA categories (risk_management.mappa_category), Criminal Justice Act 2003: DOMAIN.md §6. */
export const MAPPA_CATEGORIES = {
  '1': 'Category 1: registered sexual offender',
  '2': 'Category 2: violent offender, or sexual offender not registered',
  '3': 'Category 3: other dangerous offender',
  '4': 'Category 4: terrorist or terrorism-risk offender',
} as const
export type MappaCategory = keyof typeof MAPPA_CATEGORIES

/** MAPPA levels of management (risk_management.mappa_level). */
export const MAPPA_LEVELS = {
  '1': 'Level 1: ordinary agency management',
  '2': 'Level 2: active multi-agency management',
  '3': 'Level 3: active multi-agency management with senior resources',
} as const
export type MappaLevel = keyof typeof MAPPA_LEVELS

/** Risk assessment tools (risk_assessments.tool); `local` is named in `toolName`. */
export const RISK_TOOLS = {
  arms: 'Active Risk Management System (ARMS)',
  risk_matrix_2000: 'Risk Matrix 2000',
  oasys_osp: 'OASys Sexual reoffending Predictor (OSP)',
  local: 'A locally named tool',
} as const
export type RiskTool = keyof typeof RISK_TOOLS

/** The level an assessment found (risk_assessments.level), as the tools above grade it. */
export const RISK_LEVELS = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
} as const
export type RiskLevel = keyof typeof RISK_LEVELS

/** The lawful basis for sharing information (information_sharing.lawful_basis): DOMAIN.md §10. */
export const LAWFUL_BASES = {
  public_task: 'UK GDPR Article 6(1)(e): public task',
  legal_obligation: 'UK GDPR Article 6(1)(c): legal obligation',
  safeguarding: 'UK GDPR Article 9(2)(g) with DPA 2018 Schedule 1 paragraph 18: safeguarding children at risk',
  law_enforcement: 'DPA 2018 Part 3, section 35 and Schedule 8 paragraph 4: law enforcement',
  consent: 'Consent (rarely appropriate where a child is at risk)',
} as const
export type LawfulBasis = keyof typeof LAWFUL_BASES
