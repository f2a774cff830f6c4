// The investigations module's code lists. This file imports nothing: src/db/types.ts takes its column types from
// here, and src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

/** The charging decision, and who made it. */
export const CHARGING_DECISIONS = {
  charge: 'Charge',
  no_charge: 'No charge',
  further_investigation: 'Investigate further first',
} as const
export type ChargingDecision = keyof typeof CHARGING_DECISIONS

export const CHARGING_DECIDERS = {
  cps: 'Crown Prosecution Service',
  police: 'Police',
} as const
export type ChargingDecider = keyof typeof CHARGING_DECIDERS

/**
 * How an investigation ended. A close without charge is "no further police action at this time" (SG-01): never
 * "no further action", which a child and family read as "nothing happened".
 */
export const OUTCOME_KINDS = {
  charged: 'Charged or summonsed',
  no_further_police_action_at_this_time: 'No further police action at this time',
  out_of_court_resolution: 'Out of court resolution',
  taken_into_consideration: 'Taken into consideration',
  transferred: 'Passed to another body',
  diversion: 'Diversionary or educational activity',
} as const
export type OutcomeKind = keyof typeof OUTCOME_KINDS

/** Home Office crime outcome types (DOMAIN.md §3), each with the kind of outcome it belongs to. */
export const OUTCOME_CODES = {
  '1': { kind: 'charged', label: 'Charged or summonsed' },
  '1A': { kind: 'charged', label: 'Charged or summonsed for an alternative offence' },
  '2': { kind: 'out_of_court_resolution', label: 'Youth caution' },
  '2A': { kind: 'out_of_court_resolution', label: 'Youth caution for an alternative offence' },
  '3': { kind: 'out_of_court_resolution', label: 'Adult caution' },
  '3A': { kind: 'out_of_court_resolution', label: 'Adult caution for an alternative offence' },
  '4': { kind: 'taken_into_consideration', label: 'Taken into consideration' },
  '5': { kind: 'no_further_police_action_at_this_time', label: 'Offender died' },
  '6': { kind: 'out_of_court_resolution', label: 'Penalty notice for disorder' },
  '7': { kind: 'out_of_court_resolution', label: 'Cannabis or khat warning' },
  '8': { kind: 'out_of_court_resolution', label: 'Community resolution' },
  '9': { kind: 'no_further_police_action_at_this_time', label: 'Prosecution not in the public interest (CPS)' },
  '10': {
    kind: 'no_further_police_action_at_this_time',
    label: 'Formal action not in the public interest (police)',
  },
  '11': { kind: 'no_further_police_action_at_this_time', label: 'Suspect below the age of criminal responsibility' },
  '12': { kind: 'no_further_police_action_at_this_time', label: 'Suspect too ill' },
  '13': { kind: 'no_further_police_action_at_this_time', label: 'Victim or key witness dead or too ill' },
  '14': {
    kind: 'no_further_police_action_at_this_time',
    label: 'Evidential difficulties: no suspect identified, victim does not support',
  },
  '15': {
    kind: 'no_further_police_action_at_this_time',
    label: 'Evidential difficulties: suspect identified, victim supports',
  },
  '16': {
    kind: 'no_further_police_action_at_this_time',
    label: 'Evidential difficulties: suspect identified, victim does not support',
  },
  '17': { kind: 'no_further_police_action_at_this_time', label: 'Time limit for prosecution expired' },
  '18': { kind: 'no_further_police_action_at_this_time', label: 'Investigation complete, no suspect identified' },
  '19': { kind: 'no_further_police_action_at_this_time', label: 'Filed by the National Fraud Intelligence Bureau' },
  '20': { kind: 'transferred', label: 'Passed to another body' },
  '21': {
    kind: 'no_further_police_action_at_this_time',
    label: 'Further investigation not in the public interest (police)',
  },
  '22': { kind: 'diversion', label: 'Diversionary, educational or intervention activity done' },
} as const satisfies Record<string, { kind: OutcomeKind; label: string }>
export type OutcomeCode = keyof typeof OUTCOME_CODES

/** What a child said when asked whether they want to be interviewed. */
export const WILLINGNESS = {
  willing: 'Willing',
  unsure: 'Unsure',
  unwilling: 'Unwilling',
} as const
export type Willingness = keyof typeof WILLINGNESS

/** Special measures (Youth Justice and Criminal Evidence Act 1999; DOMAIN.md §4), by section. */
export const SPECIAL_MEASURES = {
  s23_screens: 'Screens (section 23)',
  s24_live_link: 'Live link (section 24)',
  s25_evidence_in_private: 'Evidence given in private (section 25)',
  s26_wigs_and_gowns_removed: 'Wigs and gowns removed (section 26)',
  s27_video_evidence_in_chief: 'Video-recorded evidence-in-chief (section 27)',
  s28_pre_recorded_cross_examination: 'Pre-recorded cross-examination (section 28)',
  s29_intermediary: 'Intermediary (section 29)',
  s30_communication_aids: 'Communication aids (section 30)',
} as const
export type SpecialMeasure = keyof typeof SPECIAL_MEASURES

/**
 * Victims' Right to Review (DOMAIN.md §5) covers a decision not to charge after a suspect was interviewed: not an
 * out-of-court disposal, nor an outcome where no suspect was identified, the suspect died, the victim does not
 * support the case, or fraud files it. The family's letter offers it and SG-03 asks that the family is told of
 * it on the same test.
 */
const NO_REVIEW_CODES: readonly string[] = ['5', '14', '16', '18', '19']

export function rightToReviewApplies(outcome: { kind: string; code: string } | null): boolean {
  return outcome?.kind === 'no_further_police_action_at_this_time' && !NO_REVIEW_CODES.includes(outcome.code)
}
