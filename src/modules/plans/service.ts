import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { PLAN_KINDS } from '../../kernel/codes/families.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { fromLondon, londonDate as inWords } from '../../web/dates.ts'
import { childrenOnCase, getCase, recordOnCase, writeCase, type CaseWork } from '../cases/index.ts'
import { investigationsSnapshot } from '../investigations/index.ts'
import { REVIEW_AFTER_START, type PlanInput, type ReviewInput } from './schema.ts'

// Plans for each child, each change through the write pipeline on the plan's case: the case locked, the plan's own
// version checked, a chronology event for the child, the safeguards run (SG-10), one audit row.

export const IMPACT_NEEDED =
  'Describe the impact on the child of the investigation ending: an investigation on this case closed without charge'
export const OWNER_ON_TEAM = 'The owner of an action must be on the case team'

/** Whether an investigation on the case closed without a charge: a support plan must then say what that meant. */
async function closedWithoutCharge(trx: Transaction<Database>, caseId: string): Promise<boolean> {
  const { investigations } = (await investigationsSnapshot(trx, [caseId]))(caseId)
  return investigations.some(i => i.outcome !== null && i.outcome.kind !== 'charged')
}

/** Who is on the case team, as owners of actions: the users and agencies on it, and each user's agency. */
async function teamOf(trx: Transaction<Database>, caseId: string) {
  const kase = await getCase(trx, caseId)
  const userIds = kase.team.flatMap(t => (t.userId ? [t.userId] : []))
  const users = userIds.length
    ? await trx.selectFrom('userNames').select(['userId', 'agencyId']).where('userId', 'in', userIds).execute()
    : []
  return {
    users: new Set(userIds),
    agencies: new Set([...kase.team.flatMap(t => (t.agencyId ? [t.agencyId] : [])), ...users.map(u => u.agencyId)]),
  }
}

/**
 * What drafting the plan would be refused for, every field at once: a child not on the case, an investigation
 * closed without charge and a support plan silent on its impact, an action owner not on the case team.
 */
export async function checkPlan(trx: Transaction<Database>, caseId: string, input: PlanInput) {
  const children = await childrenOnCase(trx, caseId)
  const problems: Record<string, string> = {}
  if (!children.has(input.childId)) problems.childId = 'Choose a child on this case'
  if (input.reviewOn < input.startsAt) problems.reviewOn = REVIEW_AFTER_START
  if (input.kind === 'support' && !input.investigationImpact && (await closedWithoutCharge(trx, caseId)))
    problems.investigationImpact = IMPACT_NEEDED
  const ownerUsers = input.actions.flatMap(a => (a.ownerUserId ? [a.ownerUserId] : []))
  const team = await teamOf(trx, caseId)
  const owners = ownerUsers.length
    ? await trx
        .selectFrom('userNames')
        .select(['userId', 'agencyId', 'displayName'])
        .where('userId', 'in', ownerUsers)
        .where('disabledAt', 'is', null)
        .execute()
    : []
  const agencyIds = input.actions.flatMap(a => (a.ownerAgencyId ? [a.ownerAgencyId] : []))
  const agencies = agencyIds.length
    ? await trx
        .selectFrom('agencyDirectory')
        .select(['agencyId', 'agencyName'])
        .where('agencyId', 'in', agencyIds)
        .execute()
    : []
  input.actions.forEach((a, i) => {
    if (a.ownerUserId) {
      const owner = owners.find(o => o.userId === a.ownerUserId)
      if (!owner || !(team.users.has(owner.userId) || team.agencies.has(owner.agencyId)))
        problems[`actions.${String(i)}.ownerUserId`] = OWNER_ON_TEAM
    }
    if (a.ownerAgencyId && !(agencies.some(g => g.agencyId === a.ownerAgencyId) && team.agencies.has(a.ownerAgencyId)))
      problems[`actions.${String(i)}.ownerAgencyId`] = OWNER_ON_TEAM
  })
  if (Object.keys(problems).length) throw new Invalid(problems)
  return {
    childName: children.get(input.childId) ?? '',
    ownerName: (a: PlanInput['actions'][number]) =>
      a.ownerUserId
        ? (owners.find(o => o.userId === a.ownerUserId)?.displayName ?? 'A practitioner')
        : (agencies.find(g => g.agencyId === a.ownerAgencyId)?.agencyName ?? 'An agency'),
  }
}

