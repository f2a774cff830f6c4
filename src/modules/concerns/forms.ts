import { z } from 'zod'
import { defineForm } from '../../web/form-page.ts'
import { DECISIONS_THAT_OPEN_CASES } from '../../kernel/codes/concerns.ts'
import { concernSchema, decisionShape } from './schema.ts'

/** Record a concern about the child the page is about; refer it to children's social care, or record it only. */
export const concernForm = defineForm({
  fields: ['description', 'childWords', 'indicators', 'disclosure', 'refer'],
  lists: ['indicators'],
  // The signs are in groups of checkboxes: the summary links to the first group's first box.
  anchors: { indicators: 'indicators-phy' },
  schema: z.strictObject({
    childId: concernSchema.shape.childId,
    description: concernSchema.shape.description,
    childWords: concernSchema.shape.childWords,
    indicators: concernSchema.shape.indicators,
    disclosure: concernSchema.shape.disclosure,
    refer: z.enum(['yes', 'no'], "Say whether to refer to children's social care now").optional(),
  }),
  toInput: ({ refer, ...concern }) => ({ ...concern, referToChildrensSocialCare: refer === 'yes' }),
})

/** The front door's decision, on the version of the referral the page was read at. */
// The lead is chosen in a select beside the decision (shown without JavaScript too): a choice made for a decision
// that opens no work is left out, since the page cannot hide the select.
export const decisionForm = defineForm({
  fields: ['decision', 'leadUserId', 'rationale'],
  schema: z.strictObject({
    version: z.unknown().transform(Number).pipe(decisionShape.version),
    decision: decisionShape.decision,
    leadUserId: z
      .string()
      .optional()
      .transform(v => (v === '' ? undefined : v))
      .pipe(decisionShape.leadUserId),
    rationale: decisionShape.rationale,
  }),
  toInput: ({ leadUserId, ...decision }) => ({
    ...decision,
    ...((DECISIONS_THAT_OPEN_CASES as readonly string[]).includes(decision.decision) ? { leadUserId } : {}),
  }),
  conflict: { field: 'decision' },
})
