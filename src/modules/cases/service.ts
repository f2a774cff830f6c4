import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { CaseAdultRole } from '../../kernel/codes/cases.ts'
import { Conflict, Forbidden, Invalid, NotFound, TooMany } from '../../kernel/errors.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import { appendAudit } from '../audit/index.ts'
import { partnershipCode } from '../directory/index.ts'
import { notify } from '../notifications/index.ts'
import { policyOf } from '../policy/index.ts'
import type { Actor } from '../../kernel/actor.ts'
import { CASE_LEADS } from '../../kernel/roles.ts'
import { urls } from '../../web/urls.ts'
import { peopleWithFullRecord } from './need-to-know.ts'
import { byBreakGlassOf, onTeamOf } from './standing.ts'
import { writeCase, type RecordRule } from './write.ts'

export type CaseRelationship = 'team' | 'breakGlass' | 'minimum' | 'missing'

/** How the actor stands to a case: on its team (they or their agency), reading by break-glass, or neither. */
export async function relationshipToCase(db: Db, actor: Actor, caseId: string, now: Date): Promise<CaseRelationship> {
  const row = await db
    .selectFrom('cases as c')
    .select([onTeamOf(actor).as('onTeam'), byBreakGlassOf(actor, now).as('breakGlass')])
    .where('c.id', '=', caseId)
    .executeTakeFirst()
  if (!row) return 'missing'
  return row.onTeam ? 'team' : row.breakGlass ? 'breakGlass' : 'minimum'
}

export async function nextReference(trx: Transaction<Database>, partnershipId: string, now: Date): Promise<string> {
  const year = now.getUTCFullYear()
  const code = await partnershipCode(trx, partnershipId)
  const row = await trx
    .insertInto('caseReferenceCounters')
    .values({ partnershipId, year, lastNumber: 1 })
    .onConflict(oc =>
      oc
        .columns(['partnershipId', 'year'])
        .doUpdateSet(eb => ({ lastNumber: eb('caseReferenceCounters.lastNumber', '+', 1) })),
    )
    .returning('lastNumber')
    .executeTakeFirstOrThrow()
  return `${code}-${String(year)}-${String(row.lastNumber).padStart(5, '0')}`
}

export interface OpenCase {
  title: string
  childIds: string[]
  people: { personId: string; role: CaseAdultRole }[]
}

/**
 * The people a new case would name, with their names, refused as opening it refuses them: check your answers asks
 * before it shows them, and opening the case asks again inside its transaction.
 */
export async function peopleOfNewCase(db: Db, actor: Actor, input: OpenCase, now: Date) {
  const childIds = [...new Set(input.childIds)]
  if (childIds.length === 0)
    throw new Invalid({ childIds: 'Add at least one child: a case is about one or more children' })
  if (input.people.some(p => childIds.includes(p.personId)))
    throw new Invalid({ people: 'A child of the case cannot also be one of its adults' })
  const everyone = [...childIds, ...input.people.map(p => p.personId)]
  const found = await db
    .selectFrom('personDirectory')
    .select(['personId as id', 'givenName', 'familyName', 'recordedByAgencyId'])
    .where('personId', 'in', everyone)
    .execute()
  const missing = everyone.filter(id => !found.some(p => p.id === id))
  if (missing.length)
    throw new Invalid({
      [childIds.some(c => missing.includes(c)) ? 'childIds' : 'people']: 'Choose people who are already recorded',
    })
  const readable = await peopleWithFullRecord(db, actor, found, now)
  if (found.some(p => !readable.has(p.id))) {
    throw new Forbidden(
      'no_legitimate_relationship',
      'You can open a case only about people whose records you can already see. Record a concern for the front door instead',
    )
  }
  return found
}

/**
 * Opens a case with the actor as its lead and their agency as its first team. Being on a team opens the
 * records of everyone the case names, so a case may name only people whose full record the actor can
 * already read: opening one must never widen what they see. Anyone else is a concern for the front door.
 */
