import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import type { Visibility } from '../../kernel/codes/cases.ts'
import { Conflict, Forbidden, NotFound, SafeguardRefusal } from '../../kernel/errors.ts'
import type { Finding } from '../../kernel/findings.ts'
import { groupBy } from '../../kernel/group.ts'
import { appendAudit } from '../audit/index.ts'
import { policyOf, type Policy } from '../policy/index.ts'
import { relationshipToCase } from './service.ts'

// The write pipeline: every change to a case is one unit of work, in this order: lock the cases it touches,
// apply the record-level rule for who may make it, check the version the writer saw, run the change (which writes
// its chronology events through `work.event`), run the safeguards on each case as it now stands (a `block` finding
// rolls everything back), append one audit row named by the action, commit. Services describe the change; the
// pipeline does the rest, so no service can forget a step.

/** A case as the change finds it, locked until the change commits. */
export interface LockedCase {
  id: string
  status: 'open' | 'closed'
  leadUserId: string
  version: number
  /** Like NS-2026-00042: what a notification about the case may name, as it never names a child. */
  reference: string
}

/**
 * What the case layer knows of a case after a change, before it commits. The safeguards read it with each pathway
 * module's part beside it (safeguards/snapshot.ts, ADR 10).
 */
export interface CaseSnapshot {
  case: LockedCase & { openedAt: Date; partnershipId: string }
  /** The children and adults on the case now (those removed are left out). */
  children: readonly { personId: string; status: 'open' | 'closed'; role: string }[]
  adults: readonly { personId: string; role: string }[]
  team: readonly { userId: string | null; agencyId: string | null }[]
  /** The action being taken and the chronology events it wrote, so a rule can tell what just happened. */
  action: string
  events: readonly { kind: string; childId: string | null }[]
}

/** A safeguard: a pure function of the case, the time and the partnership's policy. */
export type Safeguard = (snapshot: CaseSnapshot, now: Date, policy: Policy) => readonly Finding[]

/** What a change did, as the safeguards read it: its action and the chronology events it wrote on the case. */
export interface ChangeSeen {
  action: string
  events: readonly { kind: string; childId: string | null }[]
}

/**
 * The safeguards as the case layer runs them, handed in at composition: the rules, the pathway records they read
 * and the tasks they keep all live in layers above cases. The pipeline asks for one check of every case the change
 * touched (read together: a conviction can reach five cases): their findings, and `keep`, which it calls only when
 * no finding of the change blocks it, to keep what the findings ask (tasks opened, moved or closed), all inside the
 * change's transaction.
 */
export interface SafeguardEngine {
  check(
    trx: Transaction<Database>,
    /** Each touched case, with what the change did to it. */
    changes: ReadonlyMap<string, ChangeSeen>,
    now: Date,
    /** The partnership's policy, read once per change, and only if a rule asks. */
    policy: () => Promise<Policy>,
  ): Promise<{ findings: readonly Finding[]; keep: () => Promise<void> }>
}

/** An engine of pure rules over the case layer's own snapshot, keeping nothing: for tests of the pipeline. */
export function rulesOverCase(rules: readonly Safeguard[]): SafeguardEngine {
  return {
    check: async (trx, changes, now, policy) => {
      const keep = () => Promise.resolve()
      if (rules.length === 0) return { findings: [], keep }
      const [snapshots, current] = [await caseSnapshots(trx, changes), await policy()]
      return { findings: [...snapshots.values()].flatMap(s => rules.flatMap(rule => rule(s, now, current))), keep }
    },
  }
}

export interface ChronologyEvent {
  kind: string
  summary: string
  occurredAt: Date
  childId?: string | null
  visibility?: Visibility
  sealedFor?: string[]
}

export interface CaseWork {
  trx: Transaction<Database>
  /** The cases the change was asked to touch, locked. */
  cases: ReadonlyMap<string, LockedCase>
  /** The partnership's policy, read once when a change or a safeguard first asks for it. */
  policy(): Promise<Policy>
  /** Moves the case's version on (a change others must see before changing it again); answers the new version. */
  nextVersion(caseId: string): Promise<number>
  /** Writes a chronology event on a case (one this change locked or created); returns the event's public id. */
  event(caseId: string, event: ChronologyEvent): Promise<string>
  /** What the audit row names, when it is not the first case (a case the change created, say). */
  describe(audit: { objectType?: string; objectId?: string | null; caseId?: string | null }): void
  /** Adds detail to the audit row (ids, never names or free text). */
  detail(detail: Record<string, unknown>): void
}

