import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { APPROVAL_KINDS, type ApprovalKind, type ApprovalStatus } from '../../kernel/codes/families.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import { casesTheyMayOpen, childrenOnCase, getCase, recordOnCase, writeCase } from '../cases/index.ts'
import { notifyAll } from '../notifications/index.ts'
import type { AskInput, DecideInput } from './schema.ts'

/** What the one who asked is told when they try to decide their own request. */
export const NOT_YOUR_OWN =
  'You asked for this approval, so you cannot decide it: another team manager must approve or return it. Nothing was saved.'

/** The kinds of request that are about one child, so must name them. */
const ABOUT_A_CHILD: Record<ApprovalKind, boolean> = { no_support_plan: true }

const PENDING_ALREADY = 'A request of this kind for this child is already waiting for a team manager’s decision'

/** What asking would be refused for: a child not on the case, no child for a kind about one, one already waiting. */
export async function checkAsk(db: Db, caseId: string, input: AskInput) {
  const names = await childrenOnCase(db, caseId)
  const childId = input.childId ?? null
  if (ABOUT_A_CHILD[input.kind] && !childId)
    throw new Invalid({ childId: 'Choose the child no support plan is needed for' })
  if (childId && !names.has(childId)) throw new Invalid({ childId: 'Choose a child on this case' })
  const waiting = await db
    .selectFrom('approvals')
    .select('id')
    .where('caseId', '=', caseId)
    .where('kind', '=', input.kind)
    .where('status', '=', 'pending')
    .where(eb => (childId ? eb('childId', '=', childId) : eb('childId', 'is', null)))
    .executeTakeFirst()
  if (waiting) throw new Invalid({ [childId ? 'childId' : 'kind']: PENDING_ALREADY })
  return { childName: childId ? (names.get(childId) ?? '') : null }
}

/** The team managers on the case team, as users or through their agency: who is told of a request. */
async function teamManagersOf(db: Db, caseId: string): Promise<string[]> {
  const { team, leadUserId } = await getCase(db, caseId)
  const userIds = [leadUserId, ...team.flatMap(t => (t.userId ? [t.userId] : []))]
  const agencyIds = team.flatMap(t => (t.agencyId ? [t.agencyId] : []))
  const rows = await db
    .selectFrom('userNames')
    .select(['userId', 'roles'])
    .where('disabledAt', 'is', null)
    .where(eb => eb.or([eb('userId', 'in', userIds), ...(agencyIds.length ? [eb('agencyId', 'in', agencyIds)] : [])]))
    .execute()
  return rows.filter(r => r.roles.includes('team_manager')).map(r => r.userId)
}

export async function askApproval(
  db: Db,
  actor: Actor,
  caseId: string,
  input: AskInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'approval.ask', ip, now, caseIds: [caseId] }, async work => {
    await checkAsk(work.trx, caseId, input)
    const childId = input.childId ?? null
    const { id } = await work.trx
      .insertInto('approvals')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        childId,
        kind: input.kind,
        reason: input.reason,
        askedByUserId: actor.userId,
        askedByAgencyId: actor.agencyId,
        askedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(caseId, {
      kind: 'approval.asked',
      summary: `Manager approval asked for: ${APPROVAL_KINDS[input.kind]}`,
      occurredAt: now,
      childId,
    })
    const reference = work.cases.get(caseId)?.reference ?? ''
    // Never the child's name: the case reference says where.
    await notifyAll(
      work.trx,
      (await teamManagersOf(work.trx, caseId)).map(userId => ({
        partnershipId: actor.partnershipId,
        userId,
        kind: 'approval.asked' as const,
        text: `${actor.displayName} (${actor.agencyName}) asks a team manager to approve on case ${reference}: ${lower(APPROVAL_KINDS[input.kind])}.`,
        link: urls.approval(id),
        causedBy: actor.userId,
        now,
      })),
    )
    work.describe({ objectType: 'approval', objectId: id })
    work.detail({ kind: input.kind, childId })
    return { id }
  })
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)

export type Decision = 'approved' | 'returned'

