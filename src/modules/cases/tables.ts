export const tables = [
  'cases',
  'caseReferenceCounters',
  'caseChildren',
  'caseAdults',
  'caseTeam',
  'caseEpisodeLinks',
  'breakGlass',
  'chronologyEvents',
] as const
