import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: the enquiries, assessments and conferences about the merged child follow them,
// and an undone merge moves back exactly those rows.

const TABLES = ['section47Enquiries', 'assessments', 'conferences'] as const

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const moved: Record<string, string[]> = {}
  for (const table of TABLES)
    moved[table] = (
      await trx
        .updateTable(table)
        .set({ childId: intoPersonId })
        .where('childId', '=', fromPersonId)
        .returning('id')
        .execute()
    ).map(r => r.id)
  return moved
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const back: Record<string, string[]> = {}
  for (const table of TABLES) {
    const ids = moved[table] ?? []
    back[table] = ids.length
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
    stillOnRecordKept(table, ids, back[table].length)
  }
  return back
}

export const enquiriesPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    section47Enquiries: ['section 47 enquiry', 'section 47 enquiries'],
    assessments: ['child and family assessment', 'child and family assessments'],
    conferences: ['child protection conference', 'child protection conferences'],
  },
}
