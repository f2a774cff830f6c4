// The safeguards at a partnership's size: npm run bench:safeguards.
//
//   node --import tsx bench/safeguards.ts
//
// 1. Rules: every safeguard (RULES) over the pathway snapshot of one big case (10 children, 2,000 chronology
//    entries written by the change, and the pathway records such a case gathers), in this process: p50 and p95 of
//    2,000 evaluations. Target: p95 under 5 ms.
// 2. The snapshot read: `pathwaySnapshot` of that case on each database (a bounded number of queries, whatever the
//    case holds), against a bare one-row SQL read side by side: p95 and the ratio.
// 3. The sweep (PostgreSQL server only): 100,000 open cases, each with a task gone overdue; `sweepTasks` raises
//    them all while a reader keeps asking GET /api/v1/cases/:id through the app (authorised, audited). Target: the
//    sweep under 30 s, and the reads keep at least 0.8 of the throughput they had before it started.
//
// Environment: BENCH_MODES (embedded,server), BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local server),
// BENCH_SWEEP_CASES (100000). Writes bench/results/safeguards-latest.json.
import fs from 'node:fs'
import os from 'node:os'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import type { Db } from '../src/db/connection.ts'
import { asPartnership, asSystem } from '../src/db/context.ts'
import { migrate } from '../src/db/migrate.ts'
import { loadConfig } from '../src/kernel/config.ts'
import { createApiToken } from '../src/modules/auth/index.ts'
import { generateChronology } from '../src/modules/cases/index.ts'
import { pathwaySnapshot, RULES, sweepTasks, type PathwaySnapshot } from '../src/modules/safeguards/index.ts'
import { OPENED, POLICY, snapshotOf } from '../src/modules/safeguards/rules/snapshot-fixture.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { benchModes, latency, openBenchDatabase, since, type Mode } from './mode.ts'

const EVALUATIONS = 2000
const SNAPSHOT_READS = 200
const SWEEP_CASES = Number(process.env.BENCH_SWEEP_CASES ?? 100_000)
const CHILDREN = 10
const TARGETS = { rulesP95Ms: 5, sweepSeconds: 30, readsKept: 0.8 }
const BENCH_USER = 'sw@csc.example'

const DAY = 86_400_000
const day = (n: number) => new Date(OPENED.getTime() + n * DAY)
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

/** A big case as the rules read it: many children, a long change, and the pathway records such a case gathers. */
function bigSnapshot(): PathwaySnapshot {
  const children = Array.from({ length: CHILDREN }, (_, i) => uuid(0xc000 + i))
  return snapshotOf({
    children: children.map((personId, i) => ({ personId, status: 'open', role: i === 0 ? 'subject' : 'sibling' })),
    events: Array.from({ length: 2000 }, (_, i) => ({ kind: 'visit.home', childId: children[i % CHILDREN] ?? null })),
    concerns: Array.from({ length: 60 }, (_, i) => ({
      id: uuid(0x1000 + i),
      childId: children[i % CHILDREN] ?? '',
      recordedAt: day(i),
      indicators: ['beh-sexualised-behaviour'],
      disclosure: 'none',
    })),
    strategyDiscussions: Array.from({ length: 12 }, (_, i) => ({
      id: uuid(0x2000 + i),
      heldAt: day(i),
      childIds: children,
      aboutSexualAbuse: true,
      completedAt: i % 3 === 0 ? null : day(i),
      healthExpertiseAttended: i % 2 === 0,
      healthConsultationRecorded: false,
      decisions: {
        section47: true,
        policeInvestigation: true,
        abeInterview: true,
        healthAssessment: true,
        immediateProtection: false,
      },
    })),
    investigations: Array.from({ length: 8 }, (_, i) => ({
      id: uuid(0x3000 + i),
      crimeReference: `NS/2026/${String(1000 + i)}`,
      childIds: children.slice(0, 1 + (i % CHILDREN)),
      openedAt: day(i),
      officer: { userId: uuid(0xa1), agencyId: null },
      chargingAdviceSoughtAt: i % 2 ? day(i + 10) : null,
      chargingAdviceOutcomeAt: null,
      chargingDecisionAt: null,
      // A brother as suspect in one (harm by a sibling: SG-10); closes without charge in others (SG-03).
      suspectIds: i === 2 ? [children[CHILDREN - 1] ?? ''] : [],
      outcome:
        i % 4 === 0
          ? { kind: 'charged', code: '1', decidedAt: day(i + 60), rationaleGiven: true, agenciesInformed: 2 }
          : i % 4 === 1
            ? {
                kind: 'no_further_police_action_at_this_time',
                code: '15',
                decidedAt: day(i + 60),
                rationaleGiven: true,
                agenciesInformed: 2,
              }
            : null,
    })),
    section47Enquiries: children.map((childId, i) => ({
      id: uuid(0x5000 + i),
      childId,
      startedAt: day(i),
      category: 'SAB',
      completedAt: i % 2 ? day(i + 40) : null,
      outcome: i % 2 ? 'not_substantiated_support' : null,
    })),
    childViews: Array.from({ length: 30 }, (_, i) => ({
      id: uuid(0x6000 + i),
      childId: children[(i * 3) % CHILDREN] ?? '',
      stage: 'enquiry',
      givenAt: day(i + 2),
      inOwnWords: i % 4 !== 0,
    })),
    familyUpdates: Array.from({ length: 40 }, (_, i) => ({
      id: uuid(0x7000 + i),
      childId: i % 5 === 0 ? null : (children[i % CHILDREN] ?? null),
      toPersonIds: [children[i % CHILDREN] ?? ''],
      at: day(i * 2),
      topics: i % 3 === 0 ? ['progress'] : ['outcome', 'reasons', 'compensation'],
    })),
    plans: children.slice(0, CHILDREN / 2).map((childId, i) => ({
      id: uuid(0x8000 + i),
      childId,
      kind: i === 0 ? 'support' : 'child_in_need',
      status: i % 2 ? 'draft' : 'agreed',
      startsAt: day(i + 70),
      reviewDueAt: day(i + 160),
      endedAt: null,
    })),
    approvals: [
      {
        id: uuid(0x9000),
        kind: 'no_support_plan',
        childId: children[6] ?? null,
        status: 'approved',
        decidedAt: day(80),
      },
    ],
    abeInterviews: Array.from({ length: 20 }, (_, i) => ({
      id: uuid(0x4000 + i),
      investigationId: uuid(0x3000 + (i % 8)),
      childId: children[i % CHILDREN] ?? '',
      plannedAt: day(i + 5),
      childInformedAt: i % 2 ? day(i + 3) : null,
      informedBy: i % 2 ? 'Sam Caseworth' : null,
      willingness: i % 3 === 0 ? 'unsure' : 'willing',
      toldDecliningHarms: i % 3 === 0 ? false : null,
      heldAt: i % 2 ? day(i + 6) : null,
      leadHasJointTraining: i % 5 !== 0,
      notHeldReason: null,
    })),
  })
}

