export const tables = [
  'cases',
  'caseReferenceCounters',
  'caseChildren',
  'caseAdults',
  'caseTeam',
  'breakGlass',
  'chronologyEvents',
] as const
