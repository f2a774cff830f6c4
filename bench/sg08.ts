// SG-08 across a household: node --import tsx bench/sg08.ts
//
// A household of 10 children in 5 open cases (two children each), all living with one step-father. Measured in
// this process, through app.inject (server time, authorised and audited, the whole write pipeline):
//   a. POST /api/v1/people/:id/offending-history for the step-father: the change reaches the 5 cases, and SG-08
//      and SG-09 run on each (10 children linked);
//   b. POST /api/v1/people/:id/relationships linking a child of the household to a new adult with a conviction:
//      the cases the child is in, with every link of the household read;
// each against a bare one-row SQL read in the same process (a transaction under the partnership, as the app
// reads), p50, p95 and the ratio of p95s. Target: p95 under 50 ms for (a) and (b).
//
// Environment: BENCH_MODES (embedded,server), BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local
// server), BENCH_ROUNDS (100). Writes bench/results/sg08-latest.json.
import fs from 'node:fs'
import type { Transaction } from 'kysely'
import os from 'node:os'
import { buildApp } from '../src/app.ts'
import { asPartnership, asSystem } from '../src/db/context.ts'
import type { Database } from '../src/db/types.ts'
import { migrate } from '../src/db/migrate.ts'
import { loadConfig } from '../src/kernel/config.ts'
import { createApiToken } from '../src/modules/auth/index.ts'
import { riskSnapshot } from '../src/modules/risk/index.ts'
import { pathwaySnapshots } from '../src/modules/safeguards/index.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { benchModes, latency, openBenchDatabase, since, type Mode } from './mode.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100)
const WARMUP = 10
const CASES = 5
const TARGET_P95_MS = 50
const BENCH_USER = 'sw@csc.example'

