import { z } from 'zod'

export const ADULT_ROLES = {
  parent: 'Parent', carer: 'Carer', non_abusing_parent: 'Non-abusing parent or carer', alleged_perpetrator: 'Alleged perpetrator',
  sibling: 'Sibling', other: 'Other',
} as const

const roleCodes = Object.keys(ADULT_ROLES) as [keyof typeof ADULT_ROLES, ...(keyof typeof ADULT_ROLES)[]]

export const openCaseSchema = z.strictObject({
  title: z.string({ error: 'Enter a title for the case' }).trim().min(1, 'Enter a title for the case').max(200, 'Title must be 200 characters or fewer'),
  childIds: z.array(z.uuid('Each child must be a person id')).min(1, 'Add at least one child: a case is about one or more children').max(20),
  people: z.array(z.strictObject({ personId: z.uuid(), role: z.enum(roleCodes, 'Select a role from the list') })).max(50).default([]),
})

export const memberSchema = z.union([z.strictObject({ agencyId: z.uuid('Select an agency') }), z.strictObject({ userId: z.uuid('Select a user') })])

/** A new lead, decided on the version of the case the user read. */
export const changeLeadSchema = z.strictObject({
  version: z.number('Send the version of the case you read').int().positive(),
  leadUserId: z.uuid('Select the new lead practitioner'),
})

export const reasonSchema = (what: string) =>
  z.strictObject({ reason: z.string({ error: `Enter why ${what}` }).trim().min(10, `Enter why ${what}, in at least 10 characters`).max(2000, 'Reason must be 2,000 characters or fewer') })
