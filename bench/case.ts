// One case-work benchmark mode in one process: seeds a synthetic partnership, measures the chronology of a
// 2,000-event case, the home pages of a social worker and a team manager, and the page of a child with 10 cases
// and 50 concerns inside this process, then serves the audited GET /api/v1/cases/:id and GET /api/v1/cases?member=me
// and bare Fastify routes doing the same reads, side by side on one database handle, for bench/case-run.mjs to
// drive with autocannon from its own process. (Person search has its own bench, bench/search.ts.)
//
//   node --import tsx bench/case.ts embedded|server
//
// Messages to the parent: { type: 'ready', ... } | { type: 'skip', reason } | { type: 'done', ... }.
// Messages from the parent: { type: 'stop' }.
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify'
import { sql, type Insertable } from 'kysely'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/kernel/config.ts'
import type { Db } from '../src/db/connection.ts'
import { asPartnership, asSystem } from '../src/db/context.ts'
import type { Database } from '../src/db/types.ts'
import { migrate } from '../src/db/migrate.ts'
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.ts'
import { seedSynthetic } from '../src/seed/synthetic.ts'
import { createApiToken } from '../src/modules/auth/index.ts'
import { listAgencies } from '../src/modules/directory/index.ts'
import type { Actor } from '../src/kernel/actor.ts'
import { actorForToken } from '../src/modules/auth/tokens.ts'
import { chronology, chronologyCount } from '../src/modules/cases/chronology.ts'
import { generateChronology, loadCases, type CaseLoad } from '../src/modules/cases/index.ts'
import { countCases, listCases } from '../src/modules/cases/caseload.ts'
import { dueOnCases } from '../src/modules/home/caseload.ts'
import { INDICATORS } from '../src/modules/concerns/index.ts'
import { getCase, relationshipToCase } from '../src/modules/cases/service.ts'
import { listen, openBenchDatabase, type Mode, send as sendToRunner } from './mode.ts'

/** Latency figures in milliseconds. */
export interface Latency {
  n: number
  p50: number
  p95: number
  mean: number
  max: number
}

export interface ReadyMessage {
  type: 'ready'
  mode: Mode
  database: string
  seeding: {
    children: number
    people: number
    cases: number
    events: number
    seconds: number
    bigCaseEvents: number
    bigCaseAdded: number
    bigCaseSeconds: number
  }
  /** GET / of the demo social worker, and of their team manager, with the totals their case lists showed. */
  homeSocialWorker: Latency & { bytes: number; openCases: number }
  homeTeamManager: Latency & { bytes: number; teamOpenCases: number }
  /** GET /people/:id of the child with CHILD_CASES cases and CHILD_CONCERNS concerns. */
  childPage: Latency & { bytes: number; cases: number; concerns: number; seconds: number }
  /** The chronology page as it opens: the newest 100 of the big case's entries. */
  chronologyPage: Latency & { bytes: number; events: number }
  /** The whole chronology on one page (`?all=1`), as printed. */
  chronologyAll: Latency & { bytes: number; events: number }
  chronologyQuery: Latency & { rows: number }
  /** The first page's own reads (getCase, relationshipToCase, chronologyCount, a page of chronology, listAgencies) back to back, without HTTP or rendering. */
  chronologyPageReads: Latency
  lanternUrl: string
  baselineUrl: string
  path: string
  /** GET /api/v1/cases?member=me, served beside a bare route doing the same query. */
  listPath: string
  listTotal: number
  authorization: string
  body: string
}
export interface SkipMessage {
  type: 'skip'
  mode: Mode
  reason: string
}
export interface DoneMessage {
  type: 'done'
  mode: Mode
  /** Rows the audit log gained for case.read while the servers ran: one per answered Lantern request. */
  auditRows: number
  /** The same for cases.list. */
  listAuditRows: number
}
type ToParent = ReadyMessage | SkipMessage | DoneMessage
const send = (message: ToParent) => sendToRunner(message)

/** Set once Ctrl-C or SIGTERM arrives: the signal handler then owns the exit. */
const state = { stopping: false }

