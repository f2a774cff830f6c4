import { z } from 'zod'
import { CIVIL_ORDER_KINDS, MAPPA_CATEGORIES, MAPPA_LEVELS, RISK_LEVELS, RISK_TOOLS } from '../../kernel/codes/risk.ts'
import { isoDate, type NotAfter } from '../../web/dates.ts'
import { codesOf, INT4_MAX } from '../../web/input.ts'

// What is known about a person beyond their offending history (issue 14): civil orders, risk assessments kept as a
// history, and how the person is managed. One schema each for the API's body; the forms read their boxes into it.

const text = (what: string, max: number, empty: string) =>
  z
    .string({ error: empty })
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .min(1, empty)

export const EXPIRES_BEFORE_START = 'Expiry date must be after the date the order starts'
export const OTHER_KIND_NEEDED = 'Enter the name of the order'
export const OTHER_KIND_REFUSED = 'Name the order only when it is another kind of order'
export const TOOL_NAME_NEEDED = 'Enter the name of the local tool'
export const TOOL_NAME_REFUSED = 'Name the tool only when it is a locally named tool'
export const REVIEW_NOT_AFTER = 'Next review date must be after the date of the assessment'
export const LEVEL_WITHOUT_CATEGORY = 'Select a MAPPA category before a level: a level is of MAPPA management'

export const civilOrderFields = {
  kind: z.enum(codesOf(CIVIL_ORDER_KINDS), 'Select the kind of order'),
  otherKind: text('Name of the order', 200, OTHER_KIND_NEEDED),
  startsOn: isoDate('Date the order starts'),
  expiresOn: isoDate('Expiry date'),
  prohibitions: text('Prohibitions', 10_000, 'Enter what the order prohibits or requires'),
}

/** What a civil order's fields say together: `other` is named, and an order expires after it starts. */
export function civilOrderRules(
  value: { kind: string; otherKind?: string | null | undefined; startsOn: string; expiresOn?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.kind === 'other' && !value.otherKind)
    ctx.addIssue({ code: 'custom', path: ['otherKind'], message: OTHER_KIND_NEEDED })
  if (value.kind !== 'other' && value.otherKind)
    ctx.addIssue({ code: 'custom', path: ['otherKind'], message: OTHER_KIND_REFUSED })
  if (value.expiresOn && value.startsOn && value.expiresOn <= value.startsOn)
    ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: EXPIRES_BEFORE_START })
}

export const civilOrderSchema = z
  .strictObject({
    kind: civilOrderFields.kind,
    otherKind: civilOrderFields.otherKind.nullable().optional(),
    startsOn: civilOrderFields.startsOn,
    expiresOn: civilOrderFields.expiresOn.nullable().optional(),
    prohibitions: civilOrderFields.prohibitions,
  })
  .superRefine(civilOrderRules)

export type NewCivilOrder = z.output<typeof civilOrderSchema>

export function riskAssessmentFields(today: NotAfter) {
  return {
    tool: z.enum(codesOf(RISK_TOOLS), 'Select the tool used'),
    toolName: text('Name of the tool', 200, TOOL_NAME_NEEDED),
    // An assessment is of what was known then: one dated in the future has not happened.
    assessedOn: isoDate('Date of the assessment', { notAfter: today }),
    assessorAgencyId: z.uuid('Select the agency that made the assessment'),
    level: z.enum(codesOf(RISK_LEVELS), 'Select the level of risk the assessment found'),
    summary: text('Summary', 10_000, 'Enter a summary of the assessment'),
    nextReviewOn: isoDate('Next review date'),
  }
}

export function riskAssessmentRules(
  value: { tool: string; toolName?: string | null | undefined; assessedOn: string; nextReviewOn: string },
  ctx: z.RefinementCtx,
): void {
  if (value.tool === 'local' && !value.toolName)
    ctx.addIssue({ code: 'custom', path: ['toolName'], message: TOOL_NAME_NEEDED })
  if (value.tool !== 'local' && value.toolName)
    ctx.addIssue({ code: 'custom', path: ['toolName'], message: TOOL_NAME_REFUSED })
  if (value.assessedOn && value.nextReviewOn && value.nextReviewOn <= value.assessedOn)
    ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: REVIEW_NOT_AFTER })
}

