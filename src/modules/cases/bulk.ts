import { sql, type Insertable, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Database } from '../../db/types.ts'

// Bulk loading for synthetic partnerships (the bench, `lantern seed --synthetic`): cases, their children,
// adults and teams straight in, without the write pipeline. Never used for real records.

export interface CaseLoad {
  cases: Insertable<Database['cases']>[]
  children: Insertable<Database['caseChildren']>[]
  adults: Insertable<Database['caseAdults']>[]
  team: Insertable<Database['caseTeam']>[]
}

const CHUNK = 1000

async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK))
}

/** The last case reference number used this year, so loaded cases carry on from it. */
export async function lastReferenceNumber(db: Db, year: number): Promise<number> {
  const counter = await db
    .selectFrom('caseReferenceCounters')
    .select('lastNumber')
    .where('year', '=', year)
    .executeTakeFirst()
  return counter?.lastNumber ?? 0
}

export async function loadCases(
  trx: Transaction<Database>,
  load: CaseLoad,
  reference: { partnershipId: string; year: number; lastNumber: number },
): Promise<void> {
  await chunked(load.cases, c => trx.insertInto('cases').values(c).execute())
  await chunked(load.children, c => trx.insertInto('caseChildren').values(c).execute())
  await chunked(load.adults, c => trx.insertInto('caseAdults').values(c).execute())
  await chunked(load.team, c => trx.insertInto('caseTeam').values(c).execute())
  await trx
    .insertInto('caseReferenceCounters')
    .values(reference)
    .onConflict(oc => oc.columns(['partnershipId', 'year']).doUpdateSet({ lastNumber: reference.lastNumber }))
    .execute()
}

/**
 * Generates chronology events where the rows live: each about one of the case's children, from a random author,
 * at a random time in the year before `now`. Returns how many it wrote.
 */
export async function generateChronology(
  trx: Transaction<Database>,
  caseIds: string[],
  options: {
    perCase: number
    authors: { agencyId: string; userId: string }[]
    kinds: readonly string[]
    summaries: readonly string[]
    now: Date
  },
): Promise<number> {
  const { perCase, authors, kinds, summaries, now } = options
  if (perCase === 0 || caseIds.length === 0) return 0
  const inserted = await sql`
    insert into chronology_events (partnership_id, case_id, child_id, occurred_at, recorded_at, agency_id, user_id, kind, summary)
    select partnership_id, case_id, kids[1 + n % cardinality(kids)], at, at,
           (${authors.map(a => a.agencyId)}::uuid[])[who], (${authors.map(a => a.userId)}::uuid[])[who],
           (${kinds}::text[])[kind], 'Synthetic event: ' || (${summaries}::text[])[label]
    from (
      select k.partnership_id, k.case_id, k.kids, n,
             ${now}::timestamptz - random() * interval '365 days' as at,
             1 + floor(random() * ${authors.length})::int as who,
             1 + floor(random() * ${kinds.length})::int as kind,
             1 + floor(random() * ${summaries.length})::int as label
      from (select partnership_id, case_id, array_agg(person_id order by person_id) as kids
            from case_children where case_id = any(${caseIds}::uuid[]) group by partnership_id, case_id) k
      cross join generate_series(0, ${perCase - 1}) n
    ) e`.execute(trx)
  return Number(inserted.numAffectedRows ?? 0)
}

export async function analyseCases(db: Db): Promise<void> {
  await asSystem(() => sql`analyze cases, case_children, case_adults, case_team, chronology_events`.execute(db))
}
