// The lists the health pathway tables' CHECK constraints hold, with the names practitioners read. This file imports
// nothing: src/db/types.ts takes its column types from here, and src/db/schema-matches-types.http.test.ts proves
// each list equals its CHECK.

/** The kinds of local pathway a partnership lists: where a child is sent for recent or for non-recent abuse. */
export const PATHWAY_KINDS = {
  forensic_recent: 'Forensic medical examination at a sexual assault referral centre (SARC), for recent abuse',
  health_non_recent: 'Paediatric or community health assessment, for non-recent abuse',
} as const

export type PathwayKind = keyof typeof PATHWAY_KINDS

/** A health pathway decision for a child: one of the two pathways, or none needed (with a reason). */
export const HEALTH_DECISIONS = {
  ...PATHWAY_KINDS,
  not_needed: 'No health pathway needed now',
} as const

export type HealthDecision = keyof typeof HEALTH_DECISIONS

/** The decision's short name, for tables and the chronology. */
export const HEALTH_DECISION_SHORT: Readonly<Record<HealthDecision, string>> = {
  forensic_recent: 'Forensic (SARC) referral',
  health_non_recent: 'Health assessment',
  not_needed: 'No health pathway needed',
}
