import { z } from 'zod'
import { HEALTH_DECISIONS, PATHWAY_KINDS } from '../../kernel/codes/health.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon, londonDate, londonDateTime, parseTime, todayIso } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { timeInput } from '../../web/time-input.ts'
import { pathwayChecks, type DecisionInput } from './schema.ts'
import { codesOf } from '../../web/input.ts'

// The pages' forms: each reads what was typed (dates in three boxes, times as people write them) into the same
// input the API takes, so the service checks one shape. Nothing is pre-answered: the pathway, the kind of service
// and every date start empty.

const optional = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .optional()
    .transform(v => (v === '' ? undefined : v))

const wholeAge = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter the ${label.toLowerCase()}`)
    .regex(/^\d{1,2}$/, `${label} must be a whole number of years, like 13`)
    .transform(Number)
    .pipe(z.number().max(25, `${label} must be 25 or less`))

const pageVersion = z
  .string()
  .regex(/^\d{1,9}$/, 'Send the version you read')
  .transform(Number)

/** A local pathway, as the partnership manager adds or changes it. */
export const pathwayForm = defineForm({
  fields: ['name', 'kind', 'phone', 'email', 'address', 'youngestAge', 'oldestAge', 'notes'],
  anchors: { kind: 'kind' },
  schema: z
    .strictObject({
      version: pageVersion.optional(),
      name: z
        .string({ error: 'Enter the name of the service' })
        .max(200, 'Name must be 200 characters or fewer')
        .trim()
        .min(1, 'Enter the name of the service'),
      kind: z.enum(codesOf(PATHWAY_KINDS), 'Choose what kind of pathway it is'),
      phone: optional('Phone', 100),
      email: optional('Email', 200).pipe(
        z.email('Enter an email address in the correct format, like sarc@example.org').optional(),
      ),
      address: optional('Address', 1000),
      youngestAge: wholeAge('Youngest age served'),
      oldestAge: wholeAge('Oldest age served'),
      notes: optional('Notes', 5000),
    })
    .superRefine((v, ctx) => {
      pathwayChecks(v, ctx)
    }),
  toInput: body => body,
  conflict: { field: 'name' },
})

/** Withdrawing a pathway asks nothing but the version read; the confirmation page says what it means. */
export const withdrawForm = defineForm({
  fields: ['version'],
  schema: z.strictObject({ version: pageVersion }),
  toInput: body => body,
})

/** The day and time of a step, each typed in its own box, as one moment; not ahead of now. */
function momentChecked(
  typed: Record<string, unknown>,
  dateKey: string,
  timeKey: string,
  label: string,
  now: () => Date,
  ctx: z.RefinementCtx,
) {
  const date = typed[dateKey]
  const time = typed[timeKey]
  if (typeof date !== 'string' || typeof time !== 'string') return
  if (fromLondon(date, time).getTime() > now().getTime() + 60_000)
    ctx.addIssue({ code: 'custom', path: [dateKey], message: `${label} must be now or in the past` })
}

const moment = (date: string, time: string) => fromLondon(date, time)

/** The time box beside an optional date: read when typed, needed once the date is given. */
const optionalTime = (label: string) =>
  z
    .string()
    .optional()
    .transform((typed, ctx): string | undefined => {
      const text = typed?.trim()
      if (!text) return undefined
      const time = parseTime(text)
      if (time !== null) return time
      ctx.addIssue({ code: 'custom', message: `Enter ${label.toLowerCase()} like 2:15pm or 14:15` })
      return z.NEVER
    })

/** The health pathway decision for one child (named in a hidden field), and the referral if already made. */
export function decisionForm(now: () => Date) {
  const today = () => todayIso(now())
  return defineForm({
    fields: [
      'pathway',
      'forensicPathwayId',
      'assessmentPathwayId',
      'reason',
      'decidedAt',
      'decidedAtTime',
      'lastAbuseOn',
      'referredAt',
      'referredAtTime',
    ],
    dateInputs: ['decidedAt', 'lastAbuseOn', 'referredAt'],
    anchors: { pathway: 'pathway', forensicPathwayId: 'forensicPathwayId', assessmentPathwayId: 'assessmentPathwayId' },
    schema: z
      .strictObject({
        childId: z.uuid('Choose the child'),
        pathway: z.enum(codesOf(HEALTH_DECISIONS), 'Choose the health pathway'),
        forensicPathwayId: optional('The SARC', 100).pipe(z.uuid('Choose a SARC from the list').optional()),
        assessmentPathwayId: optional('The health assessment service', 100).pipe(
          z.uuid('Choose a health assessment service from the list').optional(),
        ),
        reason: optional('The reasons', 5000),
        decidedAt: dateInput('The date of the decision', {
          required: 'Enter the date of the decision',
          notAfter: today,
        }),
        decidedAtTime: timeInput('The time of the decision', { required: 'Enter the time of the decision' }),
        lastAbuseOn: dateInput('The date the abuse last happened', { notAfter: today }),
        referredAt: dateInput('The date of the referral', { notAfter: today }),
        referredAtTime: optionalTime('The time of the referral'),
      })
      .superRefine((typed, ctx) => {
        momentChecked(typed, 'decidedAt', 'decidedAtTime', 'When it was decided', now, ctx)
        if (typed.referredAt && !typed.referredAtTime)
          ctx.addIssue({ code: 'custom', path: ['referredAtTime'], message: 'Enter the time of the referral' })
        if (!typed.referredAt && typed.referredAtTime)
          ctx.addIssue({ code: 'custom', path: ['referredAt'], message: 'Enter the date of the referral' })
        momentChecked(typed, 'referredAt', 'referredAtTime', 'When the referral was made', now, ctx)
        if (typed.pathway === 'not_needed' && !typed.reason)
          ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the reason no health pathway is needed' })
      }),
    toInput: (typed): DecisionInput => {
      const localPathwayId =
        typed.pathway === 'forensic_recent'
          ? typed.forensicPathwayId
          : typed.pathway === 'health_non_recent'
            ? typed.assessmentPathwayId
            : undefined
      return {
        childId: typed.childId,
        pathway: typed.pathway,
        decidedAt: moment(typed.decidedAt, typed.decidedAtTime),
        ...(typed.lastAbuseOn ? { lastAbuseOn: typed.lastAbuseOn } : {}),
        ...(localPathwayId ? { localPathwayId } : {}),
        ...(typed.referredAt && typed.referredAtTime && typed.pathway !== 'not_needed'
          ? { referredAt: moment(typed.referredAt, typed.referredAtTime) }
          : {}),
        reason: typed.reason,
      }
    },
  })
}

/** A decision's answers in words, each with the field its "Change" goes back to. */
export function decisionAnswers(input: DecisionInput, localName: string | undefined): Answer[] {
  const field = input.pathway === 'forensic_recent' ? 'forensicPathwayId' : 'assessmentPathwayId'
  return [
    { key: 'Health pathway', value: HEALTH_DECISIONS[input.pathway], field: 'pathway' },
    ...(input.pathway === 'not_needed' ? [] : [{ key: 'Local service', value: localName ?? 'Not chosen yet', field }]),
    { key: 'Reasons', value: input.reason ?? 'None given', field: 'reason' },
    { key: 'Decided', value: londonDateTime(input.decidedAt), field: 'decidedAt' },
    {
      key: 'Abuse last thought to happen',
      value: input.lastAbuseOn ? londonDate(input.lastAbuseOn) : 'Not known',
      field: 'lastAbuseOn',
    },
    ...(input.pathway === 'not_needed'
      ? []
      : [
          {
            key: 'Referral made',
            value: input.referredAt ? londonDateTime(input.referredAt) : 'Not yet',
            field: 'referredAt',
          },
        ]),
  ]
}

/** The referral of a decision made without one. */
export function referredForm(now: () => Date) {
  const today = () => todayIso(now())
  return defineForm({
    fields: ['localPathwayId', 'referredAt', 'referredAtTime'],
    dateInputs: ['referredAt'],
    schema: z
      .strictObject({
        version: pageVersion,
        localPathwayId: optional('The local service', 100).pipe(z.uuid('Choose a service from the list').optional()),
        referredAt: dateInput('The date of the referral', {
          required: 'Enter the date of the referral',
          notAfter: today,
        }),
        referredAtTime: timeInput('The time of the referral', { required: 'Enter the time of the referral' }),
      })
      .superRefine((typed, ctx) => {
        momentChecked(typed, 'referredAt', 'referredAtTime', 'When the referral was made', now, ctx)
      }),
    toInput: typed => ({
      version: typed.version,
      referredAt: moment(typed.referredAt, typed.referredAtTime),
      ...(typed.localPathwayId ? { localPathwayId: typed.localPathwayId } : {}),
    }),
    conflict: { field: 'referredAt' },
  })
}

export function seenForm(now: () => Date) {
  const today = () => todayIso(now())
  return defineForm({
    fields: ['seenAt', 'seenAtTime'],
    dateInputs: ['seenAt'],
    schema: z
      .strictObject({
        version: pageVersion,
        seenAt: dateInput('The date the child was seen', {
          required: 'Enter the date the child was seen',
          notAfter: today,
        }),
        seenAtTime: timeInput('The time the child was seen', { required: 'Enter the time the child was seen' }),
      })
      .superRefine((typed, ctx) => {
        momentChecked(typed, 'seenAt', 'seenAtTime', 'When the child was seen', now, ctx)
      }),
    toInput: typed => ({ version: typed.version, seenAt: moment(typed.seenAt, typed.seenAtTime) }),
    conflict: { field: 'seenAt' },
  })
}

export function outcomeForm(now: () => Date) {
  const today = () => todayIso(now())
  return defineForm({
    fields: ['outcomeAt', 'outcomeAtTime', 'outcome'],
    dateInputs: ['outcomeAt'],
    schema: z
      .strictObject({
        version: pageVersion,
        outcomeAt: dateInput('The date of the outcome', { required: 'Enter the date of the outcome', notAfter: today }),
        outcomeAtTime: timeInput('The time of the outcome', { required: 'Enter the time of the outcome' }),
        outcome: z
          .string({ error: 'Describe the outcome of the examination or assessment' })
          .max(10_000, 'The outcome must be 10,000 characters or fewer')
          .trim()
          .min(1, 'Describe the outcome of the examination or assessment'),
      })
      .superRefine((typed, ctx) => {
        momentChecked(typed, 'outcomeAt', 'outcomeAtTime', 'When the outcome was known', now, ctx)
      }),
    toInput: typed => ({
      version: typed.version,
      outcomeAt: moment(typed.outcomeAt, typed.outcomeAtTime),
      outcome: typed.outcome,
    }),
    conflict: { field: 'outcome' },
  })
}
