import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'

// What the register (risk's page of people who present a risk of sexual harm) reads from people: who has any
// offending history, what it is, and the children each lives with or sees now. The register holds its own civil
// orders, assessments and management; the people and their relationships are people's.

/** The age from which a person is an adult: the register lists the children near a person, not the adults. */
const ADULT_AGE = 18

export interface RegisterPerson {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
}

/**
 * Everyone with any offending history, and the people given besides (those the register knows of for another
 * reason, a civil order): the ids of who the register lists. A record merged into another is listed as that one.
 */
export async function peopleWithHistory(db: Db, alsoIds: readonly string[]): Promise<string[]> {
  const also = [...new Set(alsoIds)]
  // The ids gathered first, as one array: the people are then read by their key, a few thousand lookups, where a
  // join or an OR here has the planner read all of a partnership's people (hundreds of thousands) to find them.
  const ids = sql<
    string[]
  >`array(select ${sql.ref('personId')} from ${sql.table('offendingHistory')} union select unnest(${also}::uuid[]))`
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('mergedIntoId', 'is', null)
    .where(sql<boolean>`${sql.ref('id')} = any(${ids})`)
    .execute()
  return rows.map(r => r.id)
}

/**
 * One page of these people in name order (family name, then given name). The sorting and paging happen in the
 * database, by key, so a page of fifty reads fifty rows whatever the register holds.
 */
export async function pageOfPeople(
  db: Db,
  ids: readonly string[],
  page: { limit: number; offset: number },
): Promise<RegisterPerson[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('people')
    .select(['id', 'givenName', 'familyName', 'dateOfBirth'])
    .where(sql<boolean>`${sql.ref('id')} = any(${[...ids]}::uuid[])`)
    .orderBy('familyName')
    .orderBy('givenName')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** The offending history of these people, newest first: the register shows each item's kind, dates and source. */
export function historyOf(db: Db, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('offendingHistory')
    .select(['personId', 'kind', 'date', 'endsOn', 'registrationPeriod', 'sourceAgencyId'])
    .where('personId', 'in', [...personIds])
    .orderBy('date', 'desc')
    .execute()
}

export interface ChildNearNow {
  /** The person on the register. */
  personId: string
  childId: string
  givenName: string
  familyName: string
  dateOfBirth: string
  livesWith: boolean
  hasContact: boolean
}

/**
 * The children each of these people lives with or has contact with now: relationships not ended, living together
 * or in contact, where the other person is under 18 today. Each relationship is stored once, so both sides are read.
 */
export async function childrenNearNow(db: Db, personIds: readonly string[], today: string): Promise<ChildNearNow[]> {
  if (personIds.length === 0) return []
  const [year, rest] = [Number(today.slice(0, 4)), today.slice(4)]
  // Born after this day, they are not yet 18 today.
  const adultIfBornBy = `${String(year - ADULT_AGE).padStart(4, '0')}${rest}`
  const ids = [...personIds]
  const side = (mine: 'r.personId' | 'r.otherPersonId', theirs: 'r.personId' | 'r.otherPersonId') =>
    db
      .selectFrom('relationships as r')
      .innerJoin('people as p', j => j.onRef('p.partnershipId', '=', 'r.partnershipId').onRef('p.id', '=', theirs))
      .select([
        `${mine} as personId`,
        'p.id as childId',
        'p.givenName',
        'p.familyName',
        'p.dateOfBirth',
        'r.livesWith',
        'r.hasContact',
      ])
      .where(mine, 'in', ids)
      .where('r.endedOn', 'is', null)
      .where(eb => eb.or([eb('r.livesWith', '=', true), eb('r.hasContact', '=', true)]))
      .where('p.mergedIntoId', 'is', null)
      .where('p.dateOfBirth', '>', adultIfBornBy)
  const rows = await side('r.personId', 'r.otherPersonId').unionAll(side('r.otherPersonId', 'r.personId')).execute()
  return rows
    .filter((r): r is typeof r & { dateOfBirth: string } => r.dateOfBirth !== null)
    .sort((a, b) => b.dateOfBirth.localeCompare(a.dateOfBirth) || a.familyName.localeCompare(b.familyName))
}
