import { z } from 'zod'
import { HEALTH_DECISIONS, PATHWAY_KINDS } from '../../kernel/codes/health.ts'
import { isoDate, isoTimestamp, todayIso } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

// What the API takes: the directory's entries, and each step of a child's health pathway. The pages read their
// own forms (forms.ts) into these same inputs, so the service checks one shape whichever way it came.

/** Optional text: empty reads as not given. */
function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .optional()
    .transform(v => (v === '' ? undefined : v))
}

function requiredText(label: string, missing: string, max: number) {
  return z
    .string({ error: missing })
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .min(1, missing)
}

function age(label: string) {
  return z
    .number({ error: `Enter the ${label.toLowerCase()} as a whole number of years` })
    .int(`${label} must be a whole number of years`)
    .min(0, `${label} must be 0 or more`)
    .max(25, `${label} must be 25 or less`)
}

const pathwayFields = {
  name: requiredText('Name', 'Enter the name of the service', 200),
  kind: z.enum(codesOf(PATHWAY_KINDS), 'Choose what kind of pathway it is'),
  phone: optionalText('Phone', 100),
  email: optionalText('Email', 200).pipe(
    z.email('Enter an email address in the correct format, like sarc@example.org').optional(),
  ),
  address: optionalText('Address', 1000),
  youngestAge: age('Youngest age served'),
  oldestAge: age('Oldest age served'),
  notes: optionalText('Notes', 5000),
}

/** A pathway's ages make sense, and someone deciding can reach it. */
export function pathwayChecks(
  value: {
    youngestAge?: number | undefined
    oldestAge?: number | undefined
    phone?: string | undefined
    email?: string | undefined
    address?: string | undefined
  },
  ctx: z.RefinementCtx,
  contactRequired = true,
) {
  if (value.youngestAge !== undefined && value.oldestAge !== undefined && value.youngestAge > value.oldestAge)
    ctx.addIssue({
      code: 'custom',
      path: ['youngestAge'],
      message: 'Youngest age served must not be above the oldest age served',
    })
  if (contactRequired && !value.phone && !value.email && !value.address)
    ctx.addIssue({
      code: 'custom',
      path: ['phone'],
      message: 'Enter at least one way to contact the service: a phone number, an email address or an address',
    })
}

export const newPathwaySchema = z.strictObject(pathwayFields).superRefine((v, ctx) => {
  pathwayChecks(v, ctx)
})
export type NewPathway = z.infer<typeof newPathwaySchema>

/** A field a change may leave out (unchanged), clear (null or empty) or set (checked as when added). */
function clearable<T extends z.ZodType<string | undefined>>(field: T) {
  return z
    .union([z.null(), field])
    .transform(v => (v === undefined ? null : v))
    .optional()
}

/** A change: the version read, and only the fields that change; `active: false` withdraws it, `true` restores it. */
export const pathwayChangeSchema = z.strictObject({
  version: versionField(),
  name: pathwayFields.name.optional(),
  kind: pathwayFields.kind.optional(),
  phone: clearable(pathwayFields.phone),
  email: clearable(pathwayFields.email),
  address: clearable(pathwayFields.address),
  youngestAge: pathwayFields.youngestAge.optional(),
  oldestAge: pathwayFields.oldestAge.optional(),
  notes: clearable(pathwayFields.notes),
  active: z.boolean({ error: 'active must be true or false' }).optional(),
})
export type PathwayChange = z.infer<typeof pathwayChangeSchema>

/** A child's health pathway decision, with the referral when it was made at once. */
export function decisionSchema(now: () => Date) {
  return z.strictObject({
    childId: z.uuid('Choose the child'),
    pathway: z.enum(codesOf(HEALTH_DECISIONS), 'Choose the health pathway'),
    decidedAt: isoTimestamp('When it was decided', { notAfter: now }),
    lastAbuseOn: isoDate('The date the abuse last happened', { notAfter: () => todayIso(now()) }).optional(),
    localPathwayId: z.uuid('Choose a local pathway from the directory').optional(),
    referredAt: isoTimestamp('When the referral was made', { notAfter: now }).optional(),
    reason: optionalText('The reason', 5000),
  })
}
export type DecisionInput = z.infer<ReturnType<typeof decisionSchema>>

export function referredSchema(now: () => Date) {
  return z.strictObject({
    version: versionField(),
    referredAt: isoTimestamp('When the referral was made', { notAfter: now }),
    localPathwayId: z.uuid('Choose a local pathway from the directory').optional(),
  })
}
export type ReferredInput = z.infer<ReturnType<typeof referredSchema>>

export function seenSchema(now: () => Date) {
  return z.strictObject({
    version: versionField(),
    seenAt: isoTimestamp('When the child was seen', { notAfter: now }),
  })
}
export type SeenInput = z.infer<ReturnType<typeof seenSchema>>

export function outcomeSchema(now: () => Date) {
  return z.strictObject({
    version: versionField(),
    outcomeAt: isoTimestamp('When the outcome was known', { notAfter: now }),
    outcome: requiredText('The outcome', 'Describe the outcome of the examination or assessment', 10_000),
  })
}
export type OutcomeInput = z.infer<ReturnType<typeof outcomeSchema>>
