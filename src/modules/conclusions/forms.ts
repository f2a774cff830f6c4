import { z } from 'zod'
import { AGENCY_KINDS, type AgencyKind } from '../../kernel/roles.ts'
import { dateInput } from '../../web/date-input.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import { protectionField, riskField, supportField, TWO_AGENCIES, type ConclusionInput } from './schema.ts'

/** Rows of attendees the page offers; a wholly blank row is left out. */
export const ATTENDEE_ROWS = 4
const rowNumbers = Array.from({ length: ATTENDEE_ROWS }, (_, i) => i + 1)
const rowFields = (n: number) => [`a${String(n)}Name`, `a${String(n)}AgencyKind`, `a${String(n)}Role`] as const

const typed = z
  .string()
  .max(200, 'Enter 200 characters or fewer')
  .optional()
  .transform(v => v?.trim() ?? '')

/** The attendee rows' fields, for a form of another multi-agency discussion (a risk discussion) to take. */
export const attendeeFields = rowNumbers.flatMap(rowFields)
export const attendeeSchemaFields = Object.fromEntries(attendeeFields.map(name => [name, typed]))

/**
 * The attendee rows' checks: each row that is begun is complete, at least one row, and (once every row names its
 * agency) at least two kinds of agency, with `twoAgencies` as the message.
 */
export function checkAttendeeRows(value: unknown, ctx: z.RefinementCtx, twoAgencies: string): void {
  const rows = value as Record<string, string>
  let filled = 0
  let missingKind = false
  const kinds = new Set<string>()
  for (const n of rowNumbers) {
    const [name, kind, role] = rowFields(n)
    if (!rows[name] && !rows[kind] && !rows[role]) continue
    filled += 1
    if (!rows[name]) ctx.addIssue({ code: 'custom', path: [name], message: `Enter the name of attendee ${String(n)}` })
    if (!Object.hasOwn(AGENCY_KINDS, rows[kind] ?? '')) {
      missingKind = true
      ctx.addIssue({ code: 'custom', path: [kind], message: `Choose the agency of attendee ${String(n)}` })
    } else kinds.add(rows[kind] ?? '')
    if (!rows[role]) ctx.addIssue({ code: 'custom', path: [role], message: `Enter the role of attendee ${String(n)}` })
  }
  if (filled === 0) ctx.addIssue({ code: 'custom', path: ['a1Name'], message: 'Add at least one attendee' })
  // Only once every row names its agency: until then the rows' own messages say what is missing.
  else if (kinds.size < 2 && !missingKind)
    ctx.addIssue({ code: 'custom', path: ['a1AgencyKind'], message: twoAgencies })
}

/** The attendees the rows hold, a wholly blank row left out. */
export function attendeesTyped(value: unknown): { name: string; agencyKind: AgencyKind; role: string }[] {
  const rows = value as Record<string, string>
  return rowNumbers.flatMap(n => {
    const [name, kind, role] = rowFields(n)
    return rows[name] ? [{ name: rows[name], agencyKind: rows[kind] as AgencyKind, role: rows[role] ?? '' }] : []
  })
}

export const conclusionForm = defineForm({
  fields: ['heldAt', 'childIds', ...attendeeFields, 'riskConsidered', 'protection', 'support'],
  dateInputs: ['heldAt'],
  lists: ['childIds'],
  anchors: { childIds: 'childIds' },
  schema: z
    .strictObject({
      heldAt: dateInput('The date the discussion was held', { required: 'Enter the date the discussion was held' }),
      childIds: z
        .array(z.uuid('Choose the children the discussion was about'))
        .min(1, 'Choose the children the discussion was about')
        .max(30),
      ...attendeeSchemaFields,
      riskConsidered: riskField,
      protection: protectionField,
      support: supportField,
    })
    .superRefine((value, ctx) => {
      checkAttendeeRows(value, ctx, TWO_AGENCIES)
    }),
  toInput: (value): ConclusionInput => {
    const attendees = attendeesTyped(value)
    return {
      heldAt: value.heldAt,
      childIds: value.childIds,
      attendees,
      riskConsidered: value.riskConsidered,
      protection: value.protection,
      support: value.support,
    }
  },
})

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

export function conclusionAnswers(childNames: readonly string[], input: ConclusionInput): Answer[] {
  return [
    { key: 'Date held', value: inWords(input.heldAt), field: 'heldAt' },
    { key: 'Children discussed', value: childNames, field: 'childIds' },
    {
      key: 'Attendees',
      value: input.attendees.map(a => `${a.name}, ${a.role} (${AGENCY_KINDS[a.agencyKind]})`),
      field: 'a1Name',
    },
    { key: 'Risk considered', value: input.riskConsidered, field: 'riskConsidered' },
    { key: 'How the child is protected', value: input.protection, field: 'protection' },
    { key: 'Support that goes on', value: input.support, field: 'support' },
  ]
}
