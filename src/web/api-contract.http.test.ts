import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { asSystem } from '../db/context.ts'
import { ACTIONS } from '../app.ts'
import { Agent, apiToken, bearer, testApp } from '../../test/helpers.ts'
import type { ErrorBody } from '../../test/types.ts'

// What an integrating system can rely on (issue 8, items 12 and 13): the document, the headers, paging,
// idempotency, 405 and 415, API requests known by their route, opaque chronology ids, and another
// partnership's records answering 404 everywhere.

const { app, handle, clock } = await testApp()
const { db } = handle
const sw = await apiToken(app, 'sw@csc.example')
const frontDoor = await apiToken(app, 'mash@csc.example')
const south = await apiToken(app, 'sw@southvale.example')
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

interface Operation {
  operationId?: string
  security?: unknown[]
  parameters?: { in: string; name: string }[]
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> }
  >
}
interface Document {
  servers?: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, { properties?: Record<string, { properties?: Record<string, { enum?: string[] }> }> }>
  }
}

function call(
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: { ...bearer(token), ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })
}

async function created<T>(response: Promise<LightMyRequestResponse>): Promise<T> {
  const r = await response
  assert.equal(r.statusCode, 201, r.body)
  return r.json<T>()
}

let n = 0
/** A child with a surname no other test uses, so searches find only what the test recorded. */
function child(token: string, familyName = `Contractchild${String(++n)}`) {
  return created<{ id: string }>(
    call(token, 'POST', '/api/v1/people', { givenName: 'Ivy', familyName, dateOfBirth: '2018-04-02', sex: 'female' }),
  )
}
const openCase = (token: string, childId: string) =>
  created<{ id: string; team: { id: string }[] }>(
    call(token, 'POST', '/api/v1/cases', { title: 'Contract test case', childIds: [childId] }),
  )
const entry = (token: string, caseId: string, summary = 'Home visit: Ivy was at home and well.') =>
  created<{ id: string }>(
    call(token, 'POST', `/api/v1/cases/${caseId}/chronology`, {
      kind: 'visit.home',
      occurredAt: '2026-11-20T10:00:00Z',
      summary,
    }),
  )

const document = (await app.inject('/api/v1/openapi.json')).json<Document>()
const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ path, method, op })),
)
const operation = (method: string, path: string) => {
  const found = document.paths[path]?.[method]
  assert.ok(found, `${method} ${path} is in the document`)
  return found
}