const BENCH_USER = 'sw@csc.example'
const BIG_CASE_EVENTS = 2000
// A page is timed as a running service serves it: after enough requests that every pooled connection has
// prepared and planned its statements (PostgreSQL settles on a kept plan after five runs on each connection,
// and the pool has ten), and over enough requests that one slow moment does not make the p95.
const PAGE_REQUESTS = 200
const PAGE_WARMUP = 100
/** The whole 2,000-entry chronology is a printout, not a page opened all day: fewer runs suffice. */
const PRINT_REQUESTS = 30
const PRINT_WARMUP = 10
const BIG_MARK = 'Big case event '
const TEAM_MANAGER = 'tm@csc.example'
const CHILD_CASES = 10
const CHILD_CONCERNS = 50
/** Agencies a concern about the grown child comes from in turn, so that recent ones add up. */
const CONCERN_AGENCIES = ['police', 'health', 'education', 'childrens_social_care', 'probation']

const log = (line: string) => {
  console.log(`  ${line}`)
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN
  return {
    n: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: rank(1),
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await fn()
  return { ms: performance.now() - started, value }
}

/** A deterministic pseudo-random sequence, so every run grows the same big case. */
function sequence(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

/** Exactly what GET /api/v1/cases/:id answers (caseOut in src/modules/cases/api.ts), key for key in the same order. */
function caseBody(c: Awaited<ReturnType<typeof getCase>>) {
  const episode = (e: (typeof c.episodes.earlier)[number]) => ({
    id: e.id,
    reference: e.reference,
    status: e.status,
    openedAt: e.openedAt,
    closedAt: e.closedAt,
  })
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    status: c.status,
    version: c.version,
    leadUserId: c.leadUserId,
    leadName: c.leadName,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    closedReason: c.closedReason,
    referralId: c.referralId,
    children: c.children.map(k => ({
      id: k.id,
      givenName: k.givenName,
      familyName: k.familyName,
      dateOfBirth: k.dateOfBirth,
      status: k.status,
      role: k.role,
      addedAt: k.addedAt,
    })),
    adults: c.adults.map(a => ({
      id: a.id,
      givenName: a.givenName,
      familyName: a.familyName,
      role: a.role,
      addedAt: a.addedAt,
    })),
    episodes: { earlier: c.episodes.earlier.map(episode), later: c.episodes.later.map(episode) },
    team: c.team.map(t => ({
      id: t.id,
      userId: t.userId,
      agencyId: t.agencyId,
      userName: t.userName,
      agencyName: t.agencyName,
      userAgencyName: t.userAgencyName,
      addedAt: t.addedAt,
    })),
  }
}

/** The baseline: one route, the same reads on the same Kysely handle and driver, no hooks, no audit. */
function buildBaseline(db: Db): FastifyInstance {
  const app = Fastify({ logger: false })
  app.get('/api/v1/cases/:id', async (request, reply) => {
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const now = new Date()
    const actor = token ? await actorForToken(db, token, now) : null
    if (!actor) return reply.code(401).send({ error: 'unauthenticated' })
    const { id } = request.params as { id: string }
    return asPartnership(actor.partnershipId, async () => {
      const relationship = await relationshipToCase(db, actor, id, now)
      if (relationship === 'missing') return reply.code(404).send({ error: 'not_found' })
      if (relationship === 'minimum') return reply.code(403).send({ error: 'no_legitimate_relationship' })
      return caseBody(await getCase(db, id))
    })
  })
  // The case list as GET /api/v1/cases?member=me answers it with no other parameter: the same count and page.
  app.get('/api/v1/cases', async (request, reply) => {
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const actor = token ? await actorForToken(db, token, new Date()) : null
    if (!actor) return reply.code(401).send({ error: 'unauthenticated' })
    const { member } = request.query as { member?: 'me' }
    const filter = { member }
    return asPartnership(actor.partnershipId, async () => {
      const now = new Date()
      const [total, cases] = await Promise.all([
        countCases(db, actor, filter),
        listCases(db, actor, filter, { limit: 50, offset: 0 }),
      ])
      const due = await dueOnCases(db, cases, now)
      return reply.header('x-total-count', String(total)).send(cases.map(c => ({ ...c, due: due.get(c.id) ?? null })))
    })
  })
  return app
}

async function auditCount(db: Db, action: string): Promise<number> {
  const row = await asSystem(() =>
    db
      .selectFrom('auditLog')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .executeTakeFirstOrThrow(),
  )
  return row.n
}

/** Signs in through the sign-in page as a browser would (test/helpers.ts Agent): the session cookie header. */
async function signIn(app: FastifyInstance, email: string): Promise<string> {
  const cookies = new Map<string, string>()
  const remember = (response: LightMyRequestResponse) => {
    for (const c of response.cookies as { name: string; value: string }[]) {
      if (c.value === '') cookies.delete(c.name)
      else cookies.set(c.name, c.value)
    }
  }
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const remoteAddress = '127.0.9.9'
  const form = await app.inject({ method: 'GET', url: '/sign-in', remoteAddress })
  remember(form)
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1]
  if (!csrf) throw new Error(`GET /sign-in (${String(form.statusCode)}) shows no CSRF token`)
  const body = new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf })
  const signedIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    payload: body.toString(),
    remoteAddress,
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
  })
  remember(signedIn)
  const location = signedIn.headers.location ?? ''
  if (signedIn.statusCode !== 303 || location.startsWith('/sign-in'))
    throw new Error(`Signing in as ${email} answered ${String(signedIn.statusCode)} to ${location}`)
  return header()
}

