import type { Db } from '../../db/connection.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'

/**
 * The children and adults on each of these cases now, with when each adult was added: the register's safeguards
 * read an adult's adding as when the children of the case were linked to them (SG-08). Two queries, however many
 * cases.
 */
export async function peopleOnCasesSince(
  db: Db,
  caseIds: readonly string[],
): Promise<ByKey<{ childIds: string[]; adults: { personId: string; addedAt: Date }[] }>> {
  const children = groupBy(
    await db
      .selectFrom('caseChildren')
      .select(['caseId', 'personId'])
      .where('caseId', 'in', caseIds)
      .where('removedAt', 'is', null)
      .execute(),
    c => c.caseId,
  )
  const adults = groupBy(
    await db
      .selectFrom('caseAdults')
      .select(['caseId', 'personId', 'addedAt'])
      .where('caseId', 'in', caseIds)
      .where('removedAt', 'is', null)
      .execute(),
    a => a.caseId,
  )
  return caseId => ({
    childIds: [...new Set(children(caseId).map(c => c.personId))],
    adults: adults(caseId).map(a => ({ personId: a.personId, addedAt: new Date(a.addedAt) })),
  })
}