describe('the OpenAPI document', () => {
  it('gives every operation a unique operationId and says where the server is', () => {
    const ids = operations.map(({ op }) => op.operationId)
    assert.ok(
      ids.every(id => typeof id === 'string' && id.length > 0),
      'every operation has an operationId',
    )
    assert.equal(new Set(ids).size, ids.length, 'no two operations share one')
    assert.equal(operation('post', '/api/v1/people').operationId, 'peopleRecord')
    assert.ok(document.servers?.length, 'servers')
  })

  it('declares one error schema with every code, and points every 4xx at it', () => {
    const error = document.components.schemas.Error
    assert.ok(error, 'components.schemas.Error')
    const codes = error.properties?.error?.properties?.code?.enum ?? []
    for (const code of [
      'invalid',
      'unauthenticated',
      'forbidden',
      'not_found',
      'conflict',
      'unsupported_media_type',
      'rate_limited',
      'idempotency_key_reused',
    ])
      assert.ok(codes.includes(code), code)
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (status.startsWith('4'))
          assert.equal(
            response.content?.['application/json']?.schema.$ref,
            '#/components/schemas/Error',
            `${method} ${path} ${status}`,
          )
      }
    }
  })

  it('declares the 4xx each operation can answer, from its action rule and its schema', () => {
    const statuses = (method: string, path: string) =>
      Object.keys(operation(method, path).responses)
        .filter(s => s.startsWith('4'))
        .sort()
    assert.deepEqual(statuses('post', '/api/v1/people'), ['400', '401', '403', '409', '413', '415', '422'])
    assert.deepEqual(statuses('get', '/api/v1/people/{id}'), ['400', '401', '403', '404'])
    assert.deepEqual(statuses('patch', '/api/v1/people/{id}'), ['400', '401', '403', '404', '409', '413', '415'])
    assert.deepEqual(statuses('get', '/api/v1/me'), ['401'])
    assert.deepEqual(statuses('post', '/api/v1/auth/token'), ['400', '413', '415', '429'])
  })

  it('needs no token for the token route and the document itself, and a bearer token for everything else', () => {
    assert.deepEqual(operation('post', '/api/v1/auth/token').security, [])
    assert.deepEqual(operation('get', '/api/v1/openapi.json').security, [])
    const others = operations.filter(({ path }) => path !== '/api/v1/auth/token' && path !== '/api/v1/openapi.json')
    // An operation without its own security takes the document's, which is bearer.
    assert.ok(others.every(({ op }) => op.security === undefined))
  })

  it('declares X-Total-Count on paged lists, Location and Idempotency-Key on creating POSTs, rate-limit headers where rate-limited', () => {
    for (const path of ['/api/v1/people', '/api/v1/referrals', '/api/v1/cases/{id}/chronology'])
      assert.ok(operation('get', path).responses['200']?.headers?.['X-Total-Count'], path)
    for (const path of ['/api/v1/people', '/api/v1/cases', '/api/v1/concerns', '/api/v1/cases/{id}/chronology']) {
      assert.ok(operation('post', path).responses['201']?.headers?.Location, path)
      assert.ok(
        operation('post', path).parameters?.some(p => p.in === 'header' && p.name === 'Idempotency-Key'),
        path,
      )
    }
    assert.ok(operation('post', '/api/v1/auth/token').responses['429']?.headers?.['Retry-After'])
    assert.ok(operation('post', '/api/v1/auth/token').responses['201']?.headers?.['X-RateLimit-Limit'])
  })
})

