import type { Relationship } from './authorise.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * How the actor stands to the record a record-bound route acts on, as the authorising hook decided it:
     * 'full' on the team, 'readOnly' by break-glass. Handlers use it rather than asking the database again.
     */
    relationship: Relationship | undefined
  }
}
