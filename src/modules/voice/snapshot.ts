import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { ViewStage } from '../../kernel/codes/families.ts'

/** A child's views as the safeguards read them: whose, at which stage, when, and whether in their own words. */
export interface ChildViewSeen {
  id: string
  childId: string
  stage: ViewStage
  /** The day the views were given (its start in England). */
  givenAt: Date
  /** False when a reason stands in for the child's words (too young, declined, not yet seen alone). */
  inOwnWords: boolean
}

/** A parent's or carer's views, recorded on the case. */
export interface ParentViewSeen {
  id: string
  personId: string
  givenAt: Date
}

/** The voice module's part of the case snapshot. */
export function voiceSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ childViews: readonly ChildViewSeen[]; parentViews: readonly ParentViewSeen[] }> {
  return Promise.resolve({ childViews: [], parentViews: [] })
}
