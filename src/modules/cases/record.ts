import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { entryVisibleTo } from './chronology.ts'
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

/** One page of the person's chronology across their cases, newest first, with the case each entry is on. */
export function personChronology(
  db: Db,
  actor: Actor,
  personId: string,
  cases: readonly PersonCase[],
  page: { limit: number; offset: number },
) {
  if (cases.length === 0) return Promise.resolve([])
  return entriesAbout(db, actor, personId, cases)
    .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'e.partnershipId').onRef('c.id', '=', 'e.caseId'))
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'e.partnershipId').onRef('a.agencyId', '=', 'e.agencyId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'e.partnershipId').onRef('u.userId', '=', 'e.userId'),
    )
    .select([
      'e.publicId as id',
      'e.caseId',
      'c.reference as caseReference',
      'e.occurredAt',
      'e.recordedAt',
      'e.kind',
      'e.summary',
      'e.childId',
      'e.visibility',
      'a.agencyId as agencyId',
      'a.agencyName as agency',
      'u.displayName as author',
    ])
    .orderBy('e.occurredAt', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

export type PersonChronologyEntry = Awaited<ReturnType<typeof personChronology>>[number]

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
