import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { Finding } from '../../kernel/findings.ts'
import { caseSnapshots, type CaseSnapshot, type ChangeSeen } from '../cases/index.ts'
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

/** What one module's snapshot answers for one case. */
type Part<Read extends (...args: never[]) => Promise<(caseId: string) => unknown>> = ReturnType<
  Awaited<ReturnType<Read>>
>

/** The case and its pathway records, as they stand inside a change or a read. */
export type PathwaySnapshot = CaseSnapshot &
  Part<typeof concernsSnapshot> &
  Part<typeof strategySnapshot> &
  Part<typeof investigationsSnapshot> &
  Part<typeof enquiriesSnapshot> &
  Part<typeof conclusionsSnapshot> &
  Part<typeof healthSnapshot> &
  Part<typeof voiceSnapshot> &
  Part<typeof familiesSnapshot> &
  Part<typeof plansSnapshot> &
  Part<typeof approvalsSnapshot> &
  Part<typeof riskSnapshot> & {
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

/**
 * Reads the pathway snapshot of each of these cases, with what the change did to each: a bounded number of
 * queries, whatever the cases hold and however many there are (each module reads all the cases at once).
 */
export async function pathwaySnapshots(
  trx: Transaction<Database>,
  changes: ReadonlyMap<string, ChangeSeen>,
): Promise<Map<string, PathwaySnapshot>> {
  const cases = await caseSnapshots(trx, changes)
  const caseIds = [...cases.keys()]
  if (caseIds.length === 0) return new Map()
  const concerns = await concernsSnapshot(trx, caseIds)
  const strategy = await strategySnapshot(trx, caseIds)
  const investigations = await investigationsSnapshot(trx, caseIds)
  const enquiries = await enquiriesSnapshot(trx, caseIds)
  const conclusions = await conclusionsSnapshot(trx, caseIds)
  const health = await healthSnapshot(trx, caseIds)
  const voice = await voiceSnapshot(trx, caseIds)
  const families = await familiesSnapshot(trx, caseIds)
  const plans = await plansSnapshot(trx, caseIds)
  const approvals = await approvalsSnapshot(trx, caseIds)
  const risk = await riskSnapshot(trx, caseIds)
  const snapshots = new Map<string, PathwaySnapshot>()
  for (const [caseId, kase] of cases) {
    const [agreed, planned] = [strategy(caseId), plans(caseId)]
    snapshots.set(caseId, {
      ...kase,
      ...concerns(caseId),
      ...agreed,
      ...investigations(caseId),
      ...enquiries(caseId),
      ...conclusions(caseId),
      ...health(caseId),
      ...voice(caseId),
      ...families(caseId),
      ...planned,
      ...approvals(caseId),
      ...risk(caseId),
      agreedActions: [...agreed.strategyActions, ...planned.planActions],
    })
  }
  return snapshots
}

/** Reads one case's pathway snapshot, as it stands now: its pages and API read it so. */
export async function pathwaySnapshot(trx: Transaction<Database>, caseId: string): Promise<PathwaySnapshot> {
  const snapshot = (await pathwaySnapshots(trx, new Map([[caseId, { action: 'read', events: [] }]]))).get(caseId)
  if (!snapshot) throw new Error(`No snapshot of case ${caseId}`)
  return snapshot
}
