import { z } from 'zod'
import { versionField } from '../../web/input.ts'
import { ADULT_ROLES, CHILD_ROLES } from '../../kernel/codes/cases.ts'

const roleCodes = Object.keys(ADULT_ROLES) as [keyof typeof ADULT_ROLES, ...(keyof typeof ADULT_ROLES)[]]
const childRoleCodes = Object.keys(CHILD_ROLES) as [keyof typeof CHILD_ROLES, ...(keyof typeof CHILD_ROLES)[]]

export const openCaseSchema = z.strictObject({
  title: z
    .string({ error: 'Enter a title for the case' })
    .max(200, 'Title must be 200 characters or fewer')
    .trim()
    .min(1, 'Enter a title for the case'),
  childIds: z
    .array(z.uuid('Each child must be a person id'))
    .min(1, 'Add at least one child: a case is about one or more children')
    .max(20),
  people: z
    .array(z.strictObject({ personId: z.uuid(), role: z.enum(roleCodes, 'Select a role from the list') }))
    .max(50)
    .default([])
    .refine(
      people => new Set(people.map(p => `${p.personId} ${p.role}`)).size === people.length,
      'Name each adult in each role once',
    ),
})

/**
 * An agency or a user, exactly one. One object with both optional, not a union, so a bad id is named as
 * `agencyId` or `userId` rather than as the whole body.
 */
export const memberSchema = z
  .strictObject({ agencyId: z.uuid('Select an agency').optional(), userId: z.uuid('Select a user').optional() })
  .superRefine((value, ctx) => {
    if (value.agencyId === undefined && value.userId === undefined)
      ctx.addIssue({ code: 'custom', path: ['agencyId'], message: 'Select an agency or a user' })
    if (value.agencyId !== undefined && value.userId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'Select an agency or a user, not both' })
  })
  .transform((value): { agencyId: string } | { userId: string } =>
    value.agencyId !== undefined ? { agencyId: value.agencyId } : { userId: value.userId ?? '' },
  )

/** A new lead, decided on the version of the case the user read. */
export const changeLeadSchema = z.strictObject({
  version: versionField('Send the version of the case you read'),
  leadUserId: z.uuid('Select the new lead practitioner'),
})

export const reasonSchema = (what: string) =>
  z.strictObject({
    reason: z
      .string({ error: `Enter why ${what}` })
      .max(2000, 'Reason must be 2,000 characters or fewer')
      .trim()
      .min(10, `Enter why ${what}, in at least 10 characters`),
  })

const reasonField = (what: string) => reasonSchema(what).shape.reason

/**
 * The version of the case the writer read: optional in the API (a client that sends it is told, 409, when someone
 * changed the case first); the pages always send it.
 */
const readVersion = versionField('Send the version of the case you read').optional()

export const addChildSchema = z.strictObject({
  personId: z.uuid('Choose the child to add'),
  role: z.enum(childRoleCodes, 'Select a role from the list').optional(),
  reason: reasonField('the child is joining the case'),
  version: readVersion,
})

export const addAdultSchema = z.strictObject({
  personId: z.uuid('Choose the person to add'),
  role: z.enum(roleCodes, 'Select a role from the list'),
  reason: reasonField('they are joining the case'),
  version: readVersion,
})

export const removePersonSchema = z.strictObject({
  reason: reasonField('they are leaving the case'),
  version: readVersion,
})

export const reopenSchema = z.strictObject({ reason: reasonField('the case is reopening'), version: readVersion })

export const linkEpisodeSchema = z.strictObject({
  earlierCaseId: z.uuid('Choose the earlier case'),
  version: readVersion,
})
