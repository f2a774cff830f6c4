import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { PlanKind, PlanStatus } from '../../kernel/codes/families.ts'

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

/** The plans module's part of the case snapshot. */
export function plansSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{
  plans: readonly PlanSeen[]
  planActions: readonly PlanActionSeen[]
  siblingLinks: readonly SiblingLinkSeen[]
}> {
  return Promise.resolve({ plans: [], planActions: [], siblingLinks: [] })
}
