import { z } from 'zod'
import { dateInput, dateInputValues } from '../../web/date-input.ts'
import { OFFENDING_KINDS } from '../../kernel/codes/people.ts'
import { REGISTRATION_PERIODS } from '../../kernel/codes/risk.ts'
import { londonDate as inWords, type NotAfter } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import {
  endRelationshipSchema,
  mergeSchema,
  unmergeSchema,
  offendingHistoryFields,
  offendingHistoryRules,
  type NewOffendingHistory,
  personFields,
  relationshipSchema,
  type NewPerson,
} from './schema.ts'

// The people pages' forms. Each field is checked by the API's own schema for it, once the form's text is in
// the shape the API takes: the two can only disagree about how a box is filled in, never about what is valid.

/** A box left empty, as the API's optional fields take it. */
const text = (message: string) => z.string({ error: message }).optional().default('')

/** A yes/no radio as a boolean; nothing chosen reads as `absent` (undefined, or false where no answer is no). */
const yesNo = (absent: boolean | undefined, message: string) =>
  z
    .enum(['yes', 'no'], message)
    .optional()
    .transform(v => (v === undefined ? absent : v === 'yes'))

const PERSON_FIELDS = [
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'firstLanguage',
  'interpreterNeeded',
  'communicationNeeds',
  'disabilities',
  'nhsNumber',
  'uniquePupilNumber',
] as const

function personFormSchema(today: NotAfter) {
  const f = personFields(today)
  return z.strictObject({
    givenName: f.givenName,
    familyName: f.familyName,
    otherNames: text('Enter other names one on each line')
      .transform(v =>
        v
          .split(/\r?\n/)
          .map(n => n.trim())
          .filter(Boolean),
      )
      .pipe(f.otherNames),
    dateOfBirth: dateInput('Date of birth', { notAfter: today }),
    dateOfBirthEstimated: z
      .enum(['yes'], 'Tick the box only if the date of birth is an estimate')
      .optional()
      .transform(v => v === 'yes'),
    sex: z
      .string()
      .optional()
      .transform(v => (v === '' ? undefined : v))
      .pipe(f.sex),
    ethnicity: z
      .string()
      .optional()
      .transform(v => (v === '' || v === undefined ? null : v))
      .pipe(f.ethnicity),
    firstLanguage: text('Enter the first language').pipe(f.firstLanguage.unwrap()),
    interpreterNeeded: yesNo(false, 'Say whether they need an interpreter').pipe(f.interpreterNeeded),
    communicationNeeds: text('Enter their communication needs').pipe(f.communicationNeeds.unwrap()),
    disabilities: f.disabilities,
    nhsNumber: text('Enter a valid NHS number: 10 digits, like 943 476 5919').pipe(f.nhsNumber.unwrap()),
    uniquePupilNumber: text('Enter a unique pupil number of 13 characters, like A123456789012').pipe(
      f.uniquePupilNumber.unwrap(),
    ),
  })
}

/** Record a person. */
export function newPersonForm(today: NotAfter) {
  return defineForm({
    fields: PERSON_FIELDS,
    lists: ['disabilities'],
    dateInputs: ['dateOfBirth'],
    schema: personFormSchema(today),
    toInput: (person): NewPerson => person,
  })
}

/** Correct a person's record: every field again, and the version of the record the form was read at. */
export function correctionForm(today: NotAfter) {
  return defineForm({
    fields: PERSON_FIELDS,
    lists: ['disabilities'],
    dateInputs: ['dateOfBirth'],
    schema: personFormSchema(today).extend({
      version: z.coerce.number('Reload the page and try again').int('Reload the page and try again'),
    }),
    toInput: person => person,
    // The version is a hidden field: the person can only load the page again.
    fieldOf: { version: 'givenName' },
    conflict: {
      field: 'givenName',
      message: 'Someone else changed this record while you were editing it. Check the changes listed, then save again',
    },
  })
}

/** The person form's boxes filled in from a record, to correct it. */
export function personFormValues(p: NewPerson & { version: number }): FormValues {
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    otherNames: p.otherNames.join('\n'),
    ...dateInputValues('dateOfBirth', p.dateOfBirth),
    dateOfBirthEstimated: p.dateOfBirthEstimated ? 'yes' : undefined,
    sex: p.sex,
    ethnicity: p.ethnicity ?? '',
    firstLanguage: p.firstLanguage ?? '',
    interpreterNeeded: p.interpreterNeeded ? 'yes' : 'no',
    communicationNeeds: p.communicationNeeds ?? '',
    disabilities: p.disabilities,
    nhsNumber: p.nhsNumber ?? '',
    uniquePupilNumber: p.uniquePupilNumber ?? '',
    version: String(p.version),
  }
}

