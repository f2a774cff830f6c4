import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
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

/** The families module's part of the case snapshot: one query per table, whatever the case holds. */
export async function familiesSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ familyUpdates: readonly FamilyUpdateSeen[]; letters: readonly LetterSeen[] }> {
  const updates = await trx
    .selectFrom('familyUpdates')
    .select(['id', 'childId', 'at'])
    .where('caseId', '=', caseId)
    .orderBy('at')
    .orderBy('recordedAt')
    .execute()
  const people = updates.length
    ? await trx
        .selectFrom('familyUpdatePeople as p')
        .innerJoin('familyUpdates as f', j =>
          j.onRef('f.partnershipId', '=', 'p.partnershipId').onRef('f.id', '=', 'p.updateId'),
        )
        .select(['p.updateId', 'p.personId'])
        .where('f.caseId', '=', caseId)
        .execute()
    : []
  const topics = updates.length
    ? await trx
        .selectFrom('familyUpdateTopics as t')
        .innerJoin('familyUpdates as f', j =>
          j.onRef('f.partnershipId', '=', 't.partnershipId').onRef('f.id', '=', 't.updateId'),
        )
        .select(['t.updateId', 't.topic'])
        .where('f.caseId', '=', caseId)
        .execute()
    : []
  const letters = await trx
    .selectFrom('letters')
    .select(['id', 'childId', 'audience', 'sentAt'])
    .where('caseId', '=', caseId)
    .orderBy('madeAt')
    .execute()
  return {
    familyUpdates: updates.map(u => ({
      id: u.id,
      childId: u.childId,
      toPersonIds: people.filter(p => p.updateId === u.id).map(p => p.personId),
      at: u.at,
      topics: topics.filter(t => t.updateId === u.id).map(t => t.topic),
    })),
    letters,
  }
}
