/** The chronology events this module writes, with the names practitioners read. */
export const concernsEventKinds = {
  'concern.recorded': 'Concern recorded',
  'referral.decided': 'Referral decision',
} as const satisfies Record<string, string>
