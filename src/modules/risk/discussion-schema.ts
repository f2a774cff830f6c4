import { z } from 'zod'
import { isoTimestamp } from '../../web/dates.ts'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { codesOf, versionField } from '../../web/input.ts'

/** A required text field whose messages name it. */
export const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .max(
      max,
      `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .trim()
    .min(1, `Enter ${what}`)

/** Who took part: a row each, as a conclusion discussion keeps them. */
const attendeeSchema = z.strictObject({
  name: text('the attendee’s name', 200),
  agencyKind: z.enum(codesOf(AGENCY_KINDS), 'Choose the attendee’s agency'),
  role: text('the attendee’s role', 200),
})

export const discussionSummaryField = text('what the agencies discussed', 20_000)
export const civilOrderReasonField = text('why a civil order was or was not considered', 10_000)

/** A risk discussion is multi-agency (DOMAIN.md §6): its attendees come from at least two kinds of agency. */
export const TWO_AGENCIES_AT_RISK_DISCUSSION =
  'Add attendees from at least two agencies: a risk discussion is multi-agency'

export const CIVIL_ORDER_CONSIDERED = 'Say whether a civil order (a Sexual Risk Order, say) was considered'

/** The API's body; `now` bounds `heldAt`, which may not be in the future. */
export function riskDiscussionSchema(now: () => Date) {
  return z
    .strictObject({
      heldAt: isoTimestamp('When the discussion was held', { notAfter: now }),
      personId: z.uuid('Choose the person the discussion was about'),
      attendees: z.array(attendeeSchema).min(1, 'Add at least one attendee').max(50, 'Add 50 attendees or fewer'),
      summary: discussionSummaryField,
      // No default: a discussion that says nothing about a civil order has not considered the question.
      civilOrderConsidered: z.boolean({ error: CIVIL_ORDER_CONSIDERED }),
      civilOrderReason: civilOrderReasonField,
      /** The case's version the writer read, when they send it: a stale one is refused (409). */
      version: versionField().optional(),
    })
    .superRefine((value, ctx) => {
      if (value.attendees.length > 0 && new Set(value.attendees.map(a => a.agencyKind)).size < 2)
        ctx.addIssue({ code: 'custom', path: ['attendees'], message: TWO_AGENCIES_AT_RISK_DISCUSSION })
    })
}

export type RiskDiscussionInput = z.output<ReturnType<typeof riskDiscussionSchema>>

export const sharingDecisionOut = z.object({
  id: z.string(),
  shared: z.boolean(),
  what: z.string(),
  withAgencies: z.array(z.object({ id: z.string(), name: z.string() })),
  lawfulBasis: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
})

export const riskDiscussionOut = z.object({
  id: z.string(),
  caseId: z.string(),
  person: z.object({ id: z.string(), name: z.string() }),
  heldAt: z.string(),
  attendees: z.array(z.object({ name: z.string(), agencyKind: z.string(), role: z.string() })),
  summary: z.string(),
  civilOrderConsidered: z.boolean(),
  civilOrderReason: z.string(),
  recordedAt: z.string(),
  sharing: z.array(sharingDecisionOut),
})
