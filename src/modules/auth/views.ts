import { view, type FormPageData } from '../../web/render.ts'

// What each sign-in and account page shows: the data its template reads, typed where it is built.

export interface SignInPage extends FormPageData {
  lockAfter: number
  lockMinutes: number
}

export type SecurityCodePage = FormPageData

export interface SetUpAuthenticatorPage extends FormPageData {
  /** The key to type into the app, and the same as a QR code; none for a request with no one signing in. */
  secret?: string
  qrDataUrl?: string
}

export interface InvitationPage extends FormPageData {
  email: string
}

export type ChangePasswordPage = FormPageData

export const signInPage = view<SignInPage>('auth/views/sign-in.njk')
export const securityCodePage = view<SecurityCodePage>('auth/views/security-code.njk')
export const setUpAuthenticatorPage = view<SetUpAuthenticatorPage>('auth/views/set-up-authenticator.njk')
export const invitationPage = view<InvitationPage>('auth/views/invitation.njk')
export const changePasswordPage = view<ChangePasswordPage>('auth/views/change-password.njk')
