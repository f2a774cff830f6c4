import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely'

/**
 * Kysely over embedded PostgreSQL. PGlite is one connection, so reservations queue behind a lock: a
 * transaction holds it until it ends, and nothing else interleaves with it.
 */
export function pgliteDialect(
  pg: PGlite,
  onReserveConnection: (connection: DatabaseConnection) => Promise<void>,
): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createDriver: () => new PGliteDriver(pg, onReserveConnection),
  }
}

class PGliteDriver implements Driver {
  readonly #pg: PGlite
  readonly #connection: DatabaseConnection
  readonly #onReserve: (connection: DatabaseConnection) => Promise<void>
  #queue: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(pg: PGlite, onReserve: (connection: DatabaseConnection) => Promise<void>) {
    this.#pg = pg
    this.#onReserve = onReserve
    this.#connection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        // Without parameters, the simple protocol: it takes several statements (a migration file) at once.
        const result =
          query.parameters.length === 0
            ? ((await pg.exec(query.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
            : await pg.query(query.sql, query.parameters as unknown[])
        return { rows: result.rows as R[], numAffectedRows: BigInt(result.affectedRows ?? 0) }
      },
      streamQuery: () => {
        throw new Error('Streaming is not supported on embedded PostgreSQL')
      },
    }
  }

  async init(): Promise<void> {
    await this.#pg.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue
    let release!: () => void
    this.#queue = new Promise(resolve => (release = resolve))
    await previous
    this.#release = release
    try {
      await this.#onReserve(this.#connection)
    } catch (error) {
      this.#release = undefined
      release()
      throw error
    }
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
    return Promise.resolve()
  }

  async destroy(): Promise<void> {
    await this.#queue
    if (!this.#pg.closed) await this.#pg.close()
  }
}
