import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import type { ErrorBody } from '../../../test/types.ts'

// Need to know cannot be self-granted: opening a case, naming people on it, linking a concern or a relationship
// and breaking the glass never widen what the actor could already see.

const { app, handle, clock } = await testApp()
const db = handle.db
const sw = await apiToken(app, 'sw@csc.example')
const dc = await apiToken(app, 'dc@police.example')
const dsl = await apiToken(app, 'dsl@school.example')

/** A person recorded by children's social care: the police and the school see only that they exist. */
async function recordedBySocialCare(givenName: string, familyName: string, dateOfBirth: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(sw),
    payload: { givenName, familyName, dateOfBirth, sex: 'unknown' },
  })
  assert.equal(r.statusCode, 201)
  return r.json<{ id: string }>().id
}

async function recordedBy(token: string, givenName: string, familyName: string, dateOfBirth: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(token),
    payload: { givenName, familyName, dateOfBirth, sex: 'unknown' },
  })
  assert.equal(r.statusCode, 201)
  return r.json<{ id: string }>().id
}

async function openCase(token: string, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(token), payload: body })
}

async function caseCount(): Promise<number> {
  const { rows } = await asSystem(() => sql<{ n: number }>`select count(*)::int as n from cases`.execute(db))
  return rows[0]?.n ?? 0
}

async function relate(token: string, personId: string, otherPersonId: string, kind = 'parent') {
  return app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/relationships`,
    headers: bearer(token),
    payload: { otherPersonId, kind, livesWith: true, hasContact: true },
  })
}

describe('need to know: opening a case', () => {
  // Only children's social care opens a case (its opener leads it), so the one who may not read is a social worker,
  // and the records they may not read are those the police recorded.
  it('refuses to open a case about a child whose record the actor may not read, and writes nothing', async () => {
    const child = await recordedBy(dc, 'Ember', 'Notyoursworth', '2018-01-01')
    assert.equal((await app.inject({ url: `/api/v1/people/${child}`, headers: bearer(sw) })).statusCode, 403)
    const before = await caseCount()
    const r = await openCase(sw, { title: 'A case to see the child', childIds: [child] })
    assert.equal(r.statusCode, 403)
    assert.equal(r.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    assert.equal(await caseCount(), before)
    assert.equal((await app.inject({ url: `/api/v1/people/${child}`, headers: bearer(sw) })).statusCode, 403)
  })

  it('refuses to name an adult the actor may not read on a case about their own child', async () => {
    const child = await recordedBySocialCare('Flint', 'Socialownchild', '2016-03-03')
    const adult = await recordedBy(dc, 'Slate', 'Hiddenadult', '1979-09-09')
    const before = await caseCount()
    const r = await openCase(sw, {
      title: 'A case naming a stranger',
      childIds: [child],
      people: [{ personId: adult, role: 'other' }],
    })
    assert.equal(r.statusCode, 403)
    assert.equal(r.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    assert.equal(await caseCount(), before)
    assert.equal((await app.inject({ url: `/api/v1/people/${adult}/household`, headers: bearer(sw) })).statusCode, 403)
  })

  it('still opens a case about people the actor may read', async () => {
    const child = await recordedBySocialCare('Pyrite', 'Socialownchild', '2016-04-04')
    const adult = await recordedBySocialCare('Basalt', 'Socialownadult', '1981-04-04')
    const r = await openCase(sw, { title: 'Our own', childIds: [child], people: [{ personId: adult, role: 'parent' }] })
    assert.equal(r.statusCode, 201)
  })

  it('refuses the open-case page for a child the actor may not read, and offers a concern to the front door', async () => {
    const child = await recordedBy(dc, 'Cinder', 'Notyourspage', '2018-02-02')
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const r = await agent.get(`/cases/new?childId=${child}`)
    assert.equal(r.statusCode, 403)
    assert.equal(page(r)(`a[href="/concerns/new?childId=${child}"]`).length, 1)
  })

  it('refuses a page form that names an adult the actor may not read through an extra field', async () => {
    const child = await recordedBySocialCare('Jasper', 'Socialformchild', '2015-05-05')
    const adult = await recordedBy(dc, 'Onyx', 'Hiddenformadult', '1978-05-05')
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get(`/cases/new?childId=${child}`)
    const before = await caseCount()
    const r = await agent.post('/cases', { childId: child, title: 'Sneaky', [`role-${adult}`]: 'other' })
    assert.equal(r.statusCode, 403)
    assert.equal(await caseCount(), before)
  })

  it('lists household members the actor may not read without a role to choose', async () => {
    const child = await recordedBySocialCare('Garnet', 'Socialhouseholdchild', '2015-06-06')
    const adult = await recordedBy(dc, 'Shale', 'Hiddenhouseholdadult', '1977-06-06')
    assert.equal(
      (await relate(sw, child, adult)).statusCode,
      403,
      'a social worker may not attach someone they cannot read',
    )
    // The front door, who may read both, records the relationship.
    const front = await apiToken(app, 'mash@csc.example')
    assert.equal((await relate(front, child, adult)).statusCode, 201)
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const form = page(await agent.get(`/cases/new?childId=${child}`))
    assert.equal(form(`select[name="role-${adult}"]`).length, 0)
    assert.match(form('main').text(), /Shale Hiddenhouseholdadult/)
  })

  it('refuses a child who is also named as an adult of the same case', async () => {
    const child = await recordedBySocialCare('Quartz', 'Twiceover', '2014-07-07')
    const r = await openCase(sw, { title: 'Twice', childIds: [child], people: [{ personId: child, role: 'parent' }] })
    assert.equal(r.statusCode, 400)
    assert.ok(r.json<ErrorBody>().error.fields?.people)
  })
})

describe('need to know: around the team', () => {
  it('refuses a concern linked to a case whose team the actor is not on, without saying whether the child is on it', async () => {
    const child = await recordedBySocialCare('Mica', 'Concernlinked', '2017-08-08')
    const other = await recordedBySocialCare('Talc', 'Concernother', '2017-08-09')
    const kase = (await openCase(sw, { title: 'Linked', childIds: [child] })).json<{ id: string }>().id
    const onCase = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(dsl),
      payload: { childId: child, caseId: kase, description: 'Worried' },
    })
    const offCase = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(dsl),
      payload: { childId: other, caseId: kase, description: 'Worried' },
    })
    assert.equal(onCase.statusCode, 403)
    assert.equal(offCase.statusCode, 403)
    assert.deepEqual(onCase.json(), offCase.json())
  })

  it('refuses a concern linked to a closed case', async () => {
    const child = await recordedBySocialCare('Feldspar', 'Closedconcern', '2017-09-09')
    const kase = (await openCase(sw, { title: 'Closing', childIds: [child] })).json<{ id: string }>().id
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/cases/${kase}/close`,
          headers: bearer(sw),
          payload: { reason: 'No further concerns after the assessment' },
        })
      ).statusCode,
      200,
    )
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(sw),
      payload: { childId: child, caseId: kase, description: 'Worried again' },
    })
    assert.equal(r.statusCode, 400)
    assert.ok(r.json<ErrorBody>().error.fields?.caseId)
  })

  it('refuses two people recorded as each other’s parent', async () => {
    const a = await recordedBySocialCare('Agate', 'Loopparent', '1990-01-01')
    const b = await recordedBySocialCare('Beryl', 'Loopparent', '2012-01-01')
    assert.equal((await relate(sw, a, b)).statusCode, 201)
    const r = await relate(sw, b, a)
    assert.equal(r.statusCode, 400)
    assert.ok(r.json<ErrorBody>().error.fields?.otherPersonId)
  })

  it('refuses team and visibility changes on a closed case', async () => {
    const child = await recordedBySocialCare('Zircon', 'Closedteam', '2016-10-10')
    const kase = (await openCase(sw, { title: 'Closed team', childIds: [child] })).json<{
      id: string
      team: { id: string; userId: string | null }[]
    }>()
    const entry = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/chronology`,
      headers: bearer(sw),
      payload: { kind: 'note', occurredAt: '2026-11-24T10:00:00Z', summary: 'A note' },
    })
    assert.equal(entry.statusCode, 201)
    const eventId = entry.json<{ id: string }>().id
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/cases/${kase.id}/close`,
          headers: bearer(sw),
          payload: { reason: 'Assessment found no concerns' },
        })
      ).statusCode,
      200,
    )
    const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
      { id: string; kind: string }[]
    >()
    const police = agencies.find(a => a.kind === 'police')?.id ?? ''
    const agencyMember = kase.team.find(t => t.userId === null)?.id ?? ''
    const attempts = [
      await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${kase.id}/members`,
        headers: bearer(sw),
        payload: { agencyId: police },
      }),
      await app.inject({
        method: 'DELETE',
        url: `/api/v1/cases/${kase.id}/members/${agencyMember}`,
        headers: bearer(sw),
      }),
      await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${kase.id}/chronology/${eventId}/visibility`,
        headers: bearer(sw),
        payload: { visibility: 'restricted', reason: 'Keep it within the team now' },
      }),
    ]
    assert.deepEqual(
      attempts.map(r => r.statusCode),
      [409, 409, 409],
    )
    const after = (await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(sw) })).json<{
      team: unknown[]
    }>()
    assert.equal(after.team.length, kase.team.length)
  })
})

