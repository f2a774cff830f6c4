import type { FastifyRequest } from 'fastify'

/**
 * Appends a read the authorising hook could not describe by itself (a search, say) for the request's actor.
 * The audit log is itself personal data, read only by auditors: a search's row holds what was searched for,
 * because proving who looked for which child is what the log is for. Logs (pino) never hold either.
 */
export async function auditRead(
  request: FastifyRequest,
  entry: { action: string; objectType?: string; objectId?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  const { lantern } = request.server
  const actor = request.actor
  await lantern.audit.record({
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    agencyId: actor.agencyId,
    ip: request.ip,
    at: lantern.clock(),
    ...entry,
  })
}
