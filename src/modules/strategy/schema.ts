import { z } from 'zod'
import { ABUSE_CATEGORIES, type AbuseCategory } from '../../kernel/codes/cases.ts'
import { AGENCY_KINDS, type AgencyKind } from '../../kernel/roles.ts'
import { londonDate } from '../../kernel/working-days.ts'
import { isoDate, isoTimestamp } from '../../web/dates.ts'
import { codesOf, versionField } from '../../web/input.ts'

/** Free text a practitioner writes, trimmed, required, with the field named in each message. */
export function text(label: string, max: number, required = `Enter ${label}`) {
  return z
    .string({ error: required })
    .max(max, `${sentenceCase(label)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .trim()
    .min(1, required)
}

function sentenceCase(label: string): string {
  const bare = label.replace(/^(the|a|an) /, '')
  return bare.charAt(0).toUpperCase() + bare.slice(1)
}

export const attendeeSchema = z.strictObject({
  name: text('the attendee’s name', 200),
  agencyKind: z.enum(codesOf(AGENCY_KINDS), 'Choose the attendee’s agency from the list'),
  role: text('the attendee’s role', 200),
  csaClinicalExperience: z.boolean({
    error: 'Say whether the attendee has clinical experience of child sexual abuse',
  }),
})

export const actionSchema = z
  .strictObject({
    title: text('what the action is', 500),
    childId: z.uuid('The child of an action must be a child of the case').optional(),
    ownerUserId: z.uuid('Choose who owns the action').optional(),
    ownerAgencyId: z.uuid('Choose which agency owns the action').optional(),
    dueOn: isoDate('The action’s due date'),
  })
  .superRefine((action, ctx) => {
    if (!action.ownerUserId && !action.ownerAgencyId)
      ctx.addIssue({ code: 'custom', path: ['ownerUserId'], message: 'Choose who owns the action' })
    if (action.ownerUserId && action.ownerAgencyId)
      ctx.addIssue({
        code: 'custom',
        path: ['ownerAgencyId'],
        message: 'An action has one owner: a practitioner or an agency, not both',
      })
  })

export const decisionsSchema = z.strictObject({
  section47: z.boolean({ error: 'Say whether to start a section 47 enquiry' }),
  policeInvestigation: z.boolean({ error: 'Say whether to start a police investigation' }),
  abeInterview: z.boolean({ error: 'Say whether to plan an ABE interview' }),
  healthAssessment: z.boolean({ error: 'Say whether to arrange a health assessment' }),
  immediateProtection: z.boolean({ error: 'Say whether the child needs protecting now' }),
})

/** A strategy discussion as the API and the form's answers give it; `now` bounds when it can have been held. */
export function strategySchema(now: () => Date) {
  return z
    .strictObject({
      heldAt: isoTimestamp('When it was held', { notAfter: now }),
      childIds: z
        .array(z.uuid('Choose the children the discussion was about'), {
          error: 'Choose the children the discussion was about',
        })
        .min(1, 'Choose the children the discussion was about')
        .max(50),
      categories: z
        .array(z.enum(codesOf(ABUSE_CATEGORIES), 'Choose the categories of abuse from the list'), {
          error: 'Choose the categories of abuse suspected',
        })
        .min(1, 'Choose the categories of abuse suspected')
        .max(5),
      attendees: z
        .array(attendeeSchema, { error: 'Add at least one attendee' })
        .min(1, 'Add at least one attendee')
        .max(100),
      healthConsultation: z
        .strictObject({
          name: text('the name of the health professional consulted', 200),
          role: text('the role of the health professional consulted', 200),
          at: isoTimestamp('When they were consulted', { notAfter: now }),
          advice: text('what the health professional advised', 20_000),
        })
        .optional(),
      informationShared: text('the information shared', 20_000),
      decisions: decisionsSchema,
      rationale: text('the reasons for the decisions', 20_000),
      actions: z.array(actionSchema).max(100).default([]),
      complete: z.boolean({ error: 'Say whether the record is complete or a draft' }),
    })
    .superRefine((discussion, ctx) => {
      // An action agreed at the discussion cannot have been due before it. (A refused time was never read as one.)
      if (!((discussion.heldAt as unknown) instanceof Date)) return
      const held = londonDate(discussion.heldAt)
      discussion.actions.forEach((action, i) => {
        if (action.dueOn < held)
          ctx.addIssue({
            code: 'custom',
            path: ['actions', i, 'dueOn'],
            message: 'The action’s due date must be on or after the day of the discussion',
          })
      })
    })
}

export type StrategyInput = z.output<ReturnType<typeof strategySchema>>

export interface AttendeeInput {
  name: string
  agencyKind: AgencyKind
  role: string
  csaClinicalExperience: boolean
}
export type Categories = AbuseCategory[]

export const completeSchema = z.strictObject({ version: versionField() })
