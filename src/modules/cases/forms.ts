import { z } from 'zod'
import { VISIBILITIES } from '../../kernel/codes/cases.ts'
import { dateInput } from '../../web/date-input.ts'
import { fromLondon } from '../../web/dates.ts'
import { timeInput } from '../../web/time-input.ts'
import { defineForm } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import { entrySchema, visibilitySchema } from './chronology.ts'
import {
  addAdultSchema,
  addChildSchema,
  changeLeadSchema,
  linkEpisodeSchema,
  openCaseSchema,
  reasonSchema,
  removePersonSchema,
  reopenSchema,
} from './schema.ts'

// The case pages' forms. Each field is checked by the API's own schema for it; the forms differ from the API
// only in how the page asks (a date input and a time, one role select per person, two small team forms).

/** The version of a record the page was read at, sent back in a hidden field: the user can only reload. */
const pageVersion = z.coerce
  .number('Reload the page and try again')
  .int('Reload the page and try again')
  .positive('Reload the page and try again')

/** Open a case about the child the page is about: a title, and a role (or none) for each person around them. */
export const newCaseForm = defineForm({
  fields: ['title', 'people'],
  // The child is fixed by the page: a problem with it is told at the title.
  fieldOf: { childId: 'title', childIds: 'title' },
  // One select per person, `role-<their id>`, read as the list of people in the case.
  read: (body: FormValues) => {
    const people = Object.entries(body)
      .filter(([key, role]) => key.startsWith('role-') && role !== '')
      .map(([key, role]) => ({ personId: key.slice('role-'.length), role }))
    return { ...Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('role-'))), people }
  },
  schema: z.strictObject({
    childId: z.uuid('Choose the child'),
    title: openCaseSchema.shape.title,
    people: openCaseSchema.shape.people,
  }),
  toInput: ({ childId, title, people }) => ({ title, childIds: [childId], people }),
})

export const closeCaseForm = defineForm({
  fields: ['reason'],
  schema: reasonSchema('the case is closing'),
  toInput: ({ reason }) => reason,
})

export const breakGlassForm = defineForm({
  fields: ['reason'],
  schema: reasonSchema('you need to see this case'),
  toInput: ({ reason }) => reason,
})

/**
 * Add to the team: two small forms post here, one choosing an agency, the other a practitioner. Each asks
 * for its own choice; the API's schema (memberSchema) takes either, and names a user rather than a practitioner.
 */
export const addMemberForm = defineForm({
  fields: ['agencyId', 'userId'],
  schema: z
    .strictObject({
      agencyId: z.uuid('Select an agency').optional(),
      userId: z.uuid('Select a practitioner').optional(),
    })
    .superRefine((value, ctx) => {
      if (value.agencyId === undefined && value.userId === undefined)
        ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'Select an agency' })
      if (value.agencyId !== undefined && value.userId !== undefined)
        ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Select a practitioner' })
    }),
  toInput: ({ agencyId, userId }): { agencyId: string } | { userId: string } =>
    agencyId !== undefined ? { agencyId } : { userId: userId ?? '' },
})

/** Remove a member: the button in their row is the whole form; what may refuse it is told at the team table. */
export const removeMemberForm = defineForm({
  fields: ['memberId'],
  schema: z.strictObject({}),
  toInput: () => undefined,
})

/** A new lead, decided on the version of the case the user read; someone else's change first is a conflict. */
export const changeLeadForm = defineForm({
  fields: ['leadUserId'],
  schema: z.strictObject({ leadUserId: changeLeadSchema.shape.leadUserId, version: pageVersion }),
  toInput: lead => lead,
  fieldOf: { version: 'leadUserId' },
  conflict: { field: 'leadUserId' },
})

/**
 * Who can see an entry: a sealed one names people, and names ticked with any other choice are refused, never
 * silently dropped (issue 11: a refuge address saved for everyone because "everyone" was still chosen). The names sit
 * beneath "Only the people I name", so the error is on that choice, which is what the user most likely meant.
 */
function sealedNeedsPeople(entry: { visibility: string; sealedFor: string[] }, ctx: z.RefinementCtx) {
  if (entry.visibility === 'sealed' && entry.sealedFor.length === 0)
    ctx.addIssue({ code: 'custom', path: ['sealedFor'], message: 'Choose who may read a sealed entry' })
  if (entry.visibility !== 'sealed' && entry.sealedFor.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['visibility'],
      message: `You named people who may read it: choose “${VISIBILITIES.sealed}”, or untick the names`,
    })
}

