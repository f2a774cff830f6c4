import type { Actions } from '../../web/actions.ts'

/** Signing in and out, and a person's own account. */
export const authActions = {
  'signIn.start': { audience: 'anyone' },
  'signIn.token': { audience: 'anyone' },
  'signIn.secondFactor': { audience: 'pending' },
  signOut: { audience: 'pending' },
  'me.read': { audience: 'signedIn', auditRead: { objectType: 'user', id: 'self' } },
  // An invitation link is for someone not yet signed in; the link itself is the proof.
  'invitation.accept': { audience: 'anyone' },
  'account.changePassword': { audience: 'signedIn' },
  // "Stay signed in": only touches the person's own session.
  'session.keepAlive': { audience: 'signedIn' },
} as const satisfies Actions
