import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import type { HealthDecision } from '../../kernel/codes/health.ts'

/** A child's health pathway decision on a case as the safeguards read it: plain facts, never the reason's words. */
export interface HealthDecisionSeen {
  id: string
  childId: string
  pathway: HealthDecision
  decidedAt: Date
  /** The calendar day the abuse was last thought to happen, when anyone knows (that day at 00:00 UTC). */
  lastAbuseOn: Date | null
  referredAt: Date | null
  seenAt: Date | null
  outcomeAt: Date | null
}

/** The health module's part of the case snapshot: each decision on each case, oldest first (one query). */
export async function healthSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ healthDecisions: readonly HealthDecisionSeen[] }>> {
  const rows = await trx
    .selectFrom('healthReferrals')
    .select(['caseId', 'id', 'childId', 'pathway', 'decidedAt', 'lastAbuseOn', 'referredAt', 'seenAt', 'outcomeAt'])
    .where('caseId', 'in', caseIds)
    .orderBy('decidedAt')
    .orderBy('id')
    .execute()
  const at = (value: Date | string | null) => (value === null ? null : new Date(value))
  const ofCase = groupBy(rows, r => r.caseId)
  return caseId => ({
    healthDecisions: ofCase(caseId).map(r => ({
      id: r.id,
      childId: r.childId,
      pathway: r.pathway,
      decidedAt: new Date(r.decidedAt),
      lastAbuseOn: r.lastAbuseOn === null ? null : new Date(`${r.lastAbuseOn}T00:00:00Z`),
      referredAt: at(r.referredAt),
      seenAt: at(r.seenAt),
      outcomeAt: at(r.outcomeAt),
    })),
  })
}
