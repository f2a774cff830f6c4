import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

/** A merge of two people's records, for concerns and referrals: those about the merged child follow them. */
const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const concerns = await trx
    .updateTable('concerns')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  const referrals = await trx
    .updateTable('referrals')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return { concerns: concerns.map(c => c.id), referrals: referrals.map(r => r.id) }
}

/** The concerns and referrals the merge moved, back to the merged child. */
const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const back = async (table: 'concerns' | 'referrals', ids: readonly string[]) =>
    ids.length
      ? (
          await trx
            .updateTable(table)
            .set({ childId: fromPersonId })
            .where('id', 'in', ids)
            .where('childId', '=', intoPersonId)
            .returning('id')
            .execute()
        ).map(r => r.id)
      : []
  const concerns = await back('concerns', moved.concerns ?? [])
  stillOnRecordKept('concerns', moved.concerns ?? [], concerns.length)
  const referrals = await back('referrals', moved.referrals ?? [])
  stillOnRecordKept('referrals', moved.referrals ?? [], referrals.length)
  return { concerns, referrals }
}

export const concernsPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: { concerns: ['concern', 'concerns'], referrals: ['referral', 'referrals'] },
}
