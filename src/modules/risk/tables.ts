export const tables = [
  'civilOrders',
  'riskAssessments',
  'riskManagement',
  'riskDiscussions',
  'informationSharing',
] as const