export async function draftPlan(
  db: Db,
  actor: Actor,
  caseId: string,
  input: PlanInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'plan.draft', ip, now, caseIds: [caseId] }, async work => {
    await checkPlan(work.trx, caseId, input)
    const { partnershipId } = actor
    const { id } = await work.trx
      .insertInto('plans')
      .values({
        partnershipId,
        caseId,
        childId: input.childId,
        kind: input.kind,
        summary: input.summary,
        investigationImpact: input.investigationImpact ?? null,
        startsOn: input.startsAt,
        reviewOn: input.reviewOn,
        madeByUserId: actor.userId,
        madeByAgencyId: actor.agencyId,
        madeAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (input.actions.length)
      await work.trx
        .insertInto('planActions')
        .values(
          input.actions.map((a, i) => ({
            partnershipId,
            planId: id,
            position: i + 1,
            title: a.title,
            ownerUserId: a.ownerUserId ?? null,
            ownerAgencyId: a.ownerAgencyId ?? null,
            dueOn: a.dueOn,
          })),
        )
        .execute()
    await work.event(caseId, {
      kind: 'plan.drafted',
      summary: `${PLAN_KINDS[input.kind]} drafted, to start on ${inWords(input.startsAt)}`,
      occurredAt: now,
      childId: input.childId,
    })
    work.describe({ objectType: 'plan', objectId: id, caseId })
    return { id }
  })
}

/** The plan as a change finds it: locked, its version checked against the one the writer read. */
async function lockedPlan(trx: Transaction<Database>, id: string, version: number) {
  const found = await trx.selectFrom('plans').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!found) throw new NotFound('plan')
  if (found.version !== version)
    throw new Conflict(
      'Someone else changed this plan after you opened it. Nothing you entered was saved; check it, then try again',
    )
  return found
}

async function caseOfPlan(db: Db, id: string): Promise<string> {
  const found = await db.selectFrom('plans').select('caseId').where('id', '=', id).executeTakeFirst()
  if (!found) throw new NotFound('plan')
  return found.caseId
}

async function changePlan<T>(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  version: number,
  ip: string,
  now: Date,
  change: (work: CaseWork, plan: Awaited<ReturnType<typeof lockedPlan>>) => Promise<T>,
): Promise<T> {
  const caseId = await caseOfPlan(db, id)
  return writeCase(db, { actor, action, ip, now, caseIds: [caseId] }, async work => {
    const plan = await lockedPlan(work.trx, id, version)
    const result = await change(work, plan)
    work.describe({ objectType: 'plan', objectId: id, caseId })
    return result
  })
}

/** Agreeing a draft puts it in force: its actions become tasks for their owners (SG-10 may refuse it). */
export function agreePlan(db: Db, actor: Actor, id: string, version: number, ip: string, now: Date) {
  return changePlan(db, actor, id, 'plan.agree', version, ip, now, async (work, plan) => {
    if (plan.status !== 'draft') throw new Conflict('This plan has already been agreed. Nothing was changed')
    const updated = await work.trx
      .updateTable('plans')
      .set({ status: 'agreed', agreedByUserId: actor.userId, agreedAt: now, version: plan.version + 1 })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow()
    await work.event(plan.caseId, {
      kind: 'plan.agreed',
      summary: `${PLAN_KINDS[plan.kind]} agreed; next review by ${inWords(plan.reviewOn)}`,
      occurredAt: now,
      childId: plan.childId,
    })
    return { version: updated.version }
  })
}

/** A review of a plan in force: its outcome, and either the next review date or the plan's end. */
export function reviewPlan(db: Db, actor: Actor, id: string, input: ReviewInput, ip: string, now: Date) {
  if (input.reviewedOn > londonDay(now))
    throw new Invalid({ reviewedOn: 'The date of the review must be today or in the past' })
  return changePlan(db, actor, id, 'plan.review', input.version, ip, now, async (work, plan) => {
    if (plan.status !== 'agreed')
      throw new Conflict(
        plan.status === 'draft'
          ? 'A plan is reviewed once it has been agreed. Nothing was saved'
          : 'This plan has ended. Nothing was saved',
      )
    if (input.reviewedOn < plan.startsOn)
      throw new Invalid({
        reviewedOn: `The date of the review must be on or after the plan’s start date, ${inWords(plan.startsOn)}`,
      })
    await work.trx
      .insertInto('planReviews')
      .values({
        partnershipId: actor.partnershipId,
        planId: id,
        reviewedOn: input.reviewedOn,
        outcome: input.outcome,
        continues: input.continues,
        nextReviewOn: input.continues ? (input.nextReviewOn ?? null) : null,
        reviewedByUserId: actor.userId,
        reviewedAt: now,
      })
      .execute()
    const updated = await work.trx
      .updateTable('plans')
      .set(
        input.continues && input.nextReviewOn
          ? { reviewOn: input.nextReviewOn, version: plan.version + 1 }
          : { status: 'ended', endedByUserId: actor.userId, endedAt: now, version: plan.version + 1 },
      )
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow()
    const occurredAt = fromLondon(input.reviewedOn, '00:00')
    await work.event(plan.caseId, {
      kind: 'plan.reviewed',
      summary:
        input.continues && input.nextReviewOn
          ? `${PLAN_KINDS[plan.kind]} reviewed; it continues, next review by ${inWords(input.nextReviewOn)}`
          : `${PLAN_KINDS[plan.kind]} reviewed; it ends`,
      occurredAt,
      childId: plan.childId,
    })
    if (!input.continues)
      await work.event(plan.caseId, {
        kind: 'plan.ended',
        summary: `${PLAN_KINDS[plan.kind]} ended at its review`,
        occurredAt,
        childId: plan.childId,
      })
    return { version: updated.version }
  })
}

