import { z } from 'zod'
import { CIVIL_ORDER_KINDS, MAPPA_CATEGORIES, MAPPA_LEVELS, RISK_LEVELS, RISK_TOOLS } from '../../kernel/codes/risk.ts'
import { dateInput } from '../../web/date-input.ts'
import { londonDate as inWords, type NotAfter } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import {
  civilOrderFields,
  civilOrderRules,
  managementFields,
  riskAssessmentFields,
  riskAssessmentRules,
  type ManagementChange,
  type NewCivilOrder,
  type NewRiskAssessment,
} from './person-schema.ts'

// The pages' forms: the API's fields as people type them (dates in three boxes, choices as radios and selects),
// none pre-answered except how a person is managed, which the form changes and so starts from what is recorded.

/** A choice or box left empty is the question unanswered, with the field's own message. */
const chosen = <T extends z.ZodType<unknown, string | undefined>>(field: T) =>
  z
    .string()
    .optional()
    .transform(v => (v === '' ? undefined : v))
    .pipe(field)

/** A box that may be left empty: empty is null. */
const optional = <T extends z.ZodType<unknown, string>>(field: T) =>
  z
    .string()
    .optional()
    .transform(v => (v === undefined || v.trim() === '' ? null : v))
    .pipe(field.nullable())

export const civilOrderForm = defineForm({
  fields: ['kind', 'otherKind', 'startsOn', 'expiresOn', 'prohibitions'],
  dateInputs: ['startsOn', 'expiresOn'],
  schema: z
    .strictObject({
      kind: chosen(civilOrderFields.kind),
      otherKind: optional(civilOrderFields.otherKind),
      startsOn: dateInput('Date the order starts', { required: 'Enter the date the order starts' }),
      expiresOn: dateInput('Expiry date'),
      prohibitions: chosen(civilOrderFields.prohibitions),
    })
    .superRefine(civilOrderRules),
  toInput: (typed): NewCivilOrder => typed,
})

export function civilOrderAnswers(input: NewCivilOrder): Answer[] {
  return [
    { key: 'Kind of order', value: CIVIL_ORDER_KINDS[input.kind], field: 'kind' },
    ...(input.otherKind ? [{ key: 'Name of the order', value: input.otherKind, field: 'otherKind' }] : []),
    { key: 'Starts', value: inWords(input.startsOn), field: 'startsOn' },
    { key: 'Expires', value: input.expiresOn ? inWords(input.expiresOn) : 'No expiry date', field: 'expiresOn' },
    { key: 'What it prohibits or requires', value: input.prohibitions, field: 'prohibitions' },
  ]
}

export function riskAssessmentForm(today: NotAfter) {
  const f = riskAssessmentFields(today)
  return defineForm({
    fields: ['tool', 'toolName', 'assessedOn', 'assessorAgencyId', 'level', 'summary', 'nextReviewOn'],
    dateInputs: ['assessedOn', 'nextReviewOn'],
    schema: z
      .strictObject({
        tool: chosen(f.tool),
        toolName: optional(f.toolName),
        assessedOn: dateInput('Date of the assessment', {
          required: 'Enter the date of the assessment',
          notAfter: today,
        }),
        assessorAgencyId: chosen(f.assessorAgencyId),
        level: chosen(f.level),
        summary: chosen(f.summary),
        nextReviewOn: dateInput('Next review date', { required: 'Enter the next review date' }),
      })
      .superRefine(riskAssessmentRules),
    toInput: (typed): NewRiskAssessment => typed,
  })
}

export function riskAssessmentAnswers(input: NewRiskAssessment, agencyName: string): Answer[] {
  return [
    { key: 'Tool', value: input.toolName ?? RISK_TOOLS[input.tool], field: 'tool' },
    { key: 'Assessed on', value: inWords(input.assessedOn), field: 'assessedOn' },
    { key: 'Assessed by', value: agencyName, field: 'assessorAgencyId' },
    { key: 'Level of risk', value: RISK_LEVELS[input.level], field: 'level' },
    { key: 'Summary', value: input.summary, field: 'summary' },
    { key: 'Next review', value: inWords(input.nextReviewOn), field: 'nextReviewOn' },
  ]
}

/** How a person is managed: every field is on the form, so one left empty clears it. */
export const managementForm = defineForm({
  fields: ['mappaCategory', 'mappaLevel', 'probationContactUserId', 'policeLeadUserId'],
  schema: z.strictObject({
    version: z.coerce.number('Reload the page and try again').int('Reload the page and try again').min(0),
    mappaCategory: optional(managementFields.mappaCategory),
    mappaLevel: optional(managementFields.mappaLevel),
    probationContactUserId: optional(managementFields.probationContactUserId),
    policeLeadUserId: optional(managementFields.policeLeadUserId),
  }),
  toInput: (typed): ManagementChange => typed,
  fieldOf: { version: 'mappaCategory' },
  conflict: {
    field: 'mappaCategory',
    message: 'Someone else changed how this person is managed while you were editing it. Check it, then save again',
  },
})

export function managementAnswers(
  input: ManagementChange,
  names: { probationContact: string | null; policeLead: string | null },
): Answer[] {
  return [
    {
      key: 'MAPPA category',
      value: input.mappaCategory ? MAPPA_CATEGORIES[input.mappaCategory] : 'None',
      field: 'mappaCategory',
    },
    { key: 'MAPPA level', value: input.mappaLevel ? MAPPA_LEVELS[input.mappaLevel] : 'None', field: 'mappaLevel' },
    { key: 'Probation contact', value: names.probationContact ?? 'None', field: 'probationContactUserId' },
    { key: 'Police lead', value: names.policeLead ?? 'None', field: 'policeLeadUserId' },
  ]
}
