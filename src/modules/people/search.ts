import type { FastifyRequest } from 'fastify'
import type { Config } from '../../kernel/config.ts'
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
