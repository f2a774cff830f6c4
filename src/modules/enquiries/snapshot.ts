import type { Transaction } from 'kysely'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import type { AbuseCategory } from '../../kernel/codes/cases.ts'
import type { ConferenceKind, Section47Outcome } from '../../kernel/codes/enquiries.ts'
import { londonDate } from '../../kernel/working-days.ts'
import { fromLondon } from '../../web/dates.ts'
import type { StrategyDiscussionSeen } from '../strategy/index.ts'

// What the safeguards read of a case's enquiries, assessments and conferences. Each is recorded as a calendar day;
// here a day is the moment it began in England, so the rules compare it with the strategy discussions' and the
// investigations' moments as London days.

/** A section 47 enquiry about one child, as the safeguards read it. */
export interface Section47Seen {
  id: string
  childId: string
  startedAt: Date
  category: AbuseCategory
  completedAt: Date | null
  outcome: Section47Outcome | null
}

/** A child and family assessment of one child. */
export interface AssessmentSeen {
  id: string
  childId: string
  startedAt: Date
  completedAt: Date | null
}

/** A child protection conference about one child, and whether it made (or kept) a plan. */
export interface ConferenceSeen {
  id: string
  childId: string
  kind: ConferenceKind
  heldAt: Date
  planMade: boolean
}

/** The start of a calendar day in England. */
export const dayStart = (day: string): Date => fromLondon(day, '00:00')

/** The enquiries module's part of the case snapshot: three queries, however many cases. */
export async function enquiriesSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<
  ByKey<{
    section47Enquiries: readonly Section47Seen[]
    assessments: readonly AssessmentSeen[]
    conferences: readonly ConferenceSeen[]
  }>
> {
  const enquiries = await trx
    .selectFrom('section47Enquiries')
    .select(['caseId', 'id', 'childId', 'startedOn', 'category', 'completedOn', 'outcome'])
    .where('caseId', 'in', caseIds)
    .orderBy('startedOn')
    .orderBy('recordedAt')
    .execute()
  const assessments = await trx
    .selectFrom('assessments')
    .select(['caseId', 'id', 'childId', 'startedOn', 'completedOn'])
    .where('caseId', 'in', caseIds)
    .orderBy('startedOn')
    .orderBy('recordedAt')
    .execute()
  const conferences = await trx
    .selectFrom('conferences')
    .select(['caseId', 'id', 'childId', 'kind', 'heldOn', 'planMade'])
    .where('caseId', 'in', caseIds)
    .orderBy('heldOn')
    .orderBy('recordedAt')
    .execute()
  const [enquiriesOf, assessmentsOf, conferencesOf] = [
    groupBy(enquiries, e => e.caseId),
    groupBy(assessments, a => a.caseId),
    groupBy(conferences, c => c.caseId),
  ]
  return caseId => ({
    section47Enquiries: enquiriesOf(caseId).map(e => ({
      id: e.id,
      childId: e.childId,
      startedAt: dayStart(e.startedOn),
      category: e.category,
      completedAt: e.completedOn ? dayStart(e.completedOn) : null,
      outcome: e.outcome,
    })),
    assessments: assessmentsOf(caseId).map(a => ({
      id: a.id,
      childId: a.childId,
      startedAt: dayStart(a.startedOn),
      completedAt: a.completedOn ? dayStart(a.completedOn) : null,
    })),
    conferences: conferencesOf(caseId).map(c => ({
      id: c.id,
      childId: c.childId,
      kind: c.kind,
      heldAt: dayStart(c.heldOn),
      planMade: c.planMade,
    })),
  })
}

/**
 * The strategy discussion that started a child's enquiry: the latest completed one about the child held on or
 * before the day the enquiry started (Working Together counts the initial conference's 15 working days from it).
 */
export function startingDiscussion(
  discussions: readonly StrategyDiscussionSeen[],
  childId: string,
  startedAt: Date,
): StrategyDiscussionSeen | undefined {
  const day = londonDate(startedAt)
  return discussions
    .filter(d => d.completedAt !== null && d.childIds.includes(childId) && londonDate(d.heldAt) <= day)
    .reduce<StrategyDiscussionSeen | undefined>(
      (latest, d) => (!latest || d.heldAt > latest.heldAt ? d : latest),
      undefined,
    )
}
