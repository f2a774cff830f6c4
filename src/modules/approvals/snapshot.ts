import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import type { ApprovalKind, ApprovalStatus } from '../../kernel/codes/families.ts'

/** A manager approval asked for on the case, as the safeguards read it. */
export interface ApprovalSeen {
  id: string
  kind: ApprovalKind
  childId: string | null
  status: ApprovalStatus
  decidedAt: Date | null
}

/** The approvals module's part of the case snapshot: one query, however many cases. */
export async function approvalsSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ approvals: readonly ApprovalSeen[] }>> {
  const rows = await trx
    .selectFrom('approvals')
    .select(['caseId', 'id', 'kind', 'childId', 'status', 'decidedAt'])
    .where('caseId', 'in', caseIds)
    .orderBy('askedAt')
    .execute()
  const ofCase = groupBy(rows, r => r.caseId)
  return caseId => ({
    approvals: ofCase(caseId).map(r => ({
      id: r.id,
      kind: r.kind,
      childId: r.childId,
      status: r.status,
      decidedAt: r.decidedAt,
    })),
  })
}
