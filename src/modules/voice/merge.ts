import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the views the merged person gave (as a child, or as a parent or carer) are
// then the record kept's. An undone merge moves exactly those rows back.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const children = await trx
    .updateTable('childViews')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  const parents = await trx
    .updateTable('parentViews')
    .set({ personId: intoPersonId })
    .where('personId', '=', fromPersonId)
    .returning('id')
    .execute()
  return { childViews: children.map(r => r.id), parentViews: parents.map(r => r.id) }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const childIds = moved.childViews ?? []
  const parentIds = moved.parentViews ?? []
  const children = childIds.length
    ? await trx
        .updateTable('childViews')
        .set({ childId: fromPersonId })
        .where('id', 'in', childIds)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  const parents = parentIds.length
    ? await trx
        .updateTable('parentViews')
        .set({ personId: fromPersonId })
        .where('id', 'in', parentIds)
        .where('personId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept("children's views", childIds, children.length)
  stillOnRecordKept('parents’ and carers’ views', parentIds, parents.length)
  return { childViews: children.map(r => r.id), parentViews: parents.map(r => r.id) }
}

export const voicePersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    childViews: ["record of the child's views", "records of the child's views"],
    parentViews: ["record of a parent's or carer's views", "records of a parent's or carer's views"],
  },
}
