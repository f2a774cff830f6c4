import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import type { AbuseCategory } from '../../kernel/codes/cases.ts'
import { PRACTITIONERS, type AgencyKind } from '../../kernel/roles.ts'
import { childrenOnCase, recordOnCase, writeCase } from '../cases/index.ts'
import type { StrategyInput } from './schema.ts'

// Strategy discussions: recorded as a draft or completed, through the write pipeline, so SG-06 sees the record
// as it would stand and refuses a completion it must. A record is never changed after completion; a draft is
// completed once (the version the completer read is checked).

const ALREADY_COMPLETED = 'This strategy discussion is already completed: a completed record is final'
const STALE =
  'Someone else changed this strategy discussion after you opened it. Nothing was saved; check it, then try again'

/** Records a strategy discussion on a case, with its attendees, children and agreed actions; answers its id. */
export async function recordStrategyDiscussion(
  db: Db,
  actor: Actor,
  caseId: string,
  input: StrategyInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'strategy.record', ip, now, caseIds: [caseId] }, async work => {
    const { trx } = work
    const onCase = await childrenOnCase(trx, caseId)
    const problems: Record<string, string> = {}
    input.childIds.forEach((id, i) => {
      if (!onCase.has(id)) problems[`childIds.${String(i)}`] = 'Choose children who are on this case'
    })
    const userIds = [...new Set(input.actions.flatMap(a => (a.ownerUserId ? [a.ownerUserId] : [])))]
    const agencyIds = [...new Set(input.actions.flatMap(a => (a.ownerAgencyId ? [a.ownerAgencyId] : [])))]
    // Row-level security keeps these to the partnership's own people and agencies.
    const users = userIds.length
      ? await trx
          .selectFrom('userNames')
          .select('userId')
          .where('userId', 'in', userIds)
          .where('disabledAt', 'is', null)
          .execute()
      : []
    const agencies = agencyIds.length
      ? await trx.selectFrom('agencyDirectory').select('agencyId').where('agencyId', 'in', agencyIds).execute()
      : []
    const knownUsers = new Set(users.map(u => u.userId))
    const knownAgencies = new Set(agencies.map(a => a.agencyId))
    input.actions.forEach((a, i) => {
      if (a.childId && !onCase.has(a.childId))
        problems[`actions.${String(i)}.childId`] = 'The child of an action must be a child of the case'
      if (a.ownerUserId && !knownUsers.has(a.ownerUserId))
        problems[`actions.${String(i)}.ownerUserId`] =
          'The owner of an action must be a practitioner in this partnership'
      if (a.ownerAgencyId && !knownAgencies.has(a.ownerAgencyId))
        problems[`actions.${String(i)}.ownerAgencyId`] = 'The owner of an action must be an agency in this partnership'
    })
    if (Object.keys(problems).length) throw new Invalid(problems)

    const consultation = input.healthConsultation
    const { id } = await trx
      .insertInto('strategyDiscussions')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        heldAt: input.heldAt,
        categories: input.categories,
        informationShared: input.informationShared,
        ...input.decisions,
        rationale: input.rationale,
        healthConsultantName: consultation?.name ?? null,
        healthConsultantRole: consultation?.role ?? null,
        healthConsultedAt: consultation?.at ?? null,
        healthAdvice: consultation?.advice ?? null,
        recordedAt: now,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        completedAt: input.complete ? now : null,
        completedByUserId: input.complete ? actor.userId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('strategyDiscussionChildren')
      .values(
        [...new Set(input.childIds)].map(childId => ({
          partnershipId: actor.partnershipId,
          discussionId: id,
          childId,
        })),
      )
      .execute()
    await trx
      .insertInto('strategyAttendees')
      .values(
        input.attendees.map((a, position) => ({
          partnershipId: actor.partnershipId,
          discussionId: id,
          position,
          ...a,
        })),
      )
      .execute()
    if (input.actions.length)
      await trx
        .insertInto('strategyActions')
        .values(
          input.actions.map((a, position) => ({
            partnershipId: actor.partnershipId,
            discussionId: id,
            position,
            title: a.title,
            childId: a.childId ?? null,
            ownerUserId: a.ownerUserId ?? null,
            ownerAgencyId: a.ownerAgencyId ?? null,
            dueOn: a.dueOn,
          })),
        )
        .execute()
    // One entry for the case, not one per child: it was one meeting about the family, and the record names the
    // children it was about; a copy per child would repeat it on the case's chronology.
    await work.event(caseId, {
      kind: 'strategy.held',
      summary: heldSummary(input),
      occurredAt: input.heldAt,
    })
    if (input.complete)
      await work.event(caseId, {
        kind: 'strategy.completed',
        summary: 'Strategy discussion record completed',
        occurredAt: now,
      })
    work.describe({ objectType: 'strategyDiscussion', objectId: id })
    work.detail({ discussionId: id, complete: input.complete })
    return { id }
  })
}

