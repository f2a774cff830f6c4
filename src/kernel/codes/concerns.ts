// The lists the concerns and referrals tables' CHECK constraints hold, with the names practitioners read. This
// file imports nothing: src/db/types.ts takes its column types from here, and
// src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

export const DISCLOSURES = {
  none: 'No disclosure',
  partial: 'A partial account, or hints',
  full: 'A full account',
  retracted: 'An account the child has since taken back',
} as const

export type Disclosure = keyof typeof DISCLOSURES

export const DECISIONS = {
  strategy_discussion: 'Hold a strategy discussion (reasonable cause to suspect significant harm)',
  child_and_family_assessment: 'Child and family assessment',
  early_help: 'Refer to early help',
  advice_and_information: 'Advice and information to the referrer',
} as const

export type ReferralDecision = keyof typeof DECISIONS
