import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the conclusion discussions about the merged child are then about the record
// kept (a discussion that named both keeps its row for the merged record, which the undo needs as it was).

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const rows = await trx
    .updateTable('conclusionDiscussionChildren as c')
    .set({ childId: intoPersonId })
    .where('c.childId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('conclusionDiscussionChildren as k')
            .select('k.discussionId')
            .whereRef('k.partnershipId', '=', 'c.partnershipId')
            .whereRef('k.discussionId', '=', 'c.discussionId')
            .where('k.childId', '=', intoPersonId),
        ),
      ),
    )
    .returning('c.discussionId')
    .execute()
  return { conclusionDiscussionChildren: rows.map(r => r.discussionId) }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const ids = moved.conclusionDiscussionChildren ?? []
  const rows = ids.length
    ? await trx
        .updateTable('conclusionDiscussionChildren')
        .set({ childId: fromPersonId })
        .where('discussionId', 'in', ids)
        .where('childId', '=', intoPersonId)
        .returning('discussionId')
        .execute()
    : []
  stillOnRecordKept('conclusion discussions', ids, rows.length)
  return { conclusionDiscussionChildren: rows.map(r => r.discussionId) }
}

export const conclusionsPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    conclusionDiscussionChildren: ['conclusion discussion about the child', 'conclusion discussions about the child'],
  },
}
