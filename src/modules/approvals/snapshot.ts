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

/** The approvals module's part of the case snapshot. */
export function approvalsSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ approvals: readonly ApprovalSeen[] }> {
  return Promise.resolve({ approvals: [] })
}
