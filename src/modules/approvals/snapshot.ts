import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { ApprovalKind, ApprovalStatus } from '../../kernel/codes/families.ts'

/** A manager approval asked for on the case, as the safeguards read it. */
export interface ApprovalSeen {
  id: string
  kind: ApprovalKind
  childId: string | null
  status: ApprovalStatus
  decidedAt: Date | null
}

/** The approvals module's part of the case snapshot: one query, whatever the case holds. */
export async function approvalsSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ approvals: readonly ApprovalSeen[] }> {
  const approvals = await trx
    .selectFrom('approvals')
    .select(['id', 'kind', 'childId', 'status', 'decidedAt'])
    .where('caseId', '=', caseId)
    .orderBy('askedAt')
    .execute()
  return { approvals }
}
