import { stillOnRecordKept, type PersonMerge } from '../people/index.ts'

/**
 * A merge of two people's records, for the case tables: the merged person's places on cases (as a child or an
 * adult) and the chronology entries about them as a child move to the record kept. Where the record kept is
 * already on the same case (as the same adult role), the merged record's row stays where it is, pointing to a
 * record that now points on: nothing is recorded twice, and nothing is deleted.
 */
const move: PersonMerge['move'] = async (trx, { fromPersonId, intoPersonId }) => {
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
    .returning(['id', 'caseId'])
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
    .returning(['id', 'caseId', 'role'])
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
    // The rows themselves, so an undo moves back exactly these (a person may be on a case more than once over time).
    caseChildRows: children.map(c => c.id),
    caseAdultRows: adults.map(a => a.id),
  }
}

/**
 * The rows a merge moved, back to the merged record. A merge recorded before the rows' own ids were kept names
 * each case (and role): the rows of the record kept there added no later than the merge are the ones it moved, as
 * the record kept was not on that case (in that role) when it was merged.
 */
const moveBack: PersonMerge['moveBack'] = async (trx, { fromPersonId, intoPersonId, moved, mergedAt }) => {
  const childRows =
    moved.caseChildRows ??
    (moved.caseChildren?.length
      ? (
          await trx
            .selectFrom('caseChildren')
            .select('id')
            .where('caseId', 'in', moved.caseChildren)
            .where('personId', '=', intoPersonId)
            .where('addedAt', '<=', mergedAt)
            .execute()
        ).map(r => r.id)
      : [])
  const adultRows = moved.caseAdultRows ?? (await legacyAdultRows(trx, moved.caseAdults ?? [], intoPersonId, mergedAt))
  const back = async (table: 'caseChildren' | 'caseAdults', ids: readonly string[]) =>
    ids.length
      ? (
          await trx
            .updateTable(table)
            .set({ personId: fromPersonId })
            .where('id', 'in', ids)
            .where('personId', '=', intoPersonId)
            .returning('id')
            .execute()
        ).map(r => r.id)
      : []
  const children = await back('caseChildren', childRows)
  stillOnRecordKept('places on cases as a child', childRows, children.length)
  const adults = await back('caseAdults', adultRows)
  stillOnRecordKept('places on cases as an adult', adultRows, adults.length)
  const events = moved.chronologyEvents ?? []
  const entries = events.length
    ? await trx
        .updateTable('chronologyEvents')
        .set({ childId: fromPersonId })
        .where('publicId', 'in', events)
        .where('childId', '=', intoPersonId)
        .returning('publicId')
        .execute()
    : []
  stillOnRecordKept('chronology entries', events, entries.length)
  return { caseChildRows: children, caseAdultRows: adults, chronologyEvents: entries.map(e => e.publicId) }
}

async function legacyAdultRows(
  trx: Parameters<PersonMerge['moveBack']>[0],
  caseRoles: readonly string[],
  intoPersonId: string,
  mergedAt: Date,
): Promise<string[]> {
  const rows: string[] = []
  for (const caseRole of caseRoles) {
    const [caseId = '', role = ''] = caseRole.split(':')
    const found = await trx
      .selectFrom('caseAdults')
      .select('id')
      .where('caseId', '=', caseId)
      .where('role', '=', role as never)
      .where('personId', '=', intoPersonId)
      .where('addedAt', '<=', mergedAt)
      .execute()
    rows.push(...found.map(r => r.id))
  }
  return rows
}

export const casesPersonMerge: PersonMerge = {
  move,
  moveBack,
  names: {
    caseChildren: ['place on a case as a child', 'places on cases as a child'],
    caseAdults: ['place on a case as an adult', 'places on cases as an adult'],
    chronologyEvents: ['chronology entry about them', 'chronology entries about them'],
  },
}
