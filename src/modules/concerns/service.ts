import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import type { RecordResolver } from '../access/index.ts'
import type { Actor } from '../../kernel/actor.ts'
import {
  caseFromReferral,
  childsCaseStatus,
  openCasesOfChild,
  peopleWorkedWith,
  relationshipToCase,
  relationshipToPerson,
  writeCase,
} from '../cases/index.ts'
import { addWorkingDays } from '../../kernel/working-days.ts'
import { urls } from '../../web/urls.ts'
import { notify } from '../notifications/index.ts'
import { CASE_PURPOSES, DECISIONS, type ReferralDecision } from '../../kernel/codes/concerns.ts'
import type { ConcernInput } from './schema.ts'

/** Working Together: the front door decides on a referral within one working day of receiving it. */

/**
 * The open cases a concern about the child belongs on: the one named, or every open case with the child.
 * Naming a case writes on its chronology, so only its team may, and someone else learns nothing about it
 * (not even whether the child is on it) from being refused.
 */
async function casesFor(
  db: Db,
  actor: Actor,
  childId: string,
  caseId: string | undefined,
  now: Date,
): Promise<string[]> {
  if (caseId) {
    if ((await relationshipToCase(db, actor, caseId, now)) !== 'team') {
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can link a concern only to a case whose team you are on; leave the case out and it goes on every open case about the child',
      )
    }
    const status = await childsCaseStatus(db, caseId, childId)
    if (!status) throw new Invalid({ caseId: 'This child is not part of that case' })
    if (status === 'closed')
      throw new Invalid({
        caseId: 'That case is closed: leave the case out, and the front door decides what happens next',
      })
    return [caseId]
  }
  return openCasesOfChild(db, childId)
}

/**
 * Records a concern: anyone working with children may, without being on a case team and without any
 * disclosure. It goes on the chronology of the child's open cases and, if asked, becomes a referral.
 */
export async function recordConcern(
  db: Db,
  actor: Actor,
  input: ConcernInput,
  ip: string,
  now: Date,
): Promise<{ id: string; referralId: string | null }> {
  const child = await db
    .selectFrom('personDirectory')
    .select('personId')
    .where('personId', '=', input.childId)
    .executeTakeFirst()
  if (!child) throw new Invalid({ childId: 'Choose a child who is already recorded' })
  const caseIds = await casesFor(db, actor, input.childId, input.caseId, now)
  return writeCase(db, { actor, action: 'concerns.record', ip, now, caseIds }, async work => {
    const { trx } = work
    const { id } = await trx
      .insertInto('concerns')
      .values({
        partnershipId: actor.partnershipId,
        childId: input.childId,
        caseId: input.caseId ?? null,
        description: input.description,
        childWords: input.childWords ?? null,
        indicators: input.indicators,
        disclosure: input.disclosure,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    let referralId: string | null = null
    if (input.referToChildrensSocialCare) {
      const referral = await trx
        .insertInto('referrals')
        .values({
          partnershipId: actor.partnershipId,
          concernId: id,
          childId: input.childId,
          receivedAt: now,
          decisionDueAt: addWorkingDays(now, (await work.policy()).referralDecisionWorkingDays),
          decision: null,
          rationale: null,
          decidedAt: null,
          decidedByUserId: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      referralId = referral.id
    }
    const signs = input.indicators.length
      ? `${String(input.indicators.length)} signs or indicators`
      : 'no indicators chosen'
    const disclosure = input.disclosure === 'none' ? 'no disclosure' : `disclosure: ${input.disclosure}`
    const referred = referralId ? '; referred to children’s social care' : ''
    const summary = `Concern recorded by ${actor.agencyName}: ${signs}; ${disclosure}${referred}`
    for (const caseId of caseIds) {
      await work.event(caseId, { kind: 'concern.recorded', summary, occurredAt: now, childId: input.childId })
      const kase = work.cases.get(caseId)
      if (kase)
        await notify(trx, {
          partnershipId: actor.partnershipId,
          userId: kase.leadUserId,
          kind: 'case.concernRecorded',
          text: `${actor.agencyName} recorded a new concern about a child on case ${kase.reference}.`,
          link: urls.concern(id),
          causedBy: actor.userId,
          now,
        })
    }
    work.describe({ objectType: 'concern', objectId: id, caseId: caseIds[0] ?? null })
    work.detail({ childId: input.childId, referralId })
    return { id, referralId }
  })
}

/** Referrals with their concern, the child at the identifying minimum, and who raised it: the lists' one base. */
function referralsWithConcern(db: Db) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('concerns as c', j =>
      j.onRef('c.partnershipId', '=', 'r.partnershipId').onRef('c.id', '=', 'r.concernId'),
    )
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'r.partnershipId').onRef('p.personId', '=', 'r.childId'),
    )
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'c.partnershipId').onRef('a.agencyId', '=', 'c.recordedByAgencyId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.userId', '=', 'c.recordedByUserId'),
    )
}

