import { z } from 'zod'
import {
  CHARGING_DECIDERS,
  CHARGING_DECISIONS,
  OUTCOME_CODES,
  OUTCOME_KINDS,
  SPECIAL_MEASURES,
  WILLINGNESS,
} from '../../kernel/codes/investigations.ts'
import { dateInput } from '../../web/date-input.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { londonDate } from '../../web/dates.ts'
import {
  chargingAdviceSchema,
  chargingDecisionSchema,
  interviewHeldSchema,
  openInvestigationSchema,
  outcomeSchema,
  planInterviewSchema,
  type ChargingAdvice,
  type ChargingDecisionInput,
  type InterviewHeld,
  type OpenInvestigation,
  type OutcomeInput,
  type PlanInterview,
} from './schema.ts'

// The pages' forms: strings as posted, read into the API's input and checked by the same schemas, so a page and
// an integrating system are refused alike. Dates are typed (GOV.UK date inputs); radios start empty.

const day = (iso: string) => `${iso}T00:00:00Z`
const blankToUndefined = z
  .string()
  .optional()
  .transform(v => (v === undefined || v.trim() === '' ? undefined : v))
const version = z.unknown().transform(Number)
const yesNo = (message: string) => z.enum(['yes', 'no'], message)
const list = z.array(z.string()).default([])

/**
 * Reads a form's date inputs (each a GOV.UK date input's boxes) as the API's moments, adding what is wrong with
 * each to the form's errors: dates are read beside the other fields, so every problem is shown at once.
 */
function readDates(
  ctx: z.RefinementCtx,
  dates: Readonly<Record<string, readonly [unknown, z.ZodType<string | null>]>>,
) {
  const failed = new Set<string>()
  const read: Record<string, string | undefined> = {}
  for (const [name, [typed, schema]] of Object.entries(dates)) {
    const parsed = schema.safeParse(typed)
    if (parsed.success) read[name] = parsed.data === null ? undefined : day(parsed.data)
    else {
      failed.add(name)
      // A stand-in the API's schema accepts: the date's own problem is the one shown.
      read[name] = day('2000-01-01')
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: [name, ...issue.path.map(String)], message: issue.message })
    }
  }
  return { failed, read }
}

/**
 * Runs the API's schema over what the page read, naming each problem by the page's field (a field already found
 * wrong on the page is not named twice).
 */
function through<S extends z.ZodType>(
  schema: S,
  value: unknown,
  ctx: z.RefinementCtx,
  failed: ReadonlySet<string>,
  fieldOf: Readonly<Record<string, string>> = {},
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success && !failed.size) return parsed.data
  for (const issue of parsed.error?.issues ?? []) {
    const path = issue.path.map(String)
    const field = fieldOf[path.join('.')] ?? fieldOf[path[0] ?? ''] ?? path[0] ?? ''
    if (!failed.has(field)) ctx.addIssue({ code: 'custom', path: [field], message: issue.message })
  }
  return z.NEVER
}

const informedBy = (typed: { informedByName?: string | undefined; informedByRole?: string | undefined }) =>
  typed.informedByName || typed.informedByRole
    ? { name: typed.informedByName ?? '', role: typed.informedByRole ?? '' }
    : undefined
const declining = (answer: string | undefined) => (answer === 'yes' ? true : answer === 'no' ? false : undefined)
const INFORMED_BY = {
  informedBy: 'informedByName',
  'informedBy.name': 'informedByName',
  'informedBy.role': 'informedByRole',
}

export const openForm = defineForm({
  fields: ['crimeReference', 'childIds', 'suspectIds', 'openedAt', 'officerUserId', 'offences'],
  lists: ['childIds', 'suspectIds'],
  dateInputs: ['openedAt'],
  schema: z
    .strictObject({
      crimeReference: z.string().default(''),
      childIds: list,
      suspectIds: list,
      openedAt: z.unknown(),
      officerUserId: blankToUndefined,
      offences: z.string().default(''),
    })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        openedAt: [
          typed.openedAt,
          dateInput('The date the investigation opened', { required: 'Enter the date the investigation opened' }),
        ],
      })
      return through(openInvestigationSchema, { ...typed, ...read }, ctx, failed)
    }),
  toInput: (input: OpenInvestigation) => input,
  anchors: { childIds: 'childIds', suspectIds: 'suspectIds' },
})

