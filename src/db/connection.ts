import { createHash } from 'node:crypto'
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

/** Statements a connection keeps prepared, at most: PostgreSQL holds each one's plan in that backend's memory. */
const MAX_PREPARED = 250
/** Parameters above which a statement is a bulk write, planned in a blink beside its run, so never kept. */
const MAX_PREPARED_PARAMETERS = 100

/** Connections for the system context on a server: the audit writer's four batches in flight, and sign-in look-ups. */
const SYSTEM_POOL_SIZE = 6

/**
 * Each statement with parameters is prepared once a connection under a name drawn from its text. PostgreSQL then
 * parses it once, and after five runs plans it once too (its generic plan) unless a plan for the values at hand
 * promises to be cheaper. Planning was most of the database's work on the busiest pages: the row-level security
 * policies and the directory views make even a one-row look-up cost a millisecond to plan. Statements without
 * parameters (migrations, several statements in one string) and bulk writes go as before.
 */
class PreparingClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config)
    const plain = this.query.bind(this) as (...args: unknown[]) => unknown
    const names = new Set<string>()
    const query = (text: unknown, values?: unknown, callback?: unknown): unknown => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
        return plain(text, values, callback)
      if (values.length > MAX_PREPARED_PARAMETERS) return plain(text, values, callback)
      const name = `lantern_${createHash('sha1').update(text).digest('base64url')}`
      if (!names.has(name) && names.size >= MAX_PREPARED) return plain(text, values, callback)
      names.add(name)
      return plain({ name, text, values }, callback)
    }
    this.query = query as pg.Client['query']
  }
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const onReserveConnection = contextSwitcher()
  const plugins = [new CamelCasePlugin()]
  if (options.url) {
    // Two pools: the system's few connections (sign-in look-ups, the audit writer) stay the owner, and the app's
    // stay its role, so a request's reads never wait for a connection to be switched back and forth.
    const appPool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, Client: PreparingClient })
    const systemPool = new pg.Pool({ connectionString: options.url, max: SYSTEM_POOL_SIZE, Client: PreparingClient })
    const pool = {
      connect: () => (currentDbContext().kind === 'system' ? systemPool : appPool).connect(),
      end: async () => {
        await Promise.all([appPool.end(), systemPool.end()])
      },
    }
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
