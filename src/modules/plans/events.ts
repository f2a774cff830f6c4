/** The chronology events this module writes, each on the plan's child. */
export const plansEventKinds = {
  'plan.drafted': 'Plan drafted',
  'plan.agreed': 'Plan agreed',
  'plan.reviewed': 'Plan reviewed',
  'plan.ended': 'Plan ended',
} as const satisfies Record<string, string>
