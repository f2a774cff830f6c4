import type { Db } from '../../db/connection.ts'
import type { CivilOrderKind, MappaCategory, MappaLevel, RiskLevel, RiskTool } from '../../kernel/codes/risk.ts'
import type { OffendingKind } from '../../kernel/codes/people.ts'
import type { RegistrationPeriod } from '../../kernel/codes/risk.ts'
import { ageOn } from '../../web/dates.ts'
import { childrenNearNow, historyOf, pageOfPeople, peopleWithHistory } from '../people/index.ts'
import { policyOf } from '../policy/index.ts'

// The register of people who present a risk of sexual harm, as probation, the police and the front door read it
// (issue 14, item 5): everyone with any offending history or civil order, what is known, the current assessment
// and whether it is overdue, how they are managed, the children near them now, and the open SG-08 and SG-09
// findings about them. Each filter is a list of ids from the register's own tables; people sorts and pages in the
// database, and the detail is read only for the page shown.

/** The open SG-08 and SG-09 tasks about people: safeguards' tasks, a layer above, handed in at composition. */
export type OpenTasksAbout = (
  db: Db,
  personIds: readonly string[],
) => Promise<{ personId: string; id: string; caseId: string; childId: string | null; safeguard: string; dueAt: Date }[]>

export interface RegisterComposition {
  openTasksAbout: OpenTasksAbout
}

export interface RegisterFilter {
  mappaLevel?: MappaLevel | undefined
  assessmentOverdue?: boolean | undefined
  orderExpiringWithinDays?: number | undefined
}

export interface RegisterEntry {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  age: number | null
  history: {
    kind: OffendingKind
    date: string
    endsOn: string | null
    registrationPeriod: RegistrationPeriod | null
    sourceAgencyId: string
  }[]
  civilOrders: {
    id: string
    kind: CivilOrderKind
    otherKind: string | null
    startsOn: string
    expiresOn: string | null
  }[]
  assessment: {
    id: string
    tool: RiskTool
    toolName: string | null
    level: RiskLevel
    assessedOn: string
    nextReviewOn: string
    ageInMonths: number
  } | null
  assessmentOverdue: boolean
  mappaCategory: MappaCategory | null
  mappaLevel: MappaLevel | null
  probationContact: { userId: string; name: string } | null
  policeLead: { userId: string; name: string } | null
  children: {
    id: string
    givenName: string
    familyName: string
    dateOfBirth: string
    age: number | null
    livesWith: boolean
    hasContact: boolean
  }[]
  openFindings: { taskId: string; safeguard: string; caseId: string; childId: string | null; dueAt: Date }[]
}

