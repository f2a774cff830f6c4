export const tables = [
  'strategyDiscussions',
  'strategyDiscussionChildren',
  'strategyAttendees',
  'strategyActions',
] as const
