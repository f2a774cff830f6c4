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

/** The decisions that open work with the child: each opens a case from the referral, or goes on the child's open case. */
export const DECISIONS_THAT_OPEN_CASES: readonly ReferralDecision[] = [
  'strategy_discussion',
  'child_and_family_assessment',
]

/** What a case opened by each of those decisions is for: its title starts with it. */
export const CASE_PURPOSES: Partial<Record<ReferralDecision, string>> = {
  strategy_discussion: 'Strategy discussion',
  child_and_family_assessment: 'Child and family assessment',
}
