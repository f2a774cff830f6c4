import { z } from 'zod'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { CONFERENCE_KINDS, SECTION47_OUTCOMES } from '../../kernel/codes/enquiries.ts'
import { isoDate } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

// The API's bodies and answers. Dates are calendar days ('2026-11-20'); that none is in the future, and that each
// fits the case (a completion after the start, a conference after the enquiry), the service checks.

export const categoryField = z.enum(codesOf(ABUSE_CATEGORIES), 'Choose the category of abuse')
export const outcomeField = z.enum(codesOf(SECTION47_OUTCOMES), 'Choose the outcome of the enquiry')
export const conferenceKindField = z.enum(codesOf(CONFERENCE_KINDS), 'Choose the kind of conference')
export const childField = z.uuid('Choose the child')
export const summaryField = z
  .string({ error: 'Summarise what the assessment found' })
  .max(10_000, 'The summary must be 10,000 characters or fewer')
  .trim()
  .min(1, 'Summarise what the assessment found')

export const section47StartSchema = z.strictObject({
  childId: childField,
  startedAt: isoDate('Date the enquiry started'),
  category: categoryField,
})
export type Section47Start = z.infer<typeof section47StartSchema>

export const section47CompleteSchema = z.strictObject({
  version: versionField(),
  completedAt: isoDate('Date the enquiry was completed'),
  outcome: outcomeField,
})
export type Section47Completion = z.infer<typeof section47CompleteSchema>

export const assessmentStartSchema = z.strictObject({
  childId: childField,
  startedAt: isoDate('Date the assessment started'),
})
export type AssessmentStart = z.infer<typeof assessmentStartSchema>

export const assessmentCompleteSchema = z.strictObject({
  version: versionField(),
  completedAt: isoDate('Date the assessment was completed'),
  summary: summaryField,
})
export type AssessmentCompletion = z.infer<typeof assessmentCompleteSchema>

/** A plan has one category (the chair records it), and there is none without a plan. */
export function categoryOnlyWithPlan(value: { planMade?: unknown; category?: unknown }, ctx: z.RefinementCtx) {
  if (value.planMade === true && value.category === undefined)
    ctx.addIssue({ code: 'custom', path: ['category'], message: 'Choose the category of abuse the plan is under' })
  if (value.planMade === false && value.category !== undefined)
    ctx.addIssue({ code: 'custom', path: ['category'], message: 'Choose a category only when a plan is made' })
}

export const conferenceFields = z.strictObject({
  childId: childField,
  kind: conferenceKindField,
  heldAt: isoDate('Date the conference was held'),
  planMade: z.boolean({ error: 'Say whether a child protection plan was made' }),
  category: categoryField.optional(),
})
export const conferenceSchema = conferenceFields.superRefine(categoryOnlyWithPlan)
export type ConferenceInput = z.infer<typeof conferenceSchema>

export const section47Out = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string(),
  childName: z.string(),
  startedAt: z.string(),
  category: z.string(),
  completedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  version: z.number(),
})

export const assessmentOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string(),
  childName: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  summary: z.string().nullable(),
  version: z.number(),
})

export const conferenceOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string(),
  childName: z.string(),
  kind: z.string(),
  heldAt: z.string(),
  planMade: z.boolean(),
  category: z.string().nullable(),
})
