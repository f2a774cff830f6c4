import type { Db } from './connection.ts'
import { asSystem } from './context.ts'

/**
 * A key the service keeps in its database (made by migration 0001), so every copy of the service behind a load
 * balancer shares it: the CSRF key, for one.
 */
export async function serviceKey(db: Db, name: string): Promise<string> {
  const row = await asSystem(() =>
    db.selectFrom('serviceKeys').select('value').where('name', '=', name).executeTakeFirstOrThrow(),
  )
  return row.value
}
