import type { Actor, Subject } from '../kernel/actor.ts'
import type { Can } from './actions.ts'
import type { Services } from './services.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The authorisation action this route performs; every route must name one some module declared. */
    action?: string
  }
  interface FastifyRequest {
    subject: Subject
    /** The hash of the session cookie, when the request came with a live session. */
    sessionIdHash: string | undefined
    /** When that session ends unless it is used again, for the page to warn before it does. */
    sessionEndsAt: Date | undefined
    /** The signed-in person's unread notifications, for the header of a page; set by the notifications module. */
    unreadNotifications: number | undefined
    /** The signed-in actor; throws on routes open to anyone. */
    readonly actor: Actor
    /**
     * Would authorise() allow this user the action (on the route's record, or one they stand to as given)? Access
     * sets it (modules/access/can.ts); pages get it as `can` so they offer only what the server will allow.
     */
    can: Can
  }
  interface FastifyInstance {
    lantern: Services
  }
}