/** Gives the case BIG_CASE_EVENTS events in all, written directly in the partnership's context. */
async function growCase(db: Db, partnershipId: string, caseId: string): Promise<number> {
  return asPartnership(partnershipId, async () => {
    const agencies = await db.selectFrom('agencies').select('id').execute()
    const users = await db.selectFrom('users').select(['id', 'agencyId']).execute()
    const children = await db.selectFrom('caseChildren').select('personId').where('caseId', '=', caseId).execute()
    const existing = await db
      .selectFrom('chronologyEvents')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .where('caseId', '=', caseId)
      .executeTakeFirstOrThrow()
    const random = sequence(2000)
    const now = Date.now()
    const rows: Insertable<Database['chronologyEvents']>[] = []
    const kinds = [
      'visit.home',
      'contact.school',
      'contact.health',
      'note.police',
      'meeting.multiAgency',
      'call.family',
    ]
    for (let i = 0; rows.length < BIG_CASE_EVENTS - existing.n; i++) {
      const agency = agencies[i % agencies.length]
      const author = users.find(u => u.agencyId === agency?.id) ?? users[0]
      if (!agency || !author) throw new Error('The partnership has no agencies or users')
      const occurredAt = new Date(now - Math.floor(random() * 3 * 365 * 86_400_000))
      rows.push({
        partnershipId,
        caseId,
        childId: children[i % Math.max(1, children.length)]?.personId ?? null,
        occurredAt,
        recordedAt: occurredAt,
        agencyId: agency.id,
        userId: author.id,
        kind: kinds[i % kinds.length] ?? 'call.family',
        summary: `${BIG_MARK}${String(i + 1)}: ${'a contact recorded in the usual few lines of a practitioner’s note. '.repeat(1 + (i % 3))}`,
      })
    }
    await db.transaction().execute(async trx => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('chronologyEvents')
          .values(rows.slice(i, i + 500))
          .execute()
    })
    return rows.length
  })
}

/**
 * Gives one child of the social worker's caseload CHILD_CASES cases in all (earlier episodes, closed, each with
 * its own chronology) and CHILD_CONCERNS concerns from several agencies over five years, each with a referral,
 * most decided, the newest from two agencies within the last fortnight so that they add up. Written directly in
 * the partnership's context, as growCase does, with the cases module's bulk loader for the cases.
 */
