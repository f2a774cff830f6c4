// Person search at a real partnership's size: npm run bench:search.
//
//   node --import tsx bench/search.ts
//
// For each mode in BENCH_MODES (embedded,server), seeds a synthetic Northshire of BENCH_CHILDREN invented families
// (default 260,000: about 1,000,000 people, names that repeat as real ones do, src/seed/names.ts) with
// BENCH_EVENTS_PER_CASE chronology events a case (default 0: search reads no chronology; set 40 to measure beside
// the 10 million entries a partnership that size holds), then makes 200 misspelt searches, each giving a name
// with one slip (a letter dropped, two swapped, a neighbouring key; sometimes the names in the wrong order) and the
// person's date of birth, as a practitioner searching for a child would, and the same 200 names without a date:
//   - through `searchPeople` and `countPeople` in this process (what the search page and the API read), and
//   - through `GET /api/v1/people?q=&dateOfBirth=` with app.inject (authorised, audited), the server time;
// counting how often the person sought is among the first 10 results. Writes bench/results/search-latest.json.
//
// Environment: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres) is
// the server's admin URL (a database lantern_searchbench_<pid> is created and dropped).
import fs from 'node:fs'
import os from 'node:os'
import { sql } from 'kysely'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/kernel/config.ts'
import type { Db } from '../src/db/connection.ts'
import { asPartnership, asSystem } from '../src/db/context.ts'
import { migrate } from '../src/db/migrate.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { seedSynthetic } from '../src/seed/synthetic.ts'
import { sequence } from '../src/seed/names.ts'
import { createApiToken } from '../src/modules/auth/index.ts'
import { actorForToken } from '../src/modules/auth/tokens.ts'
import { countPeople, searchPeople } from '../src/modules/people/service.ts'
import { peopleNeedToKnow } from '../src/modules/cases/need-to-know.ts'
import { benchModes, latency, openBenchDatabase, type Latency, type Mode } from './mode.ts'

const BENCH_USER = 'sw@csc.example'
const SEARCHES = 200
const WARMUP = 20
const TOP = 10
const TARGETS = { p95Ms: 30, foundInTop: 195 }

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await fn()
  return { ms: performance.now() - started, value }
}

const KEYBOARD = 'qwertyuiop|asdfghjkl|zxcvbnm'

/** A key beside this one on the same row of a UK keyboard. */
function neighbour(letter: string, random: () => number): string {
  const at = KEYBOARD.indexOf(letter)
  if (at < 0) return 'e'
  const left = KEYBOARD.charAt(at - 1)
  const right = KEYBOARD.charAt(at + 1)
  const options = [left, right].filter(c => /[a-z]/.test(c))
  return options[Math.floor(random() * options.length)] ?? 'e'
}

/** One typing slip, never in the first letter: a letter dropped, two swapped, or a neighbouring key hit. */
function misspell(word: string, random: () => number): string {
  if (word.length < 3) return `${word}${word.charAt(word.length - 1)}`
  const i = 1 + Math.floor(random() * (word.length - 1))
  const here = word.charAt(i)
  const next = word.charAt(i + 1)
  const kind = Math.floor(random() * 3)
  if (kind === 0) return word.slice(0, i) + word.slice(i + 1)
  if (kind === 1 && next && here !== next) return word.slice(0, i) + next + here + word.slice(i + 2)
  return word.slice(0, i) + neighbour(here.toLowerCase(), random) + word.slice(i + 1)
}

interface Query {
  q: string
  dateOfBirth: string
  id: string
  name: string
}

