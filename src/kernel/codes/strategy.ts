// The strategy discussions tables' CHECK lists, with the names practitioners read. This file imports nothing:
// src/db/types.ts takes its column types from here, and src/db/schema-matches-types.http.test.ts proves each list
// equals its CHECK.

/** The decisions every strategy discussion makes, each asked as yes or no, in the order the page asks them. */
export const STRATEGY_DECISIONS = {
  section47: 'Start a section 47 enquiry?',
  policeInvestigation: 'Start a police investigation?',
  abeInterview: 'Plan an Achieving Best Evidence (ABE) interview?',
  healthAssessment: 'Arrange a health assessment?',
  immediateProtection: 'Does the child need protecting now?',
} as const

export type StrategyDecision = keyof typeof STRATEGY_DECISIONS