async function growChild(
  db: Db,
  partnershipId: string,
  leadUserId: string,
  bigCaseId: string,
  eventsPerCase: number,
): Promise<{ childId: string; cases: number; concerns: number }> {
  return asPartnership(partnershipId, async () => {
    const theirs = await db
      .selectFrom('cases as c')
      .innerJoin('caseChildren as cc', j =>
        j.onRef('cc.partnershipId', '=', 'c.partnershipId').onRef('cc.caseId', '=', 'c.id'),
      )
      .select(['cc.personId', 'c.reference'])
      .where('c.leadUserId', '=', leadUserId)
      .where('c.status', '=', 'open')
      .where('c.id', '!=', bigCaseId)
      .orderBy('c.reference')
      .orderBy('cc.personId')
      .limit(1)
      .executeTakeFirstOrThrow()
    const childId = theirs.personId
    const agencies = await db.selectFrom('agencies').select(['id', 'kind']).execute()
    const users = await db.selectFrom('users').select(['id', 'agencyId']).where('disabledAt', 'is', null).execute()
    const csc = agencies.find(a => a.kind === 'childrens_social_care')
    if (!csc) throw new Error('The partnership has no children’s social care')
    const existing = await db
      .selectFrom('caseChildren')
      .select(eb => eb.fn.countAll<number>().as('n'))
      .where('personId', '=', childId)
      .executeTakeFirstOrThrow()
    const now = Date.now()
    const DAY = 86_400_000
    const year = new Date(now).getUTCFullYear()
    const counter = await db
      .selectFrom('caseReferenceCounters')
      .select('lastNumber')
      .where('year', '=', year)
      .executeTakeFirstOrThrow()
    const code = theirs.reference.split('-')[0] ?? 'NS'
    const load: CaseLoad = { cases: [], children: [], adults: [], team: [] }
    let reference = counter.lastNumber
    for (let i = 0; i < CHILD_CASES - existing.n; i++) {
      // Earlier episodes, each opened (i + 1) half-years ago and closed three months later.
      const openedAt = new Date(now - (i + 1) * 182 * DAY)
      const id = randomUUID()
      reference += 1
      load.cases.push({
        partnershipId,
        id,
        reference: `${code}-${String(year)}-${String(reference).padStart(5, '0')}`,
        title: 'Earlier episode',
        status: 'closed',
        leadUserId,
        openedAt,
        openedByUserId: leadUserId,
        closedAt: new Date(openedAt.getTime() + 90 * DAY),
        closedReason: 'No further action',
      })
      load.children.push({ partnershipId, caseId: id, personId: childId, status: 'closed', addedAt: openedAt })
      load.team.push({
        partnershipId,
        caseId: id,
        userId: null,
        agencyId: csc.id,
        addedAt: openedAt,
        addedByUserId: leadUserId,
        removedAt: null,
      })
    }
    const indicators = Object.keys(INDICATORS)
    const concernAgencies = CONCERN_AGENCIES.map(kind => agencies.find(a => a.kind === kind)).filter(
      a => a !== undefined,
    )
    const concerns: Insertable<Database['concerns']>[] = []
    const referrals: Insertable<Database['referrals']>[] = []
    for (let i = 0; i < CHILD_CONCERNS; i++) {
      const agency = concernAgencies[i % concernAgencies.length] ?? csc
      const author = users.find(u => u.agencyId === agency.id)
      if (!author) throw new Error(`No user of agency ${agency.id}`)
      // The newest two a few days apart from different agencies; the rest back over five years.
      const recordedAt = new Date(now - (i < 2 ? (i + 1) * 3 * DAY : (i / CHILD_CONCERNS) * 5 * 365 * DAY))
      const id = randomUUID()
      concerns.push({
        partnershipId,
        id,
        childId,
        caseId: null,
        description: `Concern ${String(i + 1)} about the child, recorded by a practitioner in a few sentences.`,
        childWords: null,
        indicators: [indicators[i % indicators.length] ?? '', indicators[(i * 7 + 3) % indicators.length] ?? ''],
        disclosure: 'none',
        recordedByUserId: author.id,
        recordedByAgencyId: agency.id,
        recordedAt,
      })
      const decided = i >= 2
      referrals.push({
        partnershipId,
        concernId: id,
        childId,
        receivedAt: recordedAt,
        decisionDueAt: new Date(recordedAt.getTime() + DAY),
        decision: decided ? 'advice_and_information' : null,
        rationale: decided ? 'Advice given to the referrer.' : null,
        decidedAt: decided ? new Date(recordedAt.getTime() + DAY / 2) : null,
        decidedByUserId: decided ? leadUserId : null,
      })
    }
    const authors = agencies.flatMap(a => {
      const u = users.find(x => x.agencyId === a.id)
      return u ? [{ agencyId: a.id, userId: u.id }] : []
    })
    await db.transaction().execute(async trx => {
      await loadCases(trx, load, { partnershipId, year, lastNumber: reference })
      await generateChronology(
        trx,
        load.cases.map(c => c.id ?? ''),
        {
          perCase: eventsPerCase,
          authors,
          kinds: ['visit.home', 'contact.school', 'contact.health', 'note.police'],
          summaries: Object.values(INDICATORS),
          now: new Date(now),
        },
      )
      await trx.insertInto('concerns').values(concerns).execute()
      await trx.insertInto('referrals').values(referrals).execute()
    })
    return { childId, cases: existing.n + load.cases.length, concerns: concerns.length }
  })
}

