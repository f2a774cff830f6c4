import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import { fromLondon } from '../../web/dates.ts'

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

/** The strategy module's part of the case snapshot: one query per table, however many cases and discussions. */
export async function strategySnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<
  ByKey<{ strategyDiscussions: readonly StrategyDiscussionSeen[]; strategyActions: readonly StrategyActionSeen[] }>
> {
  const rows = await trx
    .selectFrom('strategyDiscussions')
    .select([
      'caseId',
      'id',
      'heldAt',
      'categories',
      'completedAt',
      'healthConsultantName',
      'section47',
      'policeInvestigation',
      'abeInterview',
      'healthAssessment',
      'immediateProtection',
    ])
    .where('caseId', 'in', caseIds)
    .orderBy('heldAt')
    .execute()
  if (rows.length === 0) return () => ({ strategyDiscussions: [], strategyActions: [] })
  const ids = rows.map(r => r.id)
  const children = groupBy(
    await trx
      .selectFrom('strategyDiscussionChildren')
      .select(['discussionId', 'childId'])
      .where('discussionId', 'in', ids)
      .execute(),
    c => c.discussionId,
  )
  // Health expertise: an attendee from health with clinical experience of child sexual abuse. Someone from
  // another agency with that experience does not count, nor a health attendee without it.
  const experts = await trx
    .selectFrom('strategyAttendees')
    .select('discussionId')
    .distinct()
    .where('discussionId', 'in', ids)
    .where('agencyKind', '=', 'health')
    .where('csaClinicalExperience', '=', true)
    .execute()
  const withExpert = new Set(experts.map(e => e.discussionId))
  const caseOf = new Map(rows.map(r => [r.id, r.caseId]))
  const actions = groupBy(
    await trx
      .selectFrom('strategyActions')
      .select(['id', 'discussionId', 'title', 'childId', 'ownerUserId', 'ownerAgencyId', 'dueOn'])
      .where('discussionId', 'in', ids)
      .orderBy('discussionId')
      .orderBy('position')
      .execute(),
    a => caseOf.get(a.discussionId) ?? '',
  )
  const ofCase = groupBy(rows, r => r.caseId)
  return caseId => ({
    strategyDiscussions: ofCase(caseId).map(r => ({
      id: r.id,
      heldAt: new Date(r.heldAt),
      childIds: children(r.id).map(c => c.childId),
      aboutSexualAbuse: r.categories.includes('SAB'),
      completedAt: r.completedAt ? new Date(r.completedAt) : null,
      healthExpertiseAttended: withExpert.has(r.id),
      healthConsultationRecorded: r.healthConsultantName !== null,
      decisions: {
        section47: r.section47,
        policeInvestigation: r.policeInvestigation,
        abeInterview: r.abeInterview,
        healthAssessment: r.healthAssessment,
        immediateProtection: r.immediateProtection,
      },
    })),
    // Each action is due by the end of its day in England.
    strategyActions: actions(caseId).map(a => ({
      id: a.id,
      title: a.title,
      childId: a.childId,
      owner: { userId: a.ownerUserId, agencyId: a.ownerAgencyId },
      dueAt: fromLondon(a.dueOn, '23:59'),
    })),
  })
}
