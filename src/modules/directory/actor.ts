import type { Actor } from '../../kernel/actor.ts'
import { isRole } from '../../kernel/roles.ts'

/** An Actor as the database returns it: roles not yet checked against the role list. */
export type ActorRow = Omit<Actor, 'roles'> & { roles: string[] }

/**
 * The columns an Actor is made of, from the `user_directory` view joined as `d`: auth joins it to a session or
 * token so that finding who is asking stays one query.
 */
export const ACTOR_COLUMNS = [
  'd.userId',
  'd.partnershipId',
  'd.partnershipName',
  'd.agencyId',
  'd.agencyName',
  'd.agencyKind',
  'd.email',
  'd.displayName',
  'd.roles',
  'd.csaClinicalExperience',
] as const

export function toActor(row: ActorRow): Actor {
  return { ...row, roles: row.roles.filter(isRole) }
}
