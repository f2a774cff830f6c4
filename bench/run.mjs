#!/usr/bin/env node
// npm run bench: the audited, authorised GET /api/v1/me against a bare Fastify route doing the same database
// read, in each storage mode, side by side in one run.
//
// For each mode, bench/me.ts starts both servers in one process on one database handle; this process drives
// them over loopback with autocannon, alternating baseline and Lantern runs so drift in the machine's load
// falls on both. Prints requests/s, p50 and p99 (means over the runs) and the ratio Lantern/baseline, and
// writes bench/results/latest.json.
//
// Environment: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) is
// the server's admin URL; BENCH_MODES (embedded,server), BENCH_ROUNDS (3), BENCH_SECONDS (5),
// BENCH_CONNECTIONS (10) tune the run.
import {
  CONNECTIONS,
  describeMachine,
  finish,
  LABELS,
  load,
  mean,
  runModes,
  SECONDS,
  startMode,
  WARMUP_SECONDS,
} from './driver.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const TARGET = 0.5

/** The mean, or null when any run has no figure. */
const meanOrNull = xs => (xs.some(x => x === null) ? null : mean(xs))
const fixed = (x, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits))

function summarise(runs) {
  return {
    rps: mean(runs.map(r => r.rps)),
    p50: mean(runs.map(r => r.p50)),
    p99: mean(runs.map(r => r.p99)),
    queriesPerRequest: mean(runs.map(r => r.queriesPerRequest)),
    serverCpuMicrosPerRequest: mean(runs.map(r => r.serverCpuMicrosPerRequest)),
    databaseCpuMicrosPerRequest: meanOrNull(runs.map(r => r.databaseCpuMicrosPerRequest)),
    lookupStatementMs: meanOrNull(runs.map(r => r.lookupStatementMs)),
    auditBatch: meanOrNull(runs.map(r => r.auditBatch)),
    auditStatementMs: meanOrNull(runs.map(r => r.auditStatementMs)),
    runs,
  }
}

async function benchMode(mode) {
  const started = Date.now()
  const proc = startMode('me.ts', mode)
  try {
    const ready = await proc.next()
    if (ready.type === 'skip') {
      console.log(`\n${LABELS[mode]}: skipped: ${ready.reason}`)
      await proc.exited()
      return { mode, skipped: ready.reason }
    }
    if (ready.type !== 'ready') throw new Error(`unexpected message ${JSON.stringify(ready)}`)
    console.log(`\n${LABELS[mode]}: ${ready.database}`)
    console.log(`  both routes answer the same ${Buffer.byteLength(ready.body)} bytes: ${ready.body}`)
    const target = { baseline: `${ready.baselineUrl}/api/v1/me`, lantern: `${ready.lanternUrl}/api/v1/me` }
    const runs = { baseline: [], lantern: [] }
    let lanternRequests = 0
    for (const route of ['baseline', 'lantern']) {
      const warm = await load(target[route], ready.authorization, ready.body, WARMUP_SECONDS)
      if (route === 'lantern') lanternRequests += warm.requests
    }
    const mark = async () => {
      proc.child.send({ type: 'mark' })
      const m = await proc.next()
      if (m.type !== 'mark') throw new Error(`unexpected message ${JSON.stringify(m)}`)
      return m
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const route of ['baseline', 'lantern']) {
        const before = await mark()
        const r = await load(target[route], ready.authorization, ready.body, SECONDS)
        const after = await mark()
        const audits = after.statements.audit.count - before.statements.audit.count
        const others = after.statements.other.count - before.statements.other.count
        r.queriesPerRequest = (audits + others) / r.requests
        r.auditStatements = audits
        r.auditBatch = audits > 0 ? r.requests / audits : null
        r.auditStatementMs =
          audits > 0 ? (after.statements.audit.millis - before.statements.audit.millis) / audits : null
        r.lookupStatementMs =
          others > 0 ? (after.statements.other.millis - before.statements.other.millis) / others : null
        r.serverCpuMicrosPerRequest = (after.cpuMicros - before.cpuMicros) / r.requests
        r.databaseCpuMicrosPerRequest =
          after.databaseCpuMicros === null || before.databaseCpuMicros === null
            ? null
            : (after.databaseCpuMicros - before.databaseCpuMicros) / r.requests
        runs[route].push(r)
        if (route === 'lantern') lanternRequests += r.requests
        console.log(
          `  round ${round}/${ROUNDS} ${route.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms` +
            ` | ${r.queriesPerRequest.toFixed(2)} stmt/req, look-up ${fixed(r.lookupStatementMs)} ms` +
            (route === 'lantern' ? `, audit ${fixed(r.auditStatementMs)} ms per ${fixed(r.auditBatch, 1)} req` : '') +
            ` | CPU/req ${r.serverCpuMicrosPerRequest.toFixed(0)} µs Node` +
            (r.databaseCpuMicrosPerRequest === null ? '' : `, ${r.databaseCpuMicrosPerRequest.toFixed(0)} µs PG`),
        )
      }
    }
    proc.child.send({ type: 'stop' })
    const done = await proc.next()
    if (done.type !== 'done') throw new Error(`unexpected message ${JSON.stringify(done)}`)
    const exit = await proc.exited()
    if (exit.code !== 0) throw new Error(`bench/me.ts ${mode} exited with ${exit.signal ?? exit.code}`)
    // Every answered Lantern request (and the one byte-equality check) appended its me.read audit row. A
    // request in flight when a run's clock ran out is answered but not counted by autocannon, hence ">=".
    const expected = lanternRequests + 1
    if (done.auditRows < expected)
      throw new Error(`audit log gained ${done.auditRows} me.read rows for ${expected} answered requests`)
    const baseline = summarise(runs.baseline)
    const lantern = summarise(runs.lantern)
    return {
      mode,
      database: ready.database,
      bodyBytes: Buffer.byteLength(ready.body),
      baseline,
      lantern,
      ratio: lantern.rps / baseline.rps,
      audit: { answeredLanternRequests: expected, meReadRowsAppended: done.auditRows },
      seconds: Math.round((Date.now() - started) / 1000),
    }
  } catch (error) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM')
    await proc.exited()
    throw error
  }
}

