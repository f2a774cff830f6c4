import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { Disclosure } from '../../kernel/codes/concerns.ts'

/** A concern on a case as the safeguards read it: whose, when, and what was seen (never the description). */
export interface ConcernSeen {
  id: string
  childId: string
  recordedAt: Date
  indicators: readonly string[]
  disclosure: Disclosure
}

/** The concerns recorded on a case, oldest first: the safeguards' part of the case snapshot that concerns own. */
export async function concernsSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ concerns: readonly ConcernSeen[] }> {
  const rows = await trx
    .selectFrom('concerns')
    .select(['id', 'childId', 'recordedAt', 'indicators', 'disclosure'])
    .where('caseId', '=', caseId)
    .orderBy('recordedAt')
    .execute()
  return { concerns: rows.map(r => ({ ...r, recordedAt: new Date(r.recordedAt) })) }
}