export async function openCase(
  db: Db,
  actor: Actor,
  input: OpenCase,
  ip: string,
  now: Date,
): Promise<{ id: string; reference: string }> {
  const childIds = [...new Set(input.childIds)]
  return writeCase(db, { actor, action: 'cases.open', ip, now, caseIds: [] }, async work => {
    const found = await peopleOfNewCase(work.trx, actor, input, now)
    const reference = await nextReference(work.trx, actor.partnershipId, now)
    const { id } = await work.trx
      .insertInto('cases')
      .values({
        partnershipId: actor.partnershipId,
        reference,
        title: input.title,
        leadUserId: actor.userId,
        openedAt: now,
        openedByUserId: actor.userId,
        closedAt: null,
        closedReason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.trx
      .insertInto('caseChildren')
      .values(childIds.map(personId => ({ partnershipId: actor.partnershipId, caseId: id, personId, addedAt: now })))
      .execute()
    if (input.people.length) {
      await work.trx
        .insertInto('caseAdults')
        .values(
          input.people.map(p => ({
            partnershipId: actor.partnershipId,
            caseId: id,
            personId: p.personId,
            role: p.role,
            addedAt: now,
          })),
        )
        .execute()
    }
    await work.trx
      .insertInto('caseTeam')
      .values([
        {
          partnershipId: actor.partnershipId,
          caseId: id,
          userId: actor.userId,
          agencyId: null,
          addedAt: now,
          addedByUserId: actor.userId,
          removedAt: null,
        },
        {
          partnershipId: actor.partnershipId,
          caseId: id,
          userId: null,
          agencyId: actor.agencyId,
          addedAt: now,
          addedByUserId: actor.userId,
          removedAt: null,
        },
      ])
      .execute()
    const names = childIds
      .map(c => found.find(p => p.id === c))
      .map(p => `${p?.givenName ?? ''} ${p?.familyName ?? ''}`.trim())
    await work.event(id, {
      kind: 'case.opened',
      summary: `Case ${reference} opened about ${names.join(', ')}`,
      occurredAt: now,
    })
    work.describe({ objectType: 'case', objectId: id, caseId: id })
    return { id, reference }
  })
}

export async function getCase(db: Db, id: string) {
  const found = await db
    .selectFrom('cases as c')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.userId', '=', 'c.leadUserId'),
    )
    .select([
      'c.id',
      'c.reference',
      'c.title',
      'c.status',
      'c.openedAt',
      'c.closedAt',
      'c.closedReason',
      'c.version',
      'c.leadUserId',
      'c.referralId',
      'u.displayName as leadName',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst()
  if (!found) throw new NotFound('case')
  const children = await db
    .selectFrom('caseChildren as cc')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'cc.partnershipId').onRef('p.personId', '=', 'cc.personId'),
    )
    .select(['p.personId as id', 'p.givenName', 'p.familyName', 'p.dateOfBirth', 'cc.status', 'cc.role', 'cc.addedAt'])
    .where('cc.caseId', '=', id)
    .where('cc.removedAt', 'is', null)
    .orderBy('p.dateOfBirth')
    .execute()
  const adults = await db
    .selectFrom('caseAdults as ca')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'ca.partnershipId').onRef('p.personId', '=', 'ca.personId'),
    )
    .select(['p.personId as id', 'p.givenName', 'p.familyName', 'ca.role', 'ca.addedAt'])
    .where('ca.caseId', '=', id)
    .where('ca.removedAt', 'is', null)
    .orderBy('ca.addedAt')
    .orderBy('p.familyName')
    .execute()
  const team = await db
    .selectFrom('caseTeam as t')
    .leftJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 't.partnershipId').onRef('u.userId', '=', 't.userId'),
    )
    .leftJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 't.partnershipId').onRef('a.agencyId', '=', 't.agencyId'),
    )
    .leftJoin('agencyDirectory as ua', j =>
      j.onRef('ua.partnershipId', '=', 'u.partnershipId').onRef('ua.agencyId', '=', 'u.agencyId'),
    )
    .select([
      't.id',
      't.userId',
      't.agencyId',
      'u.displayName as userName',
      'a.agencyName',
      'ua.agencyName as userAgencyName',
      't.addedAt',
    ])
    .where('t.caseId', '=', id)
    .where('t.removedAt', 'is', null)
    .orderBy('t.addedAt')
    .execute()
  const episodes = await episodesOf(db, id)
  return { ...found, children, adults, team, episodes }
}