/** Add to the chronology: what happened, on what day and at what time in England, and who can see it. */
export function newEntryForm(now: () => Date) {
  const entry = entrySchema(now).shape
  return defineForm({
    fields: ['kind', 'occurredAt', 'occurredAtTime', 'childId', 'summary', 'visibility', 'sealedFor'],
    dateInputs: ['occurredAt'],
    lists: ['sealedFor'],
    schema: z
      .strictObject({
        kind: entry.kind,
        occurredAt: dateInput('The date it happened', { required: 'Enter the date it happened' }),
        occurredAtTime: timeInput('The time it happened', { required: 'Enter the time it happened' }),
        childId: z
          .string()
          .optional()
          .transform(v => (v === '' ? undefined : v))
          .pipe(entry.childId),
        summary: entry.summary,
        // Asked on the page; the API's default (everyone who can read the case) is not the page's.
        visibility: visibilitySchema.shape.visibility,
        sealedFor: entry.sealedFor,
      })
      .superRefine((typed, ctx) => {
        sealedNeedsPeople(typed, ctx)
        // The day and the time, each readable, make a moment, which the API's rule for it checks (not ahead of now).
        if (typeof typed.occurredAt !== 'string' || typeof typed.occurredAtTime !== 'string') return
        const moment = entry.occurredAt.safeParse(momentOf(typed).toISOString())
        if (!moment.success)
          ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: moment.error.issues[0]?.message ?? '' })
      }),
    toInput: typed => {
      const { occurredAtTime: _time, ...rest } = typed
      return { ...rest, occurredAt: momentOf(typed) }
    },
  })
}

function momentOf(typed: { occurredAt: string; occurredAtTime: string }): Date {
  return fromLondon(typed.occurredAt, typed.occurredAtTime)
}

/** Change who can see an entry, with the reason the case team and auditors will read. */
export const visibilityForm = defineForm({
  fields: ['visibility', 'sealedFor', 'reason'],
  lists: ['sealedFor'],
  schema: z
    .strictObject({
      visibility: visibilitySchema.shape.visibility,
      sealedFor: visibilitySchema.shape.sealedFor,
      reason: visibilitySchema.shape.reason,
    })
    .superRefine(sealedNeedsPeople),
  toInput: change => change,
})

/**
 * Add a child: who (one of the people around the case's children), as what, and why. The page asks for the role
 * (nothing is pre-answered); the API takes the child the case is about when it is left out.
 */
export const addChildForm = defineForm({
  fields: ['personId', 'role', 'reason'],
  schema: z.strictObject({
    personId: addChildSchema.shape.personId,
    role: addChildSchema.shape.role.unwrap(),
    reason: addChildSchema.shape.reason,
    version: pageVersion,
  }),
  toInput: input => input,
  fieldOf: { version: 'personId' },
  conflict: { field: 'personId' },
})

export const addAdultForm = defineForm({
  fields: ['personId', 'role', 'reason'],
  schema: z.strictObject({
    personId: addAdultSchema.shape.personId,
    role: addAdultSchema.shape.role,
    reason: addAdultSchema.shape.reason,
    version: pageVersion,
  }),
  toInput: input => input,
  fieldOf: { version: 'personId' },
  conflict: { field: 'personId' },
})

/** Remove a child or an adult: the confirmation page asks why. A problem with the person is told at the reason. */
export const removePersonForm = defineForm({
  fields: ['reason'],
  schema: z.strictObject({ reason: removePersonSchema.shape.reason, version: pageVersion }),
  toInput: input => input,
  fieldOf: { version: 'reason', personId: 'reason' },
  conflict: { field: 'reason' },
})

export const reopenForm = defineForm({
  fields: ['reason'],
  schema: z.strictObject({ reason: reopenSchema.shape.reason, version: pageVersion }),
  toInput: input => input,
  fieldOf: { version: 'reason' },
  conflict: { field: 'reason' },
})

export const linkEpisodeForm = defineForm({
  fields: ['earlierCaseId'],
  schema: z.strictObject({ earlierCaseId: linkEpisodeSchema.shape.earlierCaseId, version: pageVersion }),
  toInput: input => input,
  fieldOf: { version: 'earlierCaseId' },
  conflict: { field: 'earlierCaseId' },
})
