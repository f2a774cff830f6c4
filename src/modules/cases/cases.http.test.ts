import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { CaseBody, ChronologyEntry, ErrorBody, AuditRow } from '../../../test/types.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

// Every test starts at the same time, whichever ran before it and moved the clock.
beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const get = async (url: string, who: Who) => app.inject({ url, headers: bearer(await given.apiToken(who)) })
const post = async (url: string, who: Who, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url, headers: bearer(await given.apiToken(who)), payload })

describe('cases', () => {
  it('opens a case with a reference, the children, the adults and a first team', async () => {
    const child = await given.child()
    const sibling = await given.child({ dateOfBirth: '2014-02-02', sex: 'male' })
    const stepdad = await given.adult({ sex: 'male' })
    const opened = await post('/api/v1/cases', 'sw@csc.example', {
      title: 'Concerns raised by school',
      childIds: [child.id, sibling.id],
      people: [{ personId: stepdad.id, role: 'alleged_perpetrator' }],
    })
    const kase = opened.json<CaseBody>()
    assert.equal(opened.statusCode, 201)
    assert.match(kase.reference, /^NS-2026-\d{5}$/)
    assert.equal(kase.children.length, 2)
    assert.deepEqual(
      kase.team.map(t => t.userName ?? t.agencyName),
      ['Sam Caseworth', "Northshire Children's Social Care"],
    )
  })

  it('refuses a case with no child, naming the field', async () => {
    const r = await post('/api/v1/cases', 'sw@csc.example', { title: 'Nobody', childIds: [], people: [] })
    assert.equal(r.statusCode, 400)
    assert.match(r.json<ErrorBody>().error.fields?.childIds ?? '', /at least one child/)
  })

  it('numbers references in order within the partnership', async () => {
    const kase = await given.case()
    const second = await given.case({ title: 'Second' })
    assert.equal(Number(second.reference.slice(-5)), Number(kase.reference.slice(-5)) + 1)
  })

  it('keeps a user with no relationship out (403), another partnership out (404)', async () => {
    const kase = await given.case()
    const refused = await get(`/api/v1/cases/${kase.id}`, 'dc@police.example')
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const hidden = await get(`/api/v1/cases/${kase.id}`, 'sw@southvale.example')
    assert.equal(hidden.statusCode, 404)
    assert.equal((await get(`/api/v1/cases/${kase.id}/chronology`, 'dc@police.example')).statusCode, 403)
  })

  it('lets the team add an agency, which then sees the case, its chronology and its children', async () => {
    const { child, kase } = await given.childInCase()
    assert.equal((await get(`/api/v1/people/${child.id}`, 'dc@police.example')).statusCode, 403)
    const added = await post(`/api/v1/cases/${kase.id}/members`, 'sw@csc.example', {
      agencyId: await given.agencyId('police'),
    })
    assert.equal(added.statusCode, 201)
    assert.equal((await get(`/api/v1/cases/${kase.id}`, 'dc@police.example')).statusCode, 200)
    assert.equal(
      (await get(`/api/v1/people/${child.id}`, 'dc@police.example')).statusCode,
      200,
      'a case team member sees the child',
    )
    const events = (await get(`/api/v1/cases/${kase.id}/chronology`, 'dc@police.example')).json<ChronologyEntry[]>()
    assert.deepEqual(
      events.map(e => e.kind),
      ['case.teamChanged', 'case.opened'],
    )
    assert.ok(events.every(e => e.agency === "Northshire Children's Social Care" && e.author === 'Sam Caseworth'))
    const filtered = (await get(`/api/v1/cases/${kase.id}/chronology?kind=case.opened`, 'dc@police.example')).json<
      unknown[]
    >()
    assert.equal(filtered.length, 1)
  })

  it('gives break-glass read access for a stated reason, for a limited time, never write access', async () => {
    const { child, kase } = await given.childInCase()
    // A practitioner of this test's own: break-glass is limited to three cases a day for each user.
    const nurse = await given.user('health_practitioner')
    const noReason = await post(`/api/v1/cases/${kase.id}/break-glass`, nurse, { reason: 'x' })
    assert.equal(noReason.statusCode, 400)
    const granted = await post(`/api/v1/cases/${kase.id}/break-glass`, nurse, {
      reason: 'Child brought to A&E out of hours with injuries',
    })
    assert.equal(granted.statusCode, 201)
    assert.equal((await get(`/api/v1/cases/${kase.id}`, nurse)).statusCode, 200)
    const write = await post(`/api/v1/cases/${kase.id}/members`, nurse, { agencyId: await given.agencyId('police') })
    assert.equal(write.statusCode, 403)
    assert.equal((await get(`/api/v1/people/${child.id}`, nurse)).statusCode, 200, "reads the case's children")
    const correct = await app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${child.id}`,
      headers: bearer(await given.apiToken(nurse)),
      payload: { version: 1, givenName: 'Changed' },
    })
    assert.equal(correct.statusCode, 403, 'but never changes them')
    assert.equal(correct.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    clock.advance(5 * 3_600_000)
    assert.equal((await get(`/api/v1/cases/${kase.id}`, nurse)).statusCode, 403, 'it expires')
  })

  it('shows auditors who has looked at the case and its children', async () => {
    const { child, kase } = await given.childInCase()
    // Refused while the police are off the team, let in once they are on it, and a nurse by break-glass.
    await get(`/api/v1/cases/${kase.id}`, 'dc@police.example')
    await post(`/api/v1/cases/${kase.id}/members`, 'sw@csc.example', { agencyId: await given.agencyId('police') })
    await get(`/api/v1/cases/${kase.id}`, 'dc@police.example')
    await get(`/api/v1/people/${child.id}`, 'dc@police.example')
    await given.breakGlass(kase, 'nurse@health.example')
    const rows = (await get(`/api/v1/audit?caseId=${kase.id}`, 'auditor@partnership.example')).json<AuditRow[]>()
    assert.ok(rows.some(r => r.action === 'case.read' && r.email === 'dc@police.example' && r.outcome === 'ok'))
    assert.ok(rows.some(r => r.action === 'case.read' && r.email === 'dc@police.example' && r.outcome === 'denied'))
    assert.ok(rows.some(r => r.action === 'case.breakGlass' && r.email === 'nurse@health.example'))
    assert.ok(rows.some(r => r.action === 'person.read' && r.email === 'dc@police.example'))
    assert.equal((await get(`/api/v1/audit?caseId=${kase.id}`, 'sw@csc.example')).statusCode, 403)
    const badId = await get('/api/v1/audit?caseId=nope', 'auditor@partnership.example')
    assert.equal(badId.statusCode, 400)
  })

  it('closes a case, writing the chronology in the same transaction', async () => {
    const kase = await given.case()
    const closed = await post(`/api/v1/cases/${kase.id}/close`, 'sw@csc.example', {
      reason: 'Support plan in place, no further concerns',
    })
    assert.equal(closed.statusCode, 200)
    assert.equal(closed.json<CaseBody>().status, 'closed')
    const events = await asSystem(() =>
      db.selectFrom('chronologyEvents').select('kind').where('caseId', '=', kase.id).execute(),
    )
    assert.ok(events.some(e => e.kind === 'case.closed'))
  })
})

describe('cases through the pages', () => {
  /** Wren, and Corvin, an adult social care has recorded, whom the new case can name. */
  async function wrenAndCorvin() {
    const child = await given.child({ givenName: 'Wren', familyName: 'Casetestling', sex: 'female' })
    const stepdad = await given.adult({ givenName: 'Corvin', familyName: 'Stepfeather', sex: 'male' })
    return { child, stepdad }
  }

  it('a social worker opens a case from a child, naming the adults, and it starts its chronology', async () => {
    const { child, stepdad } = await wrenAndCorvin()
    const agent = await given.agent('tm@csc.example')
    const form = page(await agent.get(`/cases/new?childId=${child.id}`))
    assert.match(form('h1').text(), /Open a case about Wren Casetestling/)
    const empty = await agent.post('/cases', { childId: child.id, title: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(page(empty)('#title-error').text(), /Enter a title/)
    const done = await agent.postConfirmed('/cases', {
      childId: child.id,
      title: 'Disclosure to teacher',
      [`role-${stepdad.id}`]: 'alleged_perpetrator',
    })
    assert.equal(done.statusCode, 303)
    const caseUrl = String(done.headers.location).split('?')[0] ?? ''
    const casePage = page(await agent.get(String(done.headers.location)))
    assert.match(casePage('.govuk-notification-banner').text(), /opened/)
    const people = page(await agent.get(`${caseUrl}/people`))
    assert.match(people('main').text(), /Corvin Stepfeather: Alleged perpetrator/)
    const timeline = page(await agent.get(`${caseUrl}/chronology`))
    assert.equal(timeline('.moj-timeline__item').length, 1)
  })

  it('offers another agency break-glass on a case it may not open', async () => {
    const kase = await given.case()
    const outsider = await given.agent('po@probation.example')
    const refused = await outsider.get(`/cases/${kase.id}`)
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('a[href$="/break-glass"]').text(), /emergency access/)
  })
})
