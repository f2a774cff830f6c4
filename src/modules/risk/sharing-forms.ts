import { z } from 'zod'
import { LAWFUL_BASES, type LawfulBasis } from '../../kernel/codes/risk.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon, londonDateTime, todayIso } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { notAhead, timeField } from './discussion-forms.ts'
import {
  ABOUT_SOMEONE,
  CHOOSE_AGENCIES,
  NO_LAWFUL_BASIS,
  SHARED_OR_NOT,
  sharingReasonField,
  sharingWhatField,
  type SharingInput,
} from './sharing-schema.ts'

/** Whom and where the decision is about: hidden on the page, carried from its address to the post. */
export const CONTEXT_FIELDS = ['personId', 'childId', 'caseId', 'discussionId'] as const

const hiddenId = z
  .string()
  .optional()
  .transform(v => (v?.trim() ? v.trim() : undefined))
  .pipe(z.uuid('The page lost whom the decision is about: start again from the record').optional())

/** The sharing page's form: shared or not, what, with whom, on what lawful basis, why, and when. */
export function sharingForm(now: () => Date) {
  return defineForm({
    fields: [...CONTEXT_FIELDS, 'shared', 'what', 'withAgencyIds', 'lawfulBasis', 'reason', 'at', 'atTime'],
    lists: ['withAgencyIds'],
    dateInputs: ['at'],
    anchors: { shared: 'shared', withAgencyIds: 'withAgencyIds', lawfulBasis: 'lawfulBasis' },
    schema: z
      .strictObject({
        personId: hiddenId,
        childId: hiddenId,
        caseId: hiddenId,
        discussionId: hiddenId,
        shared: z.enum(['yes', 'no'], SHARED_OR_NOT),
        what: sharingWhatField,
        withAgencyIds: z.array(z.uuid(CHOOSE_AGENCIES)).min(1, CHOOSE_AGENCIES).max(50),
        lawfulBasis: z
          .string()
          .optional()
          .transform(v => (v === '' ? undefined : v))
          .pipe(
            z.enum(Object.keys(LAWFUL_BASES) as [LawfulBasis, ...LawfulBasis[]], 'Choose a lawful basis').optional(),
          ),
        reason: sharingReasonField,
        at: dateInput('The date of the decision', {
          required: 'Enter the date the decision was made',
          notAfter: () => todayIso(now()),
        }),
        atTime: timeField('the time the decision was made'),
      })
      .superRefine((value, ctx) => {
        if (!value.personId && !value.childId)
          ctx.addIssue({ code: 'custom', path: ['personId'], message: ABOUT_SOMEONE })
        if (value.shared === 'yes' && !value.lawfulBasis)
          ctx.addIssue({ code: 'custom', path: ['lawfulBasis'], message: NO_LAWFUL_BASIS })
        if (!notAhead(value.at, value.atTime, now()))
          ctx.addIssue({ code: 'custom', path: ['at'], message: 'The decision must be now or in the past' })
      }),
    toInput: (value): SharingInput => ({
      personId: value.personId,
      childId: value.childId,
      caseId: value.caseId,
      discussionId: value.discussionId,
      shared: value.shared === 'yes',
      what: value.what,
      withAgencyIds: value.withAgencyIds,
      lawfulBasis: value.lawfulBasis,
      reason: value.reason,
      at: fromLondon(value.at, value.atTime),
    }),
  })
}

export function sharingAnswers(about: string, agencies: readonly string[], input: SharingInput): Answer[] {
  return [
    { key: 'About', value: about },
    {
      key: 'Shared',
      value: input.shared ? 'Yes, the information was shared' : 'No, it was not shared',
      field: 'shared',
    },
    { key: 'What information', value: input.what, field: 'what' },
    { key: input.shared ? 'Shared with' : 'Not shared with', value: agencies, field: 'withAgencyIds' },
    {
      key: 'Lawful basis',
      value: input.lawfulBasis ? LAWFUL_BASES[input.lawfulBasis] : 'None given',
      field: 'lawfulBasis',
    },
    { key: input.shared ? 'Reason' : 'Why not', value: input.reason, field: 'reason' },
    { key: 'Decided', value: londonDateTime(input.at), field: 'at' },
  ]
}