async function benchMode(mode: Mode) {
  const opened = await openBenchDatabase(mode, 'lantern_sg08bench')
  if (typeof opened === 'string') return { mode, skipped: opened }
  const { db } = opened.handle
  try {
    await migrate(db)
    await seedDemo(db)
    const user = await asSystem(() =>
      db.selectFrom('users').select(['id', 'partnershipId']).where('email', '=', BENCH_USER).executeTakeFirstOrThrow(),
    )
    const app = await buildApp({ db, config: loadConfig({}) })
    const { token } = await createApiToken(db, { userId: user.id, partnershipId: user.partnershipId }, 'bench', null)
    const post = async (url: string, payload: Record<string, unknown>) => {
      const start = process.hrtime.bigint()
      const response = await app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } })
      const took = since(start)
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`)
      return { id: response.json<{ id: string }>().id, took }
    }
    const person = async (givenName: string, dateOfBirth: string) =>
      (await post('/api/v1/people', { givenName, familyName: 'Benchmockley', sex: 'unknown', dateOfBirth })).id
    const conviction = { kind: 'conviction', date: '2015-03-02', description: 'Convicted of an offence' }

    // The household: 5 open cases of two children each, every child living with the step-father.
    const stepFather = await person('Farrow', '1980-01-01')
    const childIds: string[] = []
    const caseIds: string[] = []
    for (let c = 0; c < CASES; c++) {
      const pair = [await person(`Wren${String(c)}a`, '2015-03-01'), await person(`Wren${String(c)}b`, '2017-03-01')]
      childIds.push(...pair)
      caseIds.push((await post('/api/v1/cases', { title: 'Bench: a household case', childIds: pair })).id)
    }
    for (const childId of childIds)
      await post(`/api/v1/people/${childId}/relationships`, {
        otherPersonId: stepFather,
        kind: 'step_parent',
        livesWith: true,
        hasContact: true,
      })
    // Adults with a conviction, in no case yet, for each relationship recorded below.
    const lodgers: string[] = []
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const id = await person(`Lodger${String(i)}`, '1985-01-01')
      await post(`/api/v1/people/${id}/offending-history`, conviction)
      lodgers.push(id)
    }

    const bare = async () => {
      const start = process.hrtime.bigint()
      await asPartnership(user.partnershipId, () =>
        db.transaction().execute(trx => trx.selectFrom('people').select('id').where('id', '=', stepFather).execute()),
      )
      return since(start)
    }
    const measure = async (act: (i: number) => Promise<number>) => {
      const [times, bareTimes] = [[] as number[], [] as number[]]
      for (let i = 0; i < ROUNDS + WARMUP; i++) {
        const took = await act(i)
        const b = await bare()
        if (i >= WARMUP) {
          times.push(took)
          bareTimes.push(b)
        }
      }
      const [l, b] = [latency(times), latency(bareTimes)]
      return { lantern: l, bareRead: b, ratioP95: l.p95 / b.p95, met: l.p95 < TARGET_P95_MS }
    }
    const convictions = await measure(
      async () => (await post(`/api/v1/people/${stepFather}/offending-history`, conviction)).took,
    )
    const relationships = await measure(
      async i =>
        (
          await post(`/api/v1/people/${childIds[i % childIds.length] ?? ''}/relationships`, {
            otherPersonId: lodgers[i],
            kind: 'household_member',
            livesWith: false,
            hasContact: true,
          })
        ).took,
    )
    // For comparison: the same pipeline on one of those cases for a plain note, and a conviction reaching one case.
    const oneCaseNote = await measure(
      async () =>
        (
          await post(`/api/v1/cases/${caseIds[0] ?? ''}/chronology`, {
            kind: 'note',
            occurredAt: new Date().toISOString(),
            summary: 'Spoke to the family at home',
          })
        ).took,
    )
    const noCaseConviction = await measure(
      async i => (await post(`/api/v1/people/${lodgers[i] ?? ''}/offending-history`, conviction)).took,
    )
    // Where the time goes: the five household cases' pathway snapshots, read at once as the pipeline reads them, and
    // the register's part of them.
    const snapshotOf = async (read: (trx: Transaction<Database>) => Promise<unknown>) => {
      const start = process.hrtime.bigint()
      await asPartnership(user.partnershipId, () => db.transaction().execute(read))
      return since(start)
    }
    const household = new Map(caseIds.map(id => [id, { action: 'read', events: [] }]))
    const householdSnapshot = await measure(() => snapshotOf(trx => pathwaySnapshots(trx, household)))
    const registerPart = await measure(() => snapshotOf(trx => riskSnapshot(trx, caseIds)))
    const tasks = await asSystem(() =>
      db
        .selectFrom('tasks')
        .select(eb => eb.fn.countAll<number>().as('n'))
        .where('safeguard', '=', 'SG-08')
        .where('status', '=', 'open')
        .executeTakeFirstOrThrow(),
    )
    await app.close()
    return {
      mode,
      database: opened.description,
      convictions,
      relationships,
      oneCaseNote,
      noCaseConviction,
      householdSnapshot,
      registerPart,
      openSg08Tasks: tasks.n,
    }
  } finally {
    await opened.handle.close()
    await opened.cleanup()
  }
}

const fixed = (x: number) => x.toFixed(2)

async function main() {
  const modes = benchModes()
  const results = []
  for (const mode of modes) {
    const result = await benchMode(mode)
    results.push(result)
    if ('skipped' in result) {
      console.log(`${mode}: skipped: ${result.skipped ?? ''}`)
      continue
    }
    console.log(`\n${result.database}: ${String(result.openSg08Tasks)} SG-08 tasks open at the end`)
    for (const [label, r] of [
      ['conviction reaching 10 children in 5 cases', result.convictions],
      ['relationship to a person with a conviction', result.relationships],
      ['for comparison, a note on one of the cases', result.oneCaseNote],
      ['for comparison, a conviction of a lodger linked to one child', result.noCaseConviction],
      ["the 5 household cases' pathway snapshots, read at once", result.householdSnapshot],
      ["  the register's part of it (riskSnapshot)", result.registerPart],
    ] as const)
      console.log(
        `  ${label}: p50 ${fixed(r.lantern.p50)} ms, p95 ${fixed(r.lantern.p95)} ms ` +
          `(target under ${String(TARGET_P95_MS)} ms: ${r.met ? 'met' : 'NOT met'}); bare read p95 ` +
          `${fixed(r.bareRead.p95)} ms; ratio ${fixed(r.ratioP95)}`,
      )
  }
  const out = { machine: { cpus: os.cpus().length, node: process.version }, target: TARGET_P95_MS, results }
  fs.mkdirSync('bench/results', { recursive: true })
  fs.writeFileSync('bench/results/sg08-latest.json', `${JSON.stringify(out, null, 2)}\n`)
}

await main()
