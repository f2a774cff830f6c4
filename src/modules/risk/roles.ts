import type { Role } from '../../kernel/roles.ts'

/**
 * Who reads the register in full (DESIGN.md, the register; issue 14): probation, the police and the front door,
 * who manage the people on it and decide what happens to the children near them. Everyone else, where they may
 * see the person at all, learns only that something is known and whom to contact, never the detail.
 */
export const REGISTER_READERS = [
  'probation_officer',
  'police_investigator',
  'police_supervisor',
  'front_door',
] as const satisfies readonly Role[]

/** Who records how a person is managed (MAPPA, the single points of contact): the MAPPA agencies. */
export const RISK_MANAGERS = [
  'probation_officer',
  'police_investigator',
  'police_supervisor',
] as const satisfies readonly Role[]

export function readsRegister(roles: readonly string[]): boolean {
  return roles.some(r => (REGISTER_READERS as readonly string[]).includes(r))
}
