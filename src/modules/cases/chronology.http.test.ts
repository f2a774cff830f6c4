import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const sw = await apiToken(app, 'sw@csc.example')
const dc = await apiToken(app, 'dc@police.example')
const tm = await apiToken(app, 'tm@csc.example')
const nurse = await apiToken(app, 'nurse@health.example')

interface ErrorBody {
  error: { code: string; fields?: Record<string, string> }
}
interface Entry {
  id: string
  kind: string
  summary: string
  visibility: string
  occurredAt: string
  recordedAt: string
  agency: string
  author: string
  childId: string | null
}

const userId = async (email: string) =>
  (await asSystem(() => db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())).id
const [dcId, tmId, nurseId] = [
  await userId('dc@police.example'),
  await userId('tm@csc.example'),
  await userId('nurse@health.example'),
]

async function person(body: Record<string, unknown>): Promise<string> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/people', headers: bearer(sw), payload: body })
  return r.json<{ id: string }>().id
}
const child = await person({ givenName: 'Linnet', familyName: 'Chronologee', dateOfBirth: '2016-04-04', sex: 'female' })
const other = await person({ givenName: 'Teasel', familyName: 'Elsewhereby', dateOfBirth: '2015-01-01', sex: 'male' })
const kase = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(sw),
    payload: { title: 'Worries shared by school', childIds: [child] },
  })
).json<{ id: string }>()
const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
  { id: string; kind: string }[]
>()
const police = agencies.find(a => a.kind === 'police')?.id ?? ''
await app.inject({
  method: 'POST',
  url: `/api/v1/cases/${kase.id}/members`,
  headers: bearer(sw),
  payload: { agencyId: police },
})
await app.inject({
  method: 'POST',
  url: `/api/v1/cases/${kase.id}/members`,
  headers: bearer(sw),
  payload: { userId: tmId },
})

const entries = async (token: string) =>
  (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(token) })).json<Entry[]>()
const record = (token: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(token), payload })

describe('chronology entries', () => {
  it('lets any agency on the team add what it did, with when it happened and when it was recorded', async () => {
    const r = await record(dc, {
      kind: 'note.police',
      occurredAt: '2026-11-24T16:30:00Z',
      childId: child,
      summary: 'Visited the home with a social worker.\nNo one answered.',
    })
    assert.equal(r.statusCode, 201)
    const entry = r.json<Entry>()
    assert.equal(entry.agency, 'Northshire Police')
    assert.equal(entry.occurredAt, '2026-11-24T16:30:00.000Z')
    assert.equal(entry.recordedAt, clock().toISOString())
    assert.equal(entry.visibility, 'normal')
    assert.ok((await entries(sw)).some(e => e.id === entry.id && e.summary.includes('No one answered')))
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'case.recordEntry')
        .where('caseId', '=', kase.id)
        .execute(),
    )
    assert.equal(audit.length, 1)
  })

  it('refuses bad entries, naming each field, and saves nothing', async () => {
    const before = (await entries(sw)).length
    const r = await record(sw, {
      kind: 'gossip',
      occurredAt: '2026-11-30T10:00:00Z',
      summary: '',
      visibility: 'sealed',
    })
    assert.equal(r.statusCode, 400)
    const fields = r.json<ErrorBody>().error.fields ?? {}
    assert.match(fields.kind ?? '', /kind of entry/)
    assert.match(fields.occurredAt ?? '', /now or in the past/)
    assert.match(fields.summary ?? '', /Enter what happened/)
    const notOnCase = await record(sw, {
      kind: 'note',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'About another child',
      childId: other,
    })
    assert.equal(notOnCase.statusCode, 400)
    assert.match(notOnCase.json<ErrorBody>().error.fields?.childId ?? '', /child from this case/)
    const badDate = await record(sw, { kind: 'note', occurredAt: '2026-02-30T10:00:00Z', summary: 'x' })
    assert.equal(badDate.statusCode, 400)
    assert.ok(badDate.json<ErrorBody>().error.fields?.occurredAt)
    const huge = await record(sw, { kind: 'note', occurredAt: '2026-11-24T10:00:00Z', summary: 'x'.repeat(10_001) })
    assert.match(huge.json<ErrorBody>().error.fields?.summary ?? '', /10,000 characters/)
    assert.equal((await entries(sw)).length, before)
  })

  it('refuses someone outside the team (403) and someone reading by break-glass', async () => {
    const outsider = await record(nurse, {
      kind: 'contact.health',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'Seen in clinic',
    })
    assert.equal(outsider.statusCode, 403)
    assert.equal(outsider.json<ErrorBody>().error.code, 'no_legitimate_relationship')
  })
})

