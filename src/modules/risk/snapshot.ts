import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'

/**
 * A person who presents a risk of sexual harm, linked to a child of the case now: what SG-08 and SG-09 read. One
 * per child and person (the closest link when there are several: lives with, then has contact, then on the case).
 */
export interface RiskLinkSeen {
  childId: string
  personId: string
  /** The person's name, for the finding's message (never the child's: a finding names the child by its id). */
  personName: string
  /** How they are linked now: a current relationship living together or in contact, or both on the case. */
  link: 'lives_with' | 'has_contact' | 'on_case'
  /** When that link was recorded: the relationship's recording, or the person's adding to the case. */
  linkedAt: Date
  /** What is known, each a code: offending history kinds and civil order kinds (`conviction`, `shpo`, …). */
  known: readonly string[]
  /** When the latest of what is known was recorded: new information asks for a new discussion. */
  knownAt: Date
  /** The person's probation single point of contact, who is told when SG-08 opens. */
  probationContactUserId: string | null
  /** The day of the person's latest risk assessment (its start in England), if any. */
  assessedAt: Date | null
}

/** A risk discussion on the case: about whom, when it was held and when it was recorded. */
export interface RiskDiscussionSeen {
  id: string
  personId: string
  heldAt: Date
  recordedAt: Date
}

/** The register's part of the case snapshot: a bounded number of queries, whatever the case holds. */
export async function riskSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ riskLinks: readonly RiskLinkSeen[]; riskDiscussions: readonly RiskDiscussionSeen[] }> {
  // Issue 14 in progress: the links and discussions are read here once the register's records exist.
  return Promise.resolve({ riskLinks: [], riskDiscussions: [] })
}
