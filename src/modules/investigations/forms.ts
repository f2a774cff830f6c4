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
const optionalDay = (iso: string | null) => (iso ? day(iso) : undefined)
const blankToUndefined = z
  .string()
  .optional()
  .transform(v => (v === undefined || v.trim() === '' ? undefined : v))
const version = z.unknown().transform(Number)
const yesNo = (message: string) => z.enum(['yes', 'no'], message)
const list = z.array(z.string()).default([])

/** Runs the API's schema over what the page read, naming each problem by the page's field. */
function through<S extends z.ZodType>(schema: S, fieldOf: Readonly<Record<string, string>> = {}) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String)
      const joined = path.join('.')
      const field = fieldOf[joined] ?? fieldOf[path[0] ?? ''] ?? path[0] ?? ''
      ctx.addIssue({ code: 'custom', path: [field], message: issue.message })
    }
    return z.NEVER
  }
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
      openedAt: dateInput('The date the investigation opened', { required: 'Enter the date the investigation opened' }),
      officerUserId: blankToUndefined,
      offences: z.string().default(''),
    })
    .transform((typed, ctx) => through(openInvestigationSchema)({ ...typed, openedAt: day(typed.openedAt) }, ctx)),
  toInput: (input: OpenInvestigation) => input,
  anchors: { childIds: 'childIds', suspectIds: 'suspectIds' },
})

export const adviceForm = defineForm({
  fields: ['soughtAt', 'outcomeAt', 'advice'],
  dateInputs: ['soughtAt', 'outcomeAt'],
  schema: z
    .strictObject({
      version,
      soughtAt: dateInput('The date advice was sought', { required: 'Enter the date advice was sought' }),
      outcomeAt: dateInput('The date advice was given'),
      advice: blankToUndefined,
    })
    .transform((typed, ctx) =>
      through(chargingAdviceSchema)(
        { ...typed, soughtAt: day(typed.soughtAt), outcomeAt: optionalDay(typed.outcomeAt) },
        ctx,
      ),
    ),
  toInput: (input: ChargingAdvice) => input,
  conflict: { field: 'soughtAt' },
})

export const decisionForm = defineForm({
  fields: ['decidedAt', 'decision', 'decidedBy'],
  dateInputs: ['decidedAt'],
  schema: z
    .strictObject({
      version,
      decidedAt: dateInput('The date of the decision', { required: 'Enter the date of the decision' }),
      decision: z.string().optional(),
      decidedBy: z.string().optional(),
    })
    .transform((typed, ctx) => through(chargingDecisionSchema)({ ...typed, decidedAt: day(typed.decidedAt) }, ctx)),
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
      decidedAt: dateInput('The date of the outcome', { required: 'Enter the date of the outcome' }),
    })
    .transform((typed, ctx) =>
      through(outcomeSchema)(
        {
          ...typed,
          outcomeCode: typed.outcomeCode === '' ? undefined : typed.outcomeCode,
          decidedAt: day(typed.decidedAt),
        },
        ctx,
      ),
    ),
  toInput: (input: OutcomeInput) => input,
  anchors: { agenciesInformed: 'agenciesInformed' },
  conflict: { field: 'outcome' },
})

/** "Not asked yet" is an answer the page asks for: the API leaves it out. */
const NOT_ASKED = 'not_asked'

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
      plannedAt: dateInput('The date of the interview', { required: 'Enter the date of the interview' }),
      leadName: z.string().default(''),
      leadRole: z.string().default(''),
      leadAgencyId: z.string().default(''),
      leadHasJointTraining: yesNo('Say whether the lead interviewer has joint ABE training'),
      intermediary: yesNo('Say whether an intermediary will help the child'),
      intermediaryName: blankToUndefined,
      specialMeasures: list,
      childInformedAt: dateInput('The date the child was told'),
      informedByName: blankToUndefined,
      informedByRole: blankToUndefined,
      childWillingness: z.enum(
        [...Object.keys(WILLINGNESS), NOT_ASKED],
        'Say whether the child was willing, unsure or unwilling, or not asked yet',
      ),
      toldDecliningHarms: z
        .enum(['yes', 'no', 'not_asked'], 'Say whether the child was told declining would harm the investigation')
        .optional(),
      held: yesNo('Say whether the interview has been held'),
      heldAt: dateInput('The date the interview was held'),
      notHeldReason: blankToUndefined,
    })
    .transform((typed, ctx) =>
      through(planInterviewSchema, {
        'lead.name': 'leadName',
        'lead.role': 'leadRole',
        'lead.agencyId': 'leadAgencyId',
        'lead.hasJointTraining': 'leadHasJointTraining',
        'informedBy.name': 'informedByName',
        'informedBy.role': 'informedByRole',
        informedBy: 'informedByName',
      })(
        {
          childId: typed.childId,
          plannedAt: day(typed.plannedAt),
          lead: {
            name: typed.leadName,
            role: typed.leadRole,
            agencyId: typed.leadAgencyId,
            hasJointTraining: typed.leadHasJointTraining === 'yes',
          },
          intermediary: typed.intermediary === 'yes',
          intermediaryName: typed.intermediaryName,
          specialMeasures: typed.specialMeasures,
          childInformedAt: optionalDay(typed.childInformedAt),
          informedBy:
            typed.informedByName || typed.informedByRole
              ? { name: typed.informedByName ?? '', role: typed.informedByRole ?? '' }
              : undefined,
          childWillingness: typed.childWillingness === NOT_ASKED ? undefined : typed.childWillingness,
          toldDecliningHarms:
            typed.toldDecliningHarms === 'yes' ? true : typed.toldDecliningHarms === 'no' ? false : undefined,
          held: typed.held === 'yes',
          heldAt: optionalDay(typed.heldAt),
          notHeldReason: typed.notHeldReason,
        },
        ctx,
      ),
    ),
  toInput: (input: PlanInterview) => input,
  anchors: { childId: 'childId', specialMeasures: 'specialMeasures' },
})

export const heldForm = defineForm({
  fields: ['heldAt', 'childInformedAt', 'informedByName', 'informedByRole', 'childWillingness', 'toldDecliningHarms'],
  dateInputs: ['heldAt', 'childInformedAt'],
  schema: z
    .strictObject({
      version,
      heldAt: dateInput('The date the interview was held', { required: 'Enter the date the interview was held' }),
      childInformedAt: dateInput('The date the child was told'),
      informedByName: blankToUndefined,
      informedByRole: blankToUndefined,
      childWillingness: z.enum([...Object.keys(WILLINGNESS), NOT_ASKED]).optional(),
      toldDecliningHarms: z.enum(['yes', 'no', 'not_asked']).optional(),
    })
    .transform((typed, ctx) =>
      through(interviewHeldSchema, {
        informedBy: 'informedByName',
        'informedBy.name': 'informedByName',
        'informedBy.role': 'informedByRole',
      })(
        {
          version: typed.version,
          heldAt: day(typed.heldAt),
          childInformedAt: optionalDay(typed.childInformedAt),
          informedBy:
            typed.informedByName || typed.informedByRole
              ? { name: typed.informedByName ?? '', role: typed.informedByRole ?? '' }
              : undefined,
          childWillingness:
            typed.childWillingness === NOT_ASKED || typed.childWillingness === undefined
              ? undefined
              : typed.childWillingness,
          toldDecliningHarms:
            typed.toldDecliningHarms === 'yes' ? true : typed.toldDecliningHarms === 'no' ? false : undefined,
        },
        ctx,
      ),
    ),
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
