import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the strategy discussions and agreed actions about the merged child are then
// about the record kept (a discussion that named both keeps its row for the merged record, as the undo needs it).

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const children = await trx
    .updateTable('strategyDiscussionChildren as c')
    .set({ childId: intoPersonId })
    .where('c.childId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('strategyDiscussionChildren as k')
            .select('k.discussionId')
            .whereRef('k.partnershipId', '=', 'c.partnershipId')
            .whereRef('k.discussionId', '=', 'c.discussionId')
            .where('k.childId', '=', intoPersonId),
        ),
      ),
    )
    .returning('c.discussionId')
    .execute()
  const actions = await trx
    .updateTable('strategyActions')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return {
    strategyDiscussionChildren: children.map(r => r.discussionId),
    strategyActions: actions.map(r => r.id),
  }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const discussions = moved.strategyDiscussionChildren ?? []
  const children = discussions.length
    ? await trx
        .updateTable('strategyDiscussionChildren')
        .set({ childId: fromPersonId })
        .where('discussionId', 'in', discussions)
        .where('childId', '=', intoPersonId)
        .returning('discussionId')
        .execute()
    : []
  stillOnRecordKept('strategy discussions', discussions, children.length)
  const actionIds = moved.strategyActions ?? []
  const actions = actionIds.length
    ? await trx
        .updateTable('strategyActions')
        .set({ childId: fromPersonId })
        .where('id', 'in', actionIds)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('agreed actions', actionIds, actions.length)
  return {
    strategyDiscussionChildren: children.map(r => r.discussionId),
    strategyActions: actions.map(r => r.id),
  }
}

export const strategyPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    strategyDiscussionChildren: ['strategy discussion about the child', 'strategy discussions about the child'],
    strategyActions: ['strategy discussion action about the child', 'strategy discussion actions about the child'],
  },
}
