// The lists the section 47 enquiries', assessments' and conferences' CHECK constraints hold, with the names
// practitioners read. This file imports nothing: src/db/types.ts takes its column types from here, and
// src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

/**
 * What a section 47 enquiry found and what happens next. Never "no further action" (SG-01's spirit): a concern that
 * is not substantiated still says what support goes on, since support never stops because a threshold was not met.
 */
export const SECTION47_OUTCOMES = {
  significant_harm_conference: 'Concerns substantiated: child protection conference',
  significant_harm_no_conference: 'Concerns substantiated: plan without a conference',
  not_substantiated_support: 'Not substantiated: support to continue from children’s social care',
  not_substantiated_early_help: 'Not substantiated: support to continue through early help',
  not_substantiated_universal: 'Not substantiated: support to continue from universal services (school, health)',
} as const

export type Section47Outcome = keyof typeof SECTION47_OUTCOMES

/** Child protection conferences: the initial one, then reviews while the child has a plan. */
export const CONFERENCE_KINDS = {
  initial: 'Initial child protection conference',
  review: 'Review child protection conference',
} as const

export type ConferenceKind = keyof typeof CONFERENCE_KINDS
