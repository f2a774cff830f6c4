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

/** The families module's part of the case snapshot. */
export function familiesSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ familyUpdates: readonly FamilyUpdateSeen[]; letters: readonly LetterSeen[] }> {
  return Promise.resolve({ familyUpdates: [], letters: [] })
}
