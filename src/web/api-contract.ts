import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { asPartnership } from '../db/context.ts'
import type { ActionRule } from './actions.ts'
import { apiError, API_ERROR_CODES } from './api-errors.ts'

// The conventions an integrating system can rely on, applied in one place every API route passes through
// rather than route by route, so a new route gets them without anyone remembering: the OpenAPI description
// of its errors, headers and security; Cache-Control; 415 for a body that is not JSON; 405 for a wrong
// method; Location on a 201; and the Idempotency-Key header on every creating POST.

/** Paging for a list: `limit` bounded so no caller can ask for everything at once, the total in X-Total-Count. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1, 'limit must be 1 or more').max(200, 'limit must be 200 or fewer').default(50),
  offset: z.coerce
    .number()
    .int()
    .min(0, 'offset must be 0 or more')
    .max(1_000_000, 'offset must be 1,000,000 or fewer')
    .default(0),
}

/** The path of a URL, decoded, without its query: what a router matches, whatever escapes the raw URL used. */
function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? ''
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * An API request is one whose matched route is an API route, never one whose raw URL looks like it:
 * `/%61pi/v1/people` matches the API route, so it authenticates by bearer token alone and answers in JSON.
 * Only a request that matched no route (a 404) is judged by its decoded path, to choose how the 404 looks.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url
  if (route !== undefined && request.routeOptions.config.action !== undefined) return route.startsWith('/api/')
  return decodedPath(request.url).startsWith('/api/')
}

interface ContractRoute {
  action: string
  method: string
  url: string
  rule: ActionRule
  rateLimited: boolean
  creates: boolean
  pattern: RegExp
}

