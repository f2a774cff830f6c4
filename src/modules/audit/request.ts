import type { FastifyRequest } from 'fastify'

/**
 * Appends a read the authorising hook could not describe by itself (a search, say) for the request's actor.
 * Search terms are personal data: record counts and ids, never the terms.
 */
export async function auditRead(request: FastifyRequest, entry: { action: string; objectType?: string; objectId?: string | null; detail?: Record<string, unknown> }): Promise<void> {
  const { lantern } = request.server
  const actor = request.actor
  await lantern.audit.record({
    partnershipId: actor.partnershipId, userId: actor.userId, agencyId: actor.agencyId, ip: request.ip, at: lantern.clock(), ...entry,
  })
}
