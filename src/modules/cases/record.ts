import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import type { Visibility } from '../../kernel/codes/cases.ts'
import { entryVisibleTo, sealedReaders } from './chronology.ts'
import { byBreakGlassOf, onTeamOf } from './standing.ts'

// The child's whole record, as the case layer sees it: the cases about a person and one chronology across them.
// Need to know is the case's own: a case shows here only to its team and to someone reading it by break-glass,
// and each entry only to whom the case's chronology would show it (normal, restricted to the team, sealed for
// named users). A case the actor is not part of is left out altogether, not listed as "a case you are not
// part of": nothing else tells them whether the child is on a case (a concern form refuses without saying so),
// and the child's record must not be the first thing that does.

export interface PersonCase {
  id: string
  reference: string
  title: string
  status: string
  openedAt: Date
  closedAt: Date | null
  leadName: string
  /** The person is one of the case's children (and not only one of its adults). */
  asChild: boolean
  /** Their roles as an adult of the case, if any. */
  adultRoles: string[]
  /** On the team (they or their agency), or reading by break-glass. */
  standing: 'team' | 'breakGlass'
}

/** The cases about a person the actor may read, open ones first, then the latest opened; closed cases too. */
export async function casesAboutPerson(db: Db, actor: Actor, personId: string, now: Date): Promise<PersonCase[]> {
  const parts = await db
    .selectFrom('caseChildren')
    .select(['caseId', sql<string | null>`null`.as('role')])
    .where('personId', '=', personId)
    .unionAll(db.selectFrom('caseAdults').select(['caseId', 'role']).where('personId', '=', personId))
    .execute()
  if (parts.length === 0) return []
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.userId', '=', 'c.leadUserId'),
    )
    .select([
      'c.id',
      'c.reference',
      'c.title',
      'c.status',
      'c.openedAt',
      'c.closedAt',
      'u.displayName as leadName',
      onTeamOf(actor).as('onTeam'),
      byBreakGlassOf(actor, now).as('byBreakGlass'),
    ])
    .where('c.id', 'in', [...new Set(parts.map(p => p.caseId))])
    .execute()
  return rows
    .filter(r => r.onTeam || r.byBreakGlass)
    .map(({ onTeam, byBreakGlass: _b, ...r }) => ({
      ...r,
      asChild: parts.some(p => p.caseId === r.id && p.role === null),
      adultRoles: parts.filter(p => p.caseId === r.id && p.role !== null).map(p => p.role ?? ''),
      standing: onTeam ? ('team' as const) : ('breakGlass' as const),
    }))
    .sort(
      (a, b) =>
        Number(b.status === 'open') - Number(a.status === 'open') || b.openedAt.getTime() - a.openedAt.getTime(),
    )
}

/**
 * The entries about a person, from every case about them the actor may read: those about this child and those
 * about the whole case (never another child's), each as that case's chronology would show it to the actor.
 */
function entriesAbout(db: Db, actor: Actor, personId: string, cases: readonly PersonCase[]) {
  // Callers ask only with at least one case: `in ()` is no SQL.
  const ids = cases.map(c => c.id)
  const onTeam = cases.filter(c => c.standing === 'team').map(c => c.id)
  return db
    .selectFrom('chronologyEvents as e')
    .where('e.caseId', 'in', ids)
    .where(eb => eb.or([eb('e.childId', '=', personId), eb('e.childId', 'is', null)]))
    .where(entryVisibleTo(actor, onTeam))
}

export interface PersonChronologyEntry {
  id: string
  caseId: string
  caseReference: string
  occurredAt: Date
  recordedAt: Date
  kind: string
  summary: string
  childId: string | null
  visibility: Visibility
  agencyId: string
  agency: string
  author: string
  sealedForOthers: string[]
  sealedForAuthor: boolean
}

/**
 * One page of the person's chronology across their cases, newest first, with the case each entry is on. Each
 * case gives at most a page's worth of its newest entries (by its own index), and only the page kept is joined to
 * names: a child on a 2,000-entry case is not sorted and named 2,000 times to show ten.
 */
export async function personChronology(
  db: Db,
  actor: Actor,
  personId: string,
  cases: readonly PersonCase[],
  page: { limit: number; offset: number },
): Promise<PersonChronologyEntry[]> {
  if (cases.length === 0) return []
  const onTeam = cases.filter(c => c.standing === 'team').map(c => c.id)
  const rows = await sql<PersonChronologyEntry>`
    select e.public_id as id, e.case_id, c.reference as case_reference, e.occurred_at, e.recorded_at, e.kind,
           e.summary, e.child_id, e.visibility, a.agency_id, a.agency_name as agency, u.display_name as author,
           ${sealedReaders().others} as sealed_for_others, ${sealedReaders().author} as sealed_for_author
    from (
      select e.* from unnest(${cases.map(c => c.id)}::uuid[]) as k(case_id)
      cross join lateral (
        select e.partnership_id, e.id, e.public_id, e.case_id, e.occurred_at, e.recorded_at, e.kind, e.summary,
               e.child_id, e.visibility, e.agency_id, e.user_id, e.sealed_for
        from chronology_events e
        where e.partnership_id = ${actor.partnershipId} and e.case_id = k.case_id
          and (e.child_id = ${personId} or e.child_id is null) and ${entryVisibleTo(actor, onTeam)}
        order by e.occurred_at desc, e.id desc
        limit ${page.offset + page.limit}
      ) e
      order by e.occurred_at desc, e.id desc
      limit ${page.limit} offset ${page.offset}
    ) e
    join cases c on c.partnership_id = e.partnership_id and c.id = e.case_id
    join agency_directory a on a.partnership_id = e.partnership_id and a.agency_id = e.agency_id
    join user_names u on u.partnership_id = e.partnership_id and u.user_id = e.user_id
    order by e.occurred_at desc, e.id desc`.execute(db)
  return rows.rows
}

/** How many entries the person's chronology holds for the actor, for paging: counted without the names' joins. */
export async function personChronologyCount(
  db: Db,
  actor: Actor,
  personId: string,
  cases: readonly PersonCase[],
): Promise<number> {
  if (cases.length === 0) return 0
  const row = await entriesAbout(db, actor, personId, cases)
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}
