// One benchmark mode in one process: the real Lantern app and a bare Fastify baseline, side by side on the same
// database handle, so whatever noise the machine makes falls on both alike. bench/run.mjs starts this file
// with an IPC channel, drives both servers with autocannon from its own process, then tells it to stop.
//
//   node --import tsx bench/me.ts embedded|server
//
// Messages to the parent: { type: 'ready', ... } | { type: 'skip', reason } | { type: 'mark', ... } | { type: 'done', ... }.
// Messages from the parent: { type: 'mark' } (before and after each load run) | { type: 'stop' }.
//
// To say where the time goes, this process counts and times the statements it sends to the database (audit
// appends apart from the rest) and reports its own CPU time and, for a local server, its backends' CPU time;
// the parent takes the difference across each run. Counting wraps the driver's query method and changes
// nothing else; it is the same for both routes.
import fs from 'node:fs'
import type { PGlite } from '@electric-sql/pglite'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/kernel/config.ts'
import type { DatabaseHandle, Db } from '../src/db/connection.ts'
import { asSystem } from '../src/db/context.ts'
import { migrate } from '../src/db/migrate.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { meBody } from '../src/modules/auth/api.ts'
import { createApiToken } from '../src/modules/auth/index.ts'
import { actorForToken } from '../src/modules/auth/tokens.ts'
import { listen, openBenchDatabase, type Mode, send as sendToRunner } from './mode.ts'

export interface ReadyMessage {
  type: 'ready'
  mode: Mode
  database: string
  lanternUrl: string
  baselineUrl: string
  authorization: string
  body: string
}
export interface SkipMessage {
  type: 'skip'
  mode: Mode
  reason: string
}
export interface MarkMessage {
  type: 'mark'
  /** Statements sent to the database so far by either server, and the time they took. */
  statements: StatementStats
  /** CPU time this process has used so far (user + system), in microseconds. */
  cpuMicros: number
  /**
   * CPU time the PostgreSQL server's backends for the bench database have used, in microseconds (10 ms
   * resolution); null when the server is not on this machine or not in embedded mode.
   */
  databaseCpuMicros: number | null
}
export interface DoneMessage {
  type: 'done'
  mode: Mode
  /** Rows the audit log gained for me.read while the bench ran: one per answered Lantern request. */
  auditRows: number
}
type ToParent = ReadyMessage | SkipMessage | MarkMessage | DoneMessage
const send = (message: ToParent) => sendToRunner(message)

const BENCH_USER = 'sw@csc.example'

/**
 * CPU used so far by the PostgreSQL backends serving `database`, found by the process title PostgreSQL gives
 * them ("postgres: 15/main: postgres lantern_bench_123 127.0.0.1(5678) idle"). Null when none is visible,
 * as when the server runs on another machine or in a container.
 */
function backendCpu(database: string): () => number | null {
  const title = new RegExp(`^postgres: .* ${database} `)
  const tick = 1_000_000 / 100 // USER_HZ is 100 on Linux
  return () => {
    let found = false
    let micros = 0
    let pids: string[]
    try {
      pids = fs.readdirSync('/proc').filter(d => /^\d+$/.test(d))
    } catch {
      return null
    }
    for (const pid of pids) {
      try {
        if (!title.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1'))) continue
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        micros += (Number(fields[11]) + Number(fields[12])) * tick
        found = true
      } catch {
        // The process ended between listing and reading.
      }
    }
    return found ? micros : null
  }
}

/**
 * Answers the parent's marks until it says stop. Before each mark, lets requests still in flight from the last
 * run finish and their audit entries commit, so each run's figures hold its own work.
 */
function serveMarks(
  statements: StatementStats,
  databaseCpu: () => number | null,
  settle: () => Promise<void>,
): Promise<void> {
  return new Promise(resolve => {
    if (!process.send) {
      console.log('Servers are up; press Ctrl-C to stop.')
      process.once('SIGINT', () => {
        resolve()
      })
      return
    }
    process.on('message', (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('type' in message)) return
      if (message.type === 'stop') resolve()
      if (message.type === 'mark') {
        void settle().then(() => {
          const cpu = process.cpuUsage()
          return send({ type: 'mark', statements, cpuMicros: cpu.user + cpu.system, databaseCpuMicros: databaseCpu() })
        })
      }
    })
    // The parent went away: clean up all the same.
    process.once('disconnect', () => {
      resolve()
    })
  })
}

/** Statements sent to the database, split into the audit appends and everything else (the token look-ups). */
export interface StatementStats {
  audit: { count: number; millis: number }
  other: { count: number; millis: number }
}

/**
 * Counts and times the statements the handle's driver sends: pg's Client.query, or the embedded instance's
 * query and exec. The wrapper returns the driver's own promise untouched; a statement's time runs from the
 * driver being called on a reserved connection to its answer.
 */