function measureRules() {
  const snapshot = bigSnapshot()
  const now = day(120)
  const times: number[] = []
  let findings = 0
  for (let i = 0; i < EVALUATIONS + 200; i++) {
    const start = process.hrtime.bigint()
    findings = RULES.flatMap(rule => rule(snapshot, now, POLICY)).length
    if (i >= 200) times.push(since(start))
  }
  return { rules: RULES.length, findings, ...latency(times) }
}

/** The demo partnership's social worker, with an API token, and the app they use. */
async function benchUser(db: Db) {
  const user = await asSystem(() =>
    db
      .selectFrom('users')
      .select(['id', 'partnershipId', 'agencyId'])
      .where('email', '=', BENCH_USER)
      .executeTakeFirstOrThrow(),
  )
  const app = await buildApp({ db, config: loadConfig({}) })
  const { token } = await createApiToken(db, { userId: user.id, partnershipId: user.partnershipId }, 'bench', null)
  return { app, user, token, pid: user.partnershipId }
}

type Bench = Awaited<ReturnType<typeof benchUser>>

/** A case of 10 children opened through the API, grown to 2,000 chronology entries. */
async function bigCase(db: Db, { app, user, token, pid }: Bench): Promise<string> {
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
    return response.json<{ id: string }>().id
  }
  const childIds: string[] = []
  for (let i = 0; i < CHILDREN; i++)
    childIds.push(
      await post('/api/v1/people', {
        givenName: `Benchling${String.fromCharCode(65 + i)}`,
        familyName: 'Sweepwell',
        sex: 'unknown',
        dateOfBirth: `201${String(i % 10)}-03-01`,
      }),
    )
  const caseId = await post('/api/v1/cases', { title: 'Bench: a big case', childIds })
  await asPartnership(pid, () =>
    db.transaction().execute(trx =>
      generateChronology(trx, [caseId], {
        perCase: 2000,
        authors: [{ agencyId: user.agencyId, userId: user.id }],
        kinds: ['visit.home'],
        summaries: ['a home visit'],
        now: new Date(),
      }),
    ),
  )
  return caseId
}

async function measureSnapshotRead(db: Db, pid: string, caseId: string) {
  const snapshot: number[] = []
  const bare: number[] = []
  for (let i = 0; i < SNAPSHOT_READS + 20; i++) {
    let start = process.hrtime.bigint()
    await asPartnership(pid, () => db.transaction().execute(trx => pathwaySnapshot(trx, caseId)))
    if (i >= 20) snapshot.push(since(start))
    start = process.hrtime.bigint()
    await asPartnership(pid, () =>
      db.transaction().execute(trx => trx.selectFrom('cases').select('id').where('id', '=', caseId).execute()),
    )
    if (i >= 20) bare.push(since(start))
  }
  const [s, b] = [latency(snapshot), latency(bare)]
  return { snapshot: s, bareRead: b, ratioP95: s.p95 / b.p95 }
}

