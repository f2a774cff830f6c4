import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'

/** A police investigation as the safeguards read it. */
export interface InvestigationSeen {
  id: string
  crimeReference: string
  childIds: readonly string[]
  /**
   * The people suspected (SG-10 reads them: harm by a sibling). Always set by the snapshot; optional only so the
   * rules' hand-made fixtures need not name it.
   */
  suspectIds?: readonly string[]
  openedAt: Date
  /** The investigating officer: SG-05's tasks are theirs, or their agency's when none is named. */
  officer: { userId: string | null; agencyId: string | null }
  chargingAdviceSoughtAt: Date | null
  chargingAdviceOutcomeAt: Date | null
  chargingDecisionAt: Date | null
  /** Set when the outcome is recorded: the investigation is then closed. */
  outcome: {
    kind: string
    code: string
    decidedAt: Date
    /** A rationale was written (SG-01 asks for one on a close without charge). */
    rationaleGiven: boolean
    /** How many agencies were told of the outcome. */
    agenciesInformed: number
  } | null
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
  /** Why it did not go ahead, when it did not. */
  notHeldReason: string | null
  /** Whether whoever leads it has joint ABE training (SG-15). */
  leadHasJointTraining: boolean | null
}

/** The investigations module's part of the case snapshot: one query per table, whatever the case holds. */
export async function investigationsSnapshot(
  trx: Transaction<Database>,
  caseId: string,
): Promise<{ investigations: readonly InvestigationSeen[]; abeInterviews: readonly AbeInterviewSeen[] }> {
  const rows = await trx
    .selectFrom('investigations')
    .select([
      'id',
      'crimeReference',
      'openedAt',
      'officerUserId',
      'officerAgencyId',
      'chargingAdviceSoughtAt',
      'chargingAdviceOutcomeAt',
      'chargingDecidedAt',
      'outcomeKind',
      'outcomeCode',
      'outcomeDecidedAt',
      'outcomeRationale',
    ])
    .where('caseId', '=', caseId)
    .orderBy('openedAt')
    .orderBy('id')
    .execute()
  const children = rows.length
    ? await trx
        .selectFrom('investigationChildren as c')
        .innerJoin('investigations as i', j =>
          j.onRef('i.partnershipId', '=', 'c.partnershipId').onRef('i.id', '=', 'c.investigationId'),
        )
        .select(['c.investigationId', 'c.childId'])
        .where('i.caseId', '=', caseId)
        .execute()
    : []
  const suspects = rows.length
    ? await trx
        .selectFrom('investigationSuspects as s')
        .innerJoin('investigations as i', j =>
          j.onRef('i.partnershipId', '=', 's.partnershipId').onRef('i.id', '=', 's.investigationId'),
        )
        .select(['s.investigationId', 's.personId'])
        .where('i.caseId', '=', caseId)
        .execute()
    : []
  const told = rows.some(r => r.outcomeKind !== null)
    ? await trx
        .selectFrom('investigationOutcomeAgencies as a')
        .innerJoin('investigations as i', j =>
          j.onRef('i.partnershipId', '=', 'a.partnershipId').onRef('i.id', '=', 'a.investigationId'),
        )
        .select(['a.investigationId'])
        .where('i.caseId', '=', caseId)
        .execute()
    : []
  const interviews = rows.length
    ? await trx
        .selectFrom('abeInterviews')
        .select([
          'id',
          'investigationId',
          'childId',
          'plannedAt',
          'childInformedAt',
          'informedByName',
          'willingness',
          'toldDecliningHarms',
          'heldAt',
          'notHeldReason',
          'leadHasJointTraining',
        ])
        .where('caseId', '=', caseId)
        .orderBy('plannedAt')
        .orderBy('id')
        .execute()
    : []
  const date = (d: Date | string | null) => (d === null ? null : new Date(d))
  return {
    investigations: rows.map(r => ({
      id: r.id,
      crimeReference: r.crimeReference,
      childIds: children.filter(c => c.investigationId === r.id).map(c => c.childId),
      suspectIds: suspects.filter(s => s.investigationId === r.id).map(s => s.personId),
      openedAt: new Date(r.openedAt),
      officer: { userId: r.officerUserId, agencyId: r.officerAgencyId },
      chargingAdviceSoughtAt: date(r.chargingAdviceSoughtAt),
      chargingAdviceOutcomeAt: date(r.chargingAdviceOutcomeAt),
      chargingDecisionAt: date(r.chargingDecidedAt),
      outcome:
        r.outcomeKind && r.outcomeCode && r.outcomeDecidedAt
          ? {
              kind: r.outcomeKind,
              code: r.outcomeCode,
              decidedAt: new Date(r.outcomeDecidedAt),
              rationaleGiven: (r.outcomeRationale ?? '').trim() !== '',
              agenciesInformed: told.filter(t => t.investigationId === r.id).length,
            }
          : null,
    })),
    abeInterviews: interviews.map(a => ({
      id: a.id,
      investigationId: a.investigationId,
      childId: a.childId,
      plannedAt: new Date(a.plannedAt),
      childInformedAt: date(a.childInformedAt),
      informedBy: a.informedByName,
      willingness: a.willingness,
      toldDecliningHarms: a.toldDecliningHarms,
      heldAt: date(a.heldAt),
      notHeldReason: a.notHeldReason,
      leadHasJointTraining: a.leadHasJointTraining,
    })),
  }
}
