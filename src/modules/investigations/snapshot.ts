import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'

/** A police investigation as the safeguards read it. */
export interface InvestigationSeen {
  id: string
  crimeReference: string
  childIds: readonly string[]
  openedAt: Date
  /** The investigating officer: SG-05's tasks are theirs, or their agency's when none is named. */
  officer: { userId: string | null; agencyId: string | null }
  chargingAdviceSoughtAt: Date | null
  chargingAdviceOutcomeAt: Date | null
  chargingDecisionAt: Date | null
  /** Set when the outcome is recorded: the investigation is then closed. */
  outcome: { kind: string; code: string; decidedAt: Date } | null
}

/** A video-recorded (ABE) interview of one child, planned or held. */
export interface AbeInterviewSeen {
  id: string
  investigationId: string
  childId: string
  plannedAt: Date
  childInformedAt: Date | null
  informedBy: string | null
  willingness: 'willing' | 'unsure' | 'unwilling' | null
  /** For an unsure or unwilling child: whether they were ever told that declining would harm the investigation. */
  toldDecliningHarms: boolean | null
  heldAt: Date | null
  /** Whether whoever leads it has joint ABE training (SG-15). */
  leadHasJointTraining: boolean | null
}

/** The investigations module's part of the case snapshot. */
export function investigationsSnapshot(
  _trx: Transaction<Database>,
  _caseId: string,
): Promise<{ investigations: readonly InvestigationSeen[]; abeInterviews: readonly AbeInterviewSeen[] }> {
  // Until the investigations' tables arrive, a case has none.
  return Promise.resolve({ investigations: [], abeInterviews: [] })
}
