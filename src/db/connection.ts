import fs from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect, type DatabaseConnection } from 'kysely'
import pg from 'pg'
import { pgliteDialect } from './pglite-dialect.ts'
import { contextKey, contextStatement, currentDbContext } from './context.ts'
import type { Database } from './types.ts'

export type Db = Kysely<Database>

export interface DatabaseHandle {
  db: Db
  kind: 'embedded' | 'server'
  /** The embedded instance, for tests that copy a migrated database. */
  pglite?: PGlite
  close(): Promise<void>
}

// Dates stay ISO strings ('2026-03-01'): a calendar date has no time zone to drift through.
const DATE_OID = pg.types.builtins.DATE
const INT8_OID = pg.types.builtins.INT8
pg.types.setTypeParser(DATE_OID, (v: string) => v)
pg.types.setTypeParser(INT8_OID, (v: string) => Number(v))
const TIMESTAMPTZ_OID = pg.types.builtins.TIMESTAMPTZ
const TIMESTAMP_OID = pg.types.builtins.TIMESTAMP
const parseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ_OID) as (v: string) => Date

/**
 * Each connection remembers which context it was last put in, so switching costs a round trip only when the
 * context changes (in steady state, almost never).
 */
function contextSwitcher(): (connection: DatabaseConnection) => Promise<void> {
  const current = new WeakMap<DatabaseConnection, string>()
  return async connection => {
    const ctx = currentDbContext()
    const key = contextKey(ctx)
    if (current.get(connection) === key) return
    current.delete(connection)
    const { sql, parameters } = contextStatement(ctx)
    await connection.executeQuery(CompiledQuery.raw(sql, parameters))
    current.set(connection, key)
  }
}

export interface OpenOptions {
  /** A PostgreSQL server; without it, embedded PostgreSQL in `dataDir` (or in memory when absent). */
  url?: string | undefined
  dataDir?: string | undefined
  /** Start embedded PostgreSQL from a dump of an already-migrated database (tests). */
  loadDataDir?: Blob | undefined
  poolSize?: number
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const onReserveConnection = contextSwitcher()
  const plugins = [new CamelCasePlugin()]
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection }), plugins })
    return { db, kind: 'server', close: () => db.destroy() }
  }
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true })
  const pglite = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    // PGlite's own timestamp parser reads years 1 to 99 as 1901 to 1999 or 2001 to 2099 (or fails): read them
    // with pg's, so both databases give back the moment that was written.
    parsers: {
      [DATE_OID]: (v: string) => v,
      [INT8_OID]: (v: string) => Number(v),
      [TIMESTAMPTZ_OID]: parseTimestamp,
      [TIMESTAMP_OID]: parseTimestamp,
    },
  })
  await pglite.waitReady
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite, onReserveConnection), plugins })
  return { db, kind: 'embedded', pglite, close: () => db.destroy() }
}