/** A record-level rule: may this actor make this change to this case? A named pure function, shown as a button. */
export interface RecordRule {
  may: (actor: Actor, kase: LockedCase & { onTeam: boolean }) => boolean
  refusal: string
}

export interface CaseChange {
  actor: Actor
  /** The authorisation action of the route: it names the audit row. */
  action: string
  ip: string
  now: Date
  /** The cases the change acts on; locked in a fixed order, so two changes cannot deadlock. */
  caseIds: readonly string[]
  /** Nothing on a closed case changes, unless the change is what acts on closed cases (reopening, say). */
  closedCases?: 'refuse' | 'allow'
  rule?: RecordRule
  /**
   * The version of the (one) case the writer saw (none: they sent none, so nothing is compared), and what to tell
   * them if it moved on (by default, that someone else changed the case).
   */
  expectedVersion?: {
    version: number | undefined
    conflict?: (current: LockedCase, trx: Transaction<Database>) => string | Promise<string>
  }
}

const safeguardsFor = new WeakMap<Db, SafeguardEngine>()

/**
 * Hands the safeguards to the case layer at composition (app.ts), for the database it writes to: the rules live
 * in layers above cases, which must not import them. A list of rules is run over the case's own snapshot.
 */
export function useSafeguards(db: Db, safeguards: SafeguardEngine | readonly Safeguard[]): void {
  safeguardsFor.set(db, Array.isArray(safeguards) ? rulesOverCase(safeguards) : (safeguards as SafeguardEngine))
}

const STALE =
  'Someone else changed this case after you opened it. Nothing you entered was saved; check the case, then try again'
const CLOSED = 'This case is closed: nothing on it can be changed. Nothing you entered was saved.'

/** Runs one change to one or more cases as a unit of work; see the top of this file. */
export async function writeCase<T>(db: Db, change: CaseChange, apply: (work: CaseWork) => Promise<T>): Promise<T> {
  const { actor, now } = change
  const engine = safeguardsFor.get(db)
  return db.transaction().execute(async trx => {
    const cases = new Map<string, LockedCase>()
    const ids = [...new Set(change.caseIds)]
    // One query, locking in id order (PostgreSQL locks the rows as the sort hands them on), so two changes to the
    // same cases cannot deadlock.
    const locked = ids.length
      ? await trx
          .selectFrom('cases')
          .select(['id', 'status', 'leadUserId', 'version', 'reference'])
          .where('id', 'in', ids)
          .orderBy('id')
          .forUpdate()
          .execute()
      : []
    for (const id of ids.sort()) {
      const kase = locked.find(c => c.id === id)
      if (!kase) throw new NotFound('case')
      if (kase.status === 'closed' && change.closedCases !== 'allow') throw new Conflict(CLOSED)
      cases.set(id, kase)
    }
    const [first] = cases.values()
    if (change.rule && first) {
      const onTeam = (await relationshipToCase(trx, actor, first.id, now)) === 'team'
      if (!change.rule.may(actor, { ...first, onTeam })) throw new Forbidden('forbidden', change.rule.refusal)
    }
    const expected = change.expectedVersion
    if (expected?.version !== undefined && first && first.version !== expected.version)
      throw new Conflict(expected.conflict ? await expected.conflict(first, trx) : STALE)

    let policy: Promise<Policy> | undefined
    const events: { caseId: string; kind: string; childId: string | null }[] = []
    const audit: { objectType: string; objectId: string | null; caseId: string | null } = {
      objectType: 'case',
      objectId: first?.id ?? null,
      caseId: first?.id ?? null,
    }
    let detail: Record<string, unknown> | undefined
    const work: CaseWork = {
      trx,
      cases,
      policy: () => (policy ??= policyOf(trx)),
      event: async (caseId, event) => {
        events.push({ caseId, kind: event.kind, childId: event.childId ?? null })
        return insertEvent(trx, actor, caseId, event, now)
      },
      nextVersion: async caseId => {
        const kase = cases.get(caseId)
        if (!kase) throw new Error(`The change did not lock case ${caseId}`)
        const version = kase.version + 1
        await trx.updateTable('cases').set({ version }).where('id', '=', caseId).execute()
        cases.set(caseId, { ...kase, version })
        return version
      },
      describe: described => Object.assign(audit, described),
      detail: more => {
        detail = { ...detail, ...more }
      },
    }
    const result = await apply(work)

    if (engine) {
      const touched = [...new Set([...cases.keys(), ...events.map(e => e.caseId)])]
      const changes = new Map(
        touched.map(caseId => [caseId, { action: change.action, events: events.filter(e => e.caseId === caseId) }]),
      )
      const check = await engine.check(trx, changes, now, () => work.policy())
      const blocking = check.findings.filter(f => f.severity === 'block')
      if (blocking.length) throw new SafeguardRefusal(blocking)
      await check.keep()
    }

    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: change.action,
      ...audit,
      ip: change.ip,
      at: now,
      ...(detail ? { detail } : {}),
    })
    return result
  })
}

