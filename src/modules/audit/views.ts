import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'

// What a user has opened, read back from the audit log, which records every read of a case or a person already:
// no second record of views to keep in step with it. Both queries walk the index audit_log_user_case (0020) or
// audit_log_user, newest first, and stop early.

/** Whose views: the partnership is named so the query walks the index (row-level security checks it too). */
export interface Viewer {
  partnershipId: string
  userId: string
}

/** Reads that count as looking at a case: its page (and the API read) and its chronology. */
const CASE_READS = ['case.read', 'case.chronology']
/** Reads that count as opening a person's record. */
const PERSON_READS = ['person.read']

/** When the user last read each of these cases (page, API or chronology); cases never read are left out. */
export async function lastCaseViews(db: Db, who: Viewer, caseIds: readonly string[]): Promise<Map<string, Date>> {
  if (caseIds.length === 0) return new Map()
  const rows = await sql<{ caseId: string; at: Date }>`
    select c.case_id, v.at
    from unnest(${caseIds}::uuid[]) as c(case_id)
    cross join lateral (
      select l.at from audit_log l
      where l.partnership_id = ${who.partnershipId} and l.user_id = ${who.userId} and l.case_id = c.case_id
        and l.action = any(${CASE_READS}::text[]) and l.outcome = 'ok'
      order by l.seq desc limit 1
    ) v`.execute(db)
  return new Map(rows.rows.map(r => [r.caseId, r.at]))
}

export interface RecentlyViewed {
  kind: 'case' | 'person'
  id: string
  at: Date
}

/** How far back to look for distinct records: someone who read one case 500 times in a row sees just that one. */
const LOOK_BACK = 500

/** The last `limit` distinct cases and people the user opened, most recent first. */
export async function recentlyViewed(db: Db, who: Viewer, limit = 10): Promise<RecentlyViewed[]> {
  const rows = await sql<RecentlyViewed>`
    select kind, id, max(at) as at from (
      select case when l.action = any(${CASE_READS}::text[]) then 'case' else 'person' end as kind,
             case when l.action = any(${CASE_READS}::text[]) then l.case_id::text else l.object_id end as id,
             l.at, l.seq
      from audit_log l
      where l.partnership_id = ${who.partnershipId} and l.user_id = ${who.userId}
        and l.action = any(${[...CASE_READS, ...PERSON_READS]}::text[]) and l.outcome = 'ok'
      order by l.seq desc limit ${LOOK_BACK}
    ) r
    where id is not null
    group by kind, id
    order by max(seq) desc
    limit ${limit}`.execute(db)
  return rows.rows
}