describe('need to know: break-glass is bounded', () => {
  const breakGlass = (token: string, caseId: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/break-glass`,
      headers: bearer(token),
      payload: { reason: 'A child may come to harm tonight' },
    })

  async function freshCase(title: string): Promise<string> {
    const child = await recordedBySocialCare('Opal', `Glass${title}`, '2015-11-11')
    return (await openCase(sw, { title, childIds: [child] })).json<{ id: string }>().id
  }

  it('is refused to someone on the team, who needs none', async () => {
    const kase = await freshCase('Teamglass')
    assert.equal((await breakGlass(sw, kase)).statusCode, 409)
  })

  it('is refused on a closed case', async () => {
    const kase = await freshCase('Closedglass')
    await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase}/close`,
      headers: bearer(sw),
      payload: { reason: 'Assessment found no concerns' },
    })
    assert.equal((await breakGlass(dc, kase)).statusCode, 409)
  })

  it('is not granted again while a grant is running', async () => {
    const kase = await freshCase('Runningglass')
    assert.equal((await breakGlass(dc, kase)).statusCode, 201)
    assert.equal((await breakGlass(dc, kase)).statusCode, 409)
  })

  it('is granted at most three times a day to one user', async () => {
    const token = await apiToken(app, 'po@probation.example')
    const cases = [
      await freshCase('Dayone'),
      await freshCase('Daytwo'),
      await freshCase('Daythree'),
      await freshCase('Dayfour'),
    ]
    const answers = []
    for (const kase of cases) answers.push((await breakGlass(token, kase)).statusCode)
    assert.deepEqual(answers, [201, 201, 201, 429])
    clock.advance(24 * 3_600_000 + 60_000)
    assert.equal((await breakGlass(await apiToken(app, 'po@probation.example'), cases[3] ?? '')).statusCode, 201)
  })
})