/** Plans as the pages and the API show them, each with its actions (and owners) and reviews: three queries. */
export async function plansWhere(db: Db, where: { caseId: string } | { id: string }) {
  let query = db
    .selectFrom('plans as p')
    .innerJoin('personDirectory as c', j =>
      j.onRef('c.partnershipId', '=', 'p.partnershipId').onRef('c.personId', '=', 'p.childId'),
    )
    .select([
      'p.id',
      'p.caseId',
      'p.childId',
      'c.givenName',
      'c.familyName',
      'p.kind',
      'p.status',
      'p.summary',
      'p.investigationImpact',
      'p.startsOn',
      'p.reviewOn',
      'p.version',
      'p.madeAt',
      'p.agreedAt',
      'p.endedAt',
    ])
  query = 'id' in where ? query.where('p.id', '=', where.id) : query.where('p.caseId', '=', where.caseId)
  const plans = await query.orderBy('p.startsOn', 'desc').orderBy('p.madeAt', 'desc').execute()
  if (plans.length === 0) return []
  const ids = plans.map(p => p.id)
  const [actions, reviews] = await Promise.all([
    db
      .selectFrom('planActions as a')
      .leftJoin('userNames as u', j =>
        j.onRef('u.partnershipId', '=', 'a.partnershipId').onRef('u.userId', '=', 'a.ownerUserId'),
      )
      .leftJoin('agencyDirectory as g', j =>
        j.onRef('g.partnershipId', '=', 'a.partnershipId').onRef('g.agencyId', '=', 'a.ownerAgencyId'),
      )
      .select([
        'a.id',
        'a.planId',
        'a.title',
        'a.ownerUserId',
        'a.ownerAgencyId',
        'a.dueOn',
        'u.displayName',
        'g.agencyName',
      ])
      .where('a.planId', 'in', ids)
      .orderBy('a.position')
      .execute(),
    db
      .selectFrom('planReviews as r')
      .innerJoin('userNames as u', j =>
        j.onRef('u.partnershipId', '=', 'r.partnershipId').onRef('u.userId', '=', 'r.reviewedByUserId'),
      )
      .select(['r.id', 'r.planId', 'r.reviewedOn', 'r.outcome', 'r.continues', 'r.nextReviewOn', 'u.displayName'])
      .where('r.planId', 'in', ids)
      .orderBy('r.reviewedOn')
      .orderBy('r.reviewedAt')
      .execute(),
  ])
  return plans.map(p => ({
    id: p.id,
    caseId: p.caseId,
    childId: p.childId,
    childName: `${p.givenName} ${p.familyName}`,
    kind: p.kind,
    status: p.status,
    summary: p.summary,
    investigationImpact: p.investigationImpact,
    startsAt: p.startsOn,
    reviewOn: p.reviewOn,
    version: p.version,
    madeAt: new Date(p.madeAt),
    agreedAt: p.agreedAt ? new Date(p.agreedAt) : null,
    endedAt: p.endedAt ? new Date(p.endedAt) : null,
    actions: actions
      .filter(a => a.planId === p.id)
      .map(a => ({
        id: a.id,
        title: a.title,
        ownerUserId: a.ownerUserId,
        ownerAgencyId: a.ownerAgencyId,
        ownerName: a.displayName ?? a.agencyName ?? '',
        dueOn: a.dueOn,
      })),
    reviews: reviews
      .filter(r => r.planId === p.id)
      .map(r => ({
        id: r.id,
        reviewedOn: r.reviewedOn,
        outcome: r.outcome,
        continues: r.continues,
        nextReviewOn: r.nextReviewOn,
        reviewedBy: r.displayName,
      })),
  }))
}

export type PlanView = Awaited<ReturnType<typeof plansWhere>>[number]

export async function getPlan(db: Db, id: string): Promise<PlanView> {
  const [found] = await plansWhere(db, { id })
  if (!found) throw new NotFound('plan')
  return found
}

/** A plan reached by its id is authorised on its case: its team writes, whoever may read the case reads. */
export const planResolver = recordOnCase(
  'plan',
  async (db, id) => (await db.selectFrom('plans').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)
