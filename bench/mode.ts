// What both per-mode benchmark processes (bench/me.ts, bench/case.ts) share: a throwaway database in the mode
// asked for, messages to the runner over IPC, and listening on a free loopback port.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts'

export type Mode = 'embedded' | 'server'

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

/** Sends one message to the runner; run by hand without one, prints it instead. */
export function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      console.log(JSON.stringify(message))
      resolve()
      return
    }
    process.send(message, (error: Error | null) => {
      if (error) reject(error)
      else resolve()
    })
  })
}

/** A URL fit to print: the password, if any, replaced. */
function printable(url: string): string {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}

export interface BenchDatabase {
  handle: DatabaseHandle
  /** What to print about it. */
  description: string
  /** The server database's name (its backends carry it in their process titles); null when embedded. */
  serverDatabase: string | null
  cleanup: () => Promise<void>
}

/**
 * A fresh, empty database for one run: embedded in a temporary folder, or `<prefix>_<pid>` on the server at
 * BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local default), dropped by `cleanup`. A string says why
 * the server could not be used, for the runner to report as skipped.
 */
export async function openBenchDatabase(mode: Mode, prefix: string): Promise<BenchDatabase | string> {
  if (mode === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replaceAll('_', '-')}-`))
    return {
      handle: await openDatabase({ dataDir }),
      description: `embedded PostgreSQL (PGlite) in ${dataDir}`,
      serverDatabase: null,
      cleanup: () => fs.promises.rm(dataDir, { recursive: true, force: true }),
    }
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL
  const name = `${prefix}_${String(process.pid)}`
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch (error) {
    return `PostgreSQL server at ${printable(adminUrl)} is unreachable (${error instanceof Error ? error.message : String(error)})`
  }
  let version: string
  try {
    version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? '?'
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    handle: await openDatabase({ url: url.toString() }),
    description: `PostgreSQL ${version} server, database ${name} at ${printable(url.toString())}`,
    serverDatabase: name,
    cleanup: async () => {
      const again = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
      await again.connect()
      try {
        await again.query(`drop database if exists ${name} with (force)`)
      } finally {
        await again.end()
      }
    },
  }
}

/** Listens on a free loopback port: the URL to reach it. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (typeof address !== 'object' || !address) throw new Error('server has no address')
  return `http://127.0.0.1:${String(address.port)}`
}

/** Latency figures in milliseconds, by nearest rank. */
export interface Latency {
  n: number
  p50: number
  p95: number
  max: number
}

/** p50, p95 and the slowest of these samples (milliseconds), by nearest rank. */
export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return { n: sorted.length, p50: rank(0.5), p95: rank(0.95), max: rank(1) }
}

/** Milliseconds since a `process.hrtime.bigint()` start. */
export const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6

/** The modes BENCH_MODES asks for (both by default), refusing one that does not exist. */
export function benchModes(): Mode[] {
  const modes = (process.env.BENCH_MODES ?? 'embedded,server').split(',').filter(Boolean)
  for (const mode of modes)
    if (mode !== 'embedded' && mode !== 'server') throw new Error(`BENCH_MODES: no mode ${mode} (embedded, server)`)
  return modes as Mode[]
}