/** Referrals awaiting a decision, soonest due first; one page of them when `page` says which. */
export function awaitingReferrals(db: Db, page?: { limit: number; offset: number }) {
  const query = referralsWithConcern(db)
    .select([
      'r.id',
      'r.receivedAt',
      'r.decisionDueAt',
      'r.childId',
      'p.givenName',
      'p.familyName',
      'p.dateOfBirth',
      'a.agencyName as referrer',
      'c.disclosure',
      sql<number>`cardinality(c.indicators)`.as('indicatorCount'),
    ])
    .where('r.decision', 'is', null)
    .orderBy('r.decisionDueAt')
    .orderBy('r.id')
  return (page ? query.limit(page.limit).offset(page.offset) : query).execute()
}

export async function countAwaitingReferrals(db: Db): Promise<number> {
  const row = await db
    .selectFrom('referrals')
    .select(eb => eb.fn.countAll<number>().as('n'))
    .where('decision', 'is', null)
    .executeTakeFirstOrThrow()
  return row.n
}

export async function getReferral(db: Db, id: string) {
  const row = await referralsWithConcern(db)
    .select([
      'r.id',
      'r.receivedAt',
      'r.decisionDueAt',
      'r.decision',
      'r.rationale',
      'r.decidedAt',
      'r.version',
      'r.childId',
      'c.caseId',
      'p.givenName',
      'p.familyName',
      'p.dateOfBirth',
      'c.description',
      'c.childWords',
      'c.indicators',
      'c.disclosure',
      'a.agencyName as referrer',
      'u.displayName as referredBy',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFound('referral')
  return row
}

export async function decideReferral(
  db: Db,
  actor: Actor,
  id: string,
  input: { version: number; decision: ReferralDecision; rationale: string; leadUserId?: string | undefined },
  ip: string,
  now: Date,
): Promise<{ caseId: string | null; caseOpened: boolean }> {
  // A referral's child never changes, so it can be read before the lock to find the cases to lock with it.
  const child = await db.selectFrom('referrals').select('childId').where('id', '=', id).executeTakeFirst()
  if (!child) throw new NotFound('referral')
  const caseIds = await casesFor(db, actor, child.childId, undefined, now)
  return writeCase(db, { actor, action: 'referral.decide', ip, now, caseIds }, async work => {
    const current = await work.trx
      .selectFrom('referrals as r')
      .innerJoin('concerns as c', j =>
        j.onRef('c.partnershipId', '=', 'r.partnershipId').onRef('c.id', '=', 'r.concernId'),
      )
      .select(['r.version', 'r.decision', 'r.childId', 'r.concernId', 'c.recordedByUserId'])
      .where('r.id', '=', id)
      .forUpdate('r')
      .executeTakeFirstOrThrow()
    if (current.version !== input.version || current.decision !== null)
      throw new Conflict('Someone else decided this referral after you opened it. Nothing you entered was saved.', [
        'Decision',
      ])
    await work.trx
      .updateTable('referrals')
      .set({
        decision: input.decision,
        rationale: input.rationale,
        decidedAt: now,
        decidedByUserId: actor.userId,
        version: input.version + 1,
      })
      .where('id', '=', id)
      .execute()
    for (const caseId of caseIds)
      await work.event(caseId, {
        kind: 'referral.decided',
        summary: `Referral decision: ${DECISIONS[input.decision]}`,
        occurredAt: now,
        childId: current.childId,
      })
    // The referrer learns the outcome on the concern's page, which their agency may always read.
    await notify(work.trx, {
      partnershipId: actor.partnershipId,
      userId: current.recordedByUserId,
      kind: 'referral.decided',
      text: `The front door decided on your referral: ${DECISIONS[input.decision]}.`,
      link: urls.concern(current.concernId),
      causedBy: actor.userId,
      now,
    })
    // A strategy discussion or an assessment opens the case from the referral (or goes on the child's open case),
    // with the referral's concern on it: one unit with the decision, so neither stands without the other.
    const purpose = CASE_PURPOSES[input.decision]
    let worked: Awaited<ReturnType<typeof caseFromReferral>> | undefined
    if (purpose) {
      worked = await caseFromReferral(
        work,
        actor,
        { referralId: id, childId: current.childId, leadUserId: input.leadUserId, purpose },
        now,
      )
      await work.trx
        .updateTable('concerns')
        .set({ caseId: worked.caseId })
        .where('id', '=', current.concernId)
        .where('caseId', 'is', null)
        .execute()
      if (worked.opened)
        await notify(work.trx, {
          partnershipId: actor.partnershipId,
          userId: worked.leadUserId,
          kind: 'case.madeLead',
          text: `${actor.displayName} (${actor.agencyName}) opened case ${worked.reference} from a referral and made you its lead practitioner.`,
          link: urls.case(worked.caseId),
          causedBy: actor.userId,
          now,
        })
    }
    work.describe({ objectType: 'referral', objectId: id, caseId: worked?.caseId ?? null })
    work.detail({ decision: input.decision, caseId: worked?.caseId ?? null, caseOpened: worked?.opened ?? false })
    return { caseId: worked?.caseId ?? null, caseOpened: worked?.opened ?? false }
  })
}

/**
 * Where the actor stands to a concern, and whether they may read the front door's reasons on its referral.
 * - The team of the case the concern is on (`concerns.case_id`: named when it was recorded, or the case its
 *   referral opened or went on) and the teams of the child's cases read it in full, reasons included; someone
 *   reading one of those cases by break-glass reads it read-only (the hook audits every read, theirs too).
 * - The front door reads every concern, reasons included (they are its own).
 * - Whoever may read the child's record otherwise (the agency that recorded the child) reads the concern.
 * - The agency that raised it reads it, so a school sees what became of its worry: the decision and when, not the
 *   reasons, which may rest on what other agencies know (a police record, a health history) that the referrer has
 *   no need to know.
 * Anyone else only knows it exists.
 */
export async function standingToConcern(
  db: Db,
  actor: Actor,
  id: string,
  now: Date,
): Promise<{ relationship: 'full' | 'readOnly' | 'minimum' | 'missing'; reasons: boolean; caseId: string | null }> {
  const concern = await db
    .selectFrom('concerns')
    .select(['childId', 'caseId', 'recordedByAgencyId'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!concern) return { relationship: 'missing', reasons: false, caseId: null }
  const { caseId } = concern
  const [byCase, worked, byChild] = await Promise.all([
    caseId ? relationshipToCase(db, actor, caseId, now) : undefined,
    peopleWorkedWith(db, actor, [concern.childId], now),
    relationshipToPerson(db, actor, concern.childId, now),
  ])
  const throughCase = worked.get(concern.childId)
  if (byCase === 'team' || throughCase === 'team' || actor.roles.includes('front_door'))
    return { relationship: 'full', reasons: true, caseId }
  if (byCase === 'breakGlass' || throughCase === 'breakGlass')
    return { relationship: byChild === 'full' ? 'full' : 'readOnly', reasons: true, caseId }
  if (byChild === 'full' || concern.recordedByAgencyId === actor.agencyId)
    return { relationship: 'full', reasons: false, caseId }
  return { relationship: byChild, reasons: false, caseId }
}

export const concernResolver: RecordResolver = {
  kind: 'concern',
  resolve: async (db, actor, id, now) => {
    const { relationship, caseId } = await standingToConcern(db, actor, id, now)
    return { relationship, caseId }
  },
}

/**
 * Concerns as they were recorded, with who raised them and where each one's referral stands: the one base of a
 * concern's page and of the child's record.
 */
export function concernsWithReferral(db: Db) {
  return db
    .selectFrom('concerns as c')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'c.partnershipId').onRef('a.agencyId', '=', 'c.recordedByAgencyId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.userId', '=', 'c.recordedByUserId'),
    )
    .leftJoin('referrals as r', j =>
      j.onRef('r.partnershipId', '=', 'c.partnershipId').onRef('r.concernId', '=', 'c.id'),
    )
    .select([
      'c.id',
      'c.childId',
      'c.caseId',
      'c.description',
      'c.childWords',
      'c.indicators',
      'c.disclosure',
      'c.recordedAt',
      'a.agencyName as recordedByAgency',
      'u.displayName as recordedBy',
      'r.id as referralId',
      'r.decisionDueAt',
      'r.decision',
      'r.decidedAt',
    ])
}

/** A concern as it was recorded, with the child, who raised it, and where its referral stands. */
export async function getConcern(db: Db, id: string) {
  const row = await concernsWithReferral(db)
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
    )
    .leftJoin('userNames as d', j =>
      j.onRef('d.partnershipId', '=', 'r.partnershipId').onRef('d.userId', '=', 'r.decidedByUserId'),
    )
    .select(['p.givenName', 'p.familyName', 'p.dateOfBirth', 'r.rationale', 'd.displayName as decidedBy'])
    .where('c.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFound('concern')
  return row
}