/** The chronology's words for a discussion: what it decided, never what was shared. */
function heldSummary(input: StrategyInput): string {
  const d = input.decisions
  const decided = [
    d.section47 ? 'a section 47 enquiry' : '',
    d.policeInvestigation ? 'a police investigation' : '',
    d.abeInterview ? 'an ABE interview' : '',
    d.healthAssessment ? 'a health assessment' : '',
    d.immediateProtection ? 'immediate protection' : '',
  ].filter(Boolean)
  const agreed = decided.length ? `agreed ${decided.join(', ')}` : 'agreed no statutory steps'
  const actions = input.actions.length ? `; ${String(input.actions.length)} action(s) agreed` : ''
  return `Strategy discussion held with ${String(input.attendees.length)} attendee(s): ${agreed}${actions}`
}

/** The case a discussion is on, or none. */
export async function caseOfDiscussion(db: Db, id: string): Promise<string | undefined> {
  if (!isUuid(id)) return undefined
  const row = await db.selectFrom('strategyDiscussions').select('caseId').where('id', '=', id).executeTakeFirst()
  return row?.caseId
}

/** Completes a draft, at the version its completer read; SG-06 may refuse it (nothing is then saved). */
export async function completeStrategyDiscussion(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  const caseId = await caseOfDiscussion(db, id)
  if (!caseId) throw new NotFound('strategy discussion')
  return writeCase(db, { actor, action: 'strategy.complete', ip, now, caseIds: [caseId] }, async work => {
    const { trx } = work
    const found = await trx
      .selectFrom('strategyDiscussions')
      .select(['completedAt', 'version'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (found.completedAt) throw new Conflict(ALREADY_COMPLETED)
    if (found.version !== version) throw new Conflict(STALE)
    const next = found.version + 1
    await trx
      .updateTable('strategyDiscussions')
      .set({ completedAt: now, completedByUserId: actor.userId, version: next })
      .where('id', '=', id)
      .execute()
    await work.event(caseId, {
      kind: 'strategy.completed',
      summary: 'Strategy discussion record completed',
      occurredAt: now,
    })
    work.describe({ objectType: 'strategyDiscussion', objectId: id })
    work.detail({ discussionId: id })
    return { version: next }
  })
}

/** Where the actor stands to a discussion: where they stand to its case. */
export const strategyDiscussionResolver = recordOnCase('strategyDiscussion', caseOfDiscussion)

export interface DiscussionView {
  id: string
  caseId: string
  heldAt: Date
  categories: AbuseCategory[]
  childIds: string[]
  attendees: { name: string; agencyKind: AgencyKind; role: string; csaClinicalExperience: boolean }[]
  healthConsultation: { name: string; role: string; at: Date; advice: string } | null
  informationShared: string
  decisions: {
    section47: boolean
    policeInvestigation: boolean
    abeInterview: boolean
    healthAssessment: boolean
    immediateProtection: boolean
  }
  rationale: string
  actions: {
    id: string
    title: string
    childId: string | null
    ownerUserId: string | null
    ownerAgencyId: string | null
    ownerName: string
    dueOn: string
  }[]
  status: 'draft' | 'completed'
  completedAt: Date | null
  recordedAt: Date
  recordedBy: string
  recordedByAgency: string
  version: number
}

/** The discussions on a case (or one), whole: a bounded number of queries however many there are. */
export async function discussions(db: Db, where: { caseId: string } | { id: string }): Promise<DiscussionView[]> {
  const base = db
    .selectFrom('strategyDiscussions as d')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'd.partnershipId').onRef('u.userId', '=', 'd.recordedByUserId'),
    )
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'd.partnershipId').onRef('a.agencyId', '=', 'd.recordedByAgencyId'),
    )
    .selectAll('d')
    .select(['u.displayName as recordedBy', 'a.agencyName as recordedByAgency'])
  const rows = await ('caseId' in where ? base.where('d.caseId', '=', where.caseId) : base.where('d.id', '=', where.id))
    .orderBy('d.heldAt', 'desc')
    .orderBy('d.recordedAt', 'desc')
    .execute()
  if (rows.length === 0) return []
  const ids = rows.map(r => r.id)
  const [children, attendees, actions] = await Promise.all([
    db
      .selectFrom('strategyDiscussionChildren')
      .select(['discussionId', 'childId'])
      .where('discussionId', 'in', ids)
      .execute(),
    db
      .selectFrom('strategyAttendees')
      .select(['discussionId', 'name', 'agencyKind', 'role', 'csaClinicalExperience'])
      .where('discussionId', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('strategyActions as s')
      .leftJoin('userNames as u', j =>
        j.onRef('u.partnershipId', '=', 's.partnershipId').onRef('u.userId', '=', 's.ownerUserId'),
      )
      .leftJoin('agencyDirectory as a', j =>
        j.onRef('a.partnershipId', '=', 's.partnershipId').onRef('a.agencyId', '=', 's.ownerAgencyId'),
      )
      .select([
        's.id',
        's.discussionId',
        's.title',
        's.childId',
        's.ownerUserId',
        's.ownerAgencyId',
        's.dueOn',
        'u.displayName as userName',
        'a.agencyName',
      ])
      .where('s.discussionId', 'in', ids)
      .orderBy('s.position')
      .execute(),
  ])
  return rows.map(r => ({
    id: r.id,
    caseId: r.caseId,
    heldAt: new Date(r.heldAt),
    categories: r.categories,
    childIds: children.filter(c => c.discussionId === r.id).map(c => c.childId),
    attendees: attendees
      .filter(a => a.discussionId === r.id)
      .map(({ name, agencyKind, role, csaClinicalExperience }) => ({ name, agencyKind, role, csaClinicalExperience })),
    healthConsultation:
      r.healthConsultantName && r.healthConsultantRole && r.healthConsultedAt && r.healthAdvice
        ? {
            name: r.healthConsultantName,
            role: r.healthConsultantRole,
            at: new Date(r.healthConsultedAt),
            advice: r.healthAdvice,
          }
        : null,
    informationShared: r.informationShared,
    decisions: {
      section47: r.section47,
      policeInvestigation: r.policeInvestigation,
      abeInterview: r.abeInterview,
      healthAssessment: r.healthAssessment,
      immediateProtection: r.immediateProtection,
    },
    rationale: r.rationale,
    actions: actions
      .filter(a => a.discussionId === r.id)
      .map(a => ({
        id: a.id,
        title: a.title,
        childId: a.childId,
        ownerUserId: a.ownerUserId,
        ownerAgencyId: a.ownerAgencyId,
        ownerName: a.userName ?? a.agencyName ?? '',
        dueOn: a.dueOn,
      })),
    status: r.completedAt ? 'completed' : 'draft',
    completedAt: r.completedAt ? new Date(r.completedAt) : null,
    recordedAt: new Date(r.recordedAt),
    recordedBy: r.recordedBy,
    recordedByAgency: r.recordedByAgency,
    version: r.version,
  }))
}

/** One discussion, whole. */
export async function getDiscussion(db: Db, id: string): Promise<DiscussionView> {
  const [found] = await discussions(db, { id })
  if (!found) throw new NotFound('strategy discussion')
  return found
}

/** The partnership's practitioners who can still sign in, by name: who may own an agreed action. */
export function actionOwners(db: Db) {
  return db
    .selectFrom('userNames as u')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.agencyId', '=', 'u.agencyId'),
    )
    .select(['u.userId as id', 'u.displayName', 'a.agencyName'])
    .where('u.disabledAt', 'is', null)
    .where(sql<boolean>`u.roles && ${[...PRACTITIONERS]}::text[]`)
    .orderBy('u.displayName')
    .execute()
}
