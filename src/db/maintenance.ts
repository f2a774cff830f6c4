import { sql } from 'kysely'
import type { DatabaseHandle } from './connection.ts'
import { asSystem } from './context.ts'

/** How often embedded PostgreSQL's planner statistics are refreshed while the service runs. */
export const STATISTICS_INTERVAL_MS = 60 * 60 * 1000

/**
 * Embedded PostgreSQL (PGlite) runs without autovacuum, so nothing refreshes the planner's statistics: a
 * partnership that grew since the last ANALYZE gets plans made for an empty database (person search at
 * 200,000 people went from 25 ms to a second, reading every row). This does autovacuum's analysing: once at
 * start and then every hour. ANALYZE samples a fixed number of rows per table, so it takes about two seconds
 * even at 200,000 people and 2,000,000 chronology entries. A PostgreSQL server's autovacuum does this itself.
 */
export async function keepStatisticsFresh(
  handle: DatabaseHandle,
  onError: (error: unknown) => void,
  intervalMs = STATISTICS_INTERVAL_MS,
): Promise<() => void> {
  if (handle.kind !== 'embedded') return () => undefined
  const analyse = () => asSystem(() => sql`analyze`.execute(handle.db))
  await analyse()
  const timer = setInterval(() => {
    analyse().catch(onError)
  }, intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
  }
}
