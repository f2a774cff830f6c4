import { sql, type ExpressionBuilder } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import { actionsIn, knownActions, type ActivityGroup } from './describe.ts'

/** What an auditor asks of the log; every part optional, so they can see sign-ins and searches too. */
export interface AuditFilter {
  /** Named so the query walks the indexes that start with it (row-level security holds it anyway). */
  partnershipId?: string | undefined
  /** A case: rows about it, reads of its children and adults, and searches that found any of them. */
  caseId?: string | undefined
  /** The children and adults of `caseId`, which the caller (the cases module) knows. */
  casePeople?: string[]
  /**
   * A person: rows about their record, rows naming them (a concern recorded about them, a relationship to them),
   * rows on `personCases`, rows about `personRecords`, and searches that found them.
   */
  personId?: string | undefined
  /** Every case the person is or was on, which the caller knows. */
  personCases?: string[]
  /** The ids of other records about the person (their concerns and referrals), which the modules above know. */
  personRecords?: string[]
  userId?: string | undefined
  /** An action name, or a prefix ending in a dot: `signIn.` is every sign-in step. */
  action?: string | undefined
  /** A kind of activity the page offers. */
  group?: ActivityGroup | undefined
  outcome?: 'ok' | 'denied' | 'failed' | undefined
  from?: Date | undefined
  to?: Date | undefined
}

/** Where a page starts: past this row (a `seq`), in the order asked; the cursor of the API and of the CSV. */
export interface AuditPage {
  limit: number
  offset?: number
  after?: number | undefined
  order?: 'newest' | 'oldest'
}

type Log = ExpressionBuilder<Database & { l: Database['auditLog'] }, 'l'>

/** The person's rows: theirs, naming them, on their cases, about their records, or searches that found them. */
function aboutPerson(eb: Log, filter: AuditFilter) {
  const { personId = '', personCases = [], personRecords = [] } = filter
  return eb.or([
    eb('l.objectId', '=', personId),
    ...(personRecords.length ? [eb('l.objectId', 'in', personRecords)] : []),
    ...(personCases.length ? [eb('l.caseId', 'in', personCases)] : []),
    sql<boolean>`l.detail ->> 'childId' = ${personId}`,
    sql<boolean>`l.detail ->> 'otherPersonId' = ${personId}`,
    sql<boolean>`l.detail ->> 'intoPersonId' = ${personId}`,
    eb.and([eb('l.action', '=', 'people.search'), sql<boolean>`l.detail -> 'resultIds' ? ${personId}`]),
  ])
}

function filtered(db: Db, filter: AuditFilter) {
  let query = db
    .selectFrom('auditLog as l')
    .leftJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'l.partnershipId').onRef('u.userId', '=', 'l.userId'),
    )
    .leftJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'l.partnershipId').onRef('a.agencyId', '=', 'l.agencyId'),
    )
  const { partnershipId, caseId, casePeople = [], personId, userId, action, group, outcome, from, to } = filter
  if (partnershipId) query = query.where('l.partnershipId', '=', partnershipId)
  if (caseId) {
    query = query.where(eb =>
      eb.or([
        eb('l.caseId', '=', caseId),
        ...(casePeople.length
          ? [
              eb.and([eb('l.objectType', '=', 'person'), eb('l.objectId', 'in', casePeople)]),
              eb.and([
                eb('l.action', '=', 'people.search'),
                sql<boolean>`l.detail -> 'resultIds' ?| ${casePeople}::text[]`,
              ]),
            ]
          : []),
      ]),
    )
  }
  if (personId) query = query.where(eb => aboutPerson(eb, filter))
  if (userId) query = query.where('l.userId', '=', userId)
  if (action)
    query = action.endsWith('.')
      ? query.where('l.action', 'like', `${action.replace(/[\\%_]/g, '\\$&')}%`)
      : query.where('l.action', '=', action)
  if (group)
    query =
      group === 'other'
        ? query.where(eb => eb.or([eb('l.action', 'in', actionsIn('other')), eb('l.action', 'not in', knownActions())]))
        : query.where('l.action', 'in', actionsIn(group))
  if (outcome) query = query.where('l.outcome', '=', outcome)
  if (from) query = query.where('l.at', '>=', from)
  if (to) query = query.where('l.at', '<', to)
  return query
}

/**
 * How many rows match, counting no further than `cap` (an auditor's question about a busy log must not count
 * millions of rows): `cap` means "at least this many".
 */
export async function countAudit(db: Db, filter: AuditFilter, cap = 100_000): Promise<number> {
  const count = await db
    .selectFrom(
      filtered(db, filter)
        .select(sql`1`.as('one'))
        .limit(cap)
        .as('matching'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  return count.n
}

/** One page of the rows an auditor asked for, oldest first unless asked for the newest first. */
export function auditRows(db: Db, filter: AuditFilter, page: AuditPage) {
  const newest = page.order === 'newest'
  let query = filtered(db, filter)
  if (page.after !== undefined) query = query.where('l.seq', newest ? '<' : '>', page.after)
  return query
    .select([
      'l.seq',
      'l.at',
      'l.action',
      'l.outcome',
      'l.objectType',
      'l.objectId',
      'l.caseId',
      'l.ip',
      'l.detail',
      'l.userId',
      'u.displayName as who',
      'u.email',
      'a.agencyName as agency',
    ])
    .orderBy('l.seq', newest ? 'desc' : 'asc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
    .execute()
}

export type AuditRow = Awaited<ReturnType<typeof auditRows>>[number]

/**
 * Every matching row up to `cap`, newest first, a batch at a time by cursor: a download of a large log is
 * written as it is read, never held whole.
 */
export async function* auditBatches(db: Db, filter: AuditFilter, cap: number, batch = 1000) {
  let after: number | undefined
  let left = cap
  while (left > 0) {
    const rows = await auditRows(db, filter, { limit: Math.min(batch, left), after, order: 'newest' })
    if (rows.length) yield rows
    if (rows.length < Math.min(batch, left)) return
    left -= rows.length
    after = rows.at(-1)?.seq
  }
}