function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map(part => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${escaped}/?$`)
}

const camel = (action: string) => action.replace(/\.([a-z])/g, (_m, c: string) => c.toUpperCase())

declare module 'fastify' {
  interface FastifyRequest {
    /** The Idempotency-Key this request holds the lock on, until its answer is stored. */
    idempotencyKey?: string | undefined
  }
}

const KEY_HOURS = 24
const idempotencyKeyHeader = z.string().regex(/^[\x21-\x7e]{1,200}$/)

const errorSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...API_ERROR_CODES] },
        message: { type: 'string' },
        fields: {
          type: 'object',
          description: 'What is wrong with each field named, by its path in the body, query or parameters',
          additionalProperties: { type: 'string' },
        },
        changedFields: {
          type: 'array',
          description: 'On 409 conflict: the fields someone else changed since the version you sent',
          items: { type: 'string' },
        },
        findings: {
          type: 'array',
          description: 'On 422 safeguard: what each safeguard found that refuses the change',
          items: {
            type: 'object',
            required: ['safeguard', 'severity', 'message', 'facts', 'source'],
            properties: {
              safeguard: { type: 'string', description: 'SG-01 to SG-15 (DESIGN.md)' },
              severity: { type: 'string', enum: ['block', 'due', 'prompt'] },
              message: { type: 'string' },
              childId: { type: 'string', nullable: true },
              recordId: { type: 'string', nullable: true },
              dueAt: { type: 'string', nullable: true, format: 'date-time' },
              facts: { type: 'array', items: { type: 'string' }, description: 'The recorded facts that triggered it' },
              source: {
                type: 'object',
                required: ['code', 'title', 'href'],
                properties: { code: { type: 'string' }, title: { type: 'string' }, href: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const

const rateLimitHeaders = {
  'X-RateLimit-Limit': { description: 'Requests allowed in the window', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window', schema: { type: 'integer' } },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
}

const errorDescriptions: Record<string, string> = {
  '400': 'invalid: the body, query or a parameter does not match the schema; `fields` names each one',
  '401': 'unauthenticated: no valid bearer token',
  '403': 'forbidden or no_legitimate_relationship: the role, or the relationship to this record, does not allow it',
  '404': 'not_found: no such record, or one the caller cannot know exists',
  '409':
    'conflict: `version` is stale (`changedFields` says what changed), or a request with the same Idempotency-Key is still running',
  '413': 'payload_too_large: the body is over 256 KB',
  '415': 'unsupported_media_type: the body is not application/json',
  '422':
    'safeguard: a safeguard refuses the change (`findings` says which, why and its source in the review), ' +
    'or idempotency_key_reused: the Idempotency-Key was used before with a different request',
  '429': 'rate_limited: too many requests; wait and try again',
}

interface Operation {
  operationId?: string
  summary?: string
  security?: unknown[]
  parameters?: { in: string; name: string }[]
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: unknown }>
}

/** Declares one route's errors, headers, security and operationId in the OpenAPI document, from its action rule and schema. */
function describe(operation: Operation, route: ContractRoute): void {
  const { rule } = route
  operation.operationId ??= camel(route.action)
  if (rule.audience === 'anyone') operation.security = []
  const hasBody = operation.requestBody !== undefined
  const params = operation.parameters ?? []
  const responses = (operation.responses ??= {})
  const errors = new Set<string>()
  if (hasBody || params.length > 0) errors.add('400')
  if (rule.audience !== 'anyone') errors.add('401')
  if (rule.roles || rule.record) errors.add('403')
  if (params.some(p => p.in === 'path')) errors.add('404')
  const properties = operation.requestBody?.content?.['application/json']?.schema?.properties ?? {}
  if ('version' in properties || route.creates) errors.add('409')
  if (hasBody) errors.add('413').add('415')
  if (route.creates || rule.changesCase) errors.add('422')
  if (route.rateLimited) errors.add('429')
  for (const status of errors) {
    responses[status] ??= {
      description: errorDescriptions[status] ?? 'An error',
      ...(status === '429'
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    }
  }
  for (const [status, response] of Object.entries(responses)) {
    const headers: Record<string, unknown> = { ...response.headers }
    if (status === '201' && route.creates)
      headers.Location = {
        description: 'The URL of what was created, or of the record it was added to',
        schema: { type: 'string' },
      }
    if (status === '201' && route.creates)
      headers['Idempotent-Replayed'] = {
        description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key',
        schema: { type: 'string', enum: ['true'] },
      }
    if (status.startsWith('2') && params.some(p => p.in === 'query' && p.name === 'limit'))
      headers['X-Total-Count'] = {
        description: 'How many there are in all, across every page',
        schema: { type: 'integer' },
      }
    if (status.startsWith('2') && params.some(p => p.in === 'query' && p.name === 'cursor'))
      headers['X-Next-Cursor'] = {
        description: 'The cursor to send for the next page, while there may be more',
        schema: { type: 'string' },
      }
    if (route.rateLimited) Object.assign(headers, rateLimitHeaders)
    headers['Cache-Control'] = {
      description: 'Always no-store: API responses carry personal data',
      schema: { type: 'string', enum: ['no-store'] },
    }
    response.headers = headers
  }
  if (route.creates) {
    operation.parameters = [
      ...params,
      {
        in: 'header',
        name: 'Idempotency-Key',
        required: false,
        description:
          `Send a unique key to make retrying safe: a repeat with the same key and body within ${String(KEY_HOURS)} ` +
          'hours returns the first answer (with Idempotent-Replayed: true) and creates nothing more',
        schema: { type: 'string', minLength: 1, maxLength: 200 },
      } as never,
    ]
  }
}

/** Fills in what the document says about each operation; the swagger plugin's transformObject calls it. */
export function describeApi(routes: ContractRoute[]) {
  return (document: { openapiObject: Record<string, unknown> }) => {
    const doc = document.openapiObject as {
      paths?: Record<string, Record<string, Operation>>
      components?: Record<string, Record<string, unknown>>
      servers?: unknown[]
    }
    const used = new Set<string>()
    for (const [path, operations] of Object.entries(doc.paths ?? {})) {
      const url = path.replace(/\{([^}]+)\}/g, ':$1')
      for (const [method, operation] of Object.entries(operations)) {
        const route = routes.find(r => r.url === url && r.method.toLowerCase() === method)
        if (!route) continue
        describe(operation, route)
        // Two routes with one action (a person, and their household) need telling apart: the second takes its path's last word.
        if (operation.operationId && used.has(operation.operationId))
          operation.operationId += (
            url
              .split('/')
              .filter(p => p && !p.startsWith(':'))
              .pop() ?? method
          )
            .replace(/^./, c => c.toUpperCase())
            .replace(/-(.)/g, (_m, c: string) => c.toUpperCase())
        if (operation.operationId) used.add(operation.operationId)
      }
    }
    doc.servers ??= [{ url: '/', description: 'This server (paths are absolute from its root)' }]
    doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: errorSchema } }
    return doc
  }
}

async function idempotencyBegin(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const header = request.headers['idempotency-key']
  if (header === undefined) return undefined
  const parsed = idempotencyKeyHeader.safeParse(header)
  if (!parsed.success)
    return apiError(reply, 400, 'invalid', 'Idempotency-Key must be 1 to 200 printable characters', {
      fields: { 'Idempotency-Key': 'Send 1 to 200 printable characters, such as a uuid' },
    })
  const key = parsed.data
  const { db, clock } = request.server.lantern
  const actor = request.actor
  const now = clock()
  const route = decodedPath(request.url)
  const bodyHash = createHash('sha256')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex')
  return asPartnership(actor.partnershipId, async () => {
    const owner = { partnershipId: actor.partnershipId, userId: actor.userId, key }
    // A key is remembered for a day, then forgotten (all of this caller's old keys go at once, which keeps the
    // table to a day of each caller's requests). A key still marked running after ten minutes belongs to a
    // request that died with the process: it is freed rather than refusing every retry for a day.
    await db
      .deleteFrom('idempotencyKeys')
      .where('partnershipId', '=', owner.partnershipId)
      .where('userId', '=', owner.userId)
      .where(eb =>
        eb.or([
          eb('createdAt', '<', new Date(now.getTime() - KEY_HOURS * 3_600_000)),
          eb.and([
            eb('key', '=', key),
            eb('status', 'is', null),
            eb('createdAt', '<', new Date(now.getTime() - 10 * 60_000)),
          ]),
        ]),
      )
      .execute()
    // The primary key is the lock: of two requests racing with one key, exactly one inserts and runs.
    const claimed = await db
      .insertInto('idempotencyKeys')
      .values({ ...owner, method: request.method, route, bodyHash, createdAt: now })
      .onConflict(oc => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (claimed) {
      request.idempotencyKey = key
      return undefined
    }
    const first = await db
      .selectFrom('idempotencyKeys')
      .selectAll()
      .where('partnershipId', '=', owner.partnershipId)
      .where('userId', '=', owner.userId)
      .where('key', '=', key)
      .executeTakeFirst()
    if (!first)
      return apiError(
        reply.header('retry-after', '1'),
        409,
        'conflict',
        'A request with this Idempotency-Key has just finished; send it again',
      )
    if (first.method !== request.method || first.route !== route || first.bodyHash !== bodyHash) {
      return apiError(
        reply,
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request: use a new key for a new request',
        { fields: { 'Idempotency-Key': 'Used before with a different request' } },
      )
    }
    if (first.status === null || first.response === null) {
      return apiError(
        reply.header('retry-after', '1'),
        409,
        'conflict',
        'A request with this Idempotency-Key is still running; try again in a moment',
        { fields: { 'Idempotency-Key': 'Still running' } },
      )
    }
    if (first.location) reply.header('location', first.location)
    return reply
      .code(first.status)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(first.response)
  })
}

/** Stores a success for replay; forgets a failure, so a corrected request can use the same key. */
async function idempotencyEnd(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
  const key = request.idempotencyKey
  if (key === undefined) return
  request.idempotencyKey = undefined
  const { db } = request.server.lantern
  const actor = request.actor
  await asPartnership(actor.partnershipId, async () => {
    const row = db
      .updateTable('idempotencyKeys')
      .where('partnershipId', '=', actor.partnershipId)
      .where('userId', '=', actor.userId)
      .where('key', '=', key)
    if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
      const location = reply.getHeader('location')
      await row
        .set({ status: reply.statusCode, response: payload, location: typeof location === 'string' ? location : null })
        .execute()
    } else {
      await db
        .deleteFrom('idempotencyKeys')
        .where('partnershipId', '=', actor.partnershipId)
        .where('userId', '=', actor.userId)
        .where('key', '=', key)
        .execute()
    }
  })
}

/**
 * Registers the contract's hooks. Call before any route is added (the onRoute hook sees only later routes),
 * and after the authorising hooks (the idempotency lock needs to know who is asking, in their partnership).
 */
export function apiContract(app: FastifyInstance): { routes: ContractRoute[] } {
  const routes: ContractRoute[] = []
  app.addHook('onRoute', route => {
    const action = route.config?.action
    const rule = action === undefined ? undefined : app.lantern.actions[action]
    if (action === undefined || !rule || route.url.startsWith('/assets/')) return
    const response = (route.schema?.response ?? {}) as Record<string, unknown>
    for (const method of ([] as string[]).concat(route.method)) {
      if (method === 'HEAD') continue
      routes.push({
        action,
        method,
        url: route.url,
        rule,
        pattern: patternOf(route.url),
        rateLimited: Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit),
        // The token route creates too, but for no one yet: with no user to key it by, it has no Idempotency-Key.
        creates: method === 'POST' && route.url.startsWith('/api/') && '201' in response && rule.audience !== 'anyone',
      })
    }
  })

  // A body on the API is JSON or nothing: a form-encoded body is a page's, and a cross-site form can send one.
  app.addHook('preParsing', (request, reply, payload, done) => {
    if (!isApiRequest(request)) {
      done(null, payload)
      return
    }
    const length = request.headers['content-length']
    const hasBody = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
    if (hasBody && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      apiError(reply, 415, 'unsupported_media_type', 'Send JSON with "Content-Type: application/json"')
      return
    }
    done(null, payload)
  })

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || !isApiRequest(request) || request.subject.kind !== 'signedIn') return
    const route = routes.find(r => r.method === 'POST' && r.url === request.routeOptions.url)
    if (!route?.creates) return
    await idempotencyBegin(request, reply)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApiRequest(request)) return payload
    // Every API answer carries personal data or could: no shared or browser cache keeps it.
    reply.header('cache-control', 'no-store')
    if (reply.statusCode === 201 && !reply.hasHeader('location')) {
      const location = createdAt(request, payload)
      if (location) reply.header('location', location)
    }
    await idempotencyEnd(request, reply, payload)
    return payload
  })

  /** The URL of what a 201 created: its own if it has one to GET, else the nearest record it was added to. */
  function createdAt(request: FastifyRequest, payload: unknown): string | undefined {
    let id: unknown
    try {
      id = typeof payload === 'string' ? (JSON.parse(payload) as { id?: unknown }).id : undefined
    } catch {
      id = undefined
    }
    const path = decodedPath(request.url).replace(/\/$/, '')
    const readable = (url: string) =>
      routes.some(r => r.method === 'GET' && r.url.startsWith('/api/') && r.pattern.test(url))
    if (typeof id === 'string' && readable(`${path}/${id}`)) return `${path}/${encodeURIComponent(id)}`
    const parts = path.split('/')
    for (let n = parts.length; n > 3; n--) {
      const candidate = parts.slice(0, n).join('/')
      if (readable(candidate)) return candidate
    }
    return undefined
  }

  return { routes }
}

/** The methods some route answers at this URL: the Allow header of a 405. */
export function methodsAllowedAt(routes: readonly { method: string; url: string }[], url: string): string[] {
  const path = decodedPath(url)
  return [...new Set(routes.filter(r => !r.url.includes('*') && patternOf(r.url).test(path)).map(r => r.method))]
}
