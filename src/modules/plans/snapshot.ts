import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import type { PlanKind, PlanStatus } from '../../kernel/codes/families.ts'
import { fromLondon } from '../../web/dates.ts'
import { childrenOnCases } from '../cases/index.ts'
import { siblingLinksOf } from '../people/index.ts'

/** A child's plan as the safeguards read it. */
export interface PlanSeen {
  id: string
  childId: string
  kind: PlanKind
  status: PlanStatus
  startsAt: Date
  reviewDueAt: Date | null
  endedAt: Date | null
}

/** An action in an agreed plan: a task for its owner (the engine's agreed actions, ADR 0010). */
export interface PlanActionSeen {
  id: string
  title: string
  childId: string | null
  owner: { userId: string | null; agencyId: string | null }
  dueAt: Date
}

/**
 * Brothers and sisters (sibling, half- or step-sibling relationships, current) between the people on the case,
 * each pair once in each direction: what SG-10 reads to tell harm by a sibling.
 */
export interface SiblingLinkSeen {
  personId: string
  siblingId: string
}

/**
 * The plans module's part of the case snapshot: every plan of the case; the actions of the plans in force (agreed,
 * not ended), each due by the end of its day in England; and the current sibling links of the case's children
 * (to anyone: an adult of the case, a suspect, another child), from the people module. One query per table.
 */
export async function plansSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<
  ByKey<{
    plans: readonly PlanSeen[]
    planActions: readonly PlanActionSeen[]
    siblingLinks: readonly SiblingLinkSeen[]
    /** The names of the case's children, for a refusal that names those still without a plan (SG-10). */
    childNames: Readonly<Record<string, string>>
  }>
> {
  const plans = await trx
    .selectFrom('plans')
    .select(['caseId', 'id', 'childId', 'kind', 'status', 'startsOn', 'reviewOn', 'endedAt'])
    .where('caseId', 'in', caseIds)
    .orderBy('startsOn')
    .orderBy('madeAt')
    .execute()
  const inForce = new Map(plans.filter(p => p.status === 'agreed').map(p => [p.id, p]))
  const actions = groupBy(
    inForce.size
      ? await trx
          .selectFrom('planActions')
          .select(['id', 'planId', 'title', 'ownerUserId', 'ownerAgencyId', 'dueOn'])
          .where('planId', 'in', [...inForce.keys()])
          .orderBy('planId')
          .orderBy('position')
          .execute()
      : [],
    a => inForce.get(a.planId)?.caseId ?? '',
  )
  const children = await childrenOnCases(trx, caseIds)
  const siblings = groupBy(
    await siblingLinksOf(trx, [...new Set(caseIds.flatMap(id => [...children(id).keys()]))]),
    l => l.personId,
  )
  const ofCase = groupBy(plans, p => p.caseId)
  return caseId => ({
    plans: ofCase(caseId).map(p => ({
      id: p.id,
      childId: p.childId,
      kind: p.kind,
      status: p.status,
      startsAt: fromLondon(p.startsOn, '00:00'),
      reviewDueAt: p.status === 'ended' ? null : fromLondon(p.reviewOn, '23:59'),
      endedAt: p.endedAt ? new Date(p.endedAt) : null,
    })),
    planActions: actions(caseId).map(a => ({
      id: a.id,
      title: a.title,
      childId: inForce.get(a.planId)?.childId ?? null,
      owner: { userId: a.ownerUserId, agencyId: a.ownerAgencyId },
      dueAt: fromLondon(a.dueOn, '23:59'),
    })),
    siblingLinks: [...children(caseId).keys()].flatMap(siblings),
    childNames: Object.fromEntries(children(caseId)),
  })
}
