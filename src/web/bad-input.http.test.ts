import assert from 'node:assert/strict'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { buildApp } from '../app.ts'
import { asSystem } from '../db/context.ts'
import { AuditEntryRefused, createAuditLog } from '../modules/audit/log.ts'
import { Agent, apiToken, bearer, confirmationForm, page, testApp } from '../../test/helpers.ts'
import { fixtures } from '../../test/given.ts'
import type { ErrorBody } from '../../test/types.ts'

// Issue 8, items 8 to 10: one caller's bad input never harms another, and every bad input is a clear 4xx.

const { app, handle, clock, config } = await testApp()
const db = handle.db
const given = fixtures(app)
const sw = await apiToken(app, 'sw@csc.example')
const mash = await apiToken(app, 'mash@csc.example')

const post = (url: string, payload: unknown, token = sw) =>
  app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as Record<string, unknown> })
const fieldsOf = (r: { json: () => unknown }) => Object.keys((r.json() as ErrorBody).error.fields ?? {})

async function person(body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const r = await post('/api/v1/people', body)
  assert.equal(r.statusCode, 201, r.body)
  return r.json()
}
const child = await person({ givenName: 'Sorrel', familyName: 'Inputbury', dateOfBirth: '2017-05-05', sex: 'female' })
const adult = await person({ givenName: 'Bryony', familyName: 'Inputbury', dateOfBirth: '1990-02-02', sex: 'female' })
const opened = await post('/api/v1/cases', {
  title: 'Bad input case',
  childIds: [child.id],
  people: [{ personId: adult.id, role: 'parent' }],
})
const kase = opened.json<{ id: string }>()

const count = async (table: 'people' | 'cases' | 'chronologyEvents') =>
  Number(
    (
      await asSystem(() =>
        db
          .selectFrom(table)
          .select(eb => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow(),
      )
    ).n,
  )

describe('one caller never harms another', () => {
  it("commits everyone else's audit rows when one request sends a NUL in an id", async () => {
    const before = Number(
      (
        await asSystem(() =>
          db
            .selectFrom('auditLog')
            .select(eb => eb.fn.countAll().as('n'))
            .where('action', '=', 'person.read')
            .where('objectId', '=', child.id)
            .executeTakeFirstOrThrow(),
        )
      ).n,
    )
    const good = Array.from({ length: 12 }, () =>
      app.inject({ url: `/api/v1/people/${child.id}`, headers: bearer(sw) }),
    )
    const poisoned = [
      app.inject({ url: '/api/v1/referrals/%00', headers: bearer(mash) }),
      app.inject({ url: '/api/v1/people/%00', headers: bearer(sw) }),
    ]
    const [goods, bads] = [await Promise.all(good), await Promise.all(poisoned)]
    assert.deepEqual(
      goods.map(r => r.statusCode),
      goods.map(() => 200),
    )
    for (const bad of bads) assert.ok(bad.statusCode >= 400 && bad.statusCode < 500, `${bad.statusCode} ${bad.body}`)
    await app.lantern.audit.drain()
    const after = Number(
      (
        await asSystem(() =>
          db
            .selectFrom('auditLog')
            .select(eb => eb.fn.countAll().as('n'))
            .where('action', '=', 'person.read')
            .where('objectId', '=', child.id)
            .executeTakeFirstOrThrow(),
        )
      ).n,
    )
    assert.equal(after - before, 12)
  })

  it('refuses an audit entry it cannot store on its own, and commits the others of its batch', async () => {
    const audit = createAuditLog(db)
    const partnershipId = (
      await asSystem(() => db.selectFrom('partnerships').select('partnershipId').executeTakeFirstOrThrow())
    ).partnershipId
    const entry = (objectId: string, at = clock()) =>
      audit.record({ partnershipId, action: 'test.isolation', objectType: 'test', objectId, at })
    const results = await Promise.allSettled([
      entry('first-good'),
      entry('nul\u0000id'),
      entry('lone\uD800surrogate'),
      entry('second-good'),
      // Passes the checks but the database refuses it (a year PostgreSQL cannot hold): only it fails.
      entry('far-future', new Date(8.64e15)),
      entry('third-good'),
    ])
    assert.deepEqual(
      results.map(r => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled'],
    )
    assert.ok((results[1] as PromiseRejectedResult).reason instanceof AuditEntryRefused)
    const rows = await asSystem(() =>
      db.selectFrom('auditLog').select('objectId').where('action', '=', 'test.isolation').execute(),
    )
    assert.deepEqual(rows.map(r => r.objectId).sort(), ['first-good', 'second-good', 'third-good'])
  })
})

describe('dates that make sense, read back as written', () => {
  const entry = (occurredAt: string) =>
    post(`/api/v1/cases/${kase.id}/chronology`, { kind: 'note', occurredAt, summary: 'Spoke to the family.' })

  it('refuses a chronology entry dated before 1900, naming occurredAt, and saves nothing', async () => {
    const before = await count('chronologyEvents')
    for (const when of ['0030-06-01T10:00:00Z', '1899-12-31T23:59:59Z']) {
      const r = await entry(when)
      assert.equal(r.statusCode, 400, when)
      assert.deepEqual(fieldsOf(r), ['occurredAt'])
    }
    assert.equal(await count('chronologyEvents'), before)
    assert.equal(
      (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(sw) })).statusCode,
      200,
    )
  })

  it('reads back a timestamp of a small year as that year, not a year of the 1900s or 2000s', async () => {
    const { rows } = await sql<{
      at: Date
      day: string
    }>`select '0049-06-01T10:00:00Z'::timestamptz as at, '0049-06-01'::date as day`.execute(db)
    const [row] = rows
    assert.ok(row)
    assert.equal(row.at.toISOString(), '0049-06-01T10:00:00.000Z')
    assert.equal(row.day, '0049-06-01')
  })

  it('guards the database too: a chronology entry or a birth before 1900 is refused by a check constraint', async () => {
    await assert.rejects(
      asSystem(() =>
        sql`update chronology_events set occurred_at = '1850-01-01T00:00:00Z' where case_id = ${kase.id}`.execute(db),
      ),
      /check constraint/,
    )
    await assert.rejects(
      asSystem(() => sql`update people set date_of_birth = '1850-01-01' where id = ${child.id}`.execute(db)),
      /check constraint/,
    )
  })

  it('answers 201 with the entry for a write that committed', async () => {
    const r = await entry('1900-01-01T00:00:00Z')
    assert.equal(r.statusCode, 201, r.body)
    assert.equal(r.json<{ occurredAt: string }>().occurredAt, '1900-01-01T00:00:00.000Z')
  })
})

