import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import type { CaseStatus } from '../../kernel/codes/cases.ts'
import { lastCaseViews } from '../audit/index.ts'
import { entryVisibleTo } from './chronology.ts'
import { byBreakGlassOf, onTeamOf } from './standing.ts'

// Caseloads: the cases a practitioner works, for the home page, the case list page and GET /api/v1/cases.
//
// A list never shows a case its reader could not open: every filter is narrowed to the cases whose team the
// actor is on, as a user or through their agency (relationshipToCase's 'team'). Break-glass readers are not
// listed: emergency access is to read one case, not to find it among one's work.

/**
 * Whose cases:
 * - `me`: I lead the case or am on its team as a user.
 * - `agency`: my agency is on the team, as an agency or through one of its members. Narrowed to the cases I
 *   may open, that is every case I may open: a colleague on a team as a user opens it to them, not to me.
 * - `team`: open or closed cases led by a practitioner of my agency (a team manager's team: the directory has
 *   no teams below the agency).
 * Left out: every case I may open.
 */
export const CASE_MEMBERSHIPS = ['me', 'agency', 'team'] as const
export type CaseMembership = (typeof CASE_MEMBERSHIPS)[number]

export interface CaseListFilter {
  member?: CaseMembership | undefined
  status?: CaseStatus | undefined
  childId?: string | undefined
}

export interface CaseListItem {
  id: string
  reference: string
  title: string
  status: CaseStatus
  openedAt: Date
  closedAt: Date | null
  leadUserId: string
  leadName: string
  children: { id: string; givenName: string; familyName: string; dateOfBirth: string | null }[]
  /** The newest chronology entry the actor may read that someone else wrote: when, and of what kind. */
  lastChange: { at: Date; kind: string } | null
  /** When the actor last read the case (page, API or chronology), from the audit log. */
  lastViewedAt: Date | null
  /** Someone else wrote on the case since the actor last looked (or ever, if they never have). */
  changedSinceViewed: boolean
}

function conditions(actor: Actor, filter: CaseListFilter): RawBuilder<unknown>[] {
  const p = actor.partnershipId
  // `me` and `team` find their cases by lead or own team rows (at most a few thousand): there each case's team is
  // probed by its index (case_team_current, migration 0024). `offset 0` keeps the planner from turning the probe
  // into a join that hashes every team row of the actor's agency first (52,000 at the bench's scale, 150 ms).
  // `agency` and no filter find their cases by that very check, so there the join is right.
  const probe = filter.member === 'me' || filter.member === 'team' ? sql` offset 0` : sql``
  const onTeam = sql`exists (select 1 from case_team t where t.partnership_id = c.partnership_id and t.case_id = c.id
    and t.removed_at is null and (t.user_id = ${actor.userId} or t.agency_id = ${actor.agencyId})${probe})`
  const where = [sql`c.partnership_id = ${p}`, onTeam]
  if (filter.member === 'me')
    where.push(sql`c.id in (
      select case_id from case_team where partnership_id = ${p} and user_id = ${actor.userId} and removed_at is null
      union all select id from cases where partnership_id = ${p} and lead_user_id = ${actor.userId})`)
  if (filter.member === 'team')
    where.push(
      sql`c.lead_user_id in (select user_id from user_names where partnership_id = ${p} and agency_id = ${actor.agencyId})`,
    )
  if (filter.status) where.push(sql`c.status = ${filter.status}`)
  if (filter.childId)
    where.push(sql`exists (select 1 from case_children cc where cc.partnership_id = c.partnership_id
      and cc.case_id = c.id and cc.person_id = ${filter.childId})`)
  return where
}

