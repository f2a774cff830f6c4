import type { FastifyRequest } from 'fastify'

/** The longest address kept to come back to: a page's path and query, never a document. */
const LONGEST = 2000

/**
 * A page of this service to come back to after signing in, or undefined. Only a path on this site: never another
 * site ("//elsewhere.example", "/\elsewhere.example", "https://…"), never the sign-in pages themselves, and
 * nothing with spaces or control characters.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > LONGEST) return undefined
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.includes('\\')) return undefined
  if (/^\/sign-(in|out)(?:[/?#]|$)/.test(value)) return undefined
  return value === '/' ? undefined : value
}

/** The page a sign-in started from, carried in the sign-in pages' own address (`?returnTo=`). */
export function returnToOf(request: FastifyRequest): string | undefined {
  const query = request.query
  return safeReturnTo(
    typeof query === 'object' && query !== null ? (query as { returnTo?: unknown }).returnTo : undefined,
  )
}

/**
 * Where a request that needed a signed-in person was going: a page asked for, or, for a form sent, the page the
 * form was on (its Referer on this site), since the address a form posts to may have no page of its own.
 */
export function interruptedPage(request: FastifyRequest): string | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return safeReturnTo(request.url)
  const referer = request.headers.referer
  if (!referer) return undefined
  try {
    const from = new URL(referer)
    // Compared as URLs do, so "host:80" and "host" are one site over http.
    if (from.host !== new URL(`${from.protocol}//${request.headers.host ?? ''}`).host) return undefined
    return safeReturnTo(`${from.pathname}${from.search}`)
  } catch {
    return undefined
  }
}