export function offendingHistoryForm(today: NotAfter) {
  const f = offendingHistoryFields(today)
  return defineForm({
    fields: ['kind', 'date', 'endsOn', 'registrationPeriod', 'sourceAgencyId', 'description'],
    dateInputs: ['date', 'endsOn'],
    schema: z
      .strictObject({
        kind: f.kind,
        date: dateInput('Date', { required: 'Enter the date', notAfter: today }),
        endsOn: dateInput('End date'),
        // Radios left unchosen send nothing: only a registration needs one, which the rules below say.
        registrationPeriod: text('Select how long the notification requirements last')
          .transform(v => v || null)
          .pipe(f.registrationPeriod.nullable()),
        sourceAgencyId: z.string({ error: 'Select the agency the information came from' }).pipe(f.sourceAgencyId),
        description: f.description,
      })
      .superRefine(offendingHistoryRules),
    toInput: (history): NewOffendingHistory => history,
  })
}

/** A history item as check your answers shows it, before anything is kept: each answer with its field. */
export function offendingHistoryAnswers(history: NewOffendingHistory, sourceAgency: string): Answer[] {
  return [
    { key: 'What is known', value: OFFENDING_KINDS[history.kind], field: 'kind' },
    { key: 'Date', value: inWords(history.date), field: 'date' },
    ...(history.endsOn ? [{ key: 'End date', value: inWords(history.endsOn), field: 'endsOn' }] : []),
    ...(history.registrationPeriod
      ? [
          {
            key: 'How long the notification requirements last',
            value: REGISTRATION_PERIODS[history.registrationPeriod],
            field: 'registrationPeriod',
          },
        ]
      : []),
    { key: 'Where the information came from', value: sourceAgency, field: 'sourceAgencyId' },
    { key: 'What happened', value: history.description, field: 'description' },
  ]
}

/** Add someone to a person's family or household: who (found by the search `q`, kept), how, and since when. */
export function relationshipForm(today: NotAfter) {
  const f = relationshipSchema(today).shape
  return defineForm({
    fields: ['otherPersonId', 'kind', 'livesWith', 'hasContact', 'startedOn'],
    dateInputs: ['startedOn'],
    schema: z.strictObject({
      q: z.string().optional(),
      otherPersonId: f.otherPersonId,
      kind: f.kind,
      livesWith: yesNo(undefined, 'Say whether they live together').pipe(f.livesWith),
      hasContact: yesNo(undefined, 'Say whether they have contact').pipe(f.hasContact),
      startedOn: dateInput('Date it started', { notAfter: today }),
    }),
    toInput: ({ q: _q, ...relationship }) => relationship,
  })
}

/** End a relationship: the date and why; `from` is whose page the user came from, to go back to. */
export function endRelationshipForm(today: NotAfter) {
  const f = endRelationshipSchema(today).shape
  return defineForm({
    fields: ['endedOn', 'reason'],
    dateInputs: ['endedOn'],
    schema: z.strictObject({
      from: z.string().optional(),
      version: z.coerce.number('Reload the page and try again').int('Reload the page and try again'),
      endedOn: dateInput('Date it ended', { required: 'Enter the date it ended', notAfter: today }),
      reason: text('Enter why it ended').pipe(f.reason),
    }),
    toInput: ({ from: _from, ...end }) => end,
    fieldOf: { version: 'endedOn' },
    conflict: { field: 'endedOn' },
  })
}

/** Merge a record into another, once both are shown side by side: the record kept and the reason. */
export const mergeForm = defineForm({
  fields: ['reason'],
  schema: z.strictObject({
    intoPersonId: mergeSchema.shape.intoPersonId,
    version: z.coerce.number('Reload the page and try again').int('Reload the page and try again'),
    reason: text('Enter why these records are the same person').pipe(mergeSchema.shape.reason),
  }),
  toInput: merge => merge,
  fieldOf: { version: 'reason', intoPersonId: 'reason' },
  conflict: { field: 'reason' },
})

/** Undo a merge, once what moves back is shown: the reason. */
export const unmergeForm = defineForm({
  fields: ['reason'],
  schema: z.strictObject({
    version: z.coerce.number('Reload the page and try again').int('Reload the page and try again'),
    reason: text('Enter why the merge was wrong').pipe(unmergeSchema.shape.reason),
  }),
  toInput: undo => undo,
  fieldOf: { version: 'reason' },
  conflict: { field: 'reason' },
})

/** Say two records are not the same person: the other record, chosen on the page before. */
export const notDuplicateForm = defineForm({
  fields: ['otherPersonId'],
  schema: z.strictObject({ otherPersonId: z.uuid('Select the other record') }),
  toInput: ({ otherPersonId }) => otherPersonId,
})
