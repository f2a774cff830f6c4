// What both benchmark runners share: the modes, a forked per-mode process spoken to over IPC, autocannon
// runs that fail on any wrong answer, and a description of the machine.
import { fork } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

export const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '..')

export const MODES = (process.env.BENCH_MODES ?? 'embedded,server').split(',').map((m) => m.trim()).filter(Boolean)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
export const WARMUP_SECONDS = 1
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
export const LABELS = { embedded: 'embedded (PGlite)', server: 'PostgreSQL server' }

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length

/** Forks bench/<script> for one mode; `next()` resolves with its next IPC message. */
export function startMode(script, mode) {
  const child = fork(path.join(here, script), [mode], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const waiters = []
  const inbox = []
  let exited = null
  child.on('message', (message) => {
    const waiter = waiters.shift()
    if (waiter) waiter.resolve(message)
    else inbox.push(message)
  })
  child.on('exit', (code, signal) => {
    exited = { code, signal }
    for (const w of waiters.splice(0)) w.reject(new Error(`bench/${script} ${mode} exited (${signal ?? `code ${code}`}) before answering`))
  })
  return {
    child,
    next() {
      if (inbox.length) return Promise.resolve(inbox.shift())
      if (exited) return Promise.reject(new Error(`bench/${script} ${mode} exited (${exited.signal ?? `code ${exited.code}`})`))
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
    },
    exited: () => new Promise((resolve) => (exited ? resolve(exited) : child.once('exit', (code, signal) => resolve({ code, signal })))),
  }
}

/** One autocannon run against `url`; any non-2xx, error, timeout or differing body fails it. */
export async function load(url, authorization, body, seconds) {
  const result = await autocannon({ url, headers: { authorization }, connections: CONNECTIONS, duration: seconds, expectBody: body })
  const bad = result.non2xx + result.errors + result.timeouts + result.mismatches
  if (bad > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.mismatches} bodies differing from the expected bytes`)
  }
  return { requests: result['2xx'], seconds: result.duration, rps: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99 }
}

export function describeMachine() {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
  }
}
