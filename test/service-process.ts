import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after } from 'node:test'
import { serverTestDatabase, TEST_DB } from './helpers.ts'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const LANTERN = path.join(ROOT, 'bin', 'lantern.js')

export interface RunningService {
  child: ChildProcess
  url: string
  output: () => string
}

/** Starts `lantern serve` as its own process on a free port and waits until it says where it listens. */
export function startService(
  env: Record<string, string>,
  args: string[] = ['serve', '--demo'],
): Promise<RunningService> {
  const child = spawn(process.execPath, [LANTERN, ...args], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`service did not start in 60 s:\n${out}`))
    }, 60_000)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /running at (http:\/\/localhost:\d+)/.exec(out)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ child, url: match[1], output: () => out })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', code => {
      clearTimeout(timer)
      reject(new Error(`service exited with ${String(code)} before starting:\n${out}`))
    })
  })
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else
      child.once('exit', code => {
        resolve(code)
      })
  })
}

/**
 * Environment for a spawned `lantern` on this run's database: a fresh server database, or an empty data
 * folder for embedded PostgreSQL. Removed after the test file.
 */
export async function serviceDatabaseEnv(): Promise<Record<string, string>> {
  if (TEST_DB === 'server') {
    const db = await serverTestDatabase()
    after(db.drop)
    return { DATABASE_URL: db.url }
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantern-'))
  after(() => fs.rm(dir, { recursive: true, force: true }))
  return { LANTERN_DATA_DIR: dir }
}
