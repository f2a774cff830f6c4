import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the plans for the merged child are then the record kept's (an undone merge moves
// exactly those back). Action owners are users, never people, so nothing else moves.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const rows = await trx
    .updateTable('plans')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return { plans: rows.map(r => r.id) }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const ids = moved.plans ?? []
  const rows = ids.length
    ? await trx
        .updateTable('plans')
        .set({ childId: fromPersonId })
        .where('id', 'in', ids)
        .where('childId', '=', intoPersonId)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('plans', ids, rows.length)
  return { plans: rows.map(r => r.id) }
}

export const plansPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: { plans: ['plan for the child', 'plans for the child'] },
}