/** SWEEP_CASES open cases, each with a task overdue since yesterday, for the demo social worker. */
async function overdueCases(db: Db, pid: string, userId: string) {
  const start = process.hrtime.bigint()
  await asPartnership(pid, async () => {
    await sql`
      with made as (
        insert into cases (partnership_id, reference, title, lead_user_id, opened_at, opened_by_user_id)
        select ${pid}, 'NS-SWEEP-' || n, 'Bench: a case with an overdue task', ${userId}, now() - interval '30 days', ${userId}
        from generate_series(1, ${SWEEP_CASES}) n
        returning partnership_id, id
      )
      insert into tasks (partnership_id, case_id, safeguard, key, title, owner_user_id, due_at, status, created_at)
      select partnership_id, id, 'SG-05', 'SG-05:-:' || id, 'Seek early charging advice', ${userId},
             now() - interval '1 day', 'open', now() - interval '30 days'
      from made`.execute(db)
  })
  await sql`analyze`.execute(db)
  return since(start) / 1000
}

async function measureSweep(db: Db, { app, user, token, pid }: Bench, caseId: string) {
  const seeded = await overdueCases(db, pid, user.id)
  let reads = 0
  const state = { reading: true }
  const reader = (async () => {
    while (state.reading) {
      const response = await app.inject({
        url: `/api/v1/cases/${caseId}`,
        headers: { authorization: `Bearer ${token}` },
      })
      if (response.statusCode !== 200) throw new Error(`case read answered ${String(response.statusCode)}`)
      reads += 1
    }
  })()
  const window = async (seconds: number) => {
    const [before, start] = [reads, Date.now()]
    await new Promise(resolve => setTimeout(resolve, seconds * 1000))
    return (reads - before) / ((Date.now() - start) / 1000)
  }
  await window(2)
  const baseline = await window(5)
  const start = process.hrtime.bigint()
  const [before, at] = [reads, Date.now()]
  const result = await sweepTasks(db, new Date())
  const sweepSeconds = since(start) / 1000
  const during = (reads - before) / ((Date.now() - at) / 1000)
  state.reading = false
  await reader
  return {
    cases: SWEEP_CASES,
    seededSeconds: seeded,
    raised: result.raised,
    sweepSeconds,
    readsPerSecondBefore: baseline,
    readsPerSecondDuring: during,
    readsKept: during / baseline,
  }
}

async function benchMode(mode: Mode) {
  const opened = await openBenchDatabase(mode, 'lantern_safeguardsbench')
  if (typeof opened === 'string') return { mode, skipped: opened }
  const { db } = opened.handle
  try {
    await migrate(db)
    await seedDemo(db)
    const bench = await benchUser(db)
    const caseId = await bigCase(db, bench)
    const read = await measureSnapshotRead(db, bench.pid, caseId)
    const sweep = mode === 'server' ? await measureSweep(db, bench, caseId) : null
    await bench.app.close()
    return { mode, database: opened.description, snapshotRead: read, sweep }
  } finally {
    await opened.handle.close()
    await opened.cleanup()
  }
}

const fixed = (x: number, digits = 2) => x.toFixed(digits)

async function main() {
  const modes = benchModes()
  const rules = measureRules()
  console.log(
    `Rules: ${String(rules.rules)} safeguards over a case of ${String(CHILDREN)} children and 2,000 entries, ` +
      `${String(rules.findings)} findings: p50 ${fixed(rules.p50, 3)} ms, p95 ${fixed(rules.p95, 3)} ms ` +
      `(target under ${String(TARGETS.rulesP95Ms)} ms)`,
  )
  const results = []
  for (const mode of modes) {
    const result = await benchMode(mode)
    results.push(result)
    if ('skipped' in result) {
      console.log(`${mode}: skipped: ${result.skipped ?? ''}`)
      continue
    }
    const { snapshotRead: r, sweep } = result
    console.log(`\n${result.database}`)
    console.log(
      `  snapshot read: p50 ${fixed(r.snapshot.p50)} ms, p95 ${fixed(r.snapshot.p95)} ms; bare read p95 ` +
        `${fixed(r.bareRead.p95)} ms; ratio ${fixed(r.ratioP95)}`,
    )
    if (sweep)
      console.log(
        `  sweep: ${String(sweep.raised)} overdue tasks on ${String(sweep.cases)} open cases raised in ` +
          `${fixed(sweep.sweepSeconds, 1)} s (target under ${String(TARGETS.sweepSeconds)} s); case reads ` +
          `${fixed(sweep.readsPerSecondBefore, 0)}/s before, ${fixed(sweep.readsPerSecondDuring, 0)}/s during: ` +
          `${fixed(sweep.readsKept)} kept (target at least ${String(TARGETS.readsKept)})`,
      )
  }
  const out = { machine: { cpus: os.cpus().length, node: process.version }, targets: TARGETS, rules, results }
  fs.mkdirSync('bench/results', { recursive: true })
  fs.writeFileSync('bench/results/safeguards-latest.json', `${JSON.stringify(out, null, 2)}\n`)
}

await main()
