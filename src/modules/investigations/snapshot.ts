import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'

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

/** The investigations module's part of the case snapshot: one query per table, however many cases. */
export async function investigationsSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ investigations: readonly InvestigationSeen[]; abeInterviews: readonly AbeInterviewSeen[] }>> {
  const rows = await trx
    .selectFrom('investigations')
    .select([
      'caseId',
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
    .where('caseId', 'in', caseIds)
    .orderBy('openedAt')
    .orderBy('id')
    .execute()
  if (rows.length === 0) return () => ({ investigations: [], abeInterviews: [] })
  const ids = rows.map(r => r.id)
  const children = groupBy(
    await trx
      .selectFrom('investigationChildren')
      .select(['investigationId', 'childId'])
      .where('investigationId', 'in', ids)
      .execute(),
    c => c.investigationId,
  )
  const suspects = groupBy(
    await trx
      .selectFrom('investigationSuspects')
      .select(['investigationId', 'personId'])
      .where('investigationId', 'in', ids)
      .execute(),
    s => s.investigationId,
  )
  const closed = rows.filter(r => r.outcomeKind !== null).map(r => r.id)
  const told = groupBy(
    closed.length
      ? await trx
          .selectFrom('investigationOutcomeAgencies')
          .select(['investigationId'])
          .where('investigationId', 'in', closed)
          .execute()
      : [],
    a => a.investigationId,
  )
  const interviews = groupBy(
    await trx
      .selectFrom('abeInterviews')
      .select([
        'caseId',
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
      .where('caseId', 'in', caseIds)
      .orderBy('plannedAt')
      .orderBy('id')
      .execute(),
    a => a.caseId,
  )
  const ofCase = groupBy(rows, r => r.caseId)
  const date = (d: Date | string | null) => (d === null ? null : new Date(d))
  return caseId => ({
    investigations: ofCase(caseId).map(r => ({
      id: r.id,
      crimeReference: r.crimeReference,
      childIds: children(r.id).map(c => c.childId),
      suspectIds: suspects(r.id).map(s => s.personId),
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
              agenciesInformed: told(r.id).length,
            }
          : null,
    })),
    abeInterviews: interviews(caseId).map(a => ({
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
  })
}
