import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import type { LetterAudience, UpdateTopic } from '../../kernel/codes/families.ts'

/** An update given to a child, parent or carer, as the safeguards read it. */
export interface FamilyUpdateSeen {
  id: string
  /** The child it was about; null when about every child of the case. */
  childId: string | null
  /** Who was told: the child, parents, carers (people's ids). */
  toPersonIds: readonly string[]
  at: Date
  topics: readonly UpdateTopic[]
}

/** A letter made from an outcome; sending it records a family update. */
export interface LetterSeen {
  id: string
  childId: string | null
  audience: LetterAudience
  sentAt: Date | null
}

/** The families module's part of the case snapshot: one query per table, however many cases. */
export async function familiesSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ familyUpdates: readonly FamilyUpdateSeen[]; letters: readonly LetterSeen[] }>> {
  const updates = await trx
    .selectFrom('familyUpdates')
    .select(['caseId', 'id', 'childId', 'at'])
    .where('caseId', 'in', caseIds)
    .orderBy('at')
    .orderBy('recordedAt')
    .execute()
  const ids = updates.map(u => u.id)
  const people = groupBy(
    ids.length
      ? await trx
          .selectFrom('familyUpdatePeople')
          .select(['updateId', 'personId'])
          .where('updateId', 'in', ids)
          .execute()
      : [],
    p => p.updateId,
  )
  const topics = groupBy(
    ids.length
      ? await trx.selectFrom('familyUpdateTopics').select(['updateId', 'topic']).where('updateId', 'in', ids).execute()
      : [],
    t => t.updateId,
  )
  const letters = groupBy(
    await trx
      .selectFrom('letters')
      .select(['caseId', 'id', 'childId', 'audience', 'sentAt'])
      .where('caseId', 'in', caseIds)
      .orderBy('madeAt')
      .execute(),
    l => l.caseId,
  )
  const ofCase = groupBy(updates, u => u.caseId)
  return caseId => ({
    familyUpdates: ofCase(caseId).map(u => ({
      id: u.id,
      childId: u.childId,
      toPersonIds: people(u.id).map(p => p.personId),
      at: u.at,
      topics: topics(u.id).map(t => t.topic),
    })),
    letters: letters(caseId).map(l => ({ id: l.id, childId: l.childId, audience: l.audience, sentAt: l.sentAt })),
  })
}
