/** The chronology events this module writes, one per step for each child, with the names practitioners read. */
export const healthEventKinds = {
  'health.decided': 'Health pathway decided',
  'health.referred': 'Health referral made',
  'health.seen': 'Child seen for health',
  'health.outcome': 'Health outcome',
} as const satisfies Record<string, string>
