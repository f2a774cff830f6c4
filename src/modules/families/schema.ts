import { z } from 'zod'
import { LETTER_AUDIENCES, UPDATE_METHODS, UPDATE_TOPICS } from '../../kernel/codes/families.ts'
import { isoTimestamp } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

export const methodField = z.enum(codesOf(UPDATE_METHODS), 'Choose how they were told')
export const topicsField = z
  .array(z.enum(codesOf(UPDATE_TOPICS), 'Choose what they were told from the list'), {
    error: 'Choose what they were told',
  })
  .min(1, 'Choose what they were told')
  .max(6)
export const peopleField = z
  .array(z.uuid('Choose who was told'), { error: 'Choose who was told' })
  .min(1, 'Choose who was told')
  .max(30, 'Choose 30 people or fewer')
export const responseField = z
  .string()
  .max(10_000, 'What they said back must be 10,000 characters or fewer')
  .trim()
  .optional()
  .transform(v => (v === '' ? undefined : v))

/** An update given to a child, parent or carer. `at` is checked against the clock by the service. */
export const familyUpdateSchema = z.strictObject({
  toPersonIds: peopleField,
  childId: z.uuid('Choose a child on this case').optional(),
  topics: topicsField,
  at: isoTimestamp('When they were told'),
  method: methodField,
  response: responseField,
})
export type FamilyUpdateInput = z.output<typeof familyUpdateSchema>

export const familyUpdateOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string().nullable(),
  at: z.date(),
  method: z.string(),
  topics: z.array(z.string()),
  response: z.string().nullable(),
  toPeople: z.array(z.object({ id: z.string(), name: z.string() })),
  toldBy: z.object({ userId: z.string(), name: z.string(), agencyName: z.string() }),
  letterId: z.string().nullable(),
})

/** A BCP 47 language tag, at its simplest: 'en', 'pl', 'pt-BR', 'zh-Hant'. */
export const languageField = z
  .string({ error: 'Enter the language of the letter, as a code like en or pl' })
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Enter the language of the letter as a code like en, pl or pt-BR')
  .transform(v => {
    const [first = '', ...rest] = v.split('-')
    return [first.toLowerCase(), ...rest].join('-')
  })

export const letterTextField = z
  .string({ error: 'Enter the text of the letter' })
  .max(20_000, 'The letter must be 20,000 characters or fewer')
  .trim()
  .min(1, 'Enter the text of the letter')

export const letterSchema = z.strictObject({
  outcomeId: z.uuid('Choose an investigation with an outcome on this case').optional(),
  childId: z.uuid('Choose a child on this case').optional(),
  audience: z.enum(codesOf(LETTER_AUDIENCES), 'Choose who the letter is for: the family or the child'),
  language: languageField,
  text: letterTextField.optional(),
})
export type LetterInput = z.output<typeof letterSchema>

export const letterEditSchema = z.strictObject({
  version: versionField('Send the version of the letter you read'),
  text: letterTextField,
})
export type LetterEdit = z.output<typeof letterEditSchema>

export const sendLetterSchema = z.strictObject({
  toPersonIds: peopleField,
  method: methodField,
  sentAt: isoTimestamp('When it was sent'),
  version: versionField('Send the version of the letter you read').optional(),
})
export type SendLetterInput = z.output<typeof sendLetterSchema>

export const letterOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string().nullable(),
  childName: z.string().nullable(),
  outcomeId: z.string().nullable(),
  audience: z.string(),
  language: z.string(),
  text: z.string(),
  readingLevel: z.number().nullable(),
  readingLevelLimit: z.number().nullable(),
  withinReadingLevel: z.boolean().nullable(),
  status: z.string(),
  version: z.number(),
  madeAt: z.date(),
  sentAt: z.date().nullable(),
  sentUpdateId: z.string().nullable(),
})
