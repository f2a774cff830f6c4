import { z } from 'zod'
import {
  CHARGING_DECIDERS,
  CHARGING_DECISIONS,
  OUTCOME_CODES,
  OUTCOME_KINDS,
  SPECIAL_MEASURES,
  WILLINGNESS,
} from '../../kernel/codes/investigations.ts'
import { EARLIEST } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

/**
 * "No further action", "NFA", "N.F.A." and the like, however spaced or dotted: words a child and family read as
 * "nothing happened" (SG-01, PR-3). "No further police action at this time" does not match.
 */
const NFA_WORDING = /\bno[\s_-]+further[\s_-]+action\b|(?:^|[^a-z])n\.?\s?f\.?\s?a\.?(?:$|[^a-z])|\bnfa'?d\b/i

export const NFA_REFUSAL =
  "Record the outcome as 'no further police action at this time', with the reasons and the outcome code, not 'no further action' or 'NFA'"

/** Whether text names an outcome in the words SG-01 refuses. */
export function usesNfaWording(text: string): boolean {
  return NFA_WORDING.test(text)
}

/**
 * Refuses "no further action" and "NFA" in a field that names an outcome, saying what to write instead (SG-01).
 * Shared: any module with a free-text outcome field applies it.
 */
export function refuseNfaWording<S extends z.ZodType<string>>(schema: S, message = NFA_REFUSAL) {
  return schema.refine(value => !usesNfaWording(value), message)
}

/** A moment, as an ISO date ('2026-11-02', that day's start in UTC) or date and time with an offset. */
export function moment(label: string) {
  const message = `Enter ${label.toLowerCase()} as a date like 2026-11-02, or a date and time like 2026-11-02T10:00:00Z`
  return z
    .string({ error: message })
    .refine(
      value => z.iso.date().safeParse(value).success || z.iso.datetime({ offset: true }).safeParse(value).success,
      message,
    )
    .transform(value => new Date(value.length === 10 ? `${value}T00:00:00Z` : value))
    .refine(value => !Number.isNaN(value.getTime()), message)
    .refine(value => value.getTime() >= Date.parse(`${EARLIEST}T00:00:00Z`), `${label} must be in 1900 or later`)
}

const text = (label: string, max: number, min = 1) =>
  z
    .string({ error: `Enter ${label}` })
    .max(
      max,
      `${label[0]?.toUpperCase() ?? ''}${label.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`,
    )
    .trim()
    .min(min, min > 1 ? `Enter ${label}, in at least ${min} characters` : `Enter ${label}`)

const optionalText = (label: string, max: number) =>
  text(label, max)
    .optional()
    .or(z.literal('').transform(() => undefined))

export const openInvestigationSchema = z.strictObject({
  crimeReference: text('the crime reference', 50).regex(
    /^[A-Za-z0-9][A-Za-z0-9/ .-]*$/,
    'The crime reference may hold only letters, numbers, spaces, full stops, hyphens and slashes',
  ),
  childIds: z
    .array(z.uuid('Each child must be a person id'), { error: 'Choose the children the investigation is about' })
    .min(1, 'Choose at least one child the investigation is about')
    .max(20),
  suspectIds: z.array(z.uuid('Each suspect must be a person id')).max(20).default([]),
  openedAt: moment('The date the investigation opened'),
  officerUserId: z.uuid('Choose the investigating officer').optional(),
  offences: z
    .union([text('the offences', 2000), z.array(text('each offence', 500)).min(1, 'Enter the offences').max(20)], {
      error: 'Enter the offences being investigated',
    })
    .transform(value => (typeof value === 'string' ? value : value.join('; '))),
})
export type OpenInvestigation = z.output<typeof openInvestigationSchema>

export const chargingAdviceSchema = z.strictObject({
  version: versionField('Send the version of the investigation you read'),
  soughtAt: moment('The date advice was sought'),
  outcomeAt: moment('The date advice was given').optional(),
  advice: optionalText('the advice given', 10_000),
})
export type ChargingAdvice = z.output<typeof chargingAdviceSchema>

export const chargingDecisionSchema = z.strictObject({
  version: versionField('Send the version of the investigation you read'),
  decidedAt: moment('The date of the decision'),
  decision: z.enum(
    codesOf(CHARGING_DECISIONS),
    'Choose the charging decision: charge, no charge or investigate further',
  ),
  decidedBy: z.enum(codesOf(CHARGING_DECIDERS), 'Say who made the charging decision: the CPS or the police'),
})
export type ChargingDecisionInput = z.output<typeof chargingDecisionSchema>

const CODE_LIST = 'Choose a Home Office outcome code from the list: 1 to 22, 1A, 2A or 3A'

