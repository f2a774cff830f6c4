import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { Disclosure } from '../../kernel/codes/concerns.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'

/** A concern on a case as the safeguards read it: whose, when, and what was seen (never the description). */
export interface ConcernSeen {
  id: string
  childId: string
  recordedAt: Date
  indicators: readonly string[]
  disclosure: Disclosure
}

/**
 * The concerns recorded on each of these cases, oldest first: the safeguards' part of the case snapshot that
 * concerns own. One query, however many cases.
 */
export async function concernsSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ concerns: readonly ConcernSeen[] }>> {
  const rows = await trx
    .selectFrom('concerns')
    .select(['caseId', 'id', 'childId', 'recordedAt', 'indicators', 'disclosure'])
    .where('caseId', 'in', caseIds)
    .orderBy('recordedAt')
    .execute()
  const ofCase = groupBy(rows, r => r.caseId ?? '')
  return caseId => ({
    concerns: ofCase(caseId).map(r => ({
      id: r.id,
      childId: r.childId,
      recordedAt: new Date(r.recordedAt),
      indicators: r.indicators,
      disclosure: r.disclosure,
    })),
  })
}
