import { z } from 'zod'
import { COMMUNICATION_METHODS, NO_WORDS_REASONS, VIEW_STAGES } from '../../kernel/codes/families.ts'
import { dateInput } from '../../web/date-input.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import {
  childViewFields,
  childViewRules,
  parentViewFields,
  type ChildViewInput,
  type ParentViewInput,
} from './schema.ts'

// The pages' forms: the API's fields as people type them (the date in three boxes, choices as radios), none
// pre-answered, and the child's words always typed afresh.

/** A choice left empty is the question unanswered, with the field's own message. */
const chosen = <T extends z.ZodType<unknown, string | undefined>>(field: T) =>
  z
    .string()
    .optional()
    .transform(v => (v === '' ? undefined : v))
    .pipe(field)

const GIVEN_AT = dateInput('The date the views were given', { required: 'Enter the date the views were given' })

export const childViewForm = defineForm({
  fields: [
    'childId',
    'stage',
    'givenAt',
    'words',
    'reasonNotRecorded',
    'communicationMethod',
    'language',
    'supportedBy',
  ],
  dateInputs: ['givenAt'],
  schema: z
    .strictObject({
      childId: chosen(childViewFields.childId),
      stage: chosen(childViewFields.stage),
      givenAt: GIVEN_AT,
      words: childViewFields.words,
      reasonNotRecorded: chosen(childViewFields.reasonNotRecorded),
      communicationMethod: chosen(childViewFields.communicationMethod),
      language: childViewFields.language,
      supportedBy: childViewFields.supportedBy,
    })
    .superRefine(childViewRules),
  toInput: (typed): ChildViewInput => typed,
})

export const parentViewForm = defineForm({
  fields: ['personId', 'givenAt', 'words'],
  dateInputs: ['givenAt'],
  schema: z.strictObject({
    personId: chosen(parentViewFields.personId),
    givenAt: GIVEN_AT,
    words: parentViewFields.words,
  }),
  toInput: (typed): ParentViewInput => typed,
})

/** How the child communicated, in words: the method, the language, and who supported them. */
export function communicationInWords(v: {
  communicationMethod: keyof typeof COMMUNICATION_METHODS
  language: string | null
  supportedBy: string | null
}): string[] {
  return [
    COMMUNICATION_METHODS[v.communicationMethod],
    ...(v.language ? [`Language: ${v.language}`] : []),
    ...(v.supportedBy ? [`Supported by ${v.supportedBy}`] : []),
  ]
}

/** The child's views, or why they are not in their own words. */
export function viewsInWords(v: { words: string | null; reasonNotRecorded: keyof typeof NO_WORDS_REASONS | null }) {
  if (v.words) return v.words
  return v.reasonNotRecorded ? `Not in their own words: ${NO_WORDS_REASONS[v.reasonNotRecorded]}` : ''
}

export function childViewAnswers(childName: string, input: ChildViewInput): Answer[] {
  return [
    { key: 'Child', value: childName, field: 'childId' },
    { key: 'Stage', value: VIEW_STAGES[input.stage], field: 'stage' },
    { key: 'Date given', value: inWords(input.givenAt), field: 'givenAt' },
    input.words
      ? { key: 'The child’s views, in their own words', value: input.words, field: 'words' }
      : {
          key: 'Why not in their own words',
          value: input.reasonNotRecorded ? NO_WORDS_REASONS[input.reasonNotRecorded] : '',
          field: 'reasonNotRecorded',
        },
    { key: 'How the child communicates', value: communicationInWords(input), field: 'communicationMethod' },
  ]
}

export function parentViewAnswers(personName: string, input: ParentViewInput): Answer[] {
  return [
    { key: 'Parent or carer', value: personName, field: 'personId' },
    { key: 'Date given', value: inWords(input.givenAt), field: 'givenAt' },
    { key: 'Their views', value: input.words, field: 'words' },
  ]
}
