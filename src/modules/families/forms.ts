import { z } from 'zod'
import { LETTER_AUDIENCES, UPDATE_METHODS, UPDATE_TOPICS } from '../../kernel/codes/families.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon, londonDateTime, todayIso } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { timeInput } from '../../web/time-input.ts'
import {
  languageField,
  letterTextField,
  methodField,
  peopleField,
  responseField,
  topicsField,
  type FamilyUpdateInput,
  type LetterEdit,
  type LetterInput,
  type SendLetterInput,
} from './schema.ts'
import { codesOf } from '../../web/input.ts'

// The pages' forms: strings as posted, read into the API's input and checked by the same schemas, so a page and
// an integrating system are refused alike.

const blank = z
  .string()
  .optional()
  .transform(v => (v === undefined || v.trim() === '' ? undefined : v.trim()))
const pageVersion = z.coerce.number().int().positive()

/** The day of a moment, typed in a GOV.UK date input, not after today. */
const day = (label: string, now: () => Date) =>
  dateInput(`The date ${label}`, { required: `Enter the date ${label}`, notAfter: () => todayIso(now()) })
/** Its time, in a box of its own. */
const time = (label: string) => timeInput(`The time ${label}`, { required: `Enter the time ${label}` })

function notAhead(
  typed: Record<string, unknown>,
  name: string,
  message: string,
  now: () => Date,
  ctx: z.RefinementCtx,
) {
  const date = typed[name]
  const time = typed[`${name}Time`]
  if (
    typeof date === 'string' &&
    typeof time === 'string' &&
    fromLondon(date, time).getTime() > now().getTime() + 60_000
  )
    ctx.addIssue({ code: 'custom', path: [name], message })
}

export function familyUpdateForm(now: () => Date) {
  return defineForm({
    fields: ['toPersonIds', 'childId', 'topics', 'at', 'atTime', 'method', 'response'],
    dateInputs: ['at'],
    lists: ['toPersonIds', 'topics'],
    anchors: { toPersonIds: 'toPersonIds', topics: 'topics', method: 'method', childId: 'childId' },
    fieldOf: { at: 'at' },
    schema: z
      .strictObject({
        toPersonIds: peopleField,
        childId: blank.pipe(z.uuid('Choose a child on this case').optional()),
        topics: topicsField,
        at: day('they were told', now),
        atTime: time('they were told'),
        method: methodField,
        response: responseField,
      })
      .superRefine((typed, ctx) => {
        notAhead(typed, 'at', 'When they were told must be now or in the past', now, ctx)
      }),
    toInput: (typed): FamilyUpdateInput => ({
      toPersonIds: typed.toPersonIds,
      childId: typed.childId,
      topics: typed.topics,
      at: fromLondon(typed.at, typed.atTime),
      method: typed.method,
      response: typed.response,
    }),
  })
}

export function familyUpdateAnswers(
  input: FamilyUpdateInput,
  names: readonly string[],
  childName: string | null,
): Answer[] {
  return [
    { key: 'Who was told', value: names, field: 'toPersonIds' },
    { key: 'About', value: childName ?? 'Every child of the case', field: 'childId' },
    { key: 'What they were told', value: input.topics.map(t => UPDATE_TOPICS[t]), field: 'topics' },
    { key: 'When', value: londonDateTime(input.at), field: 'at' },
    { key: 'How', value: UPDATE_METHODS[input.method], field: 'method' },
    { key: 'What they said back', value: input.response ?? 'Nothing recorded', field: 'response' },
  ]
}

export const letterForm = defineForm({
  fields: ['outcomeId', 'childId', 'audience', 'language', 'text'],
  anchors: { outcomeId: 'outcomeId', childId: 'childId', audience: 'audience' },
  schema: z.strictObject({
    outcomeId: blank.pipe(z.uuid('Choose an investigation with an outcome on this case').optional()),
    childId: blank.pipe(z.uuid('Choose a child on this case').optional()),
    audience: z.enum(codesOf(LETTER_AUDIENCES), 'Choose who the letter is for: the family or the child'),
    language: languageField,
    text: blank.pipe(letterTextField.optional()),
  }),
  toInput: (typed): LetterInput => typed,
})

export const letterEditForm = defineForm({
  fields: ['text', 'version'],
  schema: z.strictObject({ text: letterTextField, version: pageVersion }),
  toInput: (typed): LetterEdit => typed,
  conflict: { field: 'text' },
})

export function sendForm(now: () => Date) {
  return defineForm({
    fields: ['toPersonIds', 'method', 'sentAt', 'sentAtTime', 'version'],
    dateInputs: ['sentAt'],
    lists: ['toPersonIds'],
    anchors: { toPersonIds: 'toPersonIds', method: 'method' },
    schema: z
      .strictObject({
        toPersonIds: peopleField,
        method: methodField,
        sentAt: day('it was sent', now),
        sentAtTime: time('it was sent'),
        version: pageVersion,
      })
      .superRefine((typed, ctx) => {
        notAhead(typed, 'sentAt', 'When it was sent must be now or in the past', now, ctx)
      }),
    toInput: (typed): SendLetterInput => ({
      toPersonIds: typed.toPersonIds,
      method: typed.method,
      sentAt: fromLondon(typed.sentAt, typed.sentAtTime),
      version: typed.version,
    }),
    conflict: { field: 'toPersonIds' },
  })
}

export function sendAnswers(input: SendLetterInput, names: readonly string[], topics: readonly string[]): Answer[] {
  return [
    { key: 'Sent to', value: names, field: 'toPersonIds' },
    { key: 'How', value: UPDATE_METHODS[input.method], field: 'method' },
    { key: 'When', value: londonDateTime(input.sentAt), field: 'sentAt' },
    { key: 'What it tells them', value: topics },
  ]
}
