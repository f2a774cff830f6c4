import { z } from 'zod'
import { COMMUNICATION_METHODS, NO_WORDS_REASONS, VIEW_STAGES } from '../../kernel/codes/families.ts'
import { isoDate } from '../../web/dates.ts'
import { codesOf } from '../../web/input.ts'

/** Neither the child's words nor why they are not recorded: the one thing a child's views must have. */
export const NO_WORDS = "Enter the child's views in their own words, or choose why they are not recorded"
export const BOTH = "Choose a reason only when the child's views are not recorded in their own words"
export const NO_SUPPORTER = 'Enter the name and role of the interpreter or intermediary who supported the child'
export const NOT_A_PARENT = 'Choose a parent or carer on this case'
export const ALLEGED = 'Choose a parent or carer who is not alleged to have harmed the child'

/** The ways of communicating that need someone beside the child, whose name and role are then recorded. */
export const SUPPORTED: readonly string[] = ['interpreter', 'intermediary']

const optionalText = (what: string, max: number) =>
  z
    .string()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .optional()
    .transform(v => (v === undefined || v === '' ? null : v))

/** The rules a child's views keep, whichever way they come in (the API's body, the form). */
export function childViewRules(
  value: {
    words: string | null
    reasonNotRecorded: string | null
    communicationMethod: string
    supportedBy: string | null
  },
  ctx: z.RefinementCtx,
) {
  if (!value.words && !value.reasonNotRecorded) ctx.addIssue({ code: 'custom', path: ['words'], message: NO_WORDS })
  if (value.words && value.reasonNotRecorded)
    ctx.addIssue({ code: 'custom', path: ['reasonNotRecorded'], message: BOTH })
  if (SUPPORTED.includes(value.communicationMethod) && !value.supportedBy)
    ctx.addIssue({ code: 'custom', path: ['supportedBy'], message: NO_SUPPORTER })
}

/** The fields of a child's views, one by one, for the API's body and the page's form alike. */
export const childViewFields = {
  childId: z.uuid('Choose the child whose views these are'),
  stage: z.enum(codesOf(VIEW_STAGES), 'Choose the stage the views were given at'),
  givenAt: isoDate('Date the views were given'),
  words: optionalText("The child's views", 20_000),
  reasonNotRecorded: z
    .enum(codesOf(NO_WORDS_REASONS), "Choose why the child's views are not recorded in their own words")
    .optional()
    .transform(v => v ?? null),
  communicationMethod: z.enum(codesOf(COMMUNICATION_METHODS), 'Choose how the child communicates'),
  language: optionalText('The language', 100),
  supportedBy: optionalText('The interpreter’s or intermediary’s name and role', 200),
}

export const childViewSchema = z.strictObject(childViewFields).superRefine(childViewRules)

export type ChildViewInput = z.infer<typeof childViewSchema>

export const parentViewFields = {
  personId: z.uuid('Choose the parent or carer whose views these are'),
  givenAt: isoDate('Date the views were given'),
  words: z
    .string({ error: 'Enter the parent’s or carer’s views' })
    .max(20_000, 'The parent’s or carer’s views must be 20,000 characters or fewer')
    .trim()
    .min(1, 'Enter the parent’s or carer’s views'),
}

export const parentViewSchema = z.strictObject(parentViewFields)

export type ParentViewInput = z.infer<typeof parentViewSchema>

export const childViewOut = z.object({
  id: z.string(),
  caseId: z.string(),
  childId: z.string(),
  childName: z.string(),
  stage: z.string(),
  givenAt: z.string(),
  words: z.string().nullable(),
  reasonNotRecorded: z.string().nullable(),
  communicationMethod: z.string(),
  language: z.string().nullable(),
  supportedBy: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.date(),
})

export const parentViewOut = z.object({
  id: z.string(),
  caseId: z.string(),
  personId: z.string(),
  personName: z.string(),
  givenAt: z.string(),
  words: z.string(),
  recordedBy: z.string(),
  recordedAt: z.date(),
})
