import { z } from 'zod'
import { defineForm } from '../../web/form-page.ts'
import { concernSchema, decisionSchema } from './schema.ts'

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
export const decisionForm = defineForm({
  fields: ['decision', 'rationale'],
  schema: z.strictObject({
    version: z.unknown().transform(Number).pipe(decisionSchema.shape.version),
    decision: decisionSchema.shape.decision,
    rationale: decisionSchema.shape.rationale,
  }),
  toInput: decision => decision,
  conflict: { field: 'decision' },
})
