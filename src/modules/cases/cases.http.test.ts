import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const sw = await apiToken(app, 'sw@csc.example')
const dc = await apiToken(app, 'dc@police.example')
const nurse = await apiToken(app, 'nurse@health.example')
const southvale = await apiToken(app, 'sw@southvale.example')

interface ErrorBody {
  error: { code: string; fields?: Record<string, string> }
}
interface CaseBody {
  id: string
  reference: string
  team: { agencyName: string | null; userName: string | null }[]
  children: { id: string }[]
  status: string
}

async function person(body: Record<string, unknown>): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/people', headers: bearer(sw), payload: body })
  return r.json<{ id: string }>().id
}

const child = await person({ givenName: 'Wren', familyName: 'Casetestling', dateOfBirth: '2017-05-05', sex: 'female' })
const sibling = await person({ givenName: 'Rook', familyName: 'Casetestling', dateOfBirth: '2014-02-02', sex: 'male' })
const stepdad = await person({ givenName: 'Corvin', familyName: 'Stepfeather', dateOfBirth: '1980-08-08', sex: 'male' })
const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
  { id: string; kind: string }[]
>()
const policeAgency = agencies.find(a => a.kind === 'police')?.id ?? ''

const opened = await app.inject({
  method: 'POST',
  url: '/api/v1/cases',
  headers: bearer(sw),
  payload: {
    title: 'Concerns raised by school',
    childIds: [child, sibling],
    people: [{ personId: stepdad, role: 'alleged_perpetrator' }],
  },
})
const kase = opened.json<CaseBody>()

