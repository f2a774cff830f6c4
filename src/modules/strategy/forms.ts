import { z } from 'zod'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { STRATEGY_DECISIONS } from '../../kernel/codes/strategy.ts'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import { timeInput } from '../../web/time-input.ts'
import { strategySchema, type StrategyInput } from './schema.ts'

// The page's form of a strategy discussion. Attendees and actions are rows of inputs, without JavaScript: a
// fixed number of blank rows, wholly blank ones ignored, and "Add more rows" posting back for more. The form's
// fields are flat (`attendee3Name`, `action2DueOn`) so each error marks its own input; once read, the answers go
// through the API's own schema, and its errors are named by the page's fields.

export const ATTENDEE_ROWS = 6
export const ACTION_ROWS = 4
/** The most rows "Add more rows" gives: a discussion with more attendees than this is recorded through the API. */
export const MAX_ATTENDEE_ROWS = 30
export const MAX_ACTION_ROWS = 20
export const MORE_ROWS = 3

const range = (n: number) => Array.from({ length: n }, (_v, i) => i + 1)
const ATTENDEE_PARTS = ['Name', 'AgencyKind', 'Role', 'Csa'] as const
const ACTION_PARTS = ['Title', 'ChildId', 'Owner', 'DueOn'] as const
export const DECISION_FIELDS = Object.keys(STRATEGY_DECISIONS) as (keyof typeof STRATEGY_DECISIONS)[]

const FIELDS = [
  'heldAt',
  'heldAtTime',
  'childIds',
  'categories',
  ...range(MAX_ATTENDEE_ROWS).flatMap(i => ATTENDEE_PARTS.map(p => `attendee${String(i)}${p}`)),
  'consultantName',
  'consultantRole',
  'consultedOn',
  'consultantAdvice',
  'informationShared',
  ...DECISION_FIELDS,
  'rationale',
  ...range(MAX_ACTION_ROWS).flatMap(i => ACTION_PARTS.map(p => `action${String(i)}${p}`)),
  'complete',
]
const KNOWN = new Set([...FIELDS, 'attendeeRows', 'actionRows'])
const DATE_FIELDS = ['heldAt', 'consultedOn', ...range(MAX_ACTION_ROWS).map(i => `action${String(i)}DueOn`)]

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const yesNo = (v: unknown) => (v === 'yes' ? true : v === 'no' ? false : undefined)
const boxes = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {})
const blankDate = (v: unknown) => Object.values(boxes(v)).every(x => str(x) === '')

/** How many rows of each the page shows: what it showed before, more when asked, never fewer than the default. */
export function rowCounts(values: FormValues, more?: string): { attendees: number; actions: number } {
  const count = (v: unknown, least: number, most: number, add: boolean) =>
    Math.min(most, Math.max(least, Number.parseInt(str(v), 10) || least) + (add ? MORE_ROWS : 0))
  return {
    attendees: count(values.attendeeRows, ATTENDEE_ROWS, MAX_ATTENDEE_ROWS, more === 'attendees'),
    actions: count(values.actionRows, ACTION_ROWS, MAX_ACTION_ROWS, more === 'actions'),
  }
}

