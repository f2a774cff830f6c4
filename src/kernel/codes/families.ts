// The lists of the after-the-outcome steps (issue 13): the child's voice, telling the family, letters, plans and
// manager approvals. This file imports nothing: src/db/types.ts takes column types from here, and
// src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

/** The stage of the pathway a child's views were given at (child_views.stage). */
export const VIEW_STAGES = {
  enquiry: 'Section 47 enquiry',
  investigation: 'Police investigation',
  conference: 'Child protection conference',
  plan: 'Making or reviewing a plan',
  outcome: 'After the outcome',
  other: 'Another stage',
} as const
export type ViewStage = keyof typeof VIEW_STAGES

/** Why a child's views are not recorded in their own words (child_views.reason_not_recorded). */
export const NO_WORDS_REASONS = {
  too_young: 'Too young to give their views in words',
  declined: 'Chose not to give their views',
  not_seen_alone: 'Not yet seen alone',
  other: 'Another reason',
} as const
export type NoWordsReason = keyof typeof NO_WORDS_REASONS

/** How a child communicates (child_views.communication_method). */
export const COMMUNICATION_METHODS = {
  spoken_english: 'Spoken English',
  other_language: 'Another language, without an interpreter',
  interpreter: 'Through an interpreter',
  intermediary: 'Through a registered intermediary',
  sign_language: 'Sign language',
  communication_aid: 'With a communication aid',
  play_or_drawing: 'Through play or drawing',
} as const
export type CommunicationMethod = keyof typeof COMMUNICATION_METHODS

/** How the family was told (family_updates.method). */
export const UPDATE_METHODS = {
  visit: 'Home visit',
  call: 'Phone or video call',
  letter: 'Letter',
  meeting: 'Meeting',
} as const
export type UpdateMethod = keyof typeof UPDATE_METHODS

/** What the family was told (family_update_topics.topic). */
export const UPDATE_TOPICS = {
  progress: 'How the enquiry or investigation is going',
  outcome: 'What was decided',
  reasons: 'The reasons for the decision',
  right_to_review: 'Their right to ask for a review of a decision not to charge',
  compensation: 'How to apply for criminal injuries compensation',
  support: 'The support that goes on',
} as const
export type UpdateTopic = keyof typeof UPDATE_TOPICS

/** Who a letter is written for (letters.audience). */
export const LETTER_AUDIENCES = {
  family: 'The family',
  child: 'The child (child-friendly)',
} as const
export type LetterAudience = keyof typeof LETTER_AUDIENCES

/** The kinds of plan for a child (plans.kind). */
export const PLAN_KINDS = {
  child_protection: 'Child protection plan',
  child_in_need: 'Child in need plan',
  support: 'Support plan',
  harmful_sexual_behaviour: 'Harmful sexual behaviour plan',
} as const
export type PlanKind = keyof typeof PLAN_KINDS

/** Where a plan stands (plans.status): drafted, agreed (in force, its actions become tasks), or ended at a review. */
export const PLAN_STATUSES = ['draft', 'agreed', 'ended'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]

/** What a manager is asked to approve (approvals.kind). */
export const APPROVAL_KINDS = {
  no_support_plan: 'No support plan is needed for the child',
} as const
export type ApprovalKind = keyof typeof APPROVAL_KINDS

/** Where an approval stands (approvals.status). */
export const APPROVAL_STATUSES = ['pending', 'approved', 'returned'] as const
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number]

/** Where a letter stands (letters.status): a draft the practitioner edits, or sent (it then never changes). */
export const LETTER_STATUSES = ['draft', 'sent'] as const
export type LetterStatus = (typeof LETTER_STATUSES)[number]
