import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Agent, apiToken, bearer, page, testApp } from '../../test/helpers.ts'
import type { ErrorBody } from '../../test/types.ts'

const { app } = await testApp()
const admin = await apiToken(app, 'admin@partnership.example')
const worker = await apiToken(app, 'sw@csc.example')

describe('the API shell', () => {
  it('reports health', async () => {
    const response = await app.inject('/health')
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), { status: 'ok', database: 'reachable' })
  })

  it('serves an OpenAPI document of the API routes only', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>()
    assert.match(doc.openapi, /^3\./)
    for (const path of ['/api/v1/me', '/api/v1/agencies', '/api/v1/auth/token', '/api/v1/users'])
      assert.ok(doc.paths[path], path)
    assert.ok(Object.keys(doc.paths).every(p => p.startsWith('/api/')))
  })

  it('lists the agencies of the caller partnership with ids', async () => {
    const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(worker) })).json<
      { id: string; name: string; kind: string }[]
    >()
    assert.equal(agencies.length, 6)
    assert.ok(agencies.some(a => a.kind === 'police' && a.name === 'Northshire Police'))
    const south = await apiToken(app, 'sw@southvale.example')
    const theirs = (await app.inject({ url: '/api/v1/agencies', headers: bearer(south) })).json<{ name: string }[]>()
    assert.deepEqual(
      theirs.map(a => a.name),
      ["Southvale Children's Social Care"],
    )
  })

  it('answers malformed JSON with 400 invalid and changes nothing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: { ...bearer(admin), 'content-type': 'application/json' },
      payload: '{"name": "Half',
    })
    assert.equal(response.statusCode, 400)
    assert.equal(response.json<ErrorBody>().error.code, 'invalid')
  })

  it('names each bad and each unexpected field', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(admin),
      payload: { name: '', kind: 'circus', colour: 'blue' },
    })
    assert.equal(response.statusCode, 400)
    const { error } = response.json<ErrorBody>()
    assert.equal(error.code, 'invalid')
    assert.deepEqual(Object.keys(error.fields ?? {}).sort(), ['colour', 'kind', 'name'])
    assert.equal(error.fields?.colour, 'This field is not expected here')
  })

  it('refuses an oversized body with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(admin),
      payload: { name: 'x'.repeat(300_000), kind: 'police' },
    })
    assert.equal(response.statusCode, 413)
    assert.equal(response.json<ErrorBody>().error.code, 'payload_too_large')
  })

  it('refuses a role that may not, with 403 forbidden', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: bearer(worker),
      payload: { name: 'Rogue Agency', kind: 'police' },
    })
    assert.equal(response.statusCode, 403)
    assert.equal(response.json<ErrorBody>().error.code, 'forbidden')
  })

  it('answers an unknown API path with 404 not_found, and an unknown page with a page that leaks nothing', async () => {
    const api = await app.inject('/api/v1/nothing-here')
    assert.equal(api.statusCode, 404)
    assert.equal(api.json<ErrorBody>().error.code, 'not_found')
    const pageResponse = await app.inject('/no-such-page')
    assert.equal(pageResponse.statusCode, 404)
    assert.match(pageResponse.body, /Page not found/)
    assert.doesNotMatch(pageResponse.body, /stack|at \//)
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    assert.match(
      page(await agent.get('/no-such-page')).text(),
      /Signed in as Sam Caseworth/,
      'a signed-in user still looks signed in',
    )
  })

  it('sends security headers with a strict content security policy', async () => {
    const response = await app.inject('/sign-in')
    const csp = String(response.headers['content-security-policy'])
    assert.match(csp, /default-src 'self'/)
    assert.match(csp, /script-src 'self' 'nonce-[^']+'/)
    assert.match(csp, /frame-ancestors 'none'/)
    assert.doesNotMatch(csp, /unsafe-inline/)
    assert.equal(response.headers['x-content-type-options'], 'nosniff')
  })
})

describe('failures', () => {
  it('shows a 500 page and API body that leak nothing of the error', async () => {
    const { buildApp } = await import('../app.ts')
    const { loadConfig } = await import('../kernel/config.ts')
    const fresh = await buildApp({ db: app.lantern.db, config: loadConfig({}) })
    fresh.get('/explode', { config: { action: 'service.health' } }, () => {
      throw new Error('secret detail about Pip Examplechild')
    })
    fresh.get('/api/v1/explode', { config: { action: 'service.health' } }, () => {
      throw new Error('secret detail about Pip Examplechild')
    })
    const pageResponse = await fresh.inject('/explode')
    assert.equal(pageResponse.statusCode, 500)
    assert.match(pageResponse.body, /Sorry, there is a problem with the service/)
    assert.doesNotMatch(pageResponse.body, /secret detail|Examplechild/)
    const apiResponse = await fresh.inject('/api/v1/explode')
    assert.equal(apiResponse.statusCode, 500)
    assert.equal(apiResponse.json<ErrorBody>().error.code, 'internal')
    assert.doesNotMatch(apiResponse.body, /secret detail/)
    await fresh.close()
  })
})
