import type { PersonMerge } from '../people/index.ts'

/**
 * A merge of two people's records, for the case tables: the merged person's places on cases (as a child or an
 * adult) and the chronology entries about them as a child move to the record kept. Where the record kept is
 * already on the same case (as the same adult role), the merged record's row stays where it is, pointing to a
 * record that now points on: nothing is recorded twice, and nothing is deleted.
 */
export const casesPersonMerge: PersonMerge = async (trx, { fromPersonId, intoPersonId }) => {
  const children = await trx
    .updateTable('caseChildren')
    .set({ personId: intoPersonId })
    .where('personId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('caseChildren as kept')
            .select('kept.caseId')
            .whereRef('kept.caseId', '=', 'caseChildren.caseId')
            .where('kept.personId', '=', intoPersonId),
        ),
      ),
    )
    .returning('caseId')
    .execute()
  const adults = await trx
    .updateTable('caseAdults')
    .set({ personId: intoPersonId })
    .where('personId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('caseAdults as kept')
            .select('kept.caseId')
            .whereRef('kept.caseId', '=', 'caseAdults.caseId')
            .whereRef('kept.role', '=', 'caseAdults.role')
            .where('kept.personId', '=', intoPersonId),
        ),
      ),
    )
    .returning(['caseId', 'role'])
    .execute()
  const entries = await trx
    .updateTable('chronologyEvents')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('publicId')
    .execute()
  return {
    caseChildren: children.map(c => c.caseId),
    caseAdults: adults.map(a => `${a.caseId}:${a.role}`),
    chronologyEvents: entries.map(e => e.publicId),
  }
}
