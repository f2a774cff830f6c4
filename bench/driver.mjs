// What both benchmark runners share: the modes, a forked per-mode process spoken to over IPC, autocannon
// runs that fail on any wrong answer, a description of the machine, running each mode and writing the results.
import { fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'

export const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '..')

export const MODES = (process.env.BENCH_MODES ?? 'embedded,server')
  .split(',')
  .map(m => m.trim())
  .filter(Boolean)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
export const WARMUP_SECONDS = 1
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
export const LABELS = { embedded: 'embedded (PGlite)', server: 'PostgreSQL server' }

export const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length

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
  child.on('message', message => {
    const waiter = waiters.shift()
    if (waiter) waiter.resolve(message)
    else inbox.push(message)
  })
  child.on('exit', (code, signal) => {
    exited = { code, signal }
    for (const w of waiters.splice(0))
      w.reject(new Error(`bench/${script} ${mode} exited (${signal ?? `code ${code}`}) before answering`))
  })
  return {
    child,
    next() {
      if (inbox.length) return Promise.resolve(inbox.shift())
      if (exited)
        return Promise.reject(new Error(`bench/${script} ${mode} exited (${exited.signal ?? `code ${exited.code}`})`))
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }))
    },
    exited: () =>
      new Promise(resolve =>
        exited ? resolve(exited) : child.once('exit', (code, signal) => resolve({ code, signal })),
      ),
  }
}

/** One autocannon run against `url`; any non-2xx, error, timeout or differing body fails it. */
export async function load(url, authorization, body, seconds) {
  const result = await autocannon({
    url,
    headers: { authorization },
    connections: CONNECTIONS,
    duration: seconds,
    expectBody: body,
  })
  const bad = result.non2xx + result.errors + result.timeouts + result.mismatches
  if (bad > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.mismatches} bodies differing from the expected bytes`,
    )
  }
  return {
    requests: result['2xx'],
    seconds: result.duration,
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  }
}

export function describeMachine() {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map(l => Number(l.toFixed(2))),
  }
}

/** Runs `benchMode` for each mode asked for, one after the other; a failed mode is reported and the rest still run. */
export async function runModes(benchMode) {
  let failed = false
  const results = []
  for (const mode of MODES) {
    if (!(mode in LABELS)) {
      console.error(`Unknown mode ${mode}: use embedded and/or server`)
      process.exit(2)
    }
    try {
      results.push(await benchMode(mode))
    } catch (error) {
      failed = true
      console.error(`\n${LABELS[mode]}: FAILED: ${error instanceof Error ? error.message : String(error)}`)
      results.push({ mode, failed: error instanceof Error ? error.message : String(error) })
    }
  }
  return { results, failed }
}

/** Says how loaded the machine was, writes bench/results/<file> and exits, 1 if any mode failed. */
export function finish(machine, file, report, failed) {
  machine.loadAverageAtEnd = os.loadavg().map(l => Number(l.toFixed(2)))
  console.log(
    `load average at the end: ${machine.loadAverageAtEnd.join(' ')} (the load generator, both servers and PostgreSQL share these ${machine.cores} cores)`,
  )
  const out = path.join(here, 'results', file)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, `${JSON.stringify({ ...machine, ...report }, null, 2)}\n`)
  console.log(`Results written to ${path.relative(root, out)}`)
  process.exit(failed ? 1 : 0)
}