/** How many cases the filter finds, for X-Total-Count and the pages' pagination. */
export async function countCases(db: Db, actor: Actor, filter: CaseListFilter): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from cases c
    where ${sql.join(conditions(actor, filter), sql` and `)}`.execute(db)
  return row.rows[0]?.n ?? 0
}

/** One page of the cases the filter finds, newest opened first, each with its children, lead and news. */
export async function listCases(
  db: Db,
  actor: Actor,
  filter: CaseListFilter,
  page: { limit: number; offset: number },
): Promise<CaseListItem[]> {
  const found = await sql<Omit<CaseListItem, 'children' | 'lastChange' | 'lastViewedAt' | 'changedSinceViewed'>>`
    select c.id, c.reference, c.title, c.status, c.opened_at, c.closed_at, c.lead_user_id, u.display_name as lead_name
    from cases c
    join user_names u on u.partnership_id = c.partnership_id and u.user_id = c.lead_user_id
    where ${sql.join(conditions(actor, filter), sql` and `)}
    order by c.opened_at desc, c.id desc
    limit ${page.limit} offset ${page.offset}`.execute(db)
  const cases = found.rows
  if (cases.length === 0) return []
  const ids = cases.map(c => c.id)
  const [children, changes, views] = await Promise.all([
    db
      .selectFrom('caseChildren as cc')
      .innerJoin('personDirectory as p', j =>
        j.onRef('p.partnershipId', '=', 'cc.partnershipId').onRef('p.personId', '=', 'cc.personId'),
      )
      .select(['cc.caseId', 'p.personId as id', 'p.givenName', 'p.familyName', 'p.dateOfBirth'])
      .where('cc.partnershipId', '=', actor.partnershipId)
      .where('cc.caseId', 'in', ids)
      .orderBy('p.dateOfBirth')
      .orderBy('p.personId')
      .execute(),
    latestChanges(db, actor, ids),
    lastCaseViews(db, actor, ids),
  ])
  return cases.map(c => {
    const lastChange = changes.get(c.id) ?? null
    const lastViewedAt = views.get(c.id) ?? null
    return {
      ...c,
      children: children.filter(k => k.caseId === c.id).map(({ caseId: _caseId, ...child }) => child),
      lastChange,
      lastViewedAt,
      changedSinceViewed: lastChange !== null && (lastViewedAt === null || lastChange.at > lastViewedAt),
    }
  })
}

/**
 * The newest entry on each case written by someone other than the actor, among those the actor may read (the
 * listed cases are all theirs to open, so restricted entries count; sealed ones only if sealed for them).
 */
async function latestChanges(
  db: Db,
  actor: Actor,
  caseIds: string[],
): Promise<Map<string, { at: Date; kind: string }>> {
  const rows = await sql<{ caseId: string; at: Date; kind: string }>`
    select c.case_id, e.recorded_at as at, e.kind
    from unnest(${caseIds}::uuid[]) as c(case_id)
    cross join lateral (
      select e.recorded_at, e.kind from chronology_events e
      where e.partnership_id = ${actor.partnershipId} and e.case_id = c.case_id and e.user_id <> ${actor.userId}
        and ${entryVisibleTo(actor, caseIds)}
      order by e.recorded_at desc limit 1
    ) e`.execute(db)
  return new Map(rows.rows.map(r => [r.caseId, { at: r.at, kind: r.kind }]))
}

/** Open cases by the agency of their lead practitioner: a partnership's count, naming no child. */
export async function openCasesByLeadAgency(
  db: Db,
): Promise<{ agencyId: string; agencyName: string; cases: number }[]> {
  return db
    .selectFrom('agencyDirectory as a')
    .leftJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'a.partnershipId').onRef('u.agencyId', '=', 'a.agencyId'),
    )
    .leftJoin('cases as c', j =>
      j
        .onRef('c.partnershipId', '=', 'u.partnershipId')
        .onRef('c.leadUserId', '=', 'u.userId')
        .on('c.status', '=', 'open'),
    )
    .select(['a.agencyId', 'a.agencyName', sql<number>`count(c.id)::int`.as('cases')])
    .groupBy(['a.agencyId', 'a.agencyName'])
    .orderBy('a.agencyName')
    .execute()
}

/**
 * Reference and title of those of these cases the actor may open now (on the team, or by break-glass still
 * running), for the recently viewed list: a case they have since left is no longer named to them.
 */
export async function casesTheyMayOpen(
  db: Db,
  actor: Actor,
  caseIds: readonly string[],
  now: Date,
): Promise<Map<string, { reference: string; title: string }>> {
  if (caseIds.length === 0) return new Map()
  const rows = await sql<{ id: string; reference: string; title: string }>`
    select c.id, c.reference, c.title from cases c
    where c.partnership_id = ${actor.partnershipId} and c.id = any(${caseIds}::uuid[])
      and (${onTeamOf(actor)} or ${byBreakGlassOf(actor, now)})`.execute(db)
  return new Map(rows.rows.map(r => [r.id, { reference: r.reference, title: r.title }]))
}
