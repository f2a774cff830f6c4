import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { DECISIONS, type ReferralDecision } from '../../kernel/codes/concerns.ts'

// The lists of concerns and referrals the home page and the partnership's lists show. A referrer sees the
// referrals they raised (their agency may read those concerns); the partnership sees counts, never a child.

export interface RaisedReferral {
  concernId: string
  referralId: string
  childId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  receivedAt: Date
  decisionDueAt: Date
  decision: ReferralDecision | null
  decidedAt: Date | null
}

function raisedBy(db: Db, actor: Actor) {
  return db
    .selectFrom('concerns as c')
    .innerJoin('referrals as r', j =>
      j.onRef('r.partnershipId', '=', 'c.partnershipId').onRef('r.concernId', '=', 'c.id'),
    )
    .where('c.partnershipId', '=', actor.partnershipId)
    .where('c.recordedByUserId', '=', actor.userId)
}

/** The referrals the actor raised, newest first, with the child at the identifying minimum and the decision. */
export function referralsRaisedBy(
  db: Db,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<RaisedReferral[]> {
  return raisedBy(db, actor)
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
    )
    .select([
      'c.id as concernId',
      'r.id as referralId',
      'c.childId',
      'p.givenName',
      'p.familyName',
      'p.dateOfBirth',
      'r.receivedAt',
      'r.decisionDueAt',
      'r.decision',
      'r.decidedAt',
    ])
    .orderBy('c.recordedAt', 'desc')
    .orderBy('c.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

export async function countReferralsRaisedBy(db: Db, actor: Actor): Promise<number> {
  const row = await raisedBy(db, actor)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/**
 * What is due on each of these children: the soonest decision due on a referral about them still awaiting one.
 * (Tasks join this when they come.) Children with nothing due are left out.
 */
export async function decisionsDueForChildren(db: Db, childIds: readonly string[]): Promise<Map<string, Date>> {
  if (childIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('referrals')
    .select(['childId', sql<Date>`min(decision_due_at)`.as('dueAt')])
    .where('childId', 'in', childIds)
    .where('decision', 'is', null)
    .groupBy('childId')
    .execute()
  return new Map(rows.map(r => [r.childId, r.dueAt]))
}

/** Referrals by the decision made on them, awaiting ones first: every decision listed, with none made as 0. */
export async function referralsByDecision(db: Db): Promise<{ decision: ReferralDecision | null; referrals: number }[]> {
  const rows = await db
    .selectFrom('referrals')
    .select(['decision', sql<number>`count(*)::int`.as('referrals')])
    .groupBy('decision')
    .execute()
  const count = (decision: ReferralDecision | null) => rows.find(r => r.decision === decision)?.referrals ?? 0
  return [null, ...(Object.keys(DECISIONS) as ReferralDecision[])].map(decision => ({
    decision,
    referrals: count(decision),
  }))
}

/** Concerns each agency recorded from `from` up to (not including) `to`: every agency listed, none as 0. */
export async function concernsByAgency(
  db: Db,
  period: { from: Date; to: Date },
): Promise<{ agencyId: string; agencyName: string; concerns: number; referred: number }[]> {
  return db
    .selectFrom('agencyDirectory as a')
    .leftJoin('concerns as c', j =>
      j
        .onRef('c.partnershipId', '=', 'a.partnershipId')
        .onRef('c.recordedByAgencyId', '=', 'a.agencyId')
        .on('c.recordedAt', '>=', period.from)
        .on('c.recordedAt', '<', period.to),
    )
    .leftJoin('referrals as r', j =>
      j.onRef('r.partnershipId', '=', 'c.partnershipId').onRef('r.concernId', '=', 'c.id'),
    )
    .select([
      'a.agencyId',
      'a.agencyName',
      sql<number>`count(c.id)::int`.as('concerns'),
      sql<number>`count(r.id)::int`.as('referred'),
    ])
    .groupBy(['a.agencyId', 'a.agencyName'])
    .orderBy('a.agencyName')
    .execute()
}
