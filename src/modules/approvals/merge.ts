import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the approvals about the merged child are then about the record kept. A request
// still waiting stays with the merged record when one of its kind already waits for the record kept on that case
// (one waits at a time); decided ones always move.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const rows = await trx
    .updateTable('approvals as a')
    .set({ childId: intoPersonId })
    .where('a.childId', '=', fromPersonId)
    .where(eb =>
      eb.or([
        eb('a.status', '!=', 'pending'),
        eb.not(
          eb.exists(
            eb
              .selectFrom('approvals as k')
              .select('k.id')
              .whereRef('k.partnershipId', '=', 'a.partnershipId')
              .whereRef('k.caseId', '=', 'a.caseId')
              .whereRef('k.kind', '=', 'a.kind')
              .where('k.childId', '=', intoPersonId)
              .where('k.status', '=', 'pending'),
          ),
        ),
      ]),
    )
    .returning('a.id')
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

export const approvalsPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: { approvals: ['manager approval asked for', 'manager approvals asked for'] },
}
