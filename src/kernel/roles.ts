// Roles and agency kinds: the kernel's code lists for who people are. This file imports nothing; src/db/types.ts
// takes the agencies and account_changes column types from here, and src/db/schema-matches-types.http.test.ts
// proves each list equals its CHECK.

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

export const AGENCY_KINDS = {
  childrens_social_care: "Children's social care",
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  partnership: 'Safeguarding partnership',
} as const satisfies Record<string, string>

export type AgencyKind = keyof typeof AGENCY_KINDS

/** What the partnership manager's list of new accounts records; admin/views/account-changes.njk names them. */
export const ACCOUNT_CHANGE_KINDS = ['created', 'roles_added'] as const

export type AccountChangeKind = (typeof ACCOUNT_CHANGE_KINDS)[number]

/** Everyone who works with children and families, as opposed to those who run or audit the service. */
export const PRACTITIONERS = [
  'front_door',
  'social_worker',
  'team_manager',
  'police_investigator',
  'police_supervisor',
  'health_practitioner',
  'designated_safeguarding_lead',
  'probation_officer',
] as const

/** Who decides on referrals to children's social care. */
export const FRONT_DOOR = ['front_door', 'team_manager'] as const satisfies readonly Role[]
/** Who may lead a case, close it, or hand its lead to someone else. */
export const CASE_LEADS = ['social_worker', 'team_manager'] as const satisfies readonly Role[]
export const AUDITORS = ['auditor'] as const satisfies readonly Role[]
export const ADMINISTRATORS = ['administrator'] as const satisfies readonly Role[]

export function isRole(value: string): value is Role {
  return value in ROLES
}