describe('cases', () => {
  it('opens a case with a reference, the children, the adults and a first team', () => {
    assert.equal(opened.statusCode, 201)
    assert.match(kase.reference, /^NS-2026-\d{5}$/)
    assert.equal(kase.children.length, 2)
    assert.deepEqual(
      kase.team.map(t => t.userName ?? t.agencyName),
      ['Sam Caseworth', "Northshire Children's Social Care"],
    )
  })

  it('refuses a case with no child, naming the field', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(sw),
      payload: { title: 'Nobody', childIds: [], people: [] },
    })
    assert.equal(r.statusCode, 400)
    assert.match(r.json<ErrorBody>().error.fields?.childIds ?? '', /at least one child/)
  })

  it('numbers references in order within the partnership', async () => {
    const second = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer(sw),
        payload: { title: 'Second', childIds: [sibling] },
      })
    ).json<CaseBody>()
    assert.equal(Number(second.reference.slice(-5)), Number(kase.reference.slice(-5)) + 1)
  })

  it('keeps a user with no relationship out (403), another partnership out (404)', async () => {
    const refused = await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(dc) })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const hidden = await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(southvale) })
    assert.equal(hidden.statusCode, 404)
    assert.equal(
      (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(dc) })).statusCode,
      403,
    )
  })

  it('lets the team add an agency, which then sees the case, its chronology and its children', async () => {
    assert.equal((await app.inject({ url: `/api/v1/people/${child}`, headers: bearer(dc) })).statusCode, 403)
    const added = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/members`,
      headers: bearer(sw),
      payload: { agencyId: policeAgency },
    })
    assert.equal(added.statusCode, 201)
    assert.equal((await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(dc) })).statusCode, 200)
    assert.equal(
      (await app.inject({ url: `/api/v1/people/${child}`, headers: bearer(dc) })).statusCode,
      200,
      'a case team member sees the child',
    )
    const events = (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(dc) })).json<
      { kind: string; agency: string; author: string }[]
    >()
    assert.deepEqual(
      events.map(e => e.kind),
      ['case.teamChanged', 'case.opened'],
    )
    assert.ok(events.every(e => e.agency === "Northshire Children's Social Care" && e.author === 'Sam Caseworth'))
    const filtered = (
      await app.inject({ url: `/api/v1/cases/${kase.id}/chronology?kind=case.opened`, headers: bearer(dc) })
    ).json<unknown[]>()
    assert.equal(filtered.length, 1)
  })

  it('gives break-glass read access for a stated reason, for a limited time, never write access', async () => {
    const noReason = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/break-glass`,
      headers: bearer(nurse),
      payload: { reason: 'x' },
    })
    assert.equal(noReason.statusCode, 400)
    const granted = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/break-glass`,
      headers: bearer(nurse),
      payload: { reason: 'Child brought to A&E out of hours with injuries' },
    })
    assert.equal(granted.statusCode, 201)
    assert.equal((await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(nurse) })).statusCode, 200)
    const write = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/members`,
      headers: bearer(nurse),
      payload: { agencyId: policeAgency },
    })
    assert.equal(write.statusCode, 403)
    assert.equal(
      (await app.inject({ url: `/api/v1/people/${child}`, headers: bearer(nurse) })).statusCode,
      200,
      "reads the case's children",
    )
    const correct = await app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${child}`,
      headers: bearer(nurse),
      payload: { version: 1, givenName: 'Changed' },
    })
    assert.equal(correct.statusCode, 403, 'but never changes them')
    assert.equal(correct.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    clock.advance(5 * 3_600_000)
    const fresh = await apiToken(app, 'nurse@health.example')
    assert.equal(
      (await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(fresh) })).statusCode,
      403,
      'it expires',
    )
  })

  it('shows auditors who has looked at the case and its children', async () => {
    // The clock moved past the first tokens' hour.
    const auditor = await apiToken(app, 'auditor@partnership.example')
    const sw = await apiToken(app, 'sw@csc.example')
    const rows = (await app.inject({ url: `/api/v1/audit?caseId=${kase.id}`, headers: bearer(auditor) })).json<
      { action: string; email: string | null; outcome: string }[]
    >()
    assert.ok(rows.some(r => r.action === 'case.read' && r.email === 'dc@police.example' && r.outcome === 'ok'))
    assert.ok(rows.some(r => r.action === 'case.read' && r.email === 'dc@police.example' && r.outcome === 'denied'))
    assert.ok(rows.some(r => r.action === 'case.breakGlass' && r.email === 'nurse@health.example'))
    assert.ok(rows.some(r => r.action === 'person.read' && r.email === 'dc@police.example'))
    assert.equal((await app.inject({ url: `/api/v1/audit?caseId=${kase.id}`, headers: bearer(sw) })).statusCode, 403)
    const badId = await app.inject({ url: '/api/v1/audit?caseId=nope', headers: bearer(auditor) })
    assert.equal(badId.statusCode, 400)
  })

  it('closes a case, writing the chronology in the same transaction', async () => {
    const sw = await apiToken(app, 'sw@csc.example')
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/close`,
      headers: bearer(sw),
      payload: { reason: 'Support plan in place, no further concerns' },
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
  it('a social worker opens a case from a child, and another agency is offered break-glass', async () => {
    const agent = new Agent(app)
    await agent.signIn('tm@csc.example')
    const form = page(await agent.get(`/cases/new?childId=${child}`))
    assert.match(form('h1').text(), /Open a case about Wren Casetestling/)
    const empty = await agent.post('/cases', { childId: child, title: '' })
    assert.equal(empty.statusCode, 400)
    assert.match(page(empty)('#title-error').text(), /Enter a title/)
    const done = await agent.post('/cases', {
      childId: child,
      title: 'Disclosure to teacher',
      [`role-${stepdad}`]: 'alleged_perpetrator',
    })
    assert.equal(done.statusCode, 303)
    const caseUrl = String(done.headers.location).split('?')[0] ?? ''
    const casePage = page(await agent.get(String(done.headers.location)))
    assert.match(casePage('.govuk-notification-banner').text(), /opened/)
    assert.match(casePage('body').text(), /Corvin Stepfeather: Alleged perpetrator/)
    const timeline = page(await agent.get(`${caseUrl}/chronology`))
    assert.equal(timeline('.moj-timeline__item').length, 1)

    const outsider = new Agent(app)
    await outsider.signIn('po@probation.example')
    const refused = await outsider.get(caseUrl)
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('a[href$="/break-glass"]').text(), /emergency access/)
  })
})