/** Writes a chronology event in the caller's transaction. Only the pipeline and bulk loading write events. */
async function insertEvent(
  trx: Transaction<Database>,
  actor: Actor,
  caseId: string,
  event: ChronologyEvent,
  now: Date,
): Promise<string> {
  const { publicId } = await trx
    .insertInto('chronologyEvents')
    .values({
      partnershipId: actor.partnershipId,
      caseId,
      childId: event.childId ?? null,
      occurredAt: event.occurredAt,
      recordedAt: now,
      agencyId: actor.agencyId,
      userId: actor.userId,
      kind: event.kind,
      summary: event.summary,
      ...(event.visibility ? { visibility: event.visibility } : {}),
      ...(event.sealedFor ? { sealedFor: event.sealedFor } : {}),
    })
    .returning('publicId')
    .executeTakeFirstOrThrow()
  return publicId
}

/**
 * The case layer's snapshot of each case a change touched, inside the change: what every safeguard reads, pathway
 * modules adding more. Four queries, however many cases.
 */
export async function caseSnapshots(
  trx: Transaction<Database>,
  changes: ReadonlyMap<string, ChangeSeen>,
): Promise<Map<string, CaseSnapshot>> {
  const caseIds = [...changes.keys()]
  if (caseIds.length === 0) return new Map()
  const cases = await trx
    .selectFrom('cases')
    .select(['partnershipId', 'id', 'status', 'leadUserId', 'version', 'reference', 'openedAt'])
    .where('id', 'in', caseIds)
    .execute()
  const children = groupBy(
    await trx
      .selectFrom('caseChildren')
      .select(['caseId', 'personId', 'status', 'role'])
      .where('caseId', 'in', caseIds)
      .where('removedAt', 'is', null)
      .execute(),
    c => c.caseId,
  )
  const adults = groupBy(
    await trx
      .selectFrom('caseAdults')
      .select(['caseId', 'personId', 'role'])
      .where('caseId', 'in', caseIds)
      .where('removedAt', 'is', null)
      .execute(),
    a => a.caseId,
  )
  const team = groupBy(
    await trx
      .selectFrom('caseTeam')
      .select(['caseId', 'userId', 'agencyId'])
      .where('caseId', 'in', caseIds)
      .where('removedAt', 'is', null)
      .execute(),
    t => t.caseId,
  )
  // In the order asked, so a change's findings (and a refusal's list) come case by case as the pipeline saw them.
  const snapshots = new Map<string, CaseSnapshot>()
  for (const [caseId, change] of changes) {
    const kase = cases.find(c => c.id === caseId)
    if (!kase) throw new NotFound('case')
    snapshots.set(caseId, {
      case: { ...kase, openedAt: new Date(kase.openedAt) },
      children: children(caseId).map(c => ({ personId: c.personId, status: c.status, role: c.role })),
      adults: adults(caseId).map(a => ({ personId: a.personId, role: a.role })),
      team: team(caseId).map(t => ({ userId: t.userId, agencyId: t.agencyId })),
      action: change.action,
      events: change.events.map(({ kind, childId }) => ({ kind, childId })),
    })
  }
  return snapshots
}
