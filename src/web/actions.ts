import type { FastifyInstance } from 'fastify'
import type { Role } from '../kernel/roles.ts'

/**
 * What a route does, for authorisation: every route names one action in its config, and the app refuses to start
 * with a route that does not, or that names an action no module declared. Each module declares its own actions;
 * the app merges them. `audience` says who may ask at all; `roles` narrows it; `auditRead` makes the authorising
 * hook append an audit row for the read before the handler runs.
 */
export interface ActionRule {
  audience: 'anyone' | 'pending' | 'signedIn'
  roles?: readonly Role[]
  /**
   * `id` names the route parameter (or, failing that, the query parameter) holding the object's id, or 'self'
   * for the actor's own record.
   */
  auditRead?: { objectType: string; id?: string }
  /** What a user whose role does not allow the action is told, when the generic refusal would leave them guessing. */
  refusal?: string
  /**
   * The route acts on one record of a kind some module resolves (see access's RecordResolver), and needs a
   * legitimate relationship to it: to `read` it (on its team, or by break-glass), to `write` it (on its team
   * only), or only to know it `exists` (raising a concern about any child, asking for break-glass).
   */
  record?: RecordNeed
  /**
   * The route changes a case through the write pipeline, so a safeguard may refuse it (422 `safeguard`): the
   * OpenAPI document declares it.
   */
  changesCase?: true
}

export interface RecordNeed {
  kind: string
  need: 'read' | 'write' | 'exists'
  /** The query parameter holding the record's id (`?childId=`), when it is not the `id` route parameter. */
  query?: string
}

export type Actions = Readonly<Record<string, ActionRule>>

/**
 * How the actor stands to the record a route acts on: a full relationship (on the team), read-only
 * (break-glass), only the identifying minimum (they may know it exists), or no such record in their
 * partnership. Declared here, beside the rules that need it, so pages can ask `can()` without importing access.
 */
export type Relationship = 'full' | 'readOnly' | 'minimum' | 'missing'

/**
 * Would the one authorise() let this user take this action on a record they stand to so? Set on every request by
 * access (`request.can`) and given to every page, so a page offers only what the server will allow.
 */
export type Can = (action: string, relationship?: Relationship) => boolean

export interface RegisteredRoute {
  method: string
  url: string
  action: string
}

/**
 * The web layer's own routes: health, static assets, the OpenAPI document, and the pages about the service that
 * the footer links to (they carry no one's data, so they are open to anyone, signed in or not).
 */
export const webActions = {
  'service.health': { audience: 'anyone' },
  'service.assets': { audience: 'anyone' },
  'service.openapi': { audience: 'anyone' },
  'service.accessibility': { audience: 'anyone' },
  'service.privacy': { audience: 'anyone' },
  'service.cookies': { audience: 'anyone' },
  'service.help': { audience: 'anyone' },
} as const satisfies Actions

/**
 * Refuses to register a route that does not name a declared action, and records every route so a test can walk
 * them all against every role.
 */
export function requireActionOnEveryRoute(app: FastifyInstance, actions: Actions): RegisteredRoute[] {
  const routes: RegisteredRoute[] = []
  app.addHook('onRoute', route => {
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, action: 'service.assets' }
    const action: unknown = route.config?.action
    if (typeof action !== 'string' || !Object.hasOwn(actions, action))
      throw new Error(`Route ${String(route.method)} ${route.url} does not name an authorisation action`)
    for (const method of ([] as string[]).concat(route.method)) routes.push({ method, url: route.url, action })
  })
  return routes
}
