// The kinds of notification the notifications table's CHECK holds, with the names people read. This file imports
// nothing: src/db/types.ts takes its column type from here, and src/db/schema-matches-types.http.test.ts proves the
// list equals the CHECK.

export const NOTIFICATION_KINDS = {
  'referral.decided': 'Your referral was decided',
  'case.breakGlass': 'Emergency access to your case',
  'case.addedToTeam': 'Added to a case team',
  'case.madeLead': 'Made lead practitioner',
  'case.concernRecorded': 'New concern on your case',
  'task.overdue': 'A task of yours is overdue',
  'task.escalated': 'A task in your team is overdue',
  // Manager approvals (migration 0038).
  'approval.asked': 'An approval is waiting for a team manager',
  'approval.decided': 'Your approval request was decided',
  // The register (migration 0040): a child linked to a person whose probation contact you are.
  'register.childLinked': 'A child is linked to a person you are the probation contact for',
} as const

export type NotificationKind = keyof typeof NOTIFICATION_KINDS
