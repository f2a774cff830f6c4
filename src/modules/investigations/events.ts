/** The chronology events this module writes, one per child the record is about, with the names practitioners read. */
export const investigationsEventKinds = {
  'investigation.opened': 'Police investigation opened',
  'investigation.chargingAdviceSought': 'Early charging advice',
  'investigation.chargingDecision': 'Charging decision',
  'abe.planned': 'ABE interview planned',
  'abe.held': 'ABE interview held',
  'investigation.outcome': 'Police investigation outcome',
} as const satisfies Record<string, string>
