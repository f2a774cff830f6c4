import type { AgencyKind } from '../../db/types.ts'

/** Roles a user can hold; a user may hold several. Names follow DESIGN.md's table of who uses Lantern. */
export const ROLES = {
  front_door: 'Front door (MASH) practitioner',
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  police_investigator: 'Child-abuse investigator',
  police_supervisor: 'Police supervisor',
  health_practitioner: 'Health practitioner',
  designated_safeguarding_lead: 'Designated safeguarding lead',
  probation_officer: 'Probation officer',
  partnership_manager: 'Partnership manager',
  auditor: 'Auditor',
  administrator: 'System administrator',
} as const

export type Role = keyof typeof ROLES
export const ROLE_NAMES = Object.keys(ROLES) as Role[]

export const AGENCY_KINDS: Record<AgencyKind, string> = {
  childrens_social_care: "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  partnership: 'Safeguarding partnership',
}

export function isRole(value: string): value is Role {
  return value in ROLES
}
