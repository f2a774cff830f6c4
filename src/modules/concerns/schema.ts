import { z } from 'zod'
import { codesOf, versionField } from '../../web/input.ts'
import { DECISIONS, DECISIONS_THAT_OPEN_CASES, DISCLOSURES } from '../../kernel/codes/concerns.ts'
import { INDICATORS } from './indicators.ts'

export const concernSchema = z.strictObject({
  childId: z.uuid('Choose the child'),
  caseId: z.uuid().optional(),
  description: z
    .string({ error: 'Describe what you saw or heard' })
    .max(10_000, 'Description must be 10,000 characters or fewer')
    .trim()
    .min(1, 'Describe what you saw or heard'),
  childWords: z
    .string()
    .max(10_000, "The child's words must be 10,000 characters or fewer")
    .trim()
    .optional()
    .transform(v => (v === '' ? undefined : v)),
  indicators: z
    .array(z.enum(codesOf(INDICATORS), 'Choose signs from the list'))
    .max(30)
    .default([]),
  disclosure: z.enum(codesOf(DISCLOSURES), 'Say whether the child has told anyone').default('none'),
  referToChildrensSocialCare: z.boolean().default(true),
})

export type ConcernInput = z.infer<typeof concernSchema>

const decisionFields = z.strictObject({
  version: versionField(),
  decision: z.enum(codesOf(DECISIONS), 'Choose a decision'),
  rationale: z
    .string({ error: 'Give the reasons for the decision' })
    .max(10_000, 'Reasons must be 10,000 characters or fewer')
    .trim()
    .min(10, 'Give the reasons for the decision, in at least 10 characters'),
  /**
   * The lead practitioner of the case a strategy discussion or an assessment opens; not for the other decisions,
   * and not when the child has an open case (the work goes on it, with its lead).
   */
  leadUserId: z.uuid('Choose the lead practitioner').optional(),
})

/** Only a decision that opens work names a lead: one named for another decision is refused, not ignored. */
export function leadOnlyWhereWorkOpens(
  value: { decision: string; leadUserId?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.leadUserId !== undefined && !(DECISIONS_THAT_OPEN_CASES as readonly string[]).includes(value.decision))
    ctx.addIssue({
      code: 'custom',
      path: ['leadUserId'],
      message: 'Choose a lead practitioner only for a strategy discussion or an assessment',
    })
}

export const decisionSchema = decisionFields.superRefine(leadOnlyWhereWorkOpens)
export const decisionShape = decisionFields.shape
