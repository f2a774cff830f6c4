import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { stillOnRecordKept, type Moved, type PersonMerge } from '../people/index.ts'

// A merge of two people's records: what the register holds about the merged person (civil orders, risk
// assessments, risk discussions, decisions to share information about them or the child, how they are managed) is
// then the record kept's. An undone merge moves exactly those rows back.

type Trx = Transaction<Database>

/** The tables whose rows have an id and one person column a merge moves. */
const BY_ID = [
  { table: 'civilOrders', column: 'personId', what: 'civil orders' },
  { table: 'riskAssessments', column: 'personId', what: 'risk assessments' },
  { table: 'riskDiscussions', column: 'personId', what: 'risk discussions' },
  { table: 'informationSharing', column: 'personId', what: 'decisions to share information about the person' },
  { table: 'informationSharing', column: 'childId', what: 'decisions to share information about the child' },
] as const

const keyOf = (m: (typeof BY_ID)[number]) => `${m.table}.${m.column}`

async function moveRows(trx: Trx, m: (typeof BY_ID)[number], from: string, to: string, ids?: readonly string[]) {
  if (ids?.length === 0) return []
  // One table and column at a time; Kysely cannot type a column chosen at run time, so the set is spelled out.
  let query = trx
    .updateTable(m.table)
    .set(m.column === 'childId' ? { childId: to } : { personId: to })
    .where(m.column, '=', from)
  if (ids) query = query.where('id', 'in', ids)
  return (await query.returning('id').execute()).map(r => r.id)
}

const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
  const moved: Moved = {}
  for (const m of BY_ID) moved[keyOf(m)] = await moveRows(trx, m, fromPersonId, intoPersonId)
  // One row per person: it moves only when the record kept has none. When both have one, the merged record keeps
  // its own (the record kept's management stands; the other is still there to read should the merge be undone).
  const kept = await trx
    .selectFrom('riskManagement')
    .select('personId')
    .where('personId', '=', intoPersonId)
    .executeTakeFirst()
  const management = kept
    ? []
    : await trx
        .updateTable('riskManagement')
        .set({ personId: intoPersonId })
        .where('personId', '=', fromPersonId)
        .returning('personId')
        .execute()
  moved.riskManagement = management.length ? [fromPersonId] : []
  return moved
}

const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved }) => {
  const back: Moved = {}
  for (const m of BY_ID) {
    const ids = moved[keyOf(m)] ?? []
    const rows = await moveRows(trx, m, intoPersonId, fromPersonId, ids)
    stillOnRecordKept(m.what, ids, rows.length)
    back[keyOf(m)] = rows
  }
  const management = moved.riskManagement ?? []
  const returned = management.length
    ? await trx
        .updateTable('riskManagement')
        .set({ personId: fromPersonId })
        .where('personId', '=', intoPersonId)
        .returning('personId')
        .execute()
    : []
  stillOnRecordKept('records of how the person is managed', management, returned.length)
  back.riskManagement = returned.length ? [fromPersonId] : []
  return back
}

export const riskPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    'civilOrders.personId': ['civil order', 'civil orders'],
    'riskAssessments.personId': ['risk assessment', 'risk assessments'],
    'riskDiscussions.personId': ['risk discussion about them', 'risk discussions about them'],
    'informationSharing.personId': [
      'decision to share information about them',
      'decisions to share information about them',
    ],
    'informationSharing.childId': [
      'decision to share information about the child',
      'decisions to share information about the child',
    ],
    riskManagement: ['record of how their risk is managed (MAPPA, contacts)', 'records of how their risk is managed'],
  },
}
