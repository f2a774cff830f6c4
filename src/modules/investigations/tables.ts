export const tables = [
  'investigations',
  'investigationChildren',
  'investigationSuspects',
  'investigationOutcomeAgencies',
  'abeInterviews',
] as const
