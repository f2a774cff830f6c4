#!/usr/bin/env node
// node bench/case-run.mjs: case work at partnership scale, in each storage mode, against the issue's targets.
//
// For each mode, bench/case.ts seeds a synthetic Northshire (BENCH_CHILDREN children, default 52,000: about
// 200,000 people, each family with an open case; BENCH_EVENTS_PER_CASE, default 40: about 2,000,000 chronology
// events; one family in 25 with an open case, 60 to a social worker), gives one case 2,000 events and one child
// 10 cases and 50 concerns, and measures in its own process, through app.inject (server time):
//   a. GET /cases/:id/chronology for the 2,000-event case, signed in as sw@csc.example: the page as it opens (the
//      newest 100 entries) and with every entry on it (?all=1, to print), and the chronology() query;
//   b. GET / of sw (about 60 open cases) and of tm@csc.example (their team's open cases, over 1,000);
//   c. GET /people/:id of the child of 10 cases and 50 concerns, as sw;
// then serves the audited, authorised GET /api/v1/cases?member=me and GET /api/v1/cases/:id and bare Fastify
// routes doing the same reads on the same database handle. This process drives both over loopback with
// autocannon, alternating baseline and Lantern runs. Prints a table per mode with the targets, and writes
// bench/results/case-latest.json. Person search is measured by bench/search.ts.
//
// Environment: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) is
// the server's admin URL (a database lantern_casebench_<pid> is created and dropped); BENCH_MODES
// (embedded,server), BENCH_CHILDREN, BENCH_ROUNDS (2), BENCH_SECONDS (5), BENCH_CONNECTIONS (10) tune the run.
/* global fetch */
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
const TARGETS = { chronologyPageMs: 50, homeP95Ms: 50, childPageP95Ms: 30, casesRatio: 0.5, caseListRatio: 0.5 }

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
    // The case list first: the case reads' audit rows move its lastViewedAt, so it must not run after them.
    const pairs = []
    for (const [key, path, action] of [
      ['caseList', ready.listPath, 'cases.list'],
      ['casesApi', ready.path, 'case.read'],
    ]) {
      const target = { baseline: `${ready.baselineUrl}${path}`, lantern: `${ready.lanternUrl}${path}` }
      const bodies = []
      for (const route of ['lantern', 'baseline']) {
        const response = await fetch(target[route], { headers: { authorization: ready.authorization } })
        const text = await response.text()
        if (response.status !== 200) throw new Error(`${target[route]} answered ${response.status}: ${text}`)
        bodies.push(text)
      }
      if (bodies[0] !== bodies[1])
        throw new Error(`The two routes answer different bytes:\n  lantern:  ${bodies[0]}\n  baseline: ${bodies[1]}`)
      const body = bodies[0]
      console.log(`  GET ${path}: both routes answer the same ${Buffer.byteLength(body)} bytes`)
      const runs = { baseline: [], lantern: [] }
      let lanternRequests = 1
      for (const route of ['baseline', 'lantern']) {
        const warm = await load(target[route], ready.authorization, body, WARMUP_SECONDS)
        if (route === 'lantern') lanternRequests += warm.requests
      }
      for (let round = 1; round <= ROUNDS; round += 1) {
        for (const route of ['baseline', 'lantern']) {
          const r = await load(target[route], ready.authorization, body, SECONDS)
          runs[route].push(r)
          if (route === 'lantern') lanternRequests += r.requests
          console.log(
            `  round ${round}/${ROUNDS} ${route.padEnd(8)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms`,
          )
        }
      }
      pairs.push({ key, action, body, runs, lanternRequests })
    }
    proc.child.send({ type: 'stop' })
    const done = await proc.next()
    if (done.type !== 'done') throw new Error(`unexpected message ${JSON.stringify(done)}`)
    const exit = await proc.exited()
    if (exit.code !== 0) throw new Error(`bench/case.ts ${mode} exited with ${exit.signal ?? exit.code}`)
    // Every answered Lantern request appended its audit row (">=": a request in flight when a run's clock ran out
    // is answered but not counted by autocannon).
    const appended = { 'case.read': done.auditRows, 'cases.list': done.listAuditRows }
    const { type: _t, lanternUrl: _l, baselineUrl: _b, authorization: _a, body: _body, ...measured } = ready
    const out = { ...measured }
    for (const { key, action, body, runs, lanternRequests } of pairs) {
      if (appended[action] < lanternRequests)
        throw new Error(`audit log gained ${appended[action]} ${action} rows for ${lanternRequests} answered requests`)
      const baseline = summarise(runs.baseline)
      const lantern = summarise(runs.lantern)
      out[key] = {
        bodyBytes: Buffer.byteLength(body),
        baseline,
        lantern,
        ratio: lantern.rps / baseline.rps,
        auditRowsAppended: appended[action],
        answeredLanternRequests: lanternRequests,
      }
    }
    return { ...out, seconds: Math.round((Date.now() - started) / 1000) }
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
    chronologyPage: page,
    chronologyAll: all,
    chronologyQuery: q,
    chronologyPageReads: reads,
    homeSocialWorker: sw,
    homeTeamManager: tm,
    childPage: child,
    caseList: l,
    casesApi: c,
  } = r
  const ratioRow = (label, x, target) => [
    label,
    x.ratio.toFixed(2),
    r.mode === 'server' ? `>= ${target}` : `(>= ${target} on the server)`,
    r.mode === 'server' ? verdict(x.ratio >= target) : x.ratio >= target ? '(met)' : '(not met)',
  ]
  const apiRows = (path, x, target) => [
    [
      `${path} bare baseline (req/s, p50, p99)`,
      `${x.baseline.rps.toFixed(0)} req/s, ${x.baseline.p50.toFixed(2)} / ${x.baseline.p99.toFixed(2)} ms`,
      '',
      '',
    ],
    [
      `${path} Lantern, audited (req/s, p50, p99)`,
      `${x.lantern.rps.toFixed(0)} req/s, ${x.lantern.p50.toFixed(2)} / ${x.lantern.p99.toFixed(2)} ms`,
      '',
      '',
    ],
    ratioRow('  Lantern / baseline', x, target),
  ]
  const rows = [
    ['measure', 'figure', 'target', ''],
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
      `home of a social worker on ${sw.openCases} open cases (p50 / p95)`,
      `${ms(sw.p50)} / ${ms(sw.p95)} ms`,
      `p95 < ${TARGETS.homeP95Ms} ms`,
      verdict(sw.p95 < TARGETS.homeP95Ms),
    ],
    [
      `home of a team manager, team of ${tm.teamOpenCases} open cases (p50 / p95)`,
      `${ms(tm.p50)} / ${ms(tm.p95)} ms`,
      `p95 < ${TARGETS.homeP95Ms} ms`,
      verdict(tm.p95 < TARGETS.homeP95Ms),
    ],
    [
      `page of a child of ${child.cases} cases and ${child.concerns} concerns (p50 / p95)`,
      `${ms(child.p50)} / ${ms(child.p95)} ms`,
      `p95 < ${TARGETS.childPageP95Ms} ms`,
      verdict(child.p95 < TARGETS.childPageP95Ms),
    ],
    ['  page size', `${(child.bytes / 1024).toFixed(0)} KiB`, '', ''],
    ...apiRows(`GET ${r.listPath} (${r.listTotal} cases, first 50)`, l, TARGETS.caseListRatio),
    ...apiRows('GET /api/v1/cases/:id', c, TARGETS.casesRatio),
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
  'Lantern case bench: a 2,000-event chronology, home pages, a child of 10 cases, and the audited case API against bare routes',
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
  `\n(pages are timed in the server process with performance.now around app.inject, so hooks, session look-up, audit`,
)
console.log(` append, reads and rendering;`)
console.log(
  ` requests/s and latencies are means over ${ROUNDS} autocannon runs of ${SECONDS} s, ${CONNECTIONS} connections, over loopback)`,
)
finish(machine, 'case-latest.json', { settings, targets: TARGETS, results }, failed)
