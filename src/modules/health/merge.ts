import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the health pathway decisions about the merged child are then the record kept's.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const rows = await trx
    .updateTable('healthReferrals')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return { healthReferrals: rows.map(r => r.id) }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const ids = moved.healthReferrals ?? []
  const rows = ids.length
    ? await trx
        .updateTable('healthReferrals')
        .set({ childId: fromPersonId })
        .where('id', 'in', ids)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('health pathway decisions', ids, rows.length)
  return { healthReferrals: rows.map(r => r.id) }
}

export const healthPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: { healthReferrals: ['health pathway decision', 'health pathway decisions'] },
}
