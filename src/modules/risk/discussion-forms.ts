import { z } from 'zod'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon, londonDateTime, parseTime, todayIso } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { attendeeFields, attendeeSchemaFields, attendeesTyped, checkAttendeeRows } from '../conclusions/index.ts'
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

const yesNo = (message: string) => z.enum(['yes', 'no'], message)

/** The page's form: the person chosen from those linked to the case, the attendees in rows, the civil order. */
export function riskDiscussionForm(now: () => Date) {
  return defineForm({
    fields: [
      'heldAt',
      'heldAtTime',
      'personId',
      ...attendeeFields,
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
        ...attendeeSchemaFields,
        summary: discussionSummaryField,
        civilOrderConsidered: yesNo(CIVIL_ORDER_CONSIDERED),
        civilOrderReason: civilOrderReasonField,
        version: z.coerce.number().int().positive().optional(),
      })
      .superRefine((value, ctx) => {
        if (!notAhead(value.heldAt, value.heldAtTime, now()))
          ctx.addIssue({ code: 'custom', path: ['heldAt'], message: 'The discussion must be now or in the past' })
        checkAttendeeRows(value, ctx, TWO_AGENCIES_AT_RISK_DISCUSSION)
      }),
    toInput: (value): RiskDiscussionInput => {
      return {
        heldAt: fromLondon(value.heldAt, value.heldAtTime),
        personId: value.personId,
        attendees: attendeesTyped(value),
        summary: value.summary,
        civilOrderConsidered: value.civilOrderConsidered === 'yes',
        civilOrderReason: value.civilOrderReason,
        version: value.version,
      }
    },
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