export function riskAssessmentSchema(today: NotAfter) {
  const f = riskAssessmentFields(today)
  return z.strictObject({ ...f, toolName: f.toolName.nullable().optional() }).superRefine(riskAssessmentRules)
}

export type NewRiskAssessment = z.output<ReturnType<typeof riskAssessmentSchema>>

/** The version read: 0 when nothing has been recorded yet, so the first change is checked like any other. */
const versionRead = z
  .number({ error: 'Send the version you read (0 when none is recorded)' })
  .int('Send the version you read (0 when none is recorded)')
  .min(0, 'Send the version you read (0 when none is recorded)')
  .max(INT4_MAX, 'Send the version you read (0 when none is recorded)')

export const managementFields = {
  mappaCategory: z.enum(codesOf(MAPPA_CATEGORIES), 'Select a MAPPA category from the list'),
  mappaLevel: z.enum(codesOf(MAPPA_LEVELS), 'Select a MAPPA level from the list'),
  probationContactUserId: z.uuid('Select the probation contact from the list'),
  policeLeadUserId: z.uuid('Select the police lead from the list'),
}

/** A change to how a person is managed: null clears a field, an absent one is left as it is. */
export const managementPatch = z.strictObject({
  version: versionRead,
  mappaCategory: managementFields.mappaCategory.nullable().optional(),
  mappaLevel: managementFields.mappaLevel.nullable().optional(),
  probationContactUserId: managementFields.probationContactUserId.nullable().optional(),
  policeLeadUserId: managementFields.policeLeadUserId.nullable().optional(),
})

export type ManagementChange = z.output<typeof managementPatch>

const contactOut = z.object({ userId: z.string(), name: z.string(), email: z.string() }).nullable()

export const civilOrderOut = z.object({
  id: z.string(),
  kind: z.enum(codesOf(CIVIL_ORDER_KINDS)),
  otherKind: z.string().nullable(),
  startsOn: z.string(),
  expiresOn: z.string().nullable(),
  expired: z.boolean(),
  prohibitions: z.string(),
  recordedBy: z.string(),
  recordedByAgencyName: z.string(),
  recordedAt: z.date(),
})

export const riskAssessmentOut = z.object({
  id: z.string(),
  tool: z.enum(codesOf(RISK_TOOLS)),
  toolName: z.string().nullable(),
  assessedOn: z.string(),
  ageInMonths: z.number(),
  assessorAgencyId: z.string(),
  assessorAgencyName: z.string(),
  level: z.enum(codesOf(RISK_LEVELS)),
  summary: z.string(),
  nextReviewOn: z.string(),
  recordedBy: z.string(),
  recordedAt: z.date(),
})

export const managementOut = z.object({
  version: z.number(),
  mappaCategory: z.enum(codesOf(MAPPA_CATEGORIES)).nullable(),
  mappaLevel: z.enum(codesOf(MAPPA_LEVELS)).nullable(),
  probationContact: contactOut,
  policeLead: contactOut,
  updatedAt: z.date().nullable(),
})

export const offendingOut = z.object({
  id: z.string(),
  kind: z.string(),
  date: z.string(),
  endsOn: z.string().nullable(),
  registrationPeriod: z.string().nullable(),
  description: z.string(),
  sourceAgencyId: z.string(),
  sourceAgencyName: z.string(),
  recordedBy: z.string(),
  recordedByAgencyName: z.string(),
  recordedAt: z.date(),
})

/**
 * What is known about a person, as the API answers it. A reader who may not see the detail gets `access:
 * 'minimum'`, whether anything is known, and whom to contact: the detail fields are absent.
 */
export const personRiskOut = z.object({
  personId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  access: z.enum(['full', 'minimum']),
  somethingKnown: z.boolean(),
  contacts: z.object({ probationContact: contactOut, policeLead: contactOut }),
  offendingHistory: z.array(offendingOut).optional(),
  civilOrders: z.array(civilOrderOut).optional(),
  riskAssessments: z.array(riskAssessmentOut).optional(),
  latestAssessment: z
    .object({ id: z.string(), current: z.boolean(), reviewOverdue: z.boolean() })
    .nullable()
    .optional(),
  management: managementOut.optional(),
})
