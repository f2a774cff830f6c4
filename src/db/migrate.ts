import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { asSystem } from './context.ts'
import type { Db } from './connection.ts'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
// Any fixed number: it keeps two copies of the service starting at once from migrating together.
const MIGRATION_LOCK = 7_244_311

/** Applies, in name order, every migration file not yet applied; each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter(f => f.endsWith('.sql')).sort()
  return asSystem(async () => {
    await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(
      db,
    )
    const applied: string[] = []
    for (const name of files) {
      const done = await db.transaction().execute(async trx => {
        await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx)
        const seen = await trx.selectFrom('schemaMigrations').select('name').where('name', '=', name).executeTakeFirst()
        if (seen) return false
        const text = await fs.readFile(path.join(MIGRATIONS_DIR, name), 'utf8')
        await sql.raw(text).execute(trx)
        await trx.insertInto('schemaMigrations').values({ name }).execute()
        return true
      })
      if (done) applied.push(name)
    }
    return applied
  })
}