function instrumentStatements(handle: DatabaseHandle): StatementStats {
  const stats: StatementStats = { audit: { count: 0, millis: 0 }, other: { count: 0, millis: 0 } }
  const observe = (text: unknown, started: number, result: unknown): void => {
    const kind = typeof text === 'string' && text.startsWith('select lantern_audit_append') ? stats.audit : stats.other
    kind.count += 1
    if (!(result instanceof Promise)) return
    const finish = () => {
      kind.millis += performance.now() - started
    }
    result.then(finish, finish)
  }
  const { pglite } = handle
  if (pglite) {
    const query = pglite.query.bind(pglite)
    const exec = pglite.exec.bind(pglite)
    pglite.query = ((...args: Parameters<PGlite['query']>) => {
      const started = performance.now()
      const result = query(...args)
      observe(args[0], started, result)
      return result
    }) as PGlite['query']
    pglite.exec = (...args: Parameters<PGlite['exec']>) => {
      const started = performance.now()
      const result = exec(...args)
      observe(args[0], started, result)
      return result
    }
  } else {
    // Every pooled connection is a pg.Client, so its prototype is the one place to count.
    const query = Reflect.get(pg.Client.prototype, 'query') as (...args: unknown[]) => unknown
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const started = performance.now()
      const result = query.apply(this, args)
      observe(args[0], started, result)
      return result
    } as typeof pg.Client.prototype.query
  }
  return stats
}

/** The baseline: one route, the same token look-up on the same Kysely handle and driver, no hooks, no audit. */
async function buildBaseline(db: Db): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.get('/api/v1/me', async (request, reply) => {
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const actor = token ? await actorForToken(db, token, new Date()) : null
    if (!actor) return reply.code(401).send({ error: 'unauthenticated' })
    return meBody(actor)
  })
  return app
}

async function auditCount(db: Db): Promise<number> {
  const row = await asSystem(() =>
    db
      .selectFrom('auditLog')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'me.read')
      .executeTakeFirstOrThrow(),
  )
  return row.n
}

async function main(): Promise<void> {
  const mode = process.argv[2]
  if (mode !== 'embedded' && mode !== 'server') throw new Error('usage: bench/me.ts embedded|server')

  const opened = await openBenchDatabase(mode, 'lantern_bench')
  if (typeof opened === 'string') {
    await send({ type: 'skip', mode, reason: opened })
    return
  }
  const { handle, description: database, cleanup } = opened
  // Embedded PostgreSQL runs inside this process: its CPU is in cpuMicros.
  const databaseCpu = opened.serverDatabase ? backendCpu(opened.serverDatabase) : () => null
  const { db } = handle
  const servers: FastifyInstance[] = []
  const state: { stopping: boolean } = { stopping: false }
  const stopOnSignal = () => {
    if (state.stopping) return
    state.stopping = true
    void teardown().finally(() => process.exit(130))
  }
  async function teardown(): Promise<void> {
    for (const s of servers.splice(0)) await s.close()
    await handle.close()
    await cleanup()
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)

  try {
    await migrate(db)
    await seedDemo(db)
    const user = await asSystem(() =>
      db.selectFrom('users').select(['id', 'partnershipId']).where('email', '=', BENCH_USER).executeTakeFirstOrThrow(),
    )
    const statements = instrumentStatements(handle)
    const { token } = await createApiToken(db, { userId: user.id, partnershipId: user.partnershipId }, 'bench', null)
    const authorization = `Bearer ${token}`

    const lantern = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false })
    lantern.addHook('onClose', async () => {
      await lantern.lantern.audit.drain()
    })
    servers.push(lantern)
    const baseline = await buildBaseline(db)
    servers.push(baseline)
    const lanternUrl = await listen(lantern)
    const baselineUrl = await listen(baseline)

    // The two must answer the same bytes, or the comparison means nothing.
    const before = await auditCount(db)
    const bodies: string[] = []
    for (const base of [lanternUrl, baselineUrl]) {
      const response = await fetch(`${base}/api/v1/me`, { headers: { authorization } })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`${base}/api/v1/me answered ${response.status}: ${text}`)
      bodies.push(text)
    }
    const [fromLantern = '', fromBaseline = ''] = bodies
    if (!Buffer.from(fromLantern).equals(Buffer.from(fromBaseline))) {
      throw new Error(`The two routes answer different bytes:\n  lantern:  ${fromLantern}\n  baseline: ${fromBaseline}`)
    }
    if ((await auditCount(db)) !== before + 1)
      throw new Error('The Lantern request did not append exactly one me.read audit row')

    await send({ type: 'ready', mode, database, lanternUrl, baselineUrl, authorization, body: fromLantern })
    await serveMarks(statements, databaseCpu, async () => {
      await new Promise(resolve => setTimeout(resolve, 200))
      await lantern.lantern.audit.drain()
    })
    if (state.stopping) return
    await lantern.lantern.audit.drain()
    const auditRows = (await auditCount(db)) - before
    await send({ type: 'done', mode, auditRows })
  } finally {
    if (!state.stopping) {
      state.stopping = true
      await teardown()
    }
  }
}

main().then(
  () => {
    if (process.connected) process.disconnect()
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  },
)
