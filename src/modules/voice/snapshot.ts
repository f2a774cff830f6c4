import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
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

/** The voice module's part of the case snapshot: one query per table, however many cases. */
export async function voiceSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ childViews: readonly ChildViewSeen[]; parentViews: readonly ParentViewSeen[] }>> {
  const children = groupBy(
    await trx
      .selectFrom('childViews')
      .select(['caseId', 'id', 'childId', 'stage', 'givenOn', 'words'])
      .where('caseId', 'in', caseIds)
      .orderBy('givenOn')
      .orderBy('recordedAt')
      .execute(),
    v => v.caseId,
  )
  const parents = groupBy(
    await trx
      .selectFrom('parentViews')
      .select(['caseId', 'id', 'personId', 'givenOn'])
      .where('caseId', 'in', caseIds)
      .orderBy('givenOn')
      .orderBy('recordedAt')
      .execute(),
    v => v.caseId,
  )
  return caseId => ({
    childViews: children(caseId).map(v => ({
      id: v.id,
      childId: v.childId,
      stage: v.stage,
      givenAt: fromLondon(v.givenOn, '00:00'),
      inOwnWords: v.words !== null,
    })),
    parentViews: parents(caseId).map(v => ({
      id: v.id,
      personId: v.personId,
      givenAt: fromLondon(v.givenOn, '00:00'),
    })),
  })
}
