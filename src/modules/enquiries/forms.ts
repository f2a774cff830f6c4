import { z } from 'zod'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { CONFERENCE_KINDS, SECTION47_OUTCOMES } from '../../kernel/codes/enquiries.ts'
import { dateInput } from '../../web/date-input.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { versionField } from '../../web/input.ts'
import {
  categoryField,
  categoryOnlyWithPlan,
  childField,
  conferenceKindField,
  outcomeField,
  summaryField,
  type ConferenceInput,
} from './schema.ts'

// The pages' forms: the API's fields, typed as people type them (dates in three boxes, yes or no as radios), every
// question asked and none pre-answered.

/** A choice left empty is the question unanswered, with the field's own message. */
const chosen = <T extends z.ZodType<unknown, string | undefined>>(field: T) =>
  z
    .string()
    .optional()
    .transform(v => (v === '' ? undefined : v))
    .pipe(field)

const versionOfPage = z.unknown().transform(Number).pipe(versionField())

export const section47StartForm = defineForm({
  fields: ['childId', 'startedAt', 'category'],
  dateInputs: ['startedAt'],
  schema: z.strictObject({
    childId: chosen(childField),
    startedAt: dateInput('The date the enquiry started', { required: 'Enter the date the enquiry started' }),
    category: chosen(categoryField),
  }),
  toInput: typed => typed,
})

export const section47CompleteForm = defineForm({
  fields: ['completedAt', 'outcome'],
  dateInputs: ['completedAt'],
  schema: z.strictObject({
    version: versionOfPage,
    completedAt: dateInput('The date the enquiry was completed', {
      required: 'Enter the date the enquiry was completed',
    }),
    outcome: chosen(outcomeField),
  }),
  toInput: typed => typed,
  conflict: { field: 'outcome' },
})

export const assessmentStartForm = defineForm({
  fields: ['childId', 'startedAt'],
  dateInputs: ['startedAt'],
  schema: z.strictObject({
    childId: chosen(childField),
    startedAt: dateInput('The date the assessment started', { required: 'Enter the date the assessment started' }),
  }),
  toInput: typed => typed,
})

export const assessmentCompleteForm = defineForm({
  fields: ['completedAt', 'summary'],
  dateInputs: ['completedAt'],
  schema: z.strictObject({
    version: versionOfPage,
    completedAt: dateInput('The date the assessment was completed', {
      required: 'Enter the date the assessment was completed',
    }),
    summary: summaryField,
  }),
  toInput: typed => typed,
  conflict: { field: 'summary' },
})

export const conferenceForm = defineForm({
  fields: ['childId', 'kind', 'heldAt', 'planMade', 'category'],
  dateInputs: ['heldAt'],
  schema: z
    .strictObject({
      childId: chosen(childField),
      kind: chosen(conferenceKindField),
      heldAt: dateInput('The date the conference was held', { required: 'Enter the date the conference was held' }),
      planMade: chosen(z.enum(['yes', 'no'], 'Say whether a child protection plan was made')),
      category: chosen(categoryField.optional()),
    })
    .transform(typed => ({ ...typed, planMade: typed.planMade === 'yes' }))
    .superRefine(categoryOnlyWithPlan),
  toInput: (typed): ConferenceInput => typed,
})

// ---- The answers in words, for check your answers ---------------------------------------------------------------

export const section47StartAnswers = (childName: string, input: { startedAt: string; category: string }): Answer[] => [
  { key: 'Child', value: childName, field: 'childId' },
  { key: 'Date the enquiry started', value: inWords(input.startedAt), field: 'startedAt' },
  {
    key: 'Category of abuse',
    value: ABUSE_CATEGORIES[input.category as keyof typeof ABUSE_CATEGORIES],
    field: 'category',
  },
]

export const section47CompleteAnswers = (input: { completedAt: string; outcome: string }): Answer[] => [
  { key: 'Date the enquiry was completed', value: inWords(input.completedAt), field: 'completedAt' },
  { key: 'Outcome', value: SECTION47_OUTCOMES[input.outcome as keyof typeof SECTION47_OUTCOMES], field: 'outcome' },
]

export const assessmentStartAnswers = (childName: string, input: { startedAt: string }): Answer[] => [
  { key: 'Child', value: childName, field: 'childId' },
  { key: 'Date the assessment started', value: inWords(input.startedAt), field: 'startedAt' },
]

export const assessmentCompleteAnswers = (input: { completedAt: string; summary: string }): Answer[] => [
  { key: 'Date the assessment was completed', value: inWords(input.completedAt), field: 'completedAt' },
  { key: 'What the assessment found', value: input.summary, field: 'summary' },
]

export const conferenceAnswers = (childName: string, input: ConferenceInput): Answer[] => [
  { key: 'Child', value: childName, field: 'childId' },
  { key: 'Kind of conference', value: CONFERENCE_KINDS[input.kind], field: 'kind' },
  { key: 'Date held', value: inWords(input.heldAt), field: 'heldAt' },
  { key: 'Child protection plan made?', value: input.planMade ? 'Yes' : 'No', field: 'planMade' },
  ...(input.category
    ? [{ key: 'Category of the plan', value: ABUSE_CATEGORIES[input.category], field: 'category' }]
    : []),
]
