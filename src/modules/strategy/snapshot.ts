import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'

/** A strategy discussion as the safeguards read it. */
export interface StrategyDiscussionSeen {
  id: string
  heldAt: Date
  /** The children it was about. */
  childIds: readonly string[]
  /** Whether it is about sexual abuse (the suspected categories include SAB): SG-06 then asks for health expertise. */
  aboutSexualAbuse: boolean
  /** Completed: the record is final; a draft may still gain attendees and decisions. */
  completedAt: Date | null
  /** An attendee from health with clinical experience of child sexual abuse. */
  healthExpertiseAttended: boolean
  /** A consultation with such a health professional, recorded when none attended. */
  healthConsultationRecorded: boolean
  decisions: {
    section47: boolean
    policeInvestigation: boolean
    abeInterview: boolean
    healthAssessment: boolean
    immediateProtection: boolean
  }
}

/** An action agreed at a strategy discussion: it becomes a task for its owner, closed by hand. */
export interface StrategyActionSeen {
  id: string
  title: string
  childId: string | null
  owner: { userId: string | null; agencyId: string | null }
  dueAt: Date
}

/** The strategy module's part of the case snapshot. */
export function strategySnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ strategyDiscussions: readonly StrategyDiscussionSeen[]; strategyActions: readonly StrategyActionSeen[] }> {
  // Until the strategy discussions' table arrives, a case has none.
  return Promise.resolve({ strategyDiscussions: [], strategyActions: [] })
}