describe('conventions', () => {
  it('answers a creating POST with 201 and the Location of what was created', async () => {
    const person = await call(sw, 'POST', '/api/v1/people', {
      givenName: 'Ivy',
      familyName: 'Locationchild',
      dateOfBirth: '2018-04-02',
      sex: 'female',
    })
    assert.equal(person.statusCode, 201)
    const { id } = person.json<{ id: string }>()
    assert.equal(person.headers.location, `/api/v1/people/${id}`)
    assert.equal((await call(sw, 'GET', person.headers.location ?? '')).statusCode, 200)
    const kase = await call(sw, 'POST', '/api/v1/cases', { title: 'Location case', childIds: [id] })
    assert.equal(kase.headers.location, `/api/v1/cases/${kase.json<{ id: string }>().id}`)
    const added = await call(sw, 'POST', `/api/v1/cases/${kase.json<{ id: string }>().id}/chronology`, {
      kind: 'visit.home',
      occurredAt: '2026-11-20T10:00:00Z',
      summary: 'Seen at home.',
    })
    assert.equal(
      added.headers.location,
      `/api/v1/cases/${kase.json<{ id: string }>().id}/chronology/${added.json<{ id: string }>().id}`,
    )
    assert.equal(
      (await call(sw, 'GET', added.headers.location ?? '')).json<{ summary: string }>().summary,
      'Seen at home.',
    )
  })

  it('sends Cache-Control: no-store on every API response', async () => {
    for (const url of [
      '/api/v1/me',
      '/api/v1/agencies',
      '/api/v1/openapi.json',
      '/api/v1/people?q=Ivy',
      '/api/v1/referrals',
    ]) {
      const response = await call(sw, 'GET', url)
      assert.equal(response.headers['cache-control'], 'no-store', url)
    }
  })

  it('pages a people search with limit and offset, says the total in X-Total-Count and bounds limit', async () => {
    const familyName = 'Pagedsurnameton'
    for (let i = 0; i < 3; i++) await child(sw, familyName)
    const first = await call(sw, 'GET', `/api/v1/people?q=${familyName}&limit=2`)
    assert.equal(first.statusCode, 200)
    assert.equal(first.headers['x-total-count'], '3')
    assert.equal(first.json<unknown[]>().length, 2)
    const rest = await call(sw, 'GET', `/api/v1/people?q=${familyName}&limit=2&offset=2`)
    assert.equal(rest.json<unknown[]>().length, 1)
    assert.equal(
      new Set([...first.json<{ id: string }[]>(), ...rest.json<{ id: string }[]>()].map(p => p.id)).size,
      3,
      'the pages do not overlap',
    )
    const tooMany = await call(sw, 'GET', `/api/v1/people?q=${familyName}&limit=100000`)
    assert.equal(tooMany.statusCode, 400)
    assert.ok(tooMany.json<ErrorBody>().error.fields?.limit)
  })

  it('pages the referrals awaiting a decision, with the total in X-Total-Count', async () => {
    for (let i = 0; i < 2; i++)
      await created(
        call(sw, 'POST', '/api/v1/concerns', {
          childId: (await child(sw)).id,
          description: 'Bruising seen at school drop-off.',
        }),
      )
    const all = await call(frontDoor, 'GET', '/api/v1/referrals?limit=200')
    const total = Number(all.headers['x-total-count'])
    assert.ok(total >= 2)
    assert.equal(all.json<unknown[]>().length, total)
    const one = await call(frontDoor, 'GET', '/api/v1/referrals?limit=1&offset=1')
    assert.equal(one.headers['x-total-count'], String(total))
    assert.deepEqual(one.json<unknown[]>(), all.json<unknown[]>().slice(1, 2))
  })

  it('refuses a body that is not JSON with 415, and saves nothing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { ...bearer(sw), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'givenName=Ivy&familyName=Formencodedchild&dateOfBirth=2018-04-02&sex=female',
    })
    assert.equal(response.statusCode, 415)
    assert.equal(response.json<ErrorBody>().error.code, 'unsupported_media_type')
    const saved = await asSystem(() =>
      db.selectFrom('people').select('id').where('familyName', '=', 'Formencodedchild').execute(),
    )
    assert.equal(saved.length, 0)
  })

  it('answers a wrong method on a known address with 405 and Allow, on the API and on pages', async () => {
    const api = await call(sw, 'DELETE', '/api/v1/people')
    assert.equal(api.statusCode, 405)
    assert.equal(api.json<ErrorBody>().error.code, 'method_not_allowed')
    assert.deepEqual(String(api.headers.allow).split(', ').sort(), ['GET', 'HEAD', 'POST'])
    const pageResponse = await app.inject({ method: 'DELETE', url: '/sign-in' })
    assert.equal(pageResponse.statusCode, 405)
    assert.match(String(pageResponse.headers.allow), /GET/)
    assert.equal((await call(sw, 'GET', '/api/v1/no-such-thing')).statusCode, 404, 'an unknown address is still 404')
  })
})