export const adviceForm = defineForm({
  fields: ['soughtAt', 'outcomeAt', 'advice'],
  dateInputs: ['soughtAt', 'outcomeAt'],
  schema: z
    .strictObject({ version, soughtAt: z.unknown(), outcomeAt: z.unknown(), advice: blankToUndefined })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        soughtAt: [
          typed.soughtAt,
          dateInput('The date advice was sought', { required: 'Enter the date advice was sought' }),
        ],
        outcomeAt: [typed.outcomeAt, dateInput('The date advice was given')],
      })
      return through(chargingAdviceSchema, { ...typed, ...read }, ctx, failed)
    }),
  toInput: (input: ChargingAdvice) => input,
  conflict: { field: 'soughtAt' },
})

export const decisionForm = defineForm({
  fields: ['decidedAt', 'decision', 'decidedBy'],
  dateInputs: ['decidedAt'],
  schema: z
    .strictObject({
      version,
      decidedAt: z.unknown(),
      decision: z.string().optional(),
      decidedBy: z.string().optional(),
    })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        decidedAt: [
          typed.decidedAt,
          dateInput('The date of the decision', { required: 'Enter the date of the decision' }),
        ],
      })
      return through(chargingDecisionSchema, { ...typed, ...read }, ctx, failed)
    }),
  toInput: (input: ChargingDecisionInput) => input,
  conflict: { field: 'decidedAt' },
})

export const outcomeForm = defineForm({
  fields: ['outcome', 'outcomeCode', 'rationale', 'agenciesInformed', 'decidedAt'],
  lists: ['agenciesInformed'],
  dateInputs: ['decidedAt'],
  schema: z
    .strictObject({
      version,
      outcome: z.string().optional(),
      outcomeCode: z.string().optional(),
      rationale: z.string().optional(),
      agenciesInformed: list,
      decidedAt: z.unknown(),
    })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        decidedAt: [
          typed.decidedAt,
          dateInput('The date of the outcome', { required: 'Enter the date of the outcome' }),
        ],
      })
      const outcomeCode = typed.outcomeCode === '' ? undefined : typed.outcomeCode
      return through(outcomeSchema, { ...typed, outcomeCode, ...read }, ctx, failed)
    }),
  toInput: (input: OutcomeInput) => input,
  anchors: { agenciesInformed: 'agenciesInformed' },
  conflict: { field: 'outcome' },
})

/** "Not asked yet" is an answer the page asks for: the API leaves it out. */
const NOT_ASKED = 'not_asked'
const willingness = z
  .enum(
    [...Object.keys(WILLINGNESS), NOT_ASKED],
    'Say whether the child was willing, unsure or unwilling, or not asked yet',
  )
  .transform(w => (w === NOT_ASKED ? undefined : w))

/** The answers that depend on a radio: while it is unanswered, they are not judged. */
const DEPENDS: Readonly<Record<string, readonly string[]>> = {
  intermediary: ['intermediaryName'],
  held: ['heldAt', 'notHeldReason'],
  childWillingness: ['toldDecliningHarms'],
}

