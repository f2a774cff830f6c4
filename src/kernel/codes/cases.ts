// The lists the case tables' CHECK constraints hold, with the names practitioners read. This file imports
// nothing: src/db/types.ts takes its column types from here, and src/db/schema-matches-types.http.test.ts
// proves each list equals its CHECK.

/** What an adult is in a case (case_adults.role). */
export const ADULT_ROLES = {
  parent: 'Parent',
  carer: 'Carer',
  non_abusing_parent: 'Non-abusing parent or carer',
  alleged_perpetrator: 'Alleged perpetrator',
  sibling: 'Sibling',
  other: 'Other',
} as const

export type CaseAdultRole = keyof typeof ADULT_ROLES

/**
 * What a child is in a case (case_children.role). A child who harmed another child is a child of the case, with
 * their own status and plan, never one of its adults (SG-10: a plan for every child, the child who harmed included).
 */
export const CHILD_ROLES = {
  subject: 'Child the case is about',
  harmed_another_child: 'Child who harmed another child',
  sibling: 'Brother or sister',
} as const

export type CaseChildRole = keyof typeof CHILD_ROLES

/** Of a case, and of each child in it (a child keeps their own status). The case page's status tag words them. */
export const CASE_STATUSES = ['open', 'closed'] as const

export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Who may read a chronology entry (chronology_events.visibility). */
export const VISIBILITIES = {
  normal: 'Everyone who can read the case',
  restricted: 'The case team only (not people with emergency access)',
  sealed: 'Only the people I name',
} as const

export type Visibility = keyof typeof VISIBILITIES

/**
 * The Children in Need census categories of abuse (DOMAIN.md §2): what a strategy discussion suspects, what a
 * section 47 enquiry and a conference's plan record. One list for every step that names a category.
 */
export const ABUSE_CATEGORIES = {
  NEG: 'Neglect',
  PHY: 'Physical abuse',
  SAB: 'Sexual abuse',
  EMO: 'Emotional abuse',
  MUL: 'Multiple categories (not recommended)',
} as const

export type AbuseCategory = keyof typeof ABUSE_CATEGORIES
