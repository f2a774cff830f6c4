import { z } from 'zod'
import { isoDate, type NotAfter } from '../../web/dates.ts'
import { dateInput } from '../../web/date-input.ts'
import { versionField } from '../../web/input.ts'
import {
  DISABILITIES,
  ETHNICITIES,
  OFFENDING_KINDS,
  RELATIONSHIP_KINDS,
  SEXES,
  isValidNhsNumber,
} from '../../kernel/codes/people.ts'
import { REGISTRATION_PERIODS } from '../../kernel/codes/risk.ts'

const codes = <T extends string>(record: Record<T, unknown>) => Object.keys(record) as [T, ...T[]]

const name = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .max(100, `${label[0]?.toUpperCase() ?? ''}${label.slice(1)} must be 100 characters or fewer`)
    .trim()
    .min(1, `Enter the ${label}`)

const optionalText = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} must be ${String(max)} characters or fewer`)
    .trim()
    .transform(v => v || null)

/** The fields of a person, as the API and (after reading its date input and checkboxes) the form send them. */
export function personFields(today: NotAfter) {
  return {
    givenName: name('given name'),
    familyName: name('family name'),
    otherNames: z
      .array(z.string().max(100, 'Each other name must be 100 characters or fewer').trim().min(1))
      .max(20, 'Enter up to 20 other names'),
    dateOfBirth: isoDate('Date of birth', { notAfter: today }).nullable(),
    dateOfBirthEstimated: z.boolean(),
    sex: z.enum(codes(SEXES), 'Select the sex'),
    ethnicity: z.enum(codes(ETHNICITIES), 'Select an ethnicity from the list').nullable(),
    firstLanguage: optionalText('First language', 100).nullable(),
    interpreterNeeded: z.boolean(),
    communicationNeeds: optionalText('Communication needs', 2000).nullable(),
    disabilities: z.array(z.enum(codes(DISABILITIES), 'Select disabilities from the list')),
    nhsNumber: z
      .string()
      .max(20, 'Enter a valid NHS number: 10 digits, like 943 476 5919')
      .transform(v => v.replace(/\s+/g, ''))
      .refine(v => v === '' || isValidNhsNumber(v), 'Enter a valid NHS number: 10 digits, like 943 476 5919')
      .transform(v => v || null)
      .nullable(),
    uniquePupilNumber: z
      .string()
      .max(20, 'Enter a unique pupil number of 13 characters, like A123456789012')
      .transform(v => v.replace(/\s+/g, '').toUpperCase())
      .refine(
        v => v === '' || /^[A-Z]\d{11}[0-9A-Z]$/.test(v),
        'Enter a unique pupil number of 13 characters, like A123456789012',
      )
      .transform(v => v || null)
      .nullable(),
  }
}

/** A new person: names and sex are required; everything else may be left out. */
export function newPersonSchema(today: NotAfter) {
  const f = personFields(today)
  return z.strictObject({
    ...f,
    otherNames: f.otherNames.default([]),
    dateOfBirth: f.dateOfBirth.default(null),
    dateOfBirthEstimated: f.dateOfBirthEstimated.default(false),
    ethnicity: f.ethnicity.default(null),
    firstLanguage: f.firstLanguage.default(null),
    interpreterNeeded: f.interpreterNeeded.default(false),
    communicationNeeds: f.communicationNeeds.default(null),
    disabilities: f.disabilities.default([]),
    nhsNumber: f.nhsNumber.default(null),
    uniquePupilNumber: f.uniquePupilNumber.default(null),
  })
}

export type NewPerson = z.infer<ReturnType<typeof newPersonSchema>>

/** A correction: the version read, and only the fields to change (a field left out is left alone). */
export function personChangesSchema(today: NotAfter) {
  return z.strictObject({ version: versionField(), ...z.object(personFields(today)).partial().shape })
}

export type PersonChanges = z.infer<ReturnType<typeof personChangesSchema>>

export function relationshipSchema(today: NotAfter) {
  return z.strictObject({
    otherPersonId: z.uuid('Select the other person'),
    kind: z.enum(codes(RELATIONSHIP_KINDS), 'Select how they are related'),
    livesWith: z.boolean({ error: 'Say whether they live together' }),
    hasContact: z.boolean({ error: 'Say whether they have contact' }),
    // Left out (or null) where nobody knows when it began; relationships recorded before dates had none.
    startedOn: isoDate('Date it started', { notAfter: today }).nullable().default(null),
  })
}

export type NewRelationship = z.infer<ReturnType<typeof relationshipSchema>>

const reasonText = (message: string) =>
  z.string({ error: message }).max(2000, 'Reason must be 2,000 characters or fewer').trim().min(1, message)

/** Ending a relationship: when, and why; the version read, when the caller has one, to refuse a stale change. */
export function endRelationshipSchema(today: NotAfter) {
  return z.strictObject({
    endedOn: isoDate('Date it ended', { notAfter: today }),
    reason: reasonText('Enter why it ended'),
    version: versionField().optional(),
  })
}

export type EndRelationship = z.infer<ReturnType<typeof endRelationshipSchema>>

/** Merging this person's record into another's: which record is kept, and why they are one person. */
export const mergeSchema = z.strictObject({
  intoPersonId: z.uuid('Select the record to keep'),
  reason: reasonText('Enter why these records are the same person'),
  version: versionField().optional(),
})

export type MergeInput = z.infer<typeof mergeSchema>

/** Undoing a merge: why (the version is the merged record's, as read). */
export const unmergeSchema = z.strictObject({
  reason: reasonText('Enter why the merge was wrong'),
  version: versionField().optional(),
})

export type UnmergeInput = z.infer<typeof unmergeSchema>

export const notDuplicateSchema = z.strictObject({
  otherPersonId: z.uuid('Select the other record'),
})

/** The fields of a history item, each checked alone; `offendingHistorySchema` adds what they say together. */
export function offendingHistoryFields(today: NotAfter) {
  return {
    kind: z.enum(codes(OFFENDING_KINDS), 'Select what kind of history it is'),
    date: isoDate('Date', { notAfter: today }),
    description: z
      .string({ error: 'Describe it' })
      .max(5000, 'Description must be 5,000 characters or fewer')
      .trim()
      .min(1, 'Describe it'),
    // Where the information came from, which may not be the agency typing it in (the recorder's, when absent).
    sourceAgencyId: z.uuid('Select the agency the information came from'),
    endsOn: isoDate('End date'),
    registrationPeriod: z.enum(codes(REGISTRATION_PERIODS), 'Select how long the notification requirements last'),
  }
}

/** What a history item's fields say together: the end is not before the start, and only a registration has a period. */
export function offendingHistoryRules(
  value: { kind: string; date: string; endsOn?: string | null | undefined; registrationPeriod?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.endsOn && value.date && value.endsOn < value.date)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'End date must be the same as or after the date' })
  if (value.kind === 'registration' && !value.registrationPeriod)
    ctx.addIssue({
      code: 'custom',
      path: ['registrationPeriod'],
      message: 'Select how long the notification requirements last',
    })
  if (value.kind !== 'registration' && value.registrationPeriod)
    ctx.addIssue({
      code: 'custom',
      path: ['registrationPeriod'],
      message: 'Registration period is only for a registration: leave it out for any other kind',
    })
}

export function offendingHistorySchema(today: NotAfter) {
  const f = offendingHistoryFields(today)
  return z
    .strictObject({
      kind: f.kind,
      date: f.date,
      description: f.description,
      sourceAgencyId: f.sourceAgencyId.optional(),
      endsOn: f.endsOn.nullable().optional(),
      registrationPeriod: f.registrationPeriod.nullable().optional(),
    })
    .superRefine(offendingHistoryRules)
}

export type NewOffendingHistory = z.output<ReturnType<typeof offendingHistorySchema>>

export const searchQuery = z.strictObject({
  q: z.string().max(200, 'Search must be 200 characters or fewer').trim().optional(),
  dateOfBirth: isoDate('Date of birth').optional(),
  nhsNumber: z.string().max(20, 'Enter an NHS number of 10 digits').optional(),
})

/**
 * A page's search for a person by name and, optionally, date of birth (a GOV.UK date input, `dateOfBirth-day`
 * and so on): the API's search rules and messages, with the date as three boxes. A name is needed: a date of
 * birth alone lists every child born that day.
 */
export function nameSearchForm(today: NotAfter) {
  return z.object({
    q: z
      .string()
      .max(200, 'Search must be 200 characters or fewer')
      .trim()
      .min(1, 'Enter their name: any of their names, as close as you know it'),
    dateOfBirth: dateInput('Date of birth', { notAfter: today }),
  })
}
