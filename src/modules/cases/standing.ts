import { sql, type RawBuilder } from 'kysely'
import type { Actor } from '../../kernel/actor.ts'

// Where an actor stands to a case, stated once as SQL for every query that decides it: the resolver of a case,
// the people a team may read, the child's record, the case lists and recently viewed. Each takes the column that
// holds the case's id (`c.id` by default, for a query over `cases as c`).

/** The actor is on the case's team now: themselves, or through their agency (a removed member no longer is). */
export function onTeamOf(actor: Actor, caseId = 'c.id'): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from case_team t where t.case_id = ${sql.ref(caseId)} and t.removed_at is null
    and (t.user_id = ${actor.userId} or t.agency_id = ${actor.agencyId}))`
}

/** The actor reads the case by a break-glass grant still running at `now`. */
export function byBreakGlassOf(actor: Actor, now: Date, caseId = 'c.id'): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from break_glass b where b.case_id = ${sql.ref(caseId)}
    and b.user_id = ${actor.userId} and b.expires_at > ${now})`
}
