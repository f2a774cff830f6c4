import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../../kernel/config.ts'
import { TooMany } from '../../kernel/errors.ts'
import { auditRead } from '../access/index.ts'

/**
 * Searches are how someone would trawl for a child they have no business with, so each is audited with what
 * was asked and whom it found, and each user may search only so often (per route, a minute at a time).
 */
export function searchRateLimit(config: Config) {
  return {
    max: config.searchesPerMinute,
    timeWindow: 60_000,
    // Only signed-in practitioners reach a search route (the authorising hook runs first), so the key is the user.
    keyGenerator: (request: FastifyRequest) => `user:${request.actor.userId}`,
  }
}

type SearchLimit = (request: FastifyRequest) => Promise<void>

const pageLimits = new WeakMap<object, SearchLimit>()

/**
 * The one count of a user's person searches on pages: /people and the search on a case's add-a-child and
 * add-an-adult pages count together, so a search moved to another page is still the same minute's search.
 * Called only when a search is made: showing the empty form costs nothing. Answers 429 beyond the limit.
 */
export function pageSearchLimit(app: FastifyInstance): SearchLimit {
  // One counter per running app (each test app has its own), shared by every page that asks for it.
  const known = pageLimits.get(app.lantern)
  if (known) return known
  const check = app.createRateLimit(searchRateLimit(app.lantern.config))
  const limit: SearchLimit = async request => {
    const counted = await check(request)
    if (!counted.isAllowed && counted.isExceeded)
      throw new TooMany('You have searched for people too often in the last minute. Wait a minute, then search again')
  }
  pageLimits.set(app.lantern, limit)
  return limit
}

/** The audit row of one search: the terms as typed and the ids it returned, so an auditor can see who looked for whom. */
export async function auditSearch(
  request: FastifyRequest,
  terms: { q?: string | undefined; dateOfBirth?: string | undefined; nhsNumber?: string | undefined },
  results: { id: string }[],
): Promise<void> {
  const asked = Object.fromEntries(Object.entries(terms).filter(([, v]) => Boolean(v)))
  await auditRead(request, {
    action: 'people.search',
    objectType: 'people',
    detail: { terms: asked, results: results.length, resultIds: results.map(r => r.id) },
  })
}
