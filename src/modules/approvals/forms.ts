import { z } from 'zod'
import { APPROVAL_KINDS } from '../../kernel/codes/families.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import { askReasonField, decisionReasonField, kindField, type AskInput, type DecideInput } from './schema.ts'

/** Asking a manager: what for, about which child, and why. */
export const askForm = defineForm({
  fields: ['kind', 'childId', 'reason'],
  anchors: { kind: 'kind', childId: 'childId' },
  schema: z.strictObject({
    kind: kindField,
    childId: z
      .string()
      .optional()
      .transform(v => v ?? '')
      .pipe(z.union([z.literal(''), z.uuid('Choose the child')])),
    reason: askReasonField,
  }),
  toInput: (value): AskInput => ({ kind: value.kind, childId: value.childId || null, reason: value.reason }),
})

export function askAnswers(childName: string | null, input: AskInput): Answer[] {
  return [
    { key: 'What a manager is asked to approve', value: APPROVAL_KINDS[input.kind], field: 'kind' },
    { key: 'Child', value: childName ?? 'The whole case', field: 'childId' },
    { key: 'Why you are asking', value: input.reason, field: 'reason' },
  ]
}

/** Approving or returning: the reason for the decision. */
export const decideForm = defineForm({
  fields: ['reason'],
  schema: z.strictObject({ reason: decisionReasonField }),
  toInput: (value): DecideInput => ({ reason: value.reason }),
  conflict: { field: 'reason' },
})