/**
 * The earlier episodes a case names and the later cases that name it: by reference and dates only, never title
 * or people, since the reader may not be on the other case's team (its page checks that when they follow the link).
 */
export async function episodesOf(db: Db, caseId: string) {
  const linked = (mine: 'l.caseId' | 'l.earlierCaseId', theirs: 'l.caseId' | 'l.earlierCaseId') =>
    db
      .selectFrom('caseEpisodeLinks as l')
      .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'l.partnershipId').onRef('c.id', '=', theirs))
      .select(['c.id', 'c.reference', 'c.status', 'c.openedAt', 'c.closedAt'])
      .where(mine, '=', caseId)
      .orderBy('c.openedAt')
      .execute()
  const [earlier, later] = await Promise.all([
    linked('l.caseId', 'l.earlierCaseId'),
    linked('l.earlierCaseId', 'l.caseId'),
  ])
  return { earlier, later }
}

/** A case is closed by a social worker or team manager on its team (the button shows only to them). */
export function mayCloseCase(actor: Actor, kase: { onTeam: boolean }): boolean {
  return kase.onTeam && actor.roles.some(r => (CASE_LEADS as readonly string[]).includes(r))
}

const CLOSE_CASE: RecordRule = {
  may: mayCloseCase,
  refusal: 'Only a social worker or team manager on the case team can close the case',
}

export async function closeCase(
  db: Db,
  actor: Actor,
  caseId: string,
  reason: string,
  ip: string,
  now: Date,
): Promise<void> {
  // A second close is named on the form's reason, not refused as a conflict.
  await writeCase(
    db,
    { actor, action: 'case.close', ip, now, caseIds: [caseId], closedCases: 'allow', rule: CLOSE_CASE },
    async work => {
      if (work.cases.get(caseId)?.status === 'closed') throw new Invalid({ reason: 'This case is already closed' })
      await work.trx
        .updateTable('cases')
        .set({ status: 'closed', closedAt: now, closedReason: reason })
        .where('id', '=', caseId)
        .execute()
      await work.nextVersion(caseId)
      await work.trx
        .updateTable('caseChildren')
        .set({ status: 'closed' })
        .where('caseId', '=', caseId)
        .where('removedAt', 'is', null)
        .execute()
      await work.event(caseId, { kind: 'case.closed', summary: `Case closed: ${reason}`, occurredAt: now })
    },
  )
}

/**
 * Time-boxed read access for someone outside the team, with a reason the lead sees. Bounded: never for the
 * team (they can read it), never on a closed case, one grant at a time, and a few a day.
 */
export async function breakGlass(
  db: Db,
  actor: Actor,
  caseId: string,
  reason: string,
  ip: string,
  now: Date,
): Promise<{ expiresAt: Date }> {
  const policy = await policyOf(db)
  const expiresAt = new Date(now.getTime() + policy.breakGlassHours * 3_600_000)
  await db.transaction().execute(async trx => {
    // One user's grants are counted one request at a time, so two at once cannot both be the third.
    await sql`select pg_advisory_xact_lock(hashtext(${`breakGlass:${actor.userId}`}))`.execute(trx)
    const kase = await trx
      .selectFrom('cases')
      .select(['status', 'reference', 'leadUserId'])
      .where('id', '=', caseId)
      .executeTakeFirst()
    if (!kase) throw new NotFound('case')
    if (kase.status === 'closed')
      throw new Conflict(
        'This case is closed: emergency access is for open cases. Ask the front door if a child is at risk now.',
      )
    const standing = await relationshipToCase(trx, actor, caseId, now)
    if (standing === 'team') throw new Conflict('You are on the case team, so you can read this case already.')
    if (standing === 'breakGlass') throw new Conflict('You already have emergency access to this case.')
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000)
    const { n } = await trx
      .selectFrom('breakGlass')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('userId', '=', actor.userId)
      .where('grantedAt', '>', dayAgo)
      .executeTakeFirstOrThrow()
    if (n >= policy.breakGlassPerDay) {
      throw new TooMany(
        `You have had emergency access ${String(policy.breakGlassPerDay)} times in the last 24 hours. ` +
          'Ask the case lead to add you to the team, or the front door if a child is at risk now.',
      )
    }
    await trx
      .insertInto('breakGlass')
      .values({ partnershipId: actor.partnershipId, caseId, userId: actor.userId, reason, grantedAt: now, expiresAt })
      .execute()
    // The lead learns who is reading their case; the reason stays on the case page, as it may say what happened.
    await notify(trx, {
      partnershipId: actor.partnershipId,
      userId: kase.leadUserId,
      kind: 'case.breakGlass',
      text: `${actor.displayName} (${actor.agencyName}) used emergency access to read case ${kase.reference}.`,
      link: urls.case(caseId),
      causedBy: actor.userId,
      now,
    })
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'case.breakGlass',
      objectType: 'case',
      objectId: caseId,
      caseId,
      ip,
      at: now,
      detail: { expiresAt: expiresAt.toISOString() },
    })
  })
  return { expiresAt }
}

