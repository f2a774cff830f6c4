#!/usr/bin/env node
// node bench/case-run.mjs: case work at partnership scale, in each storage mode, against the issue's targets.
//
// For each mode, bench/case.ts seeds a synthetic Northshire (BENCH_CHILDREN children, default 52,000: about
// 200,000 people, each family with an open case; BENCH_EVENTS_PER_CASE, default 40: about 2,000,000 chronology
// events), gives one case 2,000 events, and
// measures in its own process:
//   a. person search (searchPeople, trigram word similarity) over 200 misspelt synthetic names, as sw@csc.example;
//   b. GET /cases/:id/chronology for the 2,000-event case through app.inject, signed in as sw: the page as it
//      opens (the newest 100 entries) and with every entry on it (?all=1, to print), and the chronology() query;
// then serves the audited, authorised GET /api/v1/cases/:id and a bare Fastify route doing the same reads on
// the same database handle. This process drives both over loopback with autocannon, alternating baseline and
// Lantern runs. Prints a table per mode with the targets, and writes bench/results/case-latest.json.
//
// Environment: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) is
// the server's admin URL (a database lantern_casebench_<pid> is created and dropped); BENCH_MODES
// (embedded,server), BENCH_CHILDREN, BENCH_ROUNDS (2), BENCH_SECONDS (5), BENCH_CONNECTIONS (10) tune the run.
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

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const TARGETS = { searchP95Ms: 30, chronologyPageMs: 50, casesRatio: 0.5 }

let current = null
process.on('SIGINT', () => {
  // The child got the same Ctrl-C and drops its database; wait for it.
  if (!current) process.exit(130)
  current.exited().then(
    () => process.exit(130),
    () => process.exit(130),
  )
})

const summarise = runs => ({
  rps: mean(runs.map(r => r.rps)),
  p50: mean(runs.map(r => r.p50)),
  p99: mean(runs.map(r => r.p99)),
  runs,
})

