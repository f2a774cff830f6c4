// Batched reads: one query for many cases (or people) instead of one each, its rows handed back per key. The write
// pipeline reads every case a change touched at once this way (a conviction can reach five cases).

/** A batched read's answer for each key: its part, empty where the key had no rows. */
export type ByKey<P> = (key: string) => P

/** The rows grouped by a key, each group in the rows' order (so a query's `order by` holds within each group). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): ByKey<T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const group = groups.get(k)
    if (group) group.push(row)
    else groups.set(k, [row])
  }
  return k => groups.get(k) ?? []
}
