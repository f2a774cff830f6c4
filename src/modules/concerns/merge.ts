import type { PersonMerge } from '../people/index.ts'

/** A merge of two people's records, for concerns and referrals: those about the merged child follow them. */
export const concernsPersonMerge: PersonMerge = async (trx, { fromPersonId, intoPersonId }) => {
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
