import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { Finding } from '../../kernel/findings.ts'
import { caseSnapshot, type CaseSnapshot, type ChangeSeen } from '../cases/index.ts'
import { concernsSnapshot } from '../concerns/index.ts'
import { conclusionsSnapshot } from '../conclusions/index.ts'
import { enquiriesSnapshot } from '../enquiries/index.ts'
import { investigationsSnapshot } from '../investigations/index.ts'
import { healthSnapshot } from '../health/index.ts'
import { strategySnapshot } from '../strategy/index.ts'
import { approvalsSnapshot } from '../approvals/index.ts'
import { familiesSnapshot } from '../families/index.ts'
import { plansSnapshot } from '../plans/index.ts'
import { voiceSnapshot } from '../voice/index.ts'
import { riskSnapshot } from '../risk/index.ts'
import type { Policy } from '../policy/index.ts'

// What the rules read: the case as the case layer sees it, and each pathway module's part of it (its records on
// the case, as plain facts). Each module owns its part's shape and query; this file only puts them together, so
// one read serves the write pipeline, a case's findings and the pathway view alike.

/** The case and its pathway records, as they stand inside a change or a read. */
export type PathwaySnapshot = CaseSnapshot &
  Awaited<ReturnType<typeof concernsSnapshot>> &
  Awaited<ReturnType<typeof strategySnapshot>> &
  Awaited<ReturnType<typeof investigationsSnapshot>> &
  Awaited<ReturnType<typeof enquiriesSnapshot>> &
  Awaited<ReturnType<typeof conclusionsSnapshot>> &
  Awaited<ReturnType<typeof healthSnapshot>> &
  Awaited<ReturnType<typeof voiceSnapshot>> &
  Awaited<ReturnType<typeof familiesSnapshot>> &
  Awaited<ReturnType<typeof plansSnapshot>> &
  Awaited<ReturnType<typeof approvalsSnapshot>> &
  Awaited<ReturnType<typeof riskSnapshot>> & {
    /**
     * Actions agreed on the case (at a strategy discussion, in a plan) that become tasks for their owners, each
     * opened once; unlike a safeguard's task, a person closes it by hand.
     */
    agreedActions: readonly AgreedAction[]
  }

export interface AgreedAction {
  /** The record's id, stable: the task's key is made from it. */
  id: string
  title: string
  childId: string | null
  owner: { userId: string | null; agencyId: string | null }
  dueAt: Date
}

/** A safeguard: a pure function of the case and its pathway as they stand, the time and the partnership's policy. */
export type Rule = (snapshot: PathwaySnapshot, now: Date, policy: Policy) => readonly Finding[]

/** Reads a case's pathway snapshot: a bounded number of queries, whatever the case holds. */
export async function pathwaySnapshot(
  trx: Transaction<Database>,
  caseId: string,
  change: ChangeSeen,
): Promise<PathwaySnapshot> {
  const kase = await caseSnapshot(trx, caseId, change)
  const parts = {
    ...(await concernsSnapshot(trx, caseId)),
    ...(await strategySnapshot(trx, caseId)),
    ...(await investigationsSnapshot(trx, caseId)),
    ...(await enquiriesSnapshot(trx, caseId)),
    ...(await conclusionsSnapshot(trx, caseId)),
    ...(await healthSnapshot(trx, caseId)),
    ...(await voiceSnapshot(trx, caseId)),
    ...(await familiesSnapshot(trx, caseId)),
    ...(await plansSnapshot(trx, caseId)),
    ...(await approvalsSnapshot(trx, caseId)),
    ...(await riskSnapshot(trx, caseId)),
  }
  const agreedActions: AgreedAction[] = [...parts.strategyActions, ...parts.planActions]
  return { ...kase, ...parts, agreedActions }
}
