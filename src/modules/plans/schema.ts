import { z } from 'zod'
import { PLAN_KINDS } from '../../kernel/codes/families.ts'
import { isoDate } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .max(
      max,
      `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .trim()
    .min(1, `Enter ${what}`)

export const REVIEW_AFTER_START = 'The review date must be on or after the start date'
export const NEXT_REVIEW_NEEDED = 'Enter the date of the next review: a plan that continues is reviewed again'
export const NEXT_REVIEW_AFTER = 'The next review must be after the date of this review'

export const summaryField = text('what the plan is for and how the child is kept safe', 10_000)
export const impactField = text('the impact on the child of the investigation ending', 10_000)
export const outcomeField = text('the outcome of the review', 10_000)
export const titleField = text('what the action is', 500)

export const planActionSchema = z
  .strictObject({
    title: titleField,
    ownerUserId: z.uuid('Choose who owns the action').optional(),
    ownerAgencyId: z.uuid('Choose who owns the action').optional(),
    dueOn: isoDate('Date the action is due by'),
  })
  .superRefine((a, ctx) => {
    if (!a.ownerUserId === !a.ownerAgencyId)
      ctx.addIssue({
        code: 'custom',
        path: ['ownerUserId'],
        message: 'Choose who owns the action: one practitioner or one agency',
      })
  })

export const planSchema = z
  .strictObject({
    childId: z.uuid('Choose the child the plan is for'),
    kind: z.enum(codesOf(PLAN_KINDS), 'Choose the kind of plan'),
    summary: summaryField,
    startsAt: isoDate('Start date'),
    reviewOn: isoDate('Review date'),
    investigationImpact: impactField.optional(),
    actions: z.array(planActionSchema).max(50, 'Add 50 actions or fewer').default([]),
  })
  .superRefine((p, ctx) => {
    if (p.reviewOn < p.startsAt) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: REVIEW_AFTER_START })
  })

export type PlanInput = z.infer<typeof planSchema>

export const agreeSchema = z.strictObject({ version: versionField() })

export const reviewSchema = z
  .strictObject({
    version: versionField(),
    reviewedOn: isoDate('Date of the review'),
    outcome: outcomeField,
    continues: z.boolean({ error: 'Say whether the plan continues' }),
    nextReviewOn: isoDate('Date of the next review').optional(),
  })
  .superRefine((r, ctx) => {
    if (r.continues && !r.nextReviewOn)
      ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: NEXT_REVIEW_NEEDED })
    else if (r.continues && r.nextReviewOn && r.nextReviewOn <= r.reviewedOn)
      ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: NEXT_REVIEW_AFTER })
  })

export type ReviewInput = z.infer<typeof reviewSchema>

export const planActionOut = z.object({
  id: z.string(),
  title: z.string(),
  ownerUserId: z.string().nullable(),
  ownerAgencyId: z.string().nullable(),
  ownerName: z.string(),
  dueOn: z.string(),
})

export const planReviewOut = z.object({
  id: z.string(),
  reviewedOn: z.string(),
  outcome: z.string(),
  continues: z.boolean(),
  nextReviewOn: z.string().nullable(),
  reviewedBy: z.string(),
})

export const planOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string(),
  childName: z.string(),
  kind: z.string(),
  status: z.enum(['draft', 'agreed', 'ended']),
  summary: z.string(),
  investigationImpact: z.string().nullable(),
  startsAt: z.string(),
  reviewOn: z.string(),
  version: z.number(),
  madeAt: z.date(),
  agreedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  actions: z.array(planActionOut),
  reviews: z.array(planReviewOut),
})
