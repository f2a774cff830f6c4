import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import { fromLondon } from '../../web/dates.ts'

/** A conclusion discussion as the safeguards read it: the day it was held (its start in England) and its children. */
export interface ConclusionDiscussionSeen {
  id: string
  heldAt: Date
  childIds: readonly string[]
}

/** The conclusions module's part of the case snapshot: two queries, however many cases. */
export async function conclusionsSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ conclusionDiscussions: readonly ConclusionDiscussionSeen[] }>> {
  const discussions = await trx
    .selectFrom('conclusionDiscussions')
    .select(['caseId', 'id', 'heldOn'])
    .where('caseId', 'in', caseIds)
    .orderBy('heldOn')
    .orderBy('recordedAt')
    .execute()
  const children = groupBy(
    discussions.length
      ? await trx
          .selectFrom('conclusionDiscussionChildren')
          .select(['discussionId', 'childId'])
          .where(
            'discussionId',
            'in',
            discussions.map(d => d.id),
          )
          .execute()
      : [],
    c => c.discussionId,
  )
  const ofCase = groupBy(discussions, d => d.caseId)
  return caseId => ({
    conclusionDiscussions: ofCase(caseId).map(d => ({
      id: d.id,
      heldAt: fromLondon(d.heldOn, '00:00'),
      childIds: children(d.id).map(c => c.childId),
    })),
  })
}
