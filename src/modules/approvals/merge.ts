import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the approvals about the merged child are then about the record kept.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const rows = await trx
    .updateTable('approvals')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return { approvals: rows.map(r => r.id) }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const ids = moved.approvals ?? []
  const rows = ids.length
    ? await trx
        .updateTable('approvals')
        .set({ childId: fromPersonId })
        .where('id', 'in', ids)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('approvals', ids, rows.length)
  return { approvals: rows.map(r => r.id) }
}

export const approvalsPersonMerge: PersonMerge = { move, moveBack }
