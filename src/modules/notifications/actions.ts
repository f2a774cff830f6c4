import type { Actions } from '../../web/actions.ts'

// Everyone signed in has their own notifications and nobody else's: the service reads and marks only the actor's
// rows, so no record rule is needed, and another user's notification is simply not found.
export const notificationsActions = {
  'notifications.list': { audience: 'signedIn', auditRead: { objectType: 'notifications', id: 'self' } },
  'notifications.read': { audience: 'signedIn' },
  'notifications.readAll': { audience: 'signedIn' },
} as const satisfies Actions