describe('Idempotency-Key', () => {
  const concern = async (
    token: string,
    key: string,
    childId: string,
    description = 'Said she was hungry most mornings.',
  ) => call(token, 'POST', '/api/v1/concerns', { childId, description }, { 'idempotency-key': key })
  const referralsFor = (childId: string) =>
    asSystem(() => db.selectFrom('referrals').select('id').where('childId', '=', childId).execute())

  it('replays the first answer to a retried creating POST and creates nothing more', async () => {
    const { id } = await child(sw)
    const first = await concern(sw, 'retry-1', id)
    const again = await concern(sw, 'retry-1', id)
    assert.equal(first.statusCode, 201)
    assert.equal(again.statusCode, 201)
    assert.equal(again.headers['idempotent-replayed'], 'true')
    assert.equal(first.headers['idempotent-replayed'], undefined)
    assert.deepEqual(again.json(), first.json())
    assert.equal((await referralsFor(id)).length, 1, 'one referral, not two')
  })

  it('refuses the same key with a different body, naming the header', async () => {
    const { id } = await child(sw)
    assert.equal((await concern(sw, 'reused-1', id)).statusCode, 201)
    const other = await concern(sw, 'reused-1', id, 'Something else entirely.')
    assert.equal(other.statusCode, 422)
    assert.equal(other.json<ErrorBody>().error.code, 'idempotency_key_reused')
    assert.ok(other.json<ErrorBody>().error.fields?.['Idempotency-Key'])
    assert.equal((await referralsFor(id)).length, 1)
  })

  it('lets only one of two concurrent requests with one key run', async () => {
    const { id } = await child(sw)
    const answers = await Promise.all([concern(sw, 'race-1', id), concern(sw, 'race-1', id), concern(sw, 'race-1', id)])
    assert.ok(
      answers.every(a => a.statusCode === 201 || a.statusCode === 409),
      answers.map(a => a.statusCode).join(),
    )
    assert.equal((await referralsFor(id)).length, 1)
  })

  it('keeps each caller’s keys apart, and forgets a key after 24 hours', async () => {
    const { id } = await child(sw)
    assert.equal((await concern(sw, 'shared-1', id)).statusCode, 201)
    const southChild = await child(south)
    const theirs = await concern(south, 'shared-1', southChild.id)
    assert.equal(theirs.statusCode, 201)
    assert.equal(theirs.headers['idempotent-replayed'], undefined, 'another user’s key is not this one')
    // A day and an hour later (moved in the table: moving the clock would end the test's tokens too).
    await asSystem(() =>
      db
        .updateTable('idempotencyKeys')
        .set({ createdAt: new Date(clock().getTime() - 25 * 3_600_000) })
        .where('key', '=', 'shared-1')
        .execute(),
    )
    const later = await concern(sw, 'shared-1', id)
    assert.equal(later.headers['idempotent-replayed'], undefined)
    assert.equal((await referralsFor(id)).length, 2)
  })

  it('forgets a refused request, so the corrected one can use the same key', async () => {
    const { id } = await child(sw)
    assert.equal(
      (await call(sw, 'POST', '/api/v1/concerns', { childId: id, description: '' }, { 'idempotency-key': 'fix-1' }))
        .statusCode,
      400,
    )
    assert.equal((await concern(sw, 'fix-1', id)).statusCode, 201)
  })
})

describe('an API request is known by its route', () => {
  it('never takes a session cookie on an API route, however its address is spelt', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    for (const url of ['/api/v1/me', '/%61pi/v1/me', '/api/v1/%6de']) {
      const response = await app.inject({ url, headers: { cookie } })
      assert.equal(response.statusCode, 401, url)
      assert.equal(response.json<ErrorBody>().error.code, 'unauthenticated', url)
    }
    const byToken = await app.inject({ url: '/%61pi/v1/me', headers: bearer(sw) })
    assert.equal(byToken.statusCode, 200)
    assert.equal(byToken.headers['cache-control'], 'no-store')
  })

  it('never takes a bearer token on a page', async () => {
    const response = await app.inject({ url: '/people', headers: bearer(sw) })
    assert.equal(response.statusCode, 303)
    assert.match(String(response.headers.location), /^\/sign-in/)
  })
})

describe('chronology ids', () => {
  it('are opaque uuids in the API and in the pages’ links', async () => {
    const kase = await openCase(sw, (await child(sw)).id)
    const added = await entry(sw, kase.id)
    assert.match(added.id, UUID)
    const listed = (await call(sw, 'GET', `/api/v1/cases/${kase.id}/chronology`)).json<{ id: unknown }[]>()
    assert.ok(listed.every(e => typeof e.id === 'string' && UUID.test(e.id)))
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const timeline = (await agent.get(`/cases/${kase.id}/chronology`)).body
    assert.ok(timeline.includes(`/cases/${kase.id}/chronology/${added.id}/visibility`))
    assert.doesNotMatch(timeline, /\/chronology\/\d+\/visibility/)
  })
})

