import { z } from 'zod'
import { LAWFUL_BASES } from '../../kernel/codes/risk.ts'
import { isoTimestamp } from '../../web/dates.ts'
import { codesOf } from '../../web/input.ts'
import { text } from './discussion-schema.ts'

export const sharingWhatField = text('what information was shared, or asked for', 10_000)
export const sharingReasonField = text('the reason for the decision', 10_000)
export const SHARED_OR_NOT = 'Say whether the information was shared'
export const CHOOSE_AGENCIES = 'Choose at least one agency the decision was about sharing with'
/** DOMAIN.md §10: sharing needs a lawful basis; a decision not to share says why in its reason. */
export const NO_LAWFUL_BASIS =
  'Choose the lawful basis for sharing: a sharing record with no lawful basis cannot be saved'
export const ABOUT_SOMEONE = 'Say who the information is about: a person, a child or both'

/** The API's body; `now` bounds `at`, which may not be in the future. */
export function sharingSchema(now: () => Date) {
  return z
    .strictObject({
      personId: z.uuid('Choose the person the information is about').optional(),
      childId: z.uuid('Choose the child the information is about').optional(),
      caseId: z.uuid('Choose the case the decision was made on').optional(),
      discussionId: z.uuid('Choose the risk discussion the decision was made at').optional(),
      shared: z.boolean({ error: SHARED_OR_NOT }),
      what: sharingWhatField,
      withAgencyIds: z
        .array(z.uuid(CHOOSE_AGENCIES), { error: CHOOSE_AGENCIES })
        .min(1, CHOOSE_AGENCIES)
        .max(50, 'Choose 50 agencies or fewer'),
      lawfulBasis: z.enum(codesOf(LAWFUL_BASES), 'Choose a lawful basis from the list').optional(),
      reason: sharingReasonField,
      at: isoTimestamp('When the decision was made', { notAfter: now }),
    })
    .superRefine((value, ctx) => {
      if (!value.personId && !value.childId)
        ctx.addIssue({ code: 'custom', path: ['personId'], message: ABOUT_SOMEONE })
      if (value.shared && !value.lawfulBasis)
        ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: NO_LAWFUL_BASIS })
      if (value.discussionId && !value.caseId)
        ctx.addIssue({
          code: 'custom',
          path: ['caseId'],
          message: 'Send the case of the risk discussion: a discussion is held on a case',
        })
    })
}

export type SharingInput = z.output<ReturnType<typeof sharingSchema>>

export const sharingOut = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  childId: z.string().nullable(),
  caseId: z.string().nullable(),
  discussionId: z.string().nullable(),
  shared: z.boolean(),
  what: z.string(),
  withAgencies: z.array(z.object({ id: z.string(), name: z.string() })),
  lawfulBasis: z.string().nullable(),
  reason: z.string(),
  at: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
})
