import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { fromLondon } from '../../web/dates.ts'

/** A conclusion discussion as the safeguards read it: the day it was held (its start in England) and its children. */
export interface ConclusionDiscussionSeen {
  id: string
  heldAt: Date
  childIds: readonly string[]
}

/** The conclusions module's part of the case snapshot: two queries, whatever the case holds. */
export async function conclusionsSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ conclusionDiscussions: readonly ConclusionDiscussionSeen[] }> {
  const discussions = await trx
    .selectFrom('conclusionDiscussions')
    .select(['id', 'heldOn'])
    .where('caseId', '=', caseId)
    .orderBy('heldOn')
    .orderBy('recordedAt')
    .execute()
  const children = await trx
    .selectFrom('conclusionDiscussionChildren as c')
    .innerJoin('conclusionDiscussions as d', j =>
      j.onRef('d.partnershipId', '=', 'c.partnershipId').onRef('d.id', '=', 'c.discussionId'),
    )
    .select(['c.discussionId', 'c.childId'])
    .where('d.caseId', '=', caseId)
    .execute()
  return {
    conclusionDiscussions: discussions.map(d => ({
      id: d.id,
      heldAt: fromLondon(d.heldOn, '00:00'),
      childIds: children.filter(c => c.discussionId === d.id).map(c => c.childId),
    })),
  }
}
