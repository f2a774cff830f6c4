import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import createClient from 'openapi-fetch'
import type { paths } from './api-schema.d.ts'
import { DEMO_PASSWORD, testApp } from './helpers.ts'

// An integrating system's view: a client generated from the OpenAPI document (openapi-typescript writes
// test/api-schema.d.ts; npm test fails when it drifts from the document) talks to the real app over HTTP.
// That this file type-checks is half the test: a route whose schema changes without the document fails here.

const { app } = await testApp()
const address = await app.listen({ port: 0, host: '127.0.0.1' })
after(() => app.close())
const client = createClient<paths>({ baseUrl: address })

describe('a client generated from the OpenAPI document', () => {
  it('records a child, opens a case about them, adds to the chronology and reads it back', async () => {
    const token = await client.POST('/api/v1/auth/token', {
      body: { email: 'sw@csc.example', password: DEMO_PASSWORD },
    })
    assert.ok(token.data, JSON.stringify(token.error))
    const headers = { authorization: `Bearer ${token.data.token}` }

    const person = await client.POST('/api/v1/people', {
      headers,
      body: { givenName: 'Juniper', familyName: 'Clientchild', dateOfBirth: '2018-02-11', sex: 'female' },
    })
    assert.ok(person.data, JSON.stringify(person.error))
    assert.equal(person.response.headers.get('location'), `/api/v1/people/${person.data.id}`)

    const kase = await client.POST('/api/v1/cases', {
      headers,
      body: { title: 'Juniper at home', childIds: [person.data.id] },
    })
    assert.ok(kase.data, JSON.stringify(kase.error))
    const caseId = kase.data.id

    const entry = await client.POST('/api/v1/cases/{id}/chronology', {
      headers: { ...headers, 'Idempotency-Key': `visit-${caseId}` },
      params: { path: { id: caseId } },
      body: {
        kind: 'visit.home',
        occurredAt: '2026-11-24T14:00:00Z',
        summary: 'Home visit: Juniper showed me her drawings.',
        childId: person.data.id,
      },
    })
    assert.ok(entry.data, JSON.stringify(entry.error))

    const one = await client.GET('/api/v1/cases/{id}/chronology/{eventId}', {
      headers,
      params: { path: { id: caseId, eventId: entry.data.id } },
    })
    // Typed by the document: were `summary` or `id` to change type there, this would not compile.
    const summary: string | undefined = one.data?.summary
    const id: string | undefined = one.data?.id
    assert.equal(summary, 'Home visit: Juniper showed me her drawings.')
    assert.equal(id, entry.data.id)

    const timeline = await client.GET('/api/v1/cases/{id}/chronology', {
      headers,
      params: { path: { id: caseId }, query: { kind: 'visit.home', limit: 10 } },
    })
    assert.deepEqual(
      timeline.data?.map(e => e.id),
      [entry.data.id],
    )
    assert.equal(timeline.response.headers.get('x-total-count'), '1')

    const missing = await client.GET('/api/v1/cases/{id}', {
      headers,
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    })
    assert.equal(missing.error?.error.code, 'not_found', 'errors come back in the documented shape')
  })
})