export async function decideApproval(
  db: Db,
  actor: Actor,
  approvalId: string,
  decision: Decision,
  input: DecideInput,
  ip: string,
  now: Date,
): Promise<{ id: string; caseId: string }> {
  const found = await db.selectFrom('approvals').select('caseId').where('id', '=', approvalId).executeTakeFirst()
  if (!found) throw new NotFound('approval')
  const action = decision === 'approved' ? 'approval.approve' : 'approval.return'
  return writeCase(db, { actor, action, ip, now, caseIds: [found.caseId] }, async work => {
    const current = await work.trx
      .selectFrom('approvals')
      .select(['id', 'caseId', 'childId', 'kind', 'status', 'askedByUserId', 'decidedAt', 'version'])
      .where('id', '=', approvalId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (current.askedByUserId === actor.userId) throw new Forbidden('forbidden', NOT_YOUR_OWN)
    if (current.status !== 'pending')
      throw new Conflict(
        `This request was already ${current.status}${current.decidedAt ? ` on ${londonDate(current.decidedAt)}` : ''}: a decided request cannot be decided again. Nothing was saved.`,
      )
    await work.trx
      .updateTable('approvals')
      .set({
        status: decision,
        decidedByUserId: actor.userId,
        decidedAt: now,
        decisionReason: input.reason,
        version: current.version + 1,
      })
      .where('id', '=', approvalId)
      .execute()
    await work.event(current.caseId, {
      kind: decision === 'approved' ? 'approval.approved' : 'approval.returned',
      summary: `Manager approval ${decision === 'approved' ? 'given' : 'returned'}: ${APPROVAL_KINDS[current.kind]}`,
      occurredAt: now,
      childId: current.childId,
    })
    const reference = work.cases.get(current.caseId)?.reference ?? ''
    await notifyAll(work.trx, [
      {
        partnershipId: actor.partnershipId,
        userId: current.askedByUserId,
        kind: 'approval.decided',
        text: `${actor.displayName} ${decision} your request on case ${reference}: ${lower(APPROVAL_KINDS[current.kind])}.`,
        link: urls.approval(approvalId),
        causedBy: actor.userId,
        now,
      },
    ])
    work.describe({ objectType: 'approval', objectId: approvalId })
    work.detail({ decision })
    return { id: approvalId, caseId: current.caseId }
  })
}

/** An approval reached by its id is authorised on its case: whoever may read the case reads it. */
export const approvalResolver = recordOnCase(
  'approval',
  async (db, id) => (await db.selectFrom('approvals').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)

export interface ApprovalView {
  id: string
  caseId: string
  caseReference: string
  kind: ApprovalKind
  childId: string | null
  childName: string | null
  reason: string
  askedByUserId: string
  askedByName: string
  askedAt: string
  status: ApprovalStatus
  decidedByUserId: string | null
  decidedByName: string | null
  decidedAt: string | null
  decisionReason: string | null
  version: number
}

function approvalRows(db: Db) {
  return db
    .selectFrom('approvals as a')
    .innerJoin('userNames as asker', j =>
      j.onRef('asker.partnershipId', '=', 'a.partnershipId').onRef('asker.userId', '=', 'a.askedByUserId'),
    )
    .leftJoin('userNames as decider', j =>
      j.onRef('decider.partnershipId', '=', 'a.partnershipId').onRef('decider.userId', '=', 'a.decidedByUserId'),
    )
    .leftJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'a.partnershipId').onRef('p.personId', '=', 'a.childId'),
    )
    .select([
      'a.id',
      'a.caseId',
      'a.kind',
      'a.childId',
      'p.givenName',
      'p.familyName',
      'a.reason',
      'a.askedByUserId',
      'asker.displayName as askedByName',
      'a.askedAt',
      'a.status',
      'a.decidedByUserId',
      'decider.displayName as decidedByName',
      'a.decidedAt',
      'a.decisionReason',
      'a.version',
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof approvalRows>['execute']>>[number]

function toView(row: Row, caseReference: string): ApprovalView {
  const { givenName, familyName, askedAt, decidedAt, ...rest } = row
  return {
    ...rest,
    caseReference,
    childName: row.childId && givenName ? `${givenName} ${familyName ?? ''}`.trim() : null,
    askedAt: askedAt.toISOString(),
    decidedAt: decidedAt ? decidedAt.toISOString() : null,
  }
}

/** One approval, with its case's reference; the access layer has already checked the reader may read its case. */
export async function getApproval(db: Db, actor: Actor, id: string, now: Date): Promise<ApprovalView> {
  const row = await approvalRows(db).where('a.id', '=', id).executeTakeFirst()
  if (!row) throw new NotFound('approval')
  const cases = await casesTheyMayOpen(db, actor, [row.caseId], now)
  return toView(row, cases.get(row.caseId)?.reference ?? '')
}

const STATUS_ORDER: Record<ApprovalStatus, number> = { pending: 0, approved: 1, returned: 1 }

/**
 * The approvals on the cases the reader may read (on the team, or by break-glass), pending first, then newest
 * first, with how many there are. Filtered by case in memory: approvals are few beside the cases they are on.
 */
export async function listApprovals(
  db: Db,
  actor: Actor,
  filter: { status?: ApprovalStatus | undefined; limit: number; offset: number },
  now: Date,
): Promise<{ total: number; approvals: ApprovalView[] }> {
  let query = approvalRows(db)
  if (filter.status) query = query.where('a.status', '=', filter.status)
  const rows = await query.orderBy('a.askedAt', 'desc').orderBy('a.id').execute()
  const cases = await casesTheyMayOpen(db, actor, [...new Set(rows.map(r => r.caseId))], now)
  const readable = rows.filter(r => cases.has(r.caseId)).sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])
  return {
    total: readable.length,
    approvals: readable
      .slice(filter.offset, filter.offset + filter.limit)
      .map(r => toView(r, cases.get(r.caseId)?.reference ?? '')),
  }
}

/** The approvals asked for on a case, newest first: for the ask page, what is already waiting or decided. */
export async function approvalsOfCase(db: Db, caseId: string) {
  return (await approvalRows(db).where('a.caseId', '=', caseId).orderBy('a.askedAt', 'desc').execute()).map(r =>
    toView(r, ''),
  )
}
