import { isRole, type AgencyKind, type Role } from '../access/roles.ts'

/** The signed-in person every request acts as. */
export interface Actor {
  userId: string
  partnershipId: string
  partnershipName: string
  agencyId: string
  agencyName: string
  agencyKind: AgencyKind
  email: string
  displayName: string
  roles: Role[]
  csaClinicalExperience: boolean
}

/** An Actor as the database returns it: roles not yet checked against the role list. */
export type ActorRow = Omit<Actor, 'roles'> & { roles: string[] }

/** The columns an Actor is made of, from a query joining users (u), agencies (a) and partnerships (p). */
export const ACTOR_COLUMNS = [
  'u.id as userId',
  'u.partnershipId',
  'p.name as partnershipName',
  'u.agencyId',
  'a.name as agencyName',
  'a.kind as agencyKind',
  'u.email',
  'u.displayName',
  'u.roles',
  'u.csaClinicalExperience',
] as const

export function toActor(row: ActorRow): Actor {
  return { ...row, roles: row.roles.filter(isRole) }
}
