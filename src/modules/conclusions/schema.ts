import { z } from 'zod'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { isoDate } from '../../web/dates.ts'
import { codesOf } from '../../web/input.ts'

const text = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .max(
      max,
      `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .trim()
    .min(1, `Enter ${what}`)

export const attendeeSchema = z.strictObject({
  name: text('the attendee’s name', 200),
  agencyKind: z.enum(codesOf(AGENCY_KINDS), 'Choose the attendee’s agency'),
  role: text('the attendee’s role', 200),
})

export const riskField = text('the risk considered', 10_000)
export const protectionField = text('how the child is protected', 10_000)
export const supportField = text('the support that goes on', 10_000)

/** A conclusion discussion is multi-agency: its attendees come from at least two kinds of agency. */
export const TWO_AGENCIES = 'Add attendees from at least two agencies: a conclusion discussion is multi-agency'

export const conclusionSchema = z
  .strictObject({
    heldAt: isoDate('Date the discussion was held'),
    childIds: z
      .array(z.uuid('Choose the children the discussion was about'))
      .min(1, 'Choose the children the discussion was about')
      .max(30, 'Choose 30 children or fewer'),
    attendees: z.array(attendeeSchema).min(1, 'Add at least one attendee').max(50, 'Add 50 attendees or fewer'),
    riskConsidered: riskField,
    protection: protectionField,
    support: supportField,
  })
  .superRefine((value, ctx) => {
    if (value.attendees.length > 0 && new Set(value.attendees.map(a => a.agencyKind)).size < 2)
      ctx.addIssue({ code: 'custom', path: ['attendees'], message: TWO_AGENCIES })
  })

export type ConclusionInput = z.infer<typeof conclusionSchema>

export const conclusionOut = z.object({
  id: z.string(),
  caseId: z.string(),
  heldAt: z.string(),
  children: z.array(z.object({ id: z.string(), name: z.string() })),
  attendees: z.array(z.object({ name: z.string(), agencyKind: z.string(), role: z.string() })),
  riskConsidered: z.string(),
  protection: z.string(),
  support: z.string(),
})
