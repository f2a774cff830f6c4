// Notifications: telling people what happened in their work, in Lantern and, when configured, by an email that
// only says to look. Cases and concerns call notify() inside their own transactions; it sits beside people, above
// the directory whose users it tells.
export { notificationsActions } from './actions.ts'
export { notify, notifyAll, type Notice } from './service.ts'
export { notificationsRoutes, unreadCountOnPages } from './routes.ts'
export { notificationsApi } from './api.ts'
export { EMAIL_SUBJECT, sendNotificationEmails, startNotificationEmails } from './email.ts'
