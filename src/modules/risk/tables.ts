export const tables = [
  'civilOrders',
  'riskAssessments',
  'riskManagement',
  'riskDiscussions',
  'riskDiscussionAttendees',
  'informationSharing',
] as const