describe('restricted and sealed entries', () => {
  it('keeps a restricted entry from someone reading by break-glass, and shows it to the team', async () => {
    const r = await record(sw, {
      kind: 'note',
      occurredAt: '2026-11-24T12:00:00Z',
      summary: 'Mother is staying at a refuge: address held by the lead',
      visibility: 'restricted',
    })
    assert.equal(r.statusCode, 201)
    await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/break-glass`,
      headers: bearer(nurse),
      payload: { reason: 'Child in A&E overnight, need history' },
    })
    const byBreakGlass = await entries(nurse)
    assert.ok(byBreakGlass.length > 0)
    assert.ok(!byBreakGlass.some(e => e.summary.includes('refuge')))
    assert.ok((await entries(dc)).some(e => e.summary.includes('refuge') && e.visibility === 'restricted'))
  })

  it('shows a sealed entry to its named users only, and the one who sealed it', async () => {
    const r = await record(sw, {
      kind: 'child.seen',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'Linnet said: "he comes in at night"',
      visibility: 'sealed',
      sealedFor: [dcId],
    })
    assert.equal(r.statusCode, 201)
    assert.ok((await entries(sw)).some(e => e.id === r.json<Entry>().id))
    assert.ok((await entries(dc)).some(e => e.id === r.json<Entry>().id))
    assert.ok(!(await entries(tm)).some(e => e.id === r.json<Entry>().id), 'a team member not named')
    const noOne = await record(sw, {
      kind: 'note',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'x',
      visibility: 'sealed',
    })
    assert.match(noOne.json<ErrorBody>().error.fields?.sealedFor ?? '', /who may read/)
    const outsider = await record(sw, {
      kind: 'note',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'x',
      visibility: 'sealed',
      sealedFor: [nurseId],
    })
    assert.match(outsider.json<ErrorBody>().error.fields?.sealedFor ?? '', /on the case team/)
  })

  it('restricts or seals an entry already written, with a reason the team sees and auditors can check', async () => {
    const plain = (
      await record(dc, {
        kind: 'note.police',
        occurredAt: '2026-11-24T14:00:00Z',
        summary: 'Suspect lives at 1 Nowhere Lane',
      })
    ).json<Entry>()
    const url = `/api/v1/cases/${kase.id}/chronology/${plain.id}/visibility`
    const noReason = await app.inject({
      method: 'POST',
      url,
      headers: bearer(dc),
      payload: { visibility: 'sealed', sealedFor: [tmId] },
    })
    assert.equal(noReason.statusCode, 400)
    assert.ok(noReason.json<ErrorBody>().error.fields?.reason)
    const sealed = await app.inject({
      method: 'POST',
      url,
      headers: bearer(dc),
      payload: { visibility: 'sealed', sealedFor: [tmId], reason: 'Live investigation: do not share the address' },
    })
    assert.equal(sealed.statusCode, 200)
    assert.equal(sealed.json<Entry>().visibility, 'sealed')
    assert.ok(!(await entries(sw)).some(e => e.id === plain.id), 'the lead was not named')
    assert.ok((await entries(tm)).some(e => e.id === plain.id))
    const told = (await entries(sw)).find(e => e.kind === 'entry.visibilityChanged')
    assert.match(told?.summary ?? '', /sealed for .*Live investigation/)
    assert.equal(told?.visibility, 'restricted')
    // Someone who cannot read the entry cannot change it either.
    const blind = await app.inject({
      method: 'POST',
      url,
      headers: bearer(sw),
      payload: { visibility: 'normal', reason: 'Opening it up for everyone' },
    })
    assert.equal(blind.statusCode, 404)
    // A named reader can open it again: then everyone who can read the case sees it, break-glass readers too.
    const opened = await app.inject({
      method: 'POST',
      url,
      headers: bearer(tm),
      payload: { visibility: 'normal', reason: 'Investigation closed, address can be shared' },
    })
    assert.equal(opened.statusCode, 200)
    assert.ok((await entries(sw)).some(e => e.id === plain.id && e.visibility === 'normal'))
    assert.ok((await entries(nurse)).some(e => e.id === plain.id))
    const audit = await asSystem(() =>
      db.selectFrom('auditLog').select('detail').where('action', '=', 'case.entryVisibility').orderBy('seq').execute(),
    )
    assert.deepEqual(
      audit.map(a => (a.detail as { to: string }).to),
      ['sealed', 'normal'],
    )
  })
})

describe('the chronology through the pages', () => {
  it('adds an entry in UK time, keeps what was typed when refused, and changes who can see it', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const form = page(await agent.get(`/cases/${kase.id}/chronology/new`))
    assert.equal(form('#occurredAt-year').val(), '2026')
    assert.equal(form('#occurredAtTime').val(), '09:00', 'the clock is 09:00 UTC, 09:00 in November in England')
    const looked = await asSystem(() =>
      db.selectFrom('auditLog').select('caseId').where('action', '=', 'case.entryForm').execute(),
    )
    assert.deepEqual(
      looked.map(r => r.caseId),
      [kase.id],
      'the form shows case data, so opening it is an audited read',
    )
    const refused = await agent.post(`/cases/${kase.id}/chronology`, {
      kind: 'visit.home',
      'occurredAt-day': '31',
      'occurredAt-month': '6',
      'occurredAt-year': '2026',
      occurredAtTime: '25:00',
      summary: 'Home visit: Linnet was quiet',
      visibility: 'normal',
    })
    assert.equal(refused.statusCode, 400)
    const again = page(refused)
    assert.equal(again('#summary').text(), 'Home visit: Linnet was quiet')
    assert.match(again('.govuk-error-summary').text(), /real date/)
    assert.match(again('#occurredAtTime-error').text(), /24-hour clock/)
    assert.equal(again('.govuk-error-summary a').first().attr('href'), '#occurredAt-day')
    const done = await agent.post(`/cases/${kase.id}/chronology`, {
      kind: 'visit.home',
      'occurredAt-day': '1',
      'occurredAt-month': '7',
      'occurredAt-year': '2026',
      occurredAtTime: '9:30',
      summary: 'Home visit: Linnet was quiet',
      visibility: 'restricted',
      childId: child,
    })
    assert.equal(done.statusCode, 303)
    const timeline = page(await agent.get(String(done.headers.location)))
    assert.match(timeline('.govuk-notification-banner').text(), /added/)
    const item = timeline('.moj-timeline__item').filter((_, el) => timeline(el).text().includes('Linnet was quiet'))
    assert.equal(
      item.find('time').attr('datetime'),
      '2026-07-01T08:30:00.000Z',
      '09:30 in summer in England is 08:30 UTC',
    )
    assert.match(item.find('time').text(), /1 July 2026 at 9:30am/)
    assert.match(item.text(), /Case team only/)
    const change = item.find('a[href$="/visibility"]').attr('href') ?? ''
    const changeForm = page(await agent.get(change))
    assert.equal(changeForm('input[name="visibility"][value="restricted"]').attr('checked'), 'checked')
    const entryId = /chronology\/([0-9a-f-]{36})\/visibility/.exec(change)?.[1]
    const readEntry = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['objectType', 'objectId', 'caseId'])
        .where('action', '=', 'case.entryVisibilityForm')
        .execute(),
    )
    assert.deepEqual(
      readEntry,
      [{ objectType: 'chronologyEntry', objectId: entryId, caseId: kase.id }],
      'the form shows the entry, so opening it is an audited read',
    )
    const noReason = await agent.post(change, { visibility: 'sealed', sealedFor: [dcId] })
    assert.equal(noReason.statusCode, 400)
    assert.equal(
      page(noReason)(`input[name="sealedFor"][value="${dcId}"]`).attr('checked'),
      'checked',
      'keeps the choice',
    )
    const saved = await agent.post(change, {
      visibility: 'sealed',
      sealedFor: [dcId],
      reason: 'Linnet asked that only these two know',
    })
    assert.equal(saved.statusCode, 303)
    assert.match(
      page(await agent.get(String(saved.headers.location)))('.govuk-notification-banner').text(),
      /has changed/,
    )
  })

  it('shows a long chronology a page at a time, keeping the filter, and all of it to print', async () => {
    const busy = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: bearer(sw),
        payload: { title: 'A long history', childIds: [other] },
      })
    ).json<{ id: string }>()
    const {
      partnershipId,
      id: swId,
      agencyId,
    } = await asSystem(() =>
      db
        .selectFrom('users')
        .select(['partnershipId', 'id', 'agencyId'])
        .where('email', '=', 'sw@csc.example')
        .executeTakeFirstOrThrow(),
    )
    const rows = Array.from({ length: 230 }, (_, i) => ({
      partnershipId,
      caseId: busy.id,
      childId: other,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000),
      recordedAt: clock(),
      agencyId,
      userId: swId,
      kind: i % 2 ? 'call.family' : 'visit.home',
      summary: `Paged entry ${String(i + 1)}`,
    }))
    await asSystem(() => db.insertInto('chronologyEvents').values(rows).execute())
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const first = page(await agent.get(`/cases/${busy.id}/chronology`))
    assert.equal(first('.moj-timeline__item').length, 100)
    assert.match(first('main').text(), /Entries 1 to 100 of 231/)
    assert.match(
      first('.moj-timeline__item').eq(1).text(),
      /Paged entry 230/,
      'newest first, after the case opening today',
    )
    const filtered = page(await agent.get(`/cases/${busy.id}/chronology?kind=visit.home&page=2`))
    assert.equal(filtered('.moj-timeline__item').length, 15, '115 home visits: the second page has 15')
    assert.equal(filtered('.govuk-pagination__prev a').attr('href'), `/cases/${busy.id}/chronology?kind=visit.home`)
    const last = page(await agent.get(`/cases/${busy.id}/chronology?page=99`))
    assert.equal(last('.moj-timeline__item').length, 31, 'a page past the end shows the last')
    const all = page(await agent.get(`/cases/${busy.id}/chronology?all=1`))
    assert.equal(all('.moj-timeline__item').length, 231)
    assert.equal(all('.govuk-pagination').length, 0)
    const whole = await app.inject({ url: `/api/v1/cases/${busy.id}/chronology`, headers: bearer(sw) })
    assert.equal(whole.json<unknown[]>().length, 231, 'the API gives every entry')
    const paged = await app.inject({
      url: `/api/v1/cases/${busy.id}/chronology?kind=visit.home&limit=10&offset=110`,
      headers: bearer(sw),
    })
    assert.equal(paged.headers['x-total-count'], '115')
    assert.deepEqual(
      paged.json<Entry[]>().map(e => e.summary),
      ['Paged entry 9', 'Paged entry 7', 'Paged entry 5', 'Paged entry 3', 'Paged entry 1'],
    )
    assert.equal(
      (await app.inject({ url: `/api/v1/cases/${busy.id}/chronology?limit=5001`, headers: bearer(sw) })).statusCode,
      400,
    )
  })

  it('offers no way to add or change entries to someone reading by break-glass', async () => {
    const agent = new Agent(app)
    await agent.signIn('nurse@health.example')
    const timeline = page(await agent.get(`/cases/${kase.id}/chronology`))
    assert.equal(timeline('a[href$="/chronology/new"]').length, 0)
    assert.equal(timeline('a[href$="/visibility"]').length, 0)
    assert.equal((await agent.get(`/cases/${kase.id}/chronology/new`)).statusCode, 403)
    const person = page(await agent.get(`/people/${child}`))
    assert.match(person('.govuk-warning-text').text(), /emergency \(break-glass\) access/)
    assert.equal(
      person('a[href$="/edit"]').length +
        person('a[href$="/relationships/new"]').length +
        person('a[href^="/cases/new"]').length,
      0,
    )
  })
})
