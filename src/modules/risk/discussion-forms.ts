import { z } from 'zod'
import { AGENCY_KINDS, type AgencyKind } from '../../kernel/roles.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon, londonDateTime, parseTime, todayIso } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import {
  CIVIL_ORDER_CONSIDERED,
  civilOrderReasonField,
  discussionSummaryField,
  TWO_AGENCIES_AT_RISK_DISCUSSION,
  type RiskDiscussionInput,
} from './discussion-schema.ts'
import type { LinkedPerson } from './discussion-service.ts'

/** The time box beside a date: needed, typed as people type times ("2:15pm", "14:15"). */
export const timeField = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .transform((typed, ctx): string => {
      const time = parseTime(typed)
      if (time !== null) return time
      ctx.addIssue({ code: 'custom', message: `Enter ${label} like 2:15pm or 14:15` })
      return z.NEVER
    })

/** A day and time typed in two boxes, refused (on the date) when it is ahead of now, with a minute's grace. */
export function notAhead(date: string, time: string, now: Date): boolean {
  return fromLondon(date, time).getTime() <= now.getTime() + 60_000
}

/** Rows of attendees the page offers; a wholly blank row is left out. */
export const ATTENDEE_ROWS = 4
const rowNumbers = Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1)
const rowFields = (n: number) => [`a${String(n)}Name`, `a${String(n)}AgencyKind`, `a${String(n)}Role`] as const

const typed = z
  .string()
  .max(200, 'Enter 200 characters or fewer')
  .optional()
  .transform(v => v?.trim() ?? '')

const yesNo = (message: string) => z.enum(['yes', 'no'], message)

/** The page's form: the person chosen from those linked to the case, the attendees in rows, the civil order. */
export function riskDiscussionForm(now: () => Date) {
  return defineForm({
    fields: [
      'heldAt',
      'heldAtTime',
      'personId',
      ...rowNumbers.flatMap(rowFields),
      'summary',
      'civilOrderConsidered',
      'civilOrderReason',
      'version',
    ],
    dateInputs: ['heldAt'],
    anchors: { personId: 'personId', civilOrderConsidered: 'civilOrderConsidered' },
    conflict: { field: 'version' },
    schema: z
      .strictObject({
        heldAt: dateInput('The date of the discussion', {
          required: 'Enter the date the discussion was held',
          notAfter: () => todayIso(now()),
        }),
        heldAtTime: timeField('the time the discussion was held'),
        personId: z.uuid('Choose the person the discussion was about'),
        ...Object.fromEntries(rowNumbers.flatMap(rowFields).map(name => [name, typed])),
        summary: discussionSummaryField,
        civilOrderConsidered: yesNo(CIVIL_ORDER_CONSIDERED),
        civilOrderReason: civilOrderReasonField,
        version: z.coerce.number().int().positive().optional(),
      })
      .superRefine((value, ctx) => {
        if (!notAhead(value.heldAt, value.heldAtTime, now()))
          ctx.addIssue({ code: 'custom', path: ['heldAt'], message: 'The discussion must be now or in the past' })
        const rows = value as unknown as Record<string, string>
        let filled = 0
        let missingKind = false
        const kinds = new Set<string>()
        for (const n of rowNumbers) {
          const [name, kind, role] = rowFields(n)
          if (!rows[name] && !rows[kind] && !rows[role]) continue
          filled += 1
          if (!rows[name])
            ctx.addIssue({ code: 'custom', path: [name], message: `Enter the name of attendee ${String(n)}` })
          if (!Object.hasOwn(AGENCY_KINDS, rows[kind] ?? '')) {
            missingKind = true
            ctx.addIssue({ code: 'custom', path: [kind], message: `Choose the agency of attendee ${String(n)}` })
          } else kinds.add(rows[kind] ?? '')
          if (!rows[role])
            ctx.addIssue({ code: 'custom', path: [role], message: `Enter the role of attendee ${String(n)}` })
        }
        if (filled === 0) ctx.addIssue({ code: 'custom', path: ['a1Name'], message: 'Add at least one attendee' })
        // Only once every row names its agency: until then the rows' own messages say what is missing.
        else if (kinds.size < 2 && !missingKind)
          ctx.addIssue({ code: 'custom', path: ['a1AgencyKind'], message: TWO_AGENCIES_AT_RISK_DISCUSSION })
      }),
    toInput: (value): RiskDiscussionInput => {
      const rows = value as unknown as Record<string, string>
      const attendees = rowNumbers.flatMap(n => {
        const [name, kind, role] = rowFields(n)
        return rows[name] ? [{ name: rows[name], agencyKind: rows[kind] as AgencyKind, role: rows[role] ?? '' }] : []
      })
      return {
        heldAt: fromLondon(value.heldAt, value.heldAtTime),
        personId: value.personId,
        attendees,
        summary: value.summary,
        civilOrderConsidered: value.civilOrderConsidered === 'yes',
        civilOrderReason: value.civilOrderReason,
        version: value.version,
      }
    },
  })
}

/** The attendee rows as the page shows them, with what was typed. */
export function attendeeRows(values: FormValues) {
  return rowNumbers.map(n => {
    const [name, kind, role] = rowFields(n)
    return {
      n,
      name: { id: name, value: values[name] },
      kind: {
        id: kind,
        items: [
          { value: '', text: 'Choose an agency' },
          ...Object.entries(AGENCY_KINDS).map(([value, text]) => ({ value, text, selected: values[kind] === value })),
        ],
      },
      role: { id: role, value: values[role] },
    }
  })
}

/** The person radios: those linked to the case, none chosen unless the address or what was typed says. */
export function personItems(linked: readonly LinkedPerson[], chosen: unknown) {
  return linked.map(p => ({ value: p.id, text: p.name, hint: { text: p.link }, checked: chosen === p.id }))
}

export function attendeesInWords(attendees: RiskDiscussionInput['attendees']): string[] {
  return attendees.map(a => `${a.name}, ${a.role} (${AGENCY_KINDS[a.agencyKind]})`)
}

export function civilOrderInWords(considered: boolean): string {
  return considered ? 'Yes, a civil order was considered' : 'No, a civil order was not considered'
}

export function riskDiscussionAnswers(person: LinkedPerson, input: RiskDiscussionInput): Answer[] {
  return [
    { key: 'Held', value: londonDateTime(input.heldAt), field: 'heldAt' },
    { key: 'About', value: `${person.name} (${person.link})`, field: 'personId' },
    { key: 'Attendees', value: attendeesInWords(input.attendees), field: 'a1Name' },
    { key: 'What was discussed', value: input.summary, field: 'summary' },
    { key: 'Civil order', value: civilOrderInWords(input.civilOrderConsidered), field: 'civilOrderConsidered' },
    { key: 'Why, or why not', value: input.civilOrderReason, field: 'civilOrderReason' },
  ]
}