describe('every bad input a clear 4xx naming the field', () => {
  it('refuses a NUL character in a body field, naming it, and saves nothing', async () => {
    const before = await count('people')
    const r = await post('/api/v1/people', { givenName: 'Ros\u0000a', familyName: 'Nullish', sex: 'female' })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['givenName'])
    assert.equal(await count('people'), before)
  })

  it('refuses a lone surrogate in a nested body field, naming it', async () => {
    const r = await post('/api/v1/people', {
      givenName: 'Rosa',
      familyName: 'Halfpair',
      sex: 'female',
      otherNames: ['ok', 'bad\uDC00'],
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['otherNames.1'])
  })

  it('refuses a NUL character in a query, naming the parameter', async () => {
    const r = await app.inject({ url: '/api/v1/people?q=a%00b', headers: bearer(sw) })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['q'])
  })

  it('refuses a NUL character in a form on a page with a 400 page, not a 500', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get('/people/new')
    const r = await agent.post('/people', { givenName: 'Ros\u0000a', familyName: 'Nullish', sex: 'female' })
    assert.equal(r.statusCode, 400)
  })

  it('refuses an impossible date of birth in a search, naming dateOfBirth', async () => {
    const r = await app.inject({ url: '/api/v1/people?dateOfBirth=2019-02-30', headers: bearer(sw) })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['dateOfBirth'])
  })

  it('refuses a version above what the column holds, naming version', async () => {
    const r = await app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${child.id}`,
      headers: bearer(sw),
      payload: { version: 2_147_483_648, givenName: 'Sorrel' },
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['version'])
  })

  it('refuses the same adult in the same role twice on a new case, naming people', async () => {
    const before = await count('cases')
    const r = await post('/api/v1/cases', {
      title: 'Twice',
      childIds: [child.id],
      people: [
        { personId: adult.id, role: 'parent' },
        { personId: adult.id, role: 'parent' },
      ],
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['people'])
    assert.equal(await count('cases'), before)
  })

  it('answers 404 for a referral id that is not a uuid', async () => {
    const r = await app.inject({ url: '/api/v1/referrals/not-a-uuid', headers: bearer(mash) })
    assert.equal(r.statusCode, 404, r.body)
    assert.equal(r.json<ErrorBody>().error.code, 'not_found')
  })

  it('answers 404 for an asset path climbing out of the assets', async () => {
    // Over a real socket: app.inject would tidy the `..` away before the router saw it.
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const statusOf = (path: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path }, res => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
          .on('error', reject)
          .end()
      })
    for (const path of [
      '/assets/../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/lantern/..%2f..%2fapp.ts',
      '/assets/lantern/..',
      '/assets/..%5c..%5cpackage.json',
      `/assets/${'a'.repeat(5000)}`,
    ]) {
      assert.equal(await statusOf(path), 404, path.slice(0, 60))
    }
  })

  it('refuses text of only spaces past its limit, rather than dropping it', async () => {
    const r = await post('/api/v1/cases', { title: ' '.repeat(201), childIds: [child.id] })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['title'])
    const p = await post('/api/v1/people', {
      givenName: 'Rosa',
      familyName: 'Spacey',
      sex: 'female',
      communicationNeeds: ' '.repeat(2001),
    })
    assert.equal(p.statusCode, 400, p.body)
    assert.deepEqual(fieldsOf(p), ['communicationNeeds'])
  })

  it('names an unexpected field called constructor or toString', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { ...bearer(sw), 'content-type': 'application/json' },
      payload: '{"givenName":"Rosa","familyName":"Protoe","sex":"female","constructor":1,"toString":2}',
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r).sort(), ['constructor', 'toString'])
  })

  it('names agencyId or userId, not _, when a team member is not a uuid', async () => {
    for (const field of ['agencyId', 'userId']) {
      const r = await post(`/api/v1/cases/${kase.id}/members`, { [field]: 'nope' })
      assert.equal(r.statusCode, 400, r.body)
      assert.deepEqual(fieldsOf(r), [field])
    }
    const neither = await post(`/api/v1/cases/${kase.id}/members`, {})
    assert.equal(neither.statusCode, 400)
    assert.ok(!fieldsOf(neither).includes('_'), neither.body)
  })

  it('answers an over-long path parameter in the API error format', async () => {
    const r = await app.inject({ url: `/api/v1/people/${'a'.repeat(500)}`, headers: bearer(sw) })
    assert.ok(r.statusCode === 404 || r.statusCode === 400 || r.statusCode === 414, String(r.statusCode))
    assert.ok(r.json<ErrorBody>().error.code, r.body)
  })

  it('refuses sealedFor with any visibility but sealed, naming sealedFor', async () => {
    const r = await post(`/api/v1/cases/${kase.id}/chronology`, {
      kind: 'note',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'Seen at school.',
      visibility: 'normal',
      sealedFor: [adult.id],
    })
    assert.equal(r.statusCode, 400, r.body)
    assert.deepEqual(fieldsOf(r), ['sealedFor'])
  })

  it('on the page, will not open up a sealed entry while its people are still ticked, and opens it once unticked', async () => {
    // A case of its own: sealing for the team manager means putting her on the team.
    const tm = await given.userId('tm@csc.example')
    const { kase } = await given.childInCase({ members: ['tm@csc.example'] })
    const sealed = await given.entry(kase, {
      occurredAt: '2026-11-24T11:00:00Z',
      summary: 'Held back.',
      visibility: 'sealed',
      sealedFor: [tm],
    })
    const eventId = sealed.id
    const agent = await given.agent('sw@csc.example')
    const url = `/cases/${kase.id}/chronology/${eventId}/visibility`
    await agent.get(url)
    // Issue 11: names left ticked with another choice are refused, never silently dropped.
    const refused = await agent.post(url, {
      visibility: 'normal',
      sealedFor: [tm],
      reason: 'The family agreed it can be shared.',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('#visibility-error').text(), /You named people who may read it/)
    assert.equal(page(refused)('#reason').val(), 'The family agreed it can be shared.')
    const asked = await agent.post(url, { visibility: 'normal', reason: 'The family agreed it can be shared.' })
    assert.equal(asked.statusCode, 200, 'opening it up is confirmed first')
    const confirm = confirmationForm(asked)
    const opened = await agent.post(confirm.action, confirm.fields)
    assert.equal(opened.statusCode, 303, opened.body.slice(0, 200))
  })

  it('leaves the version alone when a correction changes nothing', async () => {
    const current = (await app.inject({ url: `/api/v1/people/${adult.id}`, headers: bearer(sw) })).json<{
      version: number
      givenName: string
    }>()
    for (const payload of [{ version: current.version }, { version: current.version, givenName: current.givenName }]) {
      const r = await app.inject({ method: 'PATCH', url: `/api/v1/people/${adult.id}`, headers: bearer(sw), payload })
      assert.equal(r.statusCode, 200, r.body)
      assert.equal(r.json<{ version: number }>().version, current.version)
    }
  })

  it('never copies what was sent into the log', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString())
        callback()
      },
    })
    const logged = await buildApp({ db, config, clock, logger: { level: 'info', stream } })
    await logged.ready()
    try {
      await logged.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: bearer(sw),
        payload: { givenName: 'Secretname\u0000', familyName: 'Hiddenfamily', sex: 'female', secretKeyName: 1 },
      })
      await logged.inject({
        method: 'POST',
        url: '/api/v1/people',
        headers: bearer(sw),
        payload: { givenName: 'Secretname', familyName: 'Hiddenfamily', sex: 'female', secretKeyName: 1 },
      })
      await logged.inject({ url: '/api/v1/people?q=Secretname%00', headers: bearer(sw) })
      await logged.inject({ url: '/api/v1/referrals/Secretname', headers: bearer(mash) })
    } finally {
      await logged.close()
    }
    const log = lines.join('')
    assert.ok(lines.length > 0)
    for (const secret of ['Secretname', 'Hiddenfamily', 'secretKeyName'])
      assert.ok(!log.includes(secret), `${secret} in the log`)
  })
})
