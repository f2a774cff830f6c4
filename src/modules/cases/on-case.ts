import type { Db } from '../../db/connection.ts'

/**
 * The children and adults on a case now, with when each was added: the register's safeguards read an adult's
 * adding as when the children of the case were linked to them (SG-08). Two bounded queries.
 */
export async function peopleOnCaseSince(
  db: Db,
  caseId: string,
): Promise<{ childIds: string[]; adults: { personId: string; addedAt: Date }[] }> {
  const children = await db
    .selectFrom('caseChildren')
    .select('personId')
    .where('caseId', '=', caseId)
    .where('removedAt', 'is', null)
    .execute()
  const adults = await db
    .selectFrom('caseAdults')
    .select(['personId', 'addedAt'])
    .where('caseId', '=', caseId)
    .where('removedAt', 'is', null)
    .execute()
  return {
    childIds: [...new Set(children.map(c => c.personId))],
    adults: adults.map(a => ({ personId: a.personId, addedAt: new Date(a.addedAt) })),
  }
}
