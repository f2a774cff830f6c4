import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the family updates that told the merged person, and the updates and letters
// about the merged child, are then the record kept's. An update that told both keeps its row for the merged record,
// which the undo needs as it was.

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const told = await trx
    .updateTable('familyUpdatePeople as t')
    .set({ personId: intoPersonId })
    .where('t.personId', '=', fromPersonId)
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('familyUpdatePeople as k')
            .select('k.updateId')
            .whereRef('k.partnershipId', '=', 't.partnershipId')
            .whereRef('k.updateId', '=', 't.updateId')
            .where('k.personId', '=', intoPersonId),
        ),
      ),
    )
    .returning('t.updateId')
    .execute()
  const updates = await trx
    .updateTable('familyUpdates')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  const letters = await trx
    .updateTable('letters')
    .set({ childId: intoPersonId })
    .where('childId', '=', fromPersonId)
    .returning('id')
    .execute()
  return {
    familyUpdatePeople: told.map(r => r.updateId),
    familyUpdates: updates.map(r => r.id),
    letters: letters.map(r => r.id),
  }
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const back = async (
    table: 'familyUpdatePeople' | 'familyUpdates' | 'letters',
    ids: readonly string[],
  ): Promise<string[]> => {
    if (ids.length === 0) return []
    if (table === 'familyUpdatePeople') {
      const rows = await trx
        .updateTable('familyUpdatePeople')
        .set({ personId: fromPersonId })
        .where('updateId', 'in', ids)
        .where('personId', '=', intoPersonId)
        .returning('updateId')
        .execute()
      return rows.map(r => r.updateId)
    }
    const rows = await trx
      .updateTable(table)
      .set({ childId: fromPersonId })
      .where('id', 'in', ids)
      .where('childId', '=', intoPersonId)
      .returning('id')
      .execute()
    return rows.map(r => r.id)
  }
  const result: Record<string, string[]> = {}
  for (const [table, what] of [
    ['familyUpdatePeople', 'people told in family updates'],
    ['familyUpdates', 'family updates'],
    ['letters', 'letters'],
  ] as const) {
    const ids = moved[table] ?? []
    const rows = await back(table, ids)
    stillOnRecordKept(what, ids, rows.length)
    result[table] = rows
  }
  return result
}

export const familiesPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    familyUpdatePeople: ['update given to them', 'updates given to them'],
    familyUpdates: ['update about the child', 'updates about the child'],
    letters: ['letter about the child', 'letters about the child'],
  },
}