/** The 200 searches (after 20 to warm up), in this process and through the API, on a seeded partnership. */
export async function measureSearch(db: Db) {
  const user = await asSystem(() =>
    db.selectFrom('users').select(['id', 'partnershipId']).where('email', '=', BENCH_USER).executeTakeFirstOrThrow(),
  )
  const pid = user.partnershipId
  const { token } = await createApiToken(db, { userId: user.id, partnershipId: pid }, 'search bench', null)
  const actor = await actorForToken(db, token, new Date())
  if (!actor) throw new Error('The bench token does not resolve to an actor')

  // The people sought: drawn evenly from the whole partnership, children and adults, as the first person at or
  // after a random id (ids are random, so every person is as likely).
  const random = sequence(SEARCHES)
  const queries: Query[] = []
  while (queries.length < SEARCHES + WARMUP) {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
    const at = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    const p = await asPartnership(pid, () =>
      db
        .selectFrom('people')
        .select(['id', 'givenName', 'familyName', 'dateOfBirth'])
        .where('id', '>=', at)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst(),
    )
    if (!p?.dateOfBirth) continue
    const given = p.givenName.toLowerCase()
    const family = p.familyName.toLowerCase()
    const slipInFamily = random() < 0.6
    const words = slipInFamily ? [given, misspell(family, random)] : [misspell(given, random), family]
    // One search in ten gives the family name first, as a form with the names the other way round would.
    const q = (random() < 0.1 ? words.reverse() : words).join(' ')
    queries.push({ q, dateOfBirth: p.dateOfBirth, id: p.id, name: `${p.givenName} ${p.familyName}` })
  }

  const measure = async (withDate: boolean) => {
    const times: number[] = []
    let found = 0
    let total = 0
    for (const [i, query] of queries.entries()) {
      const terms = withDate ? { q: query.q, dateOfBirth: query.dateOfBirth } : { q: query.q }
      const { ms, value } = await timed(() =>
        asPartnership(pid, () =>
          Promise.all([
            searchPeople(db, actor, terms, new Date(), peopleNeedToKnow, { limit: TOP, offset: 0 }),
            countPeople(db, terms),
          ]),
        ),
      )
      if (i < WARMUP) continue
      times.push(ms)
      total += value[1]
      if (value[0].some(r => r.id === query.id)) found += 1
    }
    return { ...latency(times), foundInTop: found, meanTotal: total / SEARCHES }
  }
  const withDate = await measure(true)
  const nameOnly = await measure(false)

  // The same searches through the API as an integrating system makes them: authorised, rate-limited, audited.
  const app = await buildApp({
    db,
    config: loadConfig({ LOG_LEVEL: 'silent', LANTERN_SEARCHES_PER_MINUTE: '100000' }),
    logger: false,
  })
  const apiTimes: number[] = []
  try {
    for (const [i, query] of queries.entries()) {
      const url = `/api/v1/people?${new URLSearchParams({ q: query.q, dateOfBirth: query.dateOfBirth, limit: String(TOP) }).toString()}`
      const { ms, value } = await timed(() => app.inject({ url, headers: { authorization: `Bearer ${token}` } }))
      if (value.statusCode !== 200) throw new Error(`GET ${url} answered ${String(value.statusCode)}: ${value.body}`)
      if (i >= WARMUP) apiTimes.push(ms)
    }
  } finally {
    await app.lantern.audit.drain()
    await app.close()
  }
  const api = latency(apiTimes)

  return { withDate, nameOnly, api, queries }
}

async function benchMode(mode: Mode, children: number, eventsPerCase: number) {
  const opened = await openBenchDatabase(mode, 'lantern_searchbench')
  if (typeof opened === 'string') {
    console.log(`  skipped: ${opened}`)
    return { mode, skipped: opened }
  }
  const { handle, description, cleanup } = opened
  const { db } = handle
  try {
    console.log(`  ${description}: migrating and seeding ${String(children)} synthetic families`)
    await migrate(db)
    await seedDemo(db)
    const seeded = await timed(() => seedSynthetic(db, children, eventsPerCase))
    const seedingSeconds = seeded.ms / 1000
    console.log(
      `  seeded ${String(seeded.value.people)} people, ${String(seeded.value.cases)} cases, ` +
        `${String(seeded.value.events)} events in ${seedingSeconds.toFixed(0)} s`,
    )
    await asSystem(() => sql`analyze`.execute(db))

    const measured = await measureSearch(db)
    const { withDate, nameOnly, api, queries } = measured
    const line = (label: string, l: Latency & { foundInTop?: number }) =>
      `  ${label}: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms` +
      (l.foundInTop === undefined ? '' : `; the person sought in the first ${String(TOP)} ${String(l.foundInTop)}/200`)
    console.log(line('name with one slip and date of birth', withDate))
    console.log(line('the same names without a date of birth', nameOnly))
    console.log(line('GET /api/v1/people?q=&dateOfBirth= (server time)', api))
    console.log(
      `  for example: ${queries
        .slice(WARMUP, WARMUP + 3)
        .map(q => `"${q.q}" born ${q.dateOfBirth} for ${q.name}`)
        .join('; ')}`,
    )
    const met = withDate.p95 < TARGETS.p95Ms && withDate.foundInTop >= TARGETS.foundInTop
    console.log(
      `  target (server): p95 < ${String(TARGETS.p95Ms)} ms and >= ${String(TARGETS.foundInTop)}/200 in the first ${String(TOP)}: ${met ? 'met' : 'NOT met'}`,
    )
    return {
      mode,
      database: description,
      seeding: { ...seeded.value, seconds: seedingSeconds },
      withDate,
      nameOnly,
      api,
      examples: queries.slice(WARMUP, WARMUP + 5),
    }
  } finally {
    await handle.close()
    await cleanup()
  }
}

async function main() {
  const modes = benchModes()
  const children = Number(process.env.BENCH_CHILDREN ?? 260_000)
  const eventsPerCase = Number(process.env.BENCH_EVENTS_PER_CASE ?? 0)
  const cpus = os.cpus()
  const machine = { cpus: cpus.length, model: cpus[0]?.model, load: os.loadavg(), node: process.version }
  console.log(`person search at scale, ${new Date().toISOString()}, ${String(machine.cpus)} × ${String(machine.model)}`)
  const results = []
  for (const mode of modes) {
    console.log(`\n${mode}:`)
    results.push(await benchMode(mode, children, eventsPerCase))
  }
  fs.mkdirSync('bench/results', { recursive: true })
  fs.writeFileSync(
    'bench/results/search-latest.json',
    `${JSON.stringify({ machine, loadAfter: os.loadavg(), children, eventsPerCase, results }, null, 2)}\n`,
  )
  console.log('\nwrote bench/results/search-latest.json')
}

// Run as a script; imported (by a scratch script measuring an existing database), do nothing.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main()
