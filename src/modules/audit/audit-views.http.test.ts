import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { AuditRow } from '../../../test/types.ts'

// What auditors can prove: who searched for whom, who read a case's adults, and everything outside cases
// (sign-ins, searches, account changes), a page at a time.

const { app } = await testApp({ LANTERN_SEARCHES_PER_MINUTE: '5' })
const auditor = await apiToken(app, 'auditor@partnership.example')
const given = fixtures(app)

async function record(token: string, givenName: string, familyName: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(token),
    payload: { givenName, familyName, dateOfBirth: '2015-01-01', sex: 'unknown' },
  })
  return r.json<{ id: string }>().id
}

async function audit(query: string) {
  const r = await app.inject({ url: `/api/v1/audit?${query}`, headers: bearer(auditor) })
  assert.equal(r.statusCode, 200, r.body)
  return { rows: r.json<AuditRow[]>(), total: Number(r.headers['x-total-count']) }
}

describe('searches', () => {
  it('are audited with what was searched for and whom they found', async () => {
    const sw = await apiToken(app, 'sw@csc.example')
    const child = await record(sw, 'Saffron', 'Searchedfor')
    const r = await app.inject({
      url: '/api/v1/people?q=Saffron%20Searchedfor&dateOfBirth=2015-01-01',
      headers: bearer(sw),
    })
    assert.equal(r.statusCode, 200)
    const { rows } = await audit('action=people.search')
    const row = rows.find(x => JSON.stringify(x.detail).includes('Searchedfor'))
    assert.deepEqual((row?.detail as { terms: unknown }).terms, { q: 'Saffron Searchedfor', dateOfBirth: '2015-01-01' })
    assert.deepEqual((row?.detail as { resultIds: string[] }).resultIds, [child])
  })

  it('are limited per user, not per address, and one user’s limit leaves others searching', async () => {
    // Users of this test's own: the limit counts every search a user makes in the minute, and the clock stands still.
    const dsl = await given.apiToken(await given.user('designated_safeguarding_lead'))
    const answers: number[] = []
    for (let i = 0; i < 6; i++)
      answers.push(
        (
          await app.inject({
            url: `/api/v1/people?dateOfBirth=2015-01-0${String(i + 1)}`,
            headers: bearer(dsl),
            remoteAddress: `10.9.9.${String(i + 1)}`,
          })
        ).statusCode,
      )
    assert.deepEqual(answers, [200, 200, 200, 200, 200, 429])
    const nurse = await given.apiToken(await given.user('health_practitioner'))
    assert.equal(
      (await app.inject({ url: '/api/v1/people?dateOfBirth=2015-01-01', headers: bearer(nurse) })).statusCode,
      200,
    )
  })
})

describe("a case's audit", () => {
  it("includes reads of the case's adults and the searches that found its people", async () => {
    const sw = await apiToken(app, 'sw@csc.example')
    const child = await record(sw, 'Juniper', 'Audittrail')
    const adult = await record(sw, 'Hawthorn', 'Audittrail')
    const kase = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer(sw),
        payload: { title: 'Audited', childIds: [child], people: [{ personId: adult, role: 'parent' }] },
      })
    ).json<{ id: string }>().id
    const front = await apiToken(app, 'mash@csc.example')
    assert.equal((await app.inject({ url: `/api/v1/people/${adult}`, headers: bearer(front) })).statusCode, 200)
    assert.equal(
      (await app.inject({ url: '/api/v1/people?q=Juniper%20Audittrail', headers: bearer(front) })).statusCode,
      200,
    )
    const { rows } = await audit(`caseId=${kase}`)
    assert.ok(
      rows.some(r => r.action === 'person.read' && r.objectId === adult && r.email === 'mash@csc.example'),
      'the read of the adult',
    )
    assert.ok(
      rows.some(r => r.action === 'people.search' && r.email === 'mash@csc.example'),
      'the search that found the child',
    )
  })

  it('shows those rows on the case audit page, with the search terms', async () => {
    const sw = await apiToken(app, 'sw@csc.example')
    const child = await record(sw, 'Rowan', 'Auditpage')
    const kase = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer(sw),
        payload: { title: 'Audited page', childIds: [child] },
      })
    ).json<{ id: string }>().id
    const front = await apiToken(app, 'mash@csc.example')
    await app.inject({ url: '/api/v1/people?q=Rowan%20Auditpage', headers: bearer(front) })
    const agent = new Agent(app)
    await agent.signIn('auditor@partnership.example')
    const r = await agent.get(`/cases/${kase}/audit`)
    assert.equal(r.statusCode, 200)
    assert.match(page(r)('table').text(), /Searched for “Rowan Auditpage” \(found 1 person\)/)
  })
})

describe('the whole log', () => {
  it('gives auditors rows outside any case, such as sign-ins, a page at a time with the total', async () => {
    for (const who of ['sw@csc.example', 'tm@csc.example', 'dc@police.example'] as const) await given.agent(who)
    const first = await audit('action=signIn.&limit=2')
    assert.equal(first.rows.length, 2)
    assert.ok(first.total > 2)
    assert.ok(first.rows.every(r => r.action.startsWith('signIn.')))
    const second = await audit('action=signIn.&limit=2&offset=2')
    assert.notDeepEqual(second.rows, first.rows)
  })

  it('shows the log on a page an auditor can filter by person, and records that they read it', async () => {
    await given.agent('sw@csc.example')
    const agent = new Agent(app)
    await agent.signIn('auditor@partnership.example')
    const all = page(await agent.get('/audit'))
    const sw =
      all('select[name="userId"] option')
        .filter((_, o) => all(o).text().includes('sw@csc.example'))
        .attr('value') ?? ''
    const r = await agent.get(`/audit?userId=${sw}&activity=signIn`)
    assert.equal(r.statusCode, 200)
    const rows = page(r)('tbody tr')
    assert.ok(rows.length > 0)
    rows.each((_, row) => {
      assert.match(page(r)(row).text(), /sw@csc\.example[\s\S]*(to sign in|signed out|stayed signed in)/i)
    })
    const { rows: reads } = await audit('action=audit.search')
    assert.ok(reads.some(x => JSON.stringify(x.detail).includes(sw)))
  })

  it('is refused to anyone but an auditor', async () => {
    const sw = await apiToken(app, 'sw@csc.example')
    assert.equal((await app.inject({ url: '/api/v1/audit', headers: bearer(sw) })).statusCode, 403)
  })
})