/** Whole months from one day to another (a month is complete on the same day of the month). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0))
}

/** The day `days` after an ISO day. */
export function daysAfter(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * Overdue when there is no assessment, it is older than the policy allows, or its own review date has passed:
 * the current picture of risk is what the register is for.
 */
export function isOverdue(
  assessment: { assessedOn: string; nextReviewOn: string } | undefined,
  today: string,
  maxAgeMonths: number,
): boolean {
  if (!assessment) return true
  return monthsBetween(assessment.assessedOn, today) >= maxAgeMonths || assessment.nextReviewOn < today
}

/** The latest assessment of each of these people (of everyone, when null): the newest day, then the latest recorded. */
function latestAssessments(db: Db, personIds: readonly string[] | null) {
  return db
    .selectFrom('riskAssessments')
    .distinctOn('personId')
    .select(['personId', 'id', 'tool', 'toolName', 'level', 'assessedOn', 'nextReviewOn'])
    .$if(personIds !== null, qb => qb.where('personId', 'in', personIds ?? []))
    .orderBy('personId')
    .orderBy('assessedOn', 'desc')
    .orderBy('recordedAt', 'desc')
    .execute()
}

/**
 * One page of the register, filtered, in name order, with the count of everyone the filter matches. `today` is
 * the day in England. Each filter is a list of ids from the register's own tables; people sorts and pages.
 */
export async function readRegister(
  db: Db,
  { openTasksAbout }: RegisterComposition,
  filter: RegisterFilter,
  page: { limit: number; offset: number },
  today: string,
): Promise<{ people: RegisterEntry[]; total: number }> {
  const policy = policyOf(db)
  const expiringBy =
    filter.orderExpiringWithinDays === undefined ? undefined : daysAfter(today, filter.orderExpiringWithinDays)
  const [maxAge, withOrders, atLevel, expiring, current] = await Promise.all([
    policy.then(p => p.riskAssessmentMaxAgeMonths),
    db.selectFrom('civilOrders').select('personId').distinct().execute(),
    filter.mappaLevel === undefined
      ? undefined
      : db.selectFrom('riskManagement').select('personId').where('mappaLevel', '=', filter.mappaLevel).execute(),
    expiringBy === undefined
      ? undefined
      : db
          .selectFrom('civilOrders')
          .select('personId')
          .where('expiresOn', '>=', today)
          .where('expiresOn', '<=', expiringBy)
          .execute(),
    // Those whose latest assessment is current: everyone else on the register is overdue.
    filter.assessmentOverdue
      ? Promise.all([policy, latestAssessments(db, null)]).then(([p, all]) =>
          all.filter(a => !isOverdue(a, today, p.riskAssessmentMaxAgeMonths)),
        )
      : undefined,
  ])
  // The filters meet here, over a few thousand ids held in sets: asked of the database as arrays within arrays,
  // PostgreSQL compares each id with each (seconds at the bench's scale).
  const onRegister = await peopleWithHistory(
    db,
    withOrders.map(o => o.personId),
  )
  const keep = [atLevel, expiring].filter(list => list !== undefined).map(list => new Set(list.map(r => r.personId)))
  const leaveOut = new Set(current?.map(a => a.personId) ?? [])
  const matching = onRegister.filter(id => keep.every(set => set.has(id)) && !leaveOut.has(id))
  const shown = await pageOfPeople(db, matching, page)
  const found = { total: matching.length }
  const ids = shown.map(p => p.id)
  if (ids.length === 0) return { people: [], total: found.total }

  const [orders, management, assessments, history, children, tasks] = await Promise.all([
    db
      .selectFrom('civilOrders')
      .select(['personId', 'id', 'kind', 'otherKind', 'startsOn', 'expiresOn'])
      .where('personId', 'in', ids)
      .orderBy('startsOn', 'desc')
      .execute(),
    // The contacts' names joined here, from the directory's view: one statement fewer on every page.
    db
      .selectFrom('riskManagement as m')
      .leftJoin('userNames as probation', j =>
        j
          .onRef('probation.partnershipId', '=', 'm.partnershipId')
          .onRef('probation.userId', '=', 'm.probationContactUserId'),
      )
      .leftJoin('userNames as police', j =>
        j.onRef('police.partnershipId', '=', 'm.partnershipId').onRef('police.userId', '=', 'm.policeLeadUserId'),
      )
      .select([
        'm.personId',
        'm.mappaCategory',
        'm.mappaLevel',
        'm.probationContactUserId',
        'm.policeLeadUserId',
        'probation.displayName as probationContactName',
        'police.displayName as policeLeadName',
      ])
      .where('m.personId', 'in', ids)
      .execute(),
    latestAssessments(db, ids),
    historyOf(db, ids),
    childrenNearNow(db, ids, today),
    openTasksAbout(db, ids),
  ])
  const managed = new Map(management.map(m => [m.personId, m]))
  const latest = new Map(assessments.map(a => [a.personId, a]))
  const ordersOf = new Map<string, typeof orders>()
  for (const o of orders) ordersOf.set(o.personId, [...(ordersOf.get(o.personId) ?? []), o])

  const who = (userId: string | null | undefined, name: string | null | undefined) =>
    userId ? { userId, name: name ?? 'A user no longer in the directory' } : null

  const people = shown.map((p): RegisterEntry => {
    const m = managed.get(p.id)
    const a = latest.get(p.id)
    return {
      id: p.id,
      givenName: p.givenName,
      familyName: p.familyName,
      dateOfBirth: p.dateOfBirth,
      age: ageOn(p.dateOfBirth, today),
      history: history
        .filter(h => h.personId === p.id)
        .map(({ kind, date, endsOn, registrationPeriod, sourceAgencyId }) => ({
          kind,
          date,
          endsOn,
          registrationPeriod,
          sourceAgencyId,
        })),
      civilOrders: (ordersOf.get(p.id) ?? []).map(({ id, kind, otherKind, startsOn, expiresOn }) => ({
        id,
        kind,
        otherKind,
        startsOn,
        expiresOn,
      })),
      assessment: a
        ? {
            id: a.id,
            tool: a.tool,
            toolName: a.toolName,
            level: a.level,
            assessedOn: a.assessedOn,
            nextReviewOn: a.nextReviewOn,
            ageInMonths: monthsBetween(a.assessedOn, today),
          }
        : null,
      assessmentOverdue: isOverdue(a, today, maxAge),
      mappaCategory: m?.mappaCategory ?? null,
      mappaLevel: m?.mappaLevel ?? null,
      probationContact: who(m?.probationContactUserId, m?.probationContactName),
      policeLead: who(m?.policeLeadUserId, m?.policeLeadName),
      children: children
        .filter(c => c.personId === p.id)
        .map(c => ({
          id: c.childId,
          givenName: c.givenName,
          familyName: c.familyName,
          dateOfBirth: c.dateOfBirth,
          age: ageOn(c.dateOfBirth, today),
          livesWith: c.livesWith,
          hasContact: c.hasContact,
        })),
      openFindings: tasks
        .filter(t => t.personId === p.id)
        .map(t => ({ taskId: t.id, safeguard: t.safeguard, caseId: t.caseId, childId: t.childId, dueAt: t.dueAt })),
    }
  })
  return { people, total: found.total }
}