/** Reads the page's flat fields into the API's input; issues are named by the page's fields. */
function readPage(body: Record<string, unknown>, ctx: z.RefinementCtx, now: () => Date): StrategyInput {
  const issue = (path: (string | number)[], message: string) => {
    ctx.addIssue({ code: 'custom', path, message })
  }
  for (const key of Object.keys(body)) if (!KNOWN.has(key)) issue([key], 'This field is not expected here')

  // The day and time it was held make one moment in England.
  const day = dateInput('The date it was held', { required: 'Enter the date the discussion was held' }).safeParse(
    body.heldAt,
  )
  if (!day.success) for (const i of day.error.issues) issue(['heldAt', ...i.path.map(String)], i.message)
  const time = timeInput('The time it was held', { required: 'Enter the time the discussion was held' }).safeParse(
    body.heldAtTime,
  )
  if (!time.success) issue(['heldAtTime'], time.error.issues[0]?.message ?? '')
  const heldAt = day.success && time.success ? fromLondon(day.data, time.data).toISOString() : undefined

  const attendeeRows: number[] = []
  const attendees = range(MAX_ATTENDEE_ROWS).flatMap(i => {
    const f = (p: string) => body[`attendee${String(i)}${p}`]
    if (ATTENDEE_PARTS.every(p => str(f(p)) === '')) return []
    attendeeRows.push(i)
    return [
      {
        name: str(f('Name')),
        agencyKind: str(f('AgencyKind')),
        role: str(f('Role')),
        csaClinicalExperience: yesNo(f('Csa')),
      },
    ]
  })

  const consultation = ['consultantName', 'consultantRole', 'consultantAdvice'].every(k => str(body[k]) === '')
  let consultedAt: string | undefined
  if (!consultation || !blankDate(body.consultedOn)) {
    const on = dateInput('The date of the consultation', {
      required: 'Enter the date the health professional was consulted',
    }).safeParse(body.consultedOn)
    if (on.success) consultedAt = fromLondon(on.data, '00:00').toISOString()
    else for (const i of on.error.issues) issue(['consultedOn', ...i.path.map(String)], i.message)
  }
  const consulted = !consultation || consultedAt !== undefined || !blankDate(body.consultedOn)

  const actionRows: number[] = []
  const actions = range(MAX_ACTION_ROWS).flatMap(i => {
    const name = (p: string) => `action${String(i)}${p}`
    const f = (p: string) => body[name(p)]
    if (['Title', 'ChildId', 'Owner'].every(p => str(f(p)) === '') && blankDate(f('DueOn'))) return []
    actionRows.push(i)
    const due = dateInput('The action’s due date', { required: 'Enter the action’s due date' }).safeParse(f('DueOn'))
    if (!due.success) for (const e of due.error.issues) issue([name('DueOn'), ...e.path.map(String)], e.message)
    const [kind, id] = str(f('Owner')).split(':')
    return [
      {
        title: str(f('Title')),
        ...(str(f('ChildId')) ? { childId: str(f('ChildId')) } : {}),
        ...(kind === 'user' && id ? { ownerUserId: id } : {}),
        ...(kind === 'agency' && id ? { ownerAgencyId: id } : {}),
        // A due date the boxes could not give is already named; the API's schema need not name it again.
        dueOn: due.success ? due.data : '2999-12-31',
      },
    ]
  })

  const input = {
    heldAt,
    childIds: list(body.childIds),
    categories: list(body.categories),
    attendees,
    ...(consulted
      ? {
          healthConsultation: {
            name: str(body.consultantName),
            role: str(body.consultantRole),
            at: consultedAt ?? now().toISOString(),
            advice: str(body.consultantAdvice),
          },
        }
      : {}),
    informationShared: str(body.informationShared),
    decisions: Object.fromEntries(DECISION_FIELDS.map(d => [d, yesNo(body[d])])),
    rationale: str(body.rationale),
    actions,
    complete: yesNo(body.complete),
  }
  const parsed = strategySchema(now).safeParse(input)
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const field = pageField(i.path, attendeeRows, actionRows)
      // The moments the page read from its boxes are already named when they could not be read.
      if ((field === 'heldAt' && !heldAt) || (field === 'consultedOn' && !consultedAt)) continue
      issue([field], i.message)
    }
    return z.NEVER
  }
  return parsed.data
}