export function breakGlassGrants(db: Db, caseId: string) {
  return db
    .selectFrom('breakGlass as b')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'b.partnershipId').onRef('u.userId', '=', 'b.userId'),
    )
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.agencyId', '=', 'u.agencyId'),
    )
    .select(['b.id', 'b.userId', 'u.displayName', 'a.agencyName', 'b.reason', 'b.grantedAt', 'b.expiresAt'])
    .where('b.caseId', '=', caseId)
    .orderBy('b.grantedAt', 'desc')
    .execute()
}

/** The status of the case a child is part of, or undefined when the child is not part of it. */
export async function childsCaseStatus(db: Db, caseId: string, childId: string) {
  const found = await db
    .selectFrom('caseChildren as cc')
    .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'cc.partnershipId').onRef('c.id', '=', 'cc.caseId'))
    .select('c.status')
    .where('cc.caseId', '=', caseId)
    .where('cc.personId', '=', childId)
    .where('cc.removedAt', 'is', null)
    .executeTakeFirst()
  return found?.status
}

/** The open cases a child is part of. */
export async function openCasesOfChild(db: Db, childId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('caseChildren as cc')
    .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'cc.partnershipId').onRef('c.id', '=', 'cc.caseId'))
    .select('cc.caseId')
    .where('cc.personId', '=', childId)
    .where('cc.removedAt', 'is', null)
    .where('c.status', '=', 'open')
    .orderBy('c.openedAt')
    .execute()
  return rows.map(r => r.caseId)
}

/** Everyone a case names, children and adults: whose records its team may read. */
export async function casePeople(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('caseChildren')
    .select('personId')
    .where('caseId', '=', caseId)
    .where('removedAt', 'is', null)
    .union(db.selectFrom('caseAdults').select('personId').where('caseId', '=', caseId).where('removedAt', 'is', null))
    .execute()
  return rows.map(r => r.personId)
}

/**
 * The children on a case now, by id, with their names: what a pathway step checks the children it names against,
 * and words its check your answers with. One query, where getCase reads the whole case.
 */
export async function childrenOnCase(db: Db, caseId: string): Promise<Map<string, string>> {
  return (await childrenOnCases(db, [caseId]))(caseId)
}

/** The children on each of these cases, as `childrenOnCase` answers for one: one query, however many cases. */
export async function childrenOnCases(db: Db, caseIds: readonly string[]): Promise<ByKey<Map<string, string>>> {
  const rows = await db
    .selectFrom('caseChildren as cc')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'cc.partnershipId').onRef('p.personId', '=', 'cc.personId'),
    )
    .select(['cc.caseId', 'p.personId as id', 'p.givenName', 'p.familyName'])
    .where('cc.caseId', 'in', caseIds)
    .where('cc.removedAt', 'is', null)
    .orderBy('p.dateOfBirth')
    .execute()
  const ofCase = groupBy(rows, r => r.caseId)
  return caseId => new Map(ofCase(caseId).map(c => [c.id, `${c.givenName} ${c.familyName}`]))
}