export const outcomeSchema = z
  .strictObject({
    version: versionField('Send the version of the investigation you read'),
    // The words are refused with what to write instead, before the list is even looked at.
    outcome: refuseNfaWording(z.string({ error: 'Choose the outcome' })).pipe(
      z.enum(codesOf(OUTCOME_KINDS), 'Choose the outcome from the list'),
    ),
    outcomeCode: z
      .union([z.string(), z.number().int()], { error: CODE_LIST })
      .transform(value => String(value).trim().toUpperCase())
      .pipe(z.enum(codesOf(OUTCOME_CODES), CODE_LIST)),
    rationale: refuseNfaWording(text('the rationale for the outcome', 10_000, 10)),
    agenciesInformed: z
      .array(z.uuid('Each agency told must be an agency id'), { error: 'List the agencies told of the outcome' })
      .max(50),
    decidedAt: moment('The date of the outcome'),
  })
  .superRefine((value, ctx) => {
    const group = OUTCOME_CODES[value.outcomeCode].kind
    if (group !== value.outcome)
      ctx.addIssue({
        code: 'custom',
        path: ['outcomeCode'],
        message: `Outcome code ${value.outcomeCode} (${OUTCOME_CODES[value.outcomeCode].label}) is a “${OUTCOME_KINDS[group]}” code: choose a code for “${OUTCOME_KINDS[value.outcome]}”, or change the outcome`,
      })
  })
export type OutcomeInput = z.output<typeof outcomeSchema>

const willingness = z.enum(codesOf(WILLINGNESS), 'Say whether the child was willing, unsure or unwilling')
const person = (what: string) =>
  z.strictObject(
    { name: text(`the name of ${what}`, 200), role: text(`the role of ${what}`, 200) },
    { error: `Give the name and role of ${what}` },
  )

/** What the child was told before the interview, and how they felt about it (SG-12): shared by planning and holding. */
const told = {
  childInformedAt: moment('The date the child was told').optional(),
  informedBy: person('whoever told the child').optional(),
  childWillingness: willingness.optional(),
  toldDecliningHarms: z.boolean('Say whether the child was told declining would harm the investigation').optional(),
}

export const decliningAskedOnlyWhenUnsureMessage =
  'Say whether the child was told declining would harm the investigation only for a child who was unsure or unwilling'

/** Asked only of an unsure or unwilling child: a willing child's answer is refused, not ignored. */
export function decliningAskedOnlyWhenUnsure(
  value: { childWillingness?: string | undefined; toldDecliningHarms?: boolean | undefined },
  ctx: z.RefinementCtx,
) {
  if (
    value.toldDecliningHarms !== undefined &&
    value.childWillingness !== 'unsure' &&
    value.childWillingness !== 'unwilling'
  )
    ctx.addIssue({
      code: 'custom',
      path: ['toldDecliningHarms'],
      message: decliningAskedOnlyWhenUnsureMessage,
    })
}

export const planInterviewSchema = z
  .strictObject({
    childId: z.uuid('Choose the child to be interviewed'),
    plannedAt: moment('The date of the interview'),
    lead: z.strictObject(
      {
        name: text('the lead interviewer’s name', 200),
        role: text('the lead interviewer’s role', 200),
        agencyId: z.uuid('Choose the lead interviewer’s agency'),
        hasJointTraining: z.boolean('Say whether the lead interviewer has joint ABE training'),
      },
      { error: 'Say who leads the interview: name, role, agency and joint ABE training' },
    ),
    intermediary: z.boolean('Say whether an intermediary will help the child'),
    intermediaryName: optionalText('the intermediary’s name', 200),
    specialMeasures: z
      .array(z.enum(codesOf(SPECIAL_MEASURES), 'Choose special measures from the list'))
      .max(8)
      .default([])
      .refine(list => new Set(list).size === list.length, 'Choose each special measure once'),
    ...told,
    held: z.boolean('Say whether the interview has been held'),
    heldAt: moment('The date the interview was held').optional(),
    notHeldReason: optionalText('why the interview did not go ahead', 2000),
  })
  .superRefine((value, ctx) => {
    decliningAskedOnlyWhenUnsure(value, ctx)
    if (value.held && !value.heldAt)
      ctx.addIssue({ code: 'custom', path: ['heldAt'], message: 'Enter the date the interview was held' })
    if (!value.held && value.heldAt)
      ctx.addIssue({
        code: 'custom',
        path: ['heldAt'],
        message: 'Give the date it was held only for an interview that was held',
      })
    if (value.held && value.notHeldReason)
      ctx.addIssue({
        code: 'custom',
        path: ['notHeldReason'],
        message: 'Say why the interview did not go ahead only for one that was not held',
      })
    if (!value.intermediary && value.intermediaryName)
      ctx.addIssue({
        code: 'custom',
        path: ['intermediaryName'],
        message: 'Name an intermediary only when one will help the child',
      })
  })
export type PlanInterview = z.output<typeof planInterviewSchema>

// What the child was told may already be on the interview from its planning: the service checks the two together.
export const interviewHeldSchema = z.strictObject({
  version: versionField('Send the version of the interview you read'),
  heldAt: moment('The date the interview was held'),
  ...told,
})
export type InterviewHeld = z.output<typeof interviewHeldSchema>