/** The page's field an issue of the API's schema is about. */
function pageField(path: readonly PropertyKey[], attendeeRows: number[], actionRows: number[]): string {
  const [top, index, part] = path.map(String)
  const at = (rows: number[]) => String(rows[Number(index)] ?? 1)
  if (top === 'attendees' && index !== undefined) {
    const p = { name: 'Name', agencyKind: 'AgencyKind', role: 'Role', csaClinicalExperience: 'Csa' }[part ?? 'name']
    return `attendee${at(attendeeRows)}${p ?? 'Name'}`
  }
  if (top === 'attendees') return 'attendee1Name'
  if (top === 'actions' && index !== undefined) {
    const p = { title: 'Title', childId: 'ChildId', ownerUserId: 'Owner', ownerAgencyId: 'Owner', dueOn: 'DueOn' }[
      part ?? 'title'
    ]
    return `action${at(actionRows)}${p ?? 'Title'}`
  }
  if (top === 'healthConsultation')
    return (
      { name: 'consultantName', role: 'consultantRole', at: 'consultedOn', advice: 'consultantAdvice' }[
        index ?? 'name'
      ] ?? 'consultantName'
    )
  if (top === 'decisions') return index ?? 'section47'
  return top ?? 'heldAt'
}

/** The form of a strategy discussion: every answer read, then checked as the API checks it. */
export function strategyForm(now: () => Date) {
  return defineForm({
    fields: FIELDS,
    lists: ['childIds', 'categories'],
    dateInputs: DATE_FIELDS,
    anchors: {
      childIds: 'childIds',
      categories: 'categories',
      ...Object.fromEntries(DECISION_FIELDS.map(d => [d, d])),
    },
    schema: z.record(z.string(), z.unknown()).transform((body, ctx) => readPage(body, ctx, now)),
    toInput: input => input,
  })
}

const yes = (b: boolean) => (b ? 'Yes' : 'No')

/** A discussion's answers in words, each with the field its "Change" goes back to. */
export function strategyAnswers(
  input: StrategyInput,
  names: {
    child: (id: string) => string
    owner: (a: StrategyInput['actions'][number]) => string
    when: (d: Date) => string
    day: (d: string | Date) => string
  },
): Answer[] {
  const c = input.healthConsultation
  return [
    { key: 'When it was held', value: names.when(input.heldAt), field: 'heldAt' },
    { key: 'Children it was about', value: input.childIds.map(names.child), field: 'childIds' },
    { key: 'Abuse suspected', value: input.categories.map(k => ABUSE_CATEGORIES[k]), field: 'categories' },
    {
      key: 'Attendees',
      value: input.attendees.map(
        a =>
          `${a.name}, ${a.role} (${AGENCY_KINDS[a.agencyKind]})${a.csaClinicalExperience ? ': clinical experience of child sexual abuse' : ''}`,
      ),
      field: 'attendee1Name',
    },
    {
      key: 'Health consultation',
      value: c ? [`${c.name}, ${c.role}, on ${names.day(c.at)}`, c.advice] : 'None recorded',
      field: 'consultantName',
    },
    { key: 'Information shared', value: input.informationShared, field: 'informationShared' },
    ...DECISION_FIELDS.map(d => ({ key: STRATEGY_DECISIONS[d], value: yes(input.decisions[d]), field: d })),
    { key: 'Reasons for the decisions', value: input.rationale, field: 'rationale' },
    {
      key: 'Actions agreed',
      value: input.actions.length
        ? input.actions.map(
            a =>
              `${a.title}: ${names.owner(a)}, due ${names.day(a.dueOn)}${a.childId ? ` (about ${names.child(a.childId)})` : ''}`,
          )
        : 'None',
      field: 'action1Title',
    },
    {
      key: 'Is the record complete?',
      value: input.complete ? 'Yes, complete: the record is final' : 'No, save it as a draft',
      field: 'complete',
    },
  ]
}

/** Completing a draft: only the version the completer read. */
export const completeForm = defineForm({
  fields: ['version'],
  schema: z.strictObject({ version: z.coerce.number().int().positive('Send the version you read') }),
  toInput: ({ version }) => ({ version }),
  conflict: { field: 'version' },
})
