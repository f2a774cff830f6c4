import type { Actor } from '../modules/auth/actor.ts'
import type { Relationship, Subject } from '../modules/access/authorise.ts'
import type { ActionName } from '../modules/access/actions.ts'
import type { Services } from '../app.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The authorisation action this route performs; every route must name one. */
    action?: ActionName
  }
  interface FastifyRequest {
    subject: Subject
    /**
     * How the actor stands to the record a record-bound route acts on, as the authorising hook decided it:
     * 'full' on the team, 'readOnly' by break-glass. Handlers use it rather than asking the database again.
     */
    relationship: Relationship | undefined
    /** The hash of the session cookie, when the request came with a live session. */
    sessionIdHash: string | undefined
    /** The signed-in actor; throws on routes open to anyone. */
    readonly actor: Actor
  }
  interface FastifyInstance {
    lantern: Services
  }
}
