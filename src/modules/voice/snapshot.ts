import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import type { ViewStage } from '../../kernel/codes/families.ts'
import { fromLondon } from '../../web/dates.ts'

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

/** The voice module's part of the case snapshot: one query per table, whatever the case holds. */
export async function voiceSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ childViews: readonly ChildViewSeen[]; parentViews: readonly ParentViewSeen[] }> {
  const children = await trx
    .selectFrom('childViews')
    .select(['id', 'childId', 'stage', 'givenOn', 'words'])
    .where('caseId', '=', caseId)
    .orderBy('givenOn')
    .orderBy('recordedAt')
    .execute()
  const parents = await trx
    .selectFrom('parentViews')
    .select(['id', 'personId', 'givenOn'])
    .where('caseId', '=', caseId)
    .orderBy('givenOn')
    .orderBy('recordedAt')
    .execute()
  return {
    childViews: children.map(v => ({
      id: v.id,
      childId: v.childId,
      stage: v.stage,
      givenAt: fromLondon(v.givenOn, '00:00'),
      inOwnWords: v.words !== null,
    })),
    parentViews: parents.map(v => ({ id: v.id, personId: v.personId, givenAt: fromLondon(v.givenOn, '00:00') })),
  }
}
