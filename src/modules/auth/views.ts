import { view, type FormPageData } from '../../web/render.ts'

// What each sign-in and account page shows: the data its template reads, typed where it is built.

/** Each step of signing in carries the page the person was on, to go back to once they are in. */
interface SignInStep extends FormPageData {
  returnTo?: string | undefined
}

export interface SignInPage extends SignInStep {
  lockAfter: number
  lockMinutes: number
}

export type SecurityCodePage = SignInStep

export interface SetUpAuthenticatorPage extends SignInStep {
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