export const planForm = defineForm({
  fields: [
    'childId',
    'plannedAt',
    'leadName',
    'leadRole',
    'leadAgencyId',
    'leadHasJointTraining',
    'intermediary',
    'intermediaryName',
    'specialMeasures',
    'childInformedAt',
    'informedByName',
    'informedByRole',
    'childWillingness',
    'toldDecliningHarms',
    'held',
    'heldAt',
    'notHeldReason',
  ],
  lists: ['specialMeasures'],
  dateInputs: ['plannedAt', 'childInformedAt', 'heldAt'],
  schema: z
    .strictObject({
      childId: z.string().default(''),
      plannedAt: z.unknown(),
      leadName: z.string().default(''),
      leadRole: z.string().default(''),
      leadAgencyId: z.string().default(''),
      leadHasJointTraining: z.string().optional(),
      intermediary: z.string().optional(),
      intermediaryName: blankToUndefined,
      specialMeasures: list,
      childInformedAt: z.unknown(),
      informedByName: blankToUndefined,
      informedByRole: blankToUndefined,
      childWillingness: z.string().optional(),
      toldDecliningHarms: z.string().optional(),
      held: z.string().optional(),
      heldAt: z.unknown(),
      notHeldReason: blankToUndefined,
    })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        plannedAt: [
          typed.plannedAt,
          dateInput('The date of the interview', { required: 'Enter the date of the interview' }),
        ],
        childInformedAt: [typed.childInformedAt, dateInput('The date the child was told')],
        heldAt: [typed.heldAt, dateInput('The date the interview was held')],
      })
      // Radios left empty are refused with their own words; the rest is the API's schema.
      const asked = z
        .object({
          leadHasJointTraining: yesNo('Say whether the lead interviewer has joint ABE training'),
          intermediary: yesNo('Say whether an intermediary will help the child'),
          childWillingness: willingness,
          held: yesNo('Say whether the interview has been held'),
        })
        .safeParse(typed)
      const answers = asked.success ? asked.data : undefined
      const unanswered = (asked.error?.issues ?? []).map(issue => String(issue.path[0]))
      for (const issue of asked.error?.issues ?? [])
        ctx.addIssue({ code: 'custom', path: issue.path.map(String), message: issue.message })
      return through(
        planInterviewSchema,
        {
          childId: typed.childId,
          plannedAt: read.plannedAt,
          lead: {
            name: typed.leadName,
            role: typed.leadRole,
            agencyId: typed.leadAgencyId,
            hasJointTraining: (answers?.leadHasJointTraining ?? 'no') === 'yes',
          },
          intermediary: answers?.intermediary === 'yes',
          intermediaryName: typed.intermediaryName,
          specialMeasures: typed.specialMeasures,
          childInformedAt: read.childInformedAt,
          informedBy: informedBy(typed),
          childWillingness: answers?.childWillingness,
          toldDecliningHarms: declining(typed.toldDecliningHarms),
          held: answers?.held === 'yes',
          heldAt: read.heldAt,
          notHeldReason: typed.notHeldReason,
        },
        ctx,
        new Set([...failed, ...unanswered, ...unanswered.flatMap(field => DEPENDS[field] ?? [])]),
        {
          'lead.name': 'leadName',
          'lead.role': 'leadRole',
          'lead.agencyId': 'leadAgencyId',
          'lead.hasJointTraining': 'leadHasJointTraining',
          lead: 'leadName',
          ...INFORMED_BY,
        },
      )
    }),
  toInput: (input: PlanInterview) => input,
  anchors: { childId: 'childId', specialMeasures: 'specialMeasures' },
})

export const heldForm = defineForm({
  fields: ['heldAt', 'childInformedAt', 'informedByName', 'informedByRole', 'childWillingness', 'toldDecliningHarms'],
  dateInputs: ['heldAt', 'childInformedAt'],
  schema: z
    .strictObject({
      version,
      heldAt: z.unknown(),
      childInformedAt: z.unknown(),
      informedByName: blankToUndefined,
      informedByRole: blankToUndefined,
      childWillingness: z.string().optional(),
      toldDecliningHarms: z.string().optional(),
    })
    .transform((typed, ctx) => {
      const { failed, read } = readDates(ctx, {
        heldAt: [
          typed.heldAt,
          dateInput('The date the interview was held', { required: 'Enter the date the interview was held' }),
        ],
        childInformedAt: [typed.childInformedAt, dateInput('The date the child was told')],
      })
      const said = willingness.optional().safeParse(typed.childWillingness)
      if (!said.success)
        ctx.addIssue({ code: 'custom', path: ['childWillingness'], message: said.error.issues[0]?.message ?? '' })
      return through(
        interviewHeldSchema,
        {
          version: typed.version,
          heldAt: read.heldAt,
          childInformedAt: read.childInformedAt,
          informedBy: informedBy(typed),
          childWillingness: said.data,
          toldDecliningHarms: declining(typed.toldDecliningHarms),
        },
        ctx,
        said.success ? failed : new Set([...failed, 'childWillingness']),
        INFORMED_BY,
      )
    }),
  toInput: (input: InterviewHeld) => input,
  conflict: { field: 'heldAt' },
})

const on = (at: Date | undefined) => (at ? londonDate(at) : 'Not recorded')

