import type { Insertable } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'

// Bulk loading for synthetic partnerships (the bench, `lantern seed --synthetic`): practitioners straight in,
// without passwords, invitations or account-change records, so a partnership of a thousand caseloads loads in
// one statement. Never used for real accounts: they come through addUser and an invitation.

export type UserRow = Insertable<Database['users']>

const CHUNK = 1000

/** Inserts the users in the caller's partnership context; returns their ids in the order given. */
export async function loadUsers(db: Db, users: UserRow[]): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < users.length; i += CHUNK) {
    const rows = await db
      .insertInto('users')
      .values(users.slice(i, i + CHUNK))
      .returning('id')
      .execute()
    ids.push(...rows.map(r => r.id))
  }
  return ids
}
