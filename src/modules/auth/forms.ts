import { defineForm } from '../../web/form-page.ts'
import { changePasswordForm, invitationForm, securityCodeForm, signInForm } from './schema.ts'

export const signIn = defineForm({ fields: ['email', 'password'], schema: signInForm, toInput: body => body })

/** The 6-digit code from an authenticator app, at every sign-in and when setting the app up. */
export const securityCode = defineForm({ fields: ['code'], schema: securityCodeForm, toInput: body => body.code })

export const invitation = defineForm({
  fields: ['password', 'confirmPassword'],
  schema: invitationForm,
  toInput: body => body.password,
})

export const changePassword = defineForm({
  fields: ['currentPassword', 'newPassword', 'confirmPassword'],
  schema: changePasswordForm,
  toInput: ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }),
})
