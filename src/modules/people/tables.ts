export const tables = [
  'people',
  'personVersions',
  'relationships',
  'offendingHistory',
  'personNotDuplicates',
  'personMerges',
  'personAddresses',
] as const
/** Read-only views other modules may join: who a person is, at the identifying minimum. */
export const views = ['personDirectory'] as const
