import { z } from 'zod'
import { APPROVAL_KINDS, APPROVAL_STATUSES } from '../../kernel/codes/families.ts'
import { pageQuery } from '../../web/api-contract.ts'
import { codesOf } from '../../web/input.ts'

const text = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .max(10_000, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be 10,000 characters or fewer`)
    .trim()
    .min(1, `Enter ${what}`)

export const kindField = z.enum(codesOf(APPROVAL_KINDS), 'Choose what you are asking a manager to approve')
export const askReasonField = text('why you are asking')
export const decisionReasonField = text('the reason for your decision')

export const askSchema = z.strictObject({
  kind: kindField,
  childId: z.uuid('Choose the child').nullable().optional(),
  reason: askReasonField,
})
export type AskInput = z.infer<typeof askSchema>

export const decideSchema = z.strictObject({ reason: decisionReasonField })
export type DecideInput = z.infer<typeof decideSchema>

export const listQuery = z.strictObject({
  status: z.enum(APPROVAL_STATUSES, 'Choose pending, approved or returned').optional(),
  ...pageQuery,
})

export const approvalOut = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  kind: z.string(),
  childId: z.string().nullable(),
  childName: z.string().nullable(),
  reason: z.string(),
  askedByUserId: z.string(),
  askedByName: z.string(),
  askedAt: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  decidedByUserId: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  version: z.number(),
})