export function openAnswers(
  input: OpenInvestigation,
  names: { children: string[]; suspects: string[]; officer: string | undefined },
): Answer[] {
  return [
    { key: 'Crime reference', value: input.crimeReference, field: 'crimeReference' },
    { key: 'Children', value: names.children, field: 'childIds' },
    { key: 'Suspects', value: names.suspects.length ? names.suspects : 'None named yet', field: 'suspectIds' },
    { key: 'Opened on', value: londonDate(input.openedAt), field: 'openedAt' },
    { key: 'Investigating officer', value: names.officer ?? 'None named: the police agency', field: 'officerUserId' },
    { key: 'Offences', value: input.offences, field: 'offences' },
  ]
}

export function adviceAnswers(input: ChargingAdvice): Answer[] {
  return [
    { key: 'Advice sought on', value: londonDate(input.soughtAt), field: 'soughtAt' },
    { key: 'Advice given on', value: on(input.outcomeAt), field: 'outcomeAt' },
    { key: 'The advice', value: input.advice ?? 'Not recorded yet', field: 'advice' },
  ]
}

export function decisionAnswers(input: ChargingDecisionInput): Answer[] {
  return [
    { key: 'Decided on', value: londonDate(input.decidedAt), field: 'decidedAt' },
    { key: 'Decision', value: CHARGING_DECISIONS[input.decision], field: 'decision' },
    { key: 'Decided by', value: CHARGING_DECIDERS[input.decidedBy], field: 'decidedBy' },
  ]
}

export function outcomeAnswers(input: OutcomeInput, agencies: string[]): Answer[] {
  return [
    { key: 'Outcome', value: OUTCOME_KINDS[input.outcome], field: 'outcome' },
    {
      key: 'Home Office outcome code',
      value: `${input.outcomeCode}: ${OUTCOME_CODES[input.outcomeCode].label}`,
      field: 'outcomeCode',
    },
    { key: 'Rationale', value: input.rationale, field: 'rationale' },
    { key: 'Agencies told', value: agencies.length ? agencies : 'None', field: 'agenciesInformed' },
    { key: 'Decided on', value: londonDate(input.decidedAt), field: 'decidedAt' },
  ]
}

const yes = (b: boolean) => (b ? 'Yes' : 'No')

export function planAnswers(input: PlanInterview, names: { child: string; agency: string }): Answer[] {
  return [
    { key: 'Child', value: names.child, field: 'childId' },
    { key: 'Planned for', value: londonDate(input.plannedAt), field: 'plannedAt' },
    { key: 'Lead interviewer', value: `${input.lead.name}, ${input.lead.role}, ${names.agency}`, field: 'leadName' },
    { key: 'Joint ABE training', value: yes(input.lead.hasJointTraining), field: 'leadHasJointTraining' },
    {
      key: 'Intermediary',
      value: input.intermediary ? (input.intermediaryName ?? 'Yes, not named yet') : 'No',
      field: 'intermediary',
    },
    {
      key: 'Special measures',
      value: input.specialMeasures.length ? input.specialMeasures.map(m => SPECIAL_MEASURES[m]) : 'None',
      field: 'specialMeasures',
    },
    ...toldAnswers(input),
    {
      key: 'Held',
      value: input.held ? `Yes, on ${on(input.heldAt)}` : (input.notHeldReason ?? 'Not yet'),
      field: 'held',
    },
  ]
}

export function toldAnswers(input: {
  childInformedAt?: Date | undefined
  informedBy?: { name: string; role: string } | undefined
  childWillingness?: keyof typeof WILLINGNESS | undefined
  toldDecliningHarms?: boolean | undefined
}): Answer[] {
  return [
    { key: 'Child told on', value: on(input.childInformedAt), field: 'childInformedAt' },
    {
      key: 'Told by',
      value: input.informedBy ? `${input.informedBy.name}, ${input.informedBy.role}` : 'Not recorded',
      field: 'informedByName',
    },
    {
      key: 'Child’s willingness',
      value: input.childWillingness ? WILLINGNESS[input.childWillingness] : 'Not asked yet',
      field: 'childWillingness',
    },
    ...(input.toldDecliningHarms === undefined
      ? []
      : [
          {
            key: 'Told declining would harm the investigation',
            value: yes(input.toldDecliningHarms),
            field: 'toldDecliningHarms',
          },
        ]),
  ]
}
