import { z } from 'zod'
import { isRole } from '../../kernel/roles.ts'
import { defineForm } from '../../web/form-page.ts'
import { newAgencyForm, newUserForm } from './schema.ts'

/** Add a user: the roles are checkboxes; the clinical experience one ticked box. */
export const newUser = defineForm({
  fields: ['displayName', 'email', 'agencyId', 'roles', 'csaClinicalExperience'],
  lists: ['roles'],
  schema: newUserForm,
  toInput: ({ csaClinicalExperience, roles, ...rest }) => ({
    ...rest,
    roles: roles.filter(isRole),
    csaClinicalExperience: csaClinicalExperience === 'yes',
  }),
})

export const newAgency = defineForm({
  fields: ['name', 'kind'],
  schema: newAgencyForm,
  toInput: body => body,
})

/** Disabling an account asks only for the button; what may refuse it (one's own account) is said beside it. */
export const disableUser = defineForm({
  fields: ['confirm'],
  schema: z.strictObject({}),
  toInput: () => undefined,
  fieldOf: { id: 'confirm' },
})
