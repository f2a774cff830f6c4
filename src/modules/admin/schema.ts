import { z } from 'zod'
import { formList } from '../../web/forms.ts'
import { AGENCY_KINDS, ROLE_NAMES } from '../../kernel/roles.ts'

const agencyKinds = Object.keys(AGENCY_KINDS) as [keyof typeof AGENCY_KINDS, ...(keyof typeof AGENCY_KINDS)[]]

const oneOrMany = z.preprocess(formList, z.array(z.string()))

export const newUserForm = z.strictObject({
  displayName: z.string().max(200, 'Full name must be 200 characters or fewer').trim().min(1, 'Enter the full name'),
  email: z
    .string()
    .max(320, 'Email address must be 320 characters or fewer')
    .trim()
    .min(1, 'Enter an email address')
    .pipe(z.email('Enter an email address in the correct format, like name@example.org')),
  agencyId: z.uuid('Select an agency'),
  roles: oneOrMany.pipe(
    z
      .array(z.enum(ROLE_NAMES as [string, ...string[]], 'Select a role from the list'))
      .min(1, 'Select at least one role'),
  ),
  csaClinicalExperience: z.enum(['yes']).optional(),
})

export const newAgencyForm = z.strictObject({
  name: z.string().max(200, 'Agency name must be 200 characters or fewer').trim().min(1, 'Enter the agency name'),
  kind: z.enum(agencyKinds, 'Select the kind of agency'),
})

export const newUserApi = z.strictObject({
  displayName: z.string().max(200).trim().min(1),
  email: z.string().max(320).trim().pipe(z.email()),
  agencyId: z.uuid(),
  roles: z.array(z.enum(ROLE_NAMES as [string, ...string[]])).min(1),
  csaClinicalExperience: z.boolean().optional(),
})