async function main(): Promise<void> {
  const mode = process.argv[2]
  if (mode !== 'embedded' && mode !== 'server') throw new Error('usage: bench/case.ts embedded|server')
  // The scale by default: 52,000 families make about 200,000 people, and 40 events a case 2,080,000 events.
  const children = Number(process.env.BENCH_CHILDREN ?? 52_000)
  const eventsPerCase = Number(process.env.BENCH_EVENTS_PER_CASE ?? 40)

  const opened = await openBenchDatabase(mode, 'lantern_casebench')
  if (typeof opened === 'string') {
    await send({ type: 'skip', mode, reason: opened })
    return
  }
  const { handle, description: database, cleanup } = opened
  const { db } = handle
  const servers: FastifyInstance[] = []
  // One teardown, however many paths reach it: a signal can arrive while main is mid-query, and main's own
  // failure (its pool destroyed under it) must then wait for the database to be dropped, not exit first.
  let tearingDown: Promise<void> | null = null
  const teardown = (): Promise<void> =>
    (tearingDown ??= (async () => {
      for (const s of servers.splice(0)) await s.close()
      await handle.close()
      await cleanup()
    })())
  const stopOnSignal = () => {
    if (state.stopping) return
    state.stopping = true
    void teardown().finally(() => process.exit(130))
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)

  try {
    log(`${database}: migrating and seeding ${String(children)} synthetic children`)
    await migrate(db)
    await seedDemo(db)
    const seeded = await timed(() => seedSynthetic(db, children, eventsPerCase))
    const { people, cases, events } = seeded.value
    log(
      `seeded ${String(people)} people, ${String(cases)} cases, ${String(events)} events in ${(seeded.ms / 1000).toFixed(1)} s`,
    )

    const user = await asSystem(() =>
      db.selectFrom('users').select(['id', 'partnershipId']).where('email', '=', BENCH_USER).executeTakeFirstOrThrow(),
    )
    const pid = user.partnershipId
    const bigCase = await asPartnership(pid, () =>
      db
        .selectFrom('cases')
        .select(['id', 'reference'])
        .where('title', '=', 'Synthetic case')
        .orderBy('reference')
        .limit(1)
        .executeTakeFirstOrThrow(),
    )
    const grown = await timed(() => growCase(db, pid, bigCase.id))
    log(
      `the big case ${bigCase.reference}: ${String(grown.value)} events added (${String(BIG_CASE_EVENTS)} in all) in ${(grown.ms / 1000).toFixed(1)} s`,
    )
    const grownChild = await timed(() => growChild(db, pid, user.id, bigCase.id, eventsPerCase))
    log(
      `a child of ${String(grownChild.value.cases)} cases and ${String(grownChild.value.concerns)} concerns grown in ${(grownChild.ms / 1000).toFixed(1)} s`,
    )
    // Fresh planner statistics, as autovacuum (on the server) or src/db/maintenance.ts (embedded) would have
    // gathered on a database that grew this way. On the server autovacuum also vacuums tables that only had rows
    // inserted, which lets the case lists count from their indexes alone; embedded has no autovacuum, so no vacuum.
    await asSystem(async () => {
      if (mode === 'server')
        await sql`vacuum (analyze) cases, case_children, case_adults, case_team, concerns, referrals`.execute(db)
      await sql`analyze`.execute(db)
    })

    const { token } = await createApiToken(db, { userId: user.id, partnershipId: pid }, 'case bench', null)
    const authorization = `Bearer ${token}`
    const actor: Actor | null = await actorForToken(db, token, new Date())
    if (!actor) throw new Error('The bench token does not resolve to an actor')

    // a. The chronology of the big case, through the real page and as the query alone.
    const lantern = await buildApp({ db, config: loadConfig({ LOG_LEVEL: 'silent' }), logger: false })
    lantern.addHook('onClose', async () => {
      await lantern.lantern.audit.drain()
    })
    servers.push(lantern)
    const cookie = await signIn(lantern, BENCH_USER)
    const timePage = async (url: string, as = cookie, warmup = PAGE_WARMUP, requests = PAGE_REQUESTS) => {
      const times: number[] = []
      let last: LightMyRequestResponse | undefined
      for (let i = 0; i < warmup + requests; i++) {
        const { ms, value } = await timed(() => lantern.inject({ method: 'GET', url, headers: { cookie: as } }))
        if (value.statusCode !== 200) throw new Error(`GET ${url} answered ${String(value.statusCode)}`)
        if (i >= warmup) times.push(ms)
        last = value
      }
      const body = last?.body ?? ''
      return {
        ...latency(times),
        bytes: Buffer.byteLength(body),
        events: body.split('class="moj-timeline__item"').length - 1,
        body,
      }
    }
    // What a practitioner opens: the newest page of the 2,000; and every entry on one page, as printed.
    const { body: firstBody, ...chronologyPage } = await timePage(`/cases/${bigCase.id}/chronology`)
    if (chronologyPage.events !== 100 || !firstBody.includes(`of ${String(BIG_CASE_EVENTS)}`))
      throw new Error(
        `The chronology page shows ${String(chronologyPage.events)} entries, not the first 100 of ${String(BIG_CASE_EVENTS)}`,
      )
    const { body: allBody, ...chronologyAll } = await timePage(
      `/cases/${bigCase.id}/chronology?all=1`,
      cookie,
      PRINT_WARMUP,
      PRINT_REQUESTS,
    )
    const shown = allBody.split(BIG_MARK).length - 1
    if (shown !== grown.value)
      throw new Error(
        `The whole chronology shows ${String(shown)} of the ${String(grown.value)} events added to the big case`,
      )
    const queryTimes: number[] = []
    const readsTimes: number[] = []
    let rows = 0
    for (let i = 0; i < PRINT_WARMUP + PRINT_REQUESTS; i++) {
      const q = await timed(() => asPartnership(pid, () => chronology(db, actor, bigCase.id, true, {})))
      rows = q.value.length
      const reads = await timed(() =>
        asPartnership(pid, async () => {
          await getCase(db, bigCase.id)
          const relationship = await relationshipToCase(db, actor, bigCase.id, new Date())
          await chronologyCount(db, actor, bigCase.id, relationship === 'team', {})
          await chronology(db, actor, bigCase.id, relationship === 'team', {}, { limit: 100, offset: 0 })
          await listAgencies(db)
        }),
      )
      if (i < PRINT_WARMUP) continue
      queryTimes.push(q.ms)
      readsTimes.push(reads.ms)
    }
    if (rows !== BIG_CASE_EVENTS)
      throw new Error(`chronology() returned ${String(rows)} rows for the big case, not ${String(BIG_CASE_EVENTS)}`)
    const chronologyQuery = { ...latency(queryTimes), rows }
    const chronologyPageReads = latency(readsTimes)
    log(
      `chronology, first page: p50 ${chronologyPage.p50.toFixed(1)} ms, p95 ${chronologyPage.p95.toFixed(1)} ms ` +
        `(${String(chronologyPage.bytes)} bytes); all ${String(BIG_CASE_EVENTS)}: p50 ${chronologyAll.p50.toFixed(1)} ms, ` +
        `p95 ${chronologyAll.p95.toFixed(1)} ms (${String(chronologyAll.bytes)} bytes); ` +
        `chronology() of all alone p50 ${chronologyQuery.p50.toFixed(1)} ms`,
    )

    // b. The home pages: the social worker's (their open cases), and the team manager's (their team's too).
    const totalOf = (body: string, id: string) => {
      const section = body.split(`id="${id}"`)[1] ?? ''
      return Number(/All ([\d,]+), with filters/.exec(section)?.[1]?.replaceAll(',', '') ?? Number.NaN)
    }
    const { body: swHome, ...swHomeTimes } = await timePage('/')
    const homeSocialWorker = { ...swHomeTimes, openCases: totalOf(swHome, 'my-cases') }
    const tmCookie = await signIn(lantern, TEAM_MANAGER)
    const { body: tmHome, ...tmHomeTimes } = await timePage('/', tmCookie)
    const homeTeamManager = { ...tmHomeTimes, teamOpenCases: totalOf(tmHome, 'team-cases') }
    log(
      `home, social worker on ${String(homeSocialWorker.openCases)} open cases: p50 ${homeSocialWorker.p50.toFixed(1)} ms, ` +
        `p95 ${homeSocialWorker.p95.toFixed(1)} ms; team manager over ${String(homeTeamManager.teamOpenCases)}: ` +
        `p50 ${homeTeamManager.p50.toFixed(1)} ms, p95 ${homeTeamManager.p95.toFixed(1)} ms`,
    )

    // c. The child's page: every case, concern, referral and decision, and the chronology across the cases.
    const { childId } = grownChild.value
    const { body: childBody, ...childTimes } = await timePage(`/people/${childId}`)
    const childPage = {
      ...childTimes,
      cases: new Set(childBody.match(/href="\/cases\/[0-9a-f-]{36}"/g) ?? []).size,
      concerns: new Set(childBody.match(/href="\/concerns\/[0-9a-f-]{36}"/g) ?? []).size,
      seconds: grownChild.ms / 1000,
    }
    if (childPage.cases < CHILD_CASES || childPage.concerns < CHILD_CONCERNS)
      throw new Error(
        `The child's page links ${String(childPage.cases)} cases and ${String(childPage.concerns)} concerns, not ${String(CHILD_CASES)} and ${String(CHILD_CONCERNS)}`,
      )
    log(
      `the page of a child of ${String(childPage.cases)} cases and ${String(childPage.concerns)} concerns: ` +
        `p50 ${childPage.p50.toFixed(1)} ms, p95 ${childPage.p95.toFixed(1)} ms (${String(childPage.bytes)} bytes)`,
    )

    // d. The servers for the parent's load generator.
    const baseline = buildBaseline(db)
    servers.push(baseline)
    const lanternUrl = await listen(lantern)
    const baselineUrl = await listen(baseline)
    const urlPath = `/api/v1/cases/${bigCase.id}`
    const listPath = '/api/v1/cases?member=me'
    const listTotal = await asPartnership(pid, () => countCases(db, actor, { member: 'me' }))
    const before = await auditCount(db, 'case.read')
    const listBefore = await auditCount(db, 'cases.list')
    const bodies: string[] = []
    for (const base of [lanternUrl, baselineUrl]) {
      const response = await fetch(`${base}${urlPath}`, { headers: { authorization } })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`${base}${urlPath} answered ${String(response.status)}: ${text}`)
      bodies.push(text)
    }
    const [fromLantern = '', fromBaseline = ''] = bodies
    if (!Buffer.from(fromLantern).equals(Buffer.from(fromBaseline))) {
      throw new Error(`The two routes answer different bytes:\n  lantern:  ${fromLantern}\n  baseline: ${fromBaseline}`)
    }
    await lantern.lantern.audit.drain()
    if ((await auditCount(db, 'case.read')) !== before + 1)
      throw new Error('The Lantern request did not append exactly one case.read audit row')

    await send({
      type: 'ready',
      mode,
      database,
      seeding: {
        children,
        people,
        cases,
        events,
        seconds: seeded.ms / 1000,
        bigCaseEvents: BIG_CASE_EVENTS,
        bigCaseAdded: grown.value,
        bigCaseSeconds: grown.ms / 1000,
      },
      chronologyPage,
      chronologyAll,
      chronologyQuery,
      chronologyPageReads,
      lanternUrl,
      baselineUrl,
      path: urlPath,
      listPath,
      listTotal,
      homeSocialWorker,
      homeTeamManager,
      childPage,
      authorization,
      body: fromLantern,
    })
    await new Promise<void>(resolve => {
      if (!process.send) {
        // Run by hand: serve until Ctrl-C, which tears down through stopOnSignal.
        console.log(`Servers are up: ${lanternUrl}${urlPath} and ${baselineUrl}${urlPath}; press Ctrl-C to stop.`)
        return
      }
      process.on('message', (message: unknown) => {
        if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'stop') resolve()
      })
      process.once('disconnect', () => {
        resolve()
      })
    })
    if (state.stopping) return
    await new Promise(resolve => setTimeout(resolve, 200))
    await lantern.lantern.audit.drain()
    const auditRows = (await auditCount(db, 'case.read')) - before
    const listAuditRows = (await auditCount(db, 'cases.list')) - listBefore
    await send({ type: 'done', mode, auditRows, listAuditRows })
  } finally {
    await teardown()
  }
}

main().then(
  () => {
    if (process.connected) process.disconnect()
  },
  (error: unknown) => {
    // Stopped by a signal: the handler exits once the database is dropped.
    if (state.stopping) return
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  },
)
