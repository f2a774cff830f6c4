import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'

/** What an auditor asks of the log; every part optional, so they can see sign-ins and searches too. */
export interface AuditFilter {
  /** A case: rows about it, reads of its children and adults, and searches that found any of them. */
  caseId?: string | undefined
  /** The children and adults of `caseId`, which the caller (the cases module) knows. */
  casePeople?: string[]
  userId?: string | undefined
  /** An action name, or a prefix ending in a dot: `signIn.` is every sign-in step. */
  action?: string | undefined
  outcome?: 'ok' | 'denied' | 'failed' | undefined
  from?: Date | undefined
  to?: Date | undefined
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
  const { caseId, casePeople = [], userId, action, outcome, from, to } = filter
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
  if (userId) query = query.where('l.userId', '=', userId)
  if (action)
    query = action.endsWith('.')
      ? query.where('l.action', 'like', `${action.replace(/[\\%_]/g, '\\$&')}%`)
      : query.where('l.action', '=', action)
  if (outcome) query = query.where('l.outcome', '=', outcome)
  if (from) query = query.where('l.at', '>=', from)
  if (to) query = query.where('l.at', '<', to)
  return query
}

/** How many rows match. */
export async function countAudit(db: Db, filter: AuditFilter): Promise<number> {
  const count = await filtered(db, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  return count.n
}

/** One page of the rows an auditor asked for, oldest first. */
export function auditRows(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
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
    .orderBy('l.seq')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}