describe('another partnership’s records', () => {
  it('are 404 on every route that names one, page and API alike', async () => {
    // Southvale's records, as Northshire users whose roles allow each action.
    const theirChild = await child(south)
    const theirCase = await openCase(south, theirChild.id)
    const theirEntry = await entry(south, theirCase.id)
    const theirConcern = await created<{ referralId: string }>(
      call(south, 'POST', '/api/v1/concerns', { childId: theirChild.id, description: 'Seen with a bruise.' }),
    )
    const theirAddress = await created<{ id: string }>(
      call(south, 'POST', `/api/v1/people/${theirChild.id}/addresses`, {
        line1: '1 Faraway Lane',
        town: 'Southholm',
        from: '2020-01-01',
        confidential: false,
      }),
    )
    const ids: Record<string, string> = {
      addressId: theirAddress.id,
      eventId: theirEntry.id,
      memberId: theirCase.team[0]?.id ?? '',
      personId: theirChild.id,
    }
    const idFor = (action: string) =>
      action.startsWith('person')
        ? theirChild.id
        : action.startsWith('referral')
          ? theirConcern.referralId
          : theirCase.id
    const who = (action: string) => {
      const roles: readonly string[] = ACTIONS[action]?.roles ?? []
      return roles.includes('social_worker')
        ? 'sw@csc.example'
        : roles.includes('front_door')
          ? 'mash@csc.example'
          : roles.includes('auditor')
            ? 'auditor@partnership.example'
            : null
    }
    const agents = new Map<string, Agent>()
    const tokens = new Map<string, string>()
    const wrong: string[] = []
    const routes = app.lantern.routes.filter(r => r.url.includes('/:') && r.method !== 'HEAD')
    assert.ok(routes.length > 30)
    for (const route of routes) {
      const email = who(route.action)
      if (!email) continue
      const url = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
        name === 'id' ? idFor(route.action) : (ids[name] ?? ''),
      )
      let response: LightMyRequestResponse
      if (route.url.startsWith('/api/')) {
        if (!tokens.has(email)) tokens.set(email, await apiToken(app, email))
        // A body that would pass validation where the route checks the record only after it (a referral decision).
        const body =
          route.method === 'GET' || route.method === 'DELETE'
            ? undefined
            : route.action === 'referral.decide'
              ? { version: 1, decision: 'early_help', rationale: 'Early help is the right support for now.' }
              : {}
        response = await call(tokens.get(email) ?? '', route.method as 'GET', url, body)
      } else {
        let agent = agents.get(email)
        if (!agent) {
          agent = new Agent(app)
          await agent.signIn(email)
          agents.set(email, agent)
        }
        await agent.get('/')
        response = route.method === 'GET' ? await agent.get(url) : await agent.post(url, {})
      }
      if (response.statusCode !== 404) wrong.push(`${route.method} ${route.url}: ${String(response.statusCode)}`)
    }
    // Pages that name a child in the query or the form rather than the path.
    const agent = agents.get('sw@csc.example') ?? new Agent(app)
    for (const url of [`/cases/new?childId=${theirChild.id}`, `/concerns/new?childId=${theirChild.id}`]) {
      const response = await agent.get(url)
      if (response.statusCode !== 404) wrong.push(`GET ${url}: ${String(response.statusCode)}`)
    }
    for (const url of ['/cases', '/concerns']) {
      await agent.get('/')
      const response = await agent.post(url, { childId: theirChild.id, title: 'Not theirs', description: 'Not theirs' })
      if (response.statusCode !== 404) wrong.push(`POST ${url} with their child: ${String(response.statusCode)}`)
    }
    assert.deepEqual(wrong, [])
  })
})