async function benchMode(mode) {
  const started = Date.now()
  console.log(`\n${LABELS[mode]}:`)
  const proc = startMode('case.ts', mode)
  current = proc
  try {
    const ready = await proc.next()
    if (ready.type === 'skip') {
      console.log(`  skipped: ${ready.reason}`)
      await proc.exited()
      return { mode, skipped: ready.reason }
    }
    if (ready.type !== 'ready') throw new Error(`unexpected message ${JSON.stringify(ready)}`)
    console.log(`  GET ${ready.path}: both routes answer the same ${Buffer.byteLength(ready.body)} bytes`)
    const target = { baseline: `${ready.baselineUrl}${ready.path}`, lantern: `${ready.lanternUrl}${ready.path}` }
    const runs = { baseline: [], lantern: [] }
    let lanternRequests = 0
    for (const route of ['baseline', 'lantern']) {
      const warm = await load(target[route], ready.authorization, ready.body, WARMUP_SECONDS)
      if (route === 'lantern') lanternRequests += warm.requests
    }
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (const route of ['baseline', 'lantern']) {
        const r = await load(target[route], ready.authorization, ready.body, SECONDS)
        runs[route].push(r)
        if (route === 'lantern') lanternRequests += r.requests
        console.log(
          `  round ${round}/${ROUNDS} ${route.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
        )
      }
    }
    proc.child.send({ type: 'stop' })
    const done = await proc.next()
    if (done.type !== 'done') throw new Error(`unexpected message ${JSON.stringify(done)}`)
    const exit = await proc.exited()
    if (exit.code !== 0) throw new Error(`bench/case.ts ${mode} exited with ${exit.signal ?? exit.code}`)
    // Every answered Lantern request appended its case.read row (">=": a request in flight when a run's clock ran
    // out is answered but not counted by autocannon).
    if (done.auditRows < lanternRequests + 1)
      throw new Error(`audit log gained ${done.auditRows} case.read rows for ${lanternRequests + 1} answered requests`)
    const baseline = summarise(runs.baseline)
    const lantern = summarise(runs.lantern)
    const { type: _t, lanternUrl: _l, baselineUrl: _b, authorization: _a, body, ...measured } = ready
    return {
      ...measured,
      casesApi: {
        bodyBytes: Buffer.byteLength(body),
        baseline,
        lantern,
        ratio: lantern.rps / baseline.rps,
        caseReadRowsAppended: done.auditRows,
        answeredLanternRequests: lanternRequests + 1,
      },
      seconds: Math.round((Date.now() - started) / 1000),
    }
  } catch (error) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM')
    await proc.exited()
    throw error
  } finally {
    current = null
  }
}

const ms = x => x.toFixed(1)
const verdict = ok => (ok ? 'met' : 'NOT met')

function table(r) {
  const {
    search: s,
    chronologyPage: page,
    chronologyAll: all,
    chronologyQuery: q,
    chronologyPageReads: reads,
    casesApi: c,
  } = r
  const rows = [
    ['measure', 'figure', 'target', ''],
    [
      `person search, ${s.n} misspelt names (p50 / p95)`,
      `${ms(s.p50)} / ${ms(s.p95)} ms`,
      `p95 < ${TARGETS.searchP95Ms} ms`,
      verdict(s.p95 < TARGETS.searchP95Ms),
    ],
    ['  sought person among the results', `${s.found}/${s.n}, ${s.meanResults.toFixed(1)} results each`, '', ''],
    [
      `chronology of a ${q.rows}-entry case, first page (${page.events}), server time (p50 / p95)`,
      `${ms(page.p50)} / ${ms(page.p95)} ms`,
      `< ${TARGETS.chronologyPageMs} ms (p95)`,
      verdict(page.p95 < TARGETS.chronologyPageMs),
    ],
    ["  the page's reads, no HTTP/render (p50 / p95)", `${ms(reads.p50)} / ${ms(reads.p95)} ms`, '', ''],
    ['  the rest: hooks, session, audit, rendering (p50)', `${ms(page.p50 - reads.p50)} ms`, '', ''],
    ['  page size', `${(page.bytes / 1024).toFixed(0)} KiB`, '', ''],
    [
      `whole chronology on one page, ${all.events} entries, to print (p50 / p95)`,
      `${ms(all.p50)} / ${ms(all.p95)} ms`,
      '',
      '',
    ],
    ['  its query alone, all entries (p50 / p95)', `${ms(q.p50)} / ${ms(q.p95)} ms`, '', ''],
    ['  page size', `${(all.bytes / 1024).toFixed(0)} KiB`, '', ''],
    [
      'GET /api/v1/cases/:id bare baseline (req/s, p50, p99)',
      `${c.baseline.rps.toFixed(0)} req/s, ${c.baseline.p50.toFixed(2)} / ${c.baseline.p99.toFixed(2)} ms`,
      '',
      '',
    ],
    [
      'GET /api/v1/cases/:id Lantern, audited (req/s, p50, p99)',
      `${c.lantern.rps.toFixed(0)} req/s, ${c.lantern.p50.toFixed(2)} / ${c.lantern.p99.toFixed(2)} ms`,
      '',
      '',
    ],
    [
      '  Lantern / baseline',
      c.ratio.toFixed(2),
      r.mode === 'server' ? `>= ${TARGETS.casesRatio}` : `(>= ${TARGETS.casesRatio} on the server)`,
      r.mode === 'server'
        ? verdict(c.ratio >= TARGETS.casesRatio)
        : c.ratio >= TARGETS.casesRatio
          ? '(met)'
          : '(not met)',
    ],
  ]
  const widths = rows[0].map((_, i) => Math.max(...rows.map(row => row[i].length)))
  const line = row =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd()
  return [line(rows[0]), widths.map(w => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}

const machine = describeMachine()
const settings = {
  connections: CONNECTIONS,
  warmupSeconds: WARMUP_SECONDS,
  seconds: SECONDS,
  rounds: ROUNDS,
  children: process.env.BENCH_CHILDREN ?? 52000,
  eventsPerCase: process.env.BENCH_EVENTS_PER_CASE ?? 40,
}

console.log(
  'Lantern case bench: person search, a 2,000-event chronology, and the audited GET /api/v1/cases/:id against a bare route',
)
console.log(
  `${machine.date}  ${machine.cpu}, ${machine.cores} cores  Node ${machine.node}  load average ${machine.loadAverageAtStart.join(' ')}`,
)

const { results, failed } = await runModes(benchMode)

for (const r of results) {
  if (r.failed || r.skipped) {
    console.log(`\n${LABELS[r.mode]}: ${r.failed ? `failed: ${r.failed}` : `skipped: ${r.skipped}`}`)
    continue
  }
  const s = r.seeding
  console.log(
    `\n${LABELS[r.mode]}: ${s.people} people, ${s.cases} cases, ${s.events + s.bigCaseAdded} events (${s.children} synthetic children, seeded in ${s.seconds.toFixed(1)} s)`,
  )
  console.log(table(r))
}
console.log(
  `\n(search and chronology are timed in the server process with performance.now: search around searchPeople in the actor's`,
)
console.log(
  ` partnership context; the page around app.inject, so hooks, session look-up, audit append, reads and rendering;`,
)
console.log(
  ` requests/s and latencies are means over ${ROUNDS} autocannon runs of ${SECONDS} s, ${CONNECTIONS} connections, over loopback)`,
)
finish(machine, 'case-latest.json', { settings, targets: TARGETS, results }, failed)