function table(results) {
  const rows = [
    [
      'mode',
      'route',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'lantern/baseline',
      'db stmts/req',
      'Node CPU µs/req',
      'PG CPU µs/req',
    ],
  ]
  for (const r of results) {
    if (r.skipped) {
      rows.push([LABELS[r.mode], 'skipped', '', '', '', '', '', '', ''])
      continue
    }
    for (const route of ['baseline', 'lantern']) {
      const s = r[route]
      rows.push([
        LABELS[r.mode],
        route === 'baseline' ? 'baseline (bare Fastify)' : 'lantern (auth+audit+RLS)',
        s.rps.toFixed(0),
        s.p50.toFixed(2),
        s.p99.toFixed(2),
        route === 'lantern' ? r.ratio.toFixed(2) : '',
        s.queriesPerRequest.toFixed(2),
        s.serverCpuMicrosPerRequest.toFixed(0),
        s.databaseCpuMicrosPerRequest === null
          ? r.mode === 'embedded'
            ? 'in Node'
            : 'n/a'
          : s.databaseCpuMicrosPerRequest.toFixed(0),
      ])
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)))
  const line = row => row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')
  return [line(rows[0]), widths.map(w => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}

const machine = describeMachine()
const settings = {
  connections: CONNECTIONS,
  warmupSeconds: WARMUP_SECONDS,
  seconds: SECONDS,
  rounds: ROUNDS,
  order: 'warm-up baseline, warm-up lantern, then baseline/lantern alternating',
}

console.log(
  `Lantern bench: GET /api/v1/me, audited and authorised, against a bare Fastify route doing the same database read`,
)
console.log(
  `${machine.date}  ${machine.cpu}, ${machine.cores} cores  Node ${machine.node}  load average ${machine.loadAverageAtStart.join(' ')}`,
)
console.log(
  `autocannon over loopback: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up each, then ${ROUNDS} x (${SECONDS} s baseline, ${SECONDS} s lantern)`,
)

const { results, failed } = await runModes(benchMode)

const measured = results.filter(r => !r.failed)
console.log(`\n${table(measured)}`)
console.log(
  `(requests/s, p50 and p99 are means over ${ROUNDS} runs of ${SECONDS} s; lantern/baseline is the ratio of mean requests/s;`,
)
console.log(
  ` db stmts/req counts statements the driver sent; Node CPU is the process running both servers (and, embedded,`,
)
console.log(
  ` PostgreSQL too); PG CPU is the server's backends for the bench database, when that server is on this machine)`,
)
const server = results.find(r => r.mode === 'server' && r.ratio !== undefined)
const verdict = server
  ? `Target (Lantern at >= ${TARGET} x baseline throughput on the PostgreSQL server): ${server.ratio >= TARGET ? 'met' : 'NOT met'} (${server.ratio.toFixed(2)})`
  : `Target (Lantern at >= ${TARGET} x baseline throughput on the PostgreSQL server): not measured`
for (const r of measured) {
  if (r.skipped) continue
  const { baseline: b, lantern: l } = r
  console.log(
    `${LABELS[r.mode]}: the token look-up took ${fixed(b.lookupStatementMs)} ms (baseline) and ${fixed(l.lookupStatementMs)} ms (Lantern);` +
      ` Lantern also sent one audit append per ${fixed(l.auditBatch, 1)} requests (group commit), ${fixed(l.auditStatementMs)} ms each` +
      ` (statement times run from the driver call to Node seeing the answer, so they include event-loop queueing).`,
  )
}
console.log(verdict)
finish(machine, 'latest.json', { settings, target: TARGET, results }, failed)
