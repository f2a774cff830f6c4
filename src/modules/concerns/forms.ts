import { z } from 'zod'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { DECISIONS, DECISIONS_THAT_OPEN_CASES, DISCLOSURES } from '../../kernel/codes/concerns.ts'
import { INDICATORS } from './indicators.ts'
import { concernSchema, decisionShape, type ConcernInput } from './schema.ts'
import { codesOf } from '../../web/input.ts'

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
    // Asked, never assumed (issue 11): the API's default of no disclosure is not the page's.
    disclosure: z.enum(codesOf(DISCLOSURES), 'Say whether the child has told anyone'),
    refer: z.enum(['yes', 'no'], "Say whether to refer to children's social care now"),
  }),
  toInput: ({ refer, ...concern }) => ({ ...concern, referToChildrensSocialCare: refer === 'yes' }),
})

/** A concern's answers in words, each with the field its "Change" goes back to. */
export function concernAnswers(concern: ConcernInput): Answer[] {
  return [
    { key: 'What you saw or heard', value: concern.description, field: 'description' },
    { key: "The child's own words", value: concern.childWords ?? 'None recorded', field: 'childWords' },
    {
      key: 'Signs and indicators',
      value: concern.indicators.length ? concern.indicators.map(code => INDICATORS[code] ?? code) : 'None chosen',
      field: 'indicators',
    },
    { key: 'Has the child told anyone?', value: DISCLOSURES[concern.disclosure], field: 'disclosure' },
    {
      key: "Refer to children's social care now?",
      value: concern.referToChildrensSocialCare ? 'Yes' : 'No, record it only',
      field: 'refer',
    },
  ]
}

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

/** A decision's answers in words; the lead is named only for a decision that opens a case with them. */
export function decisionAnswers(
  decision: { decision: keyof typeof DECISIONS; rationale: string },
  leadName: string | undefined,
): Answer[] {
  return [
    { key: 'Decision', value: DECISIONS[decision.decision], field: 'decision' },
    ...(leadName ? [{ key: 'Lead practitioner', value: leadName, field: 'leadUserId' }] : []),
    { key: 'Reasons', value: decision.rationale, field: 'rationale' },
  ]
}
