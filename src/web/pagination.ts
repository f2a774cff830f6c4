/** A page's address with its query: empty values are left out, so a filter left blank stays out of the URL. */
export function pageHref(
  path: string,
  query: Record<string, string | undefined>,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...query, ...extra })) if (value) params.set(key, value)
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

/** GOV.UK pagination: the first and last pages, and those either side of this one; null for one page. */
export function pagination(path: string, query: Record<string, string | undefined>, current: number, pages: number) {
  if (pages <= 1) return null
  const href = (n: number) => pageHref(path, query, n === 1 ? {} : { page: String(n) })
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 1)
      items.push({ number: n, href: href(n), current: n === current })
    else if (!('ellipsis' in (items.at(-1) ?? {}))) items.push({ ellipsis: true })
  }
  return {
    items,
    previous: current > 1 ? { href: href(current - 1) } : undefined,
    next: current < pages ? { href: href(current + 1) } : undefined,
  }
}

/** The page a `?page=` asks for, within 1..pages. */
export function currentPage(asked: unknown, pages: number): number {
  const wanted = Math.max(1, Math.floor(Number(asked)) || 1)
  return Math.min(wanted, Math.max(1, pages))
}
