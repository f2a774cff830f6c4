import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, confirmationForm, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ChronologyEntry, ErrorBody } from '../../../test/types.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)
const [dcId, tmId, nurseId] = [
  await given.userId('dc@police.example'),
  await given.userId('tm@csc.example'),
  await given.userId('nurse@health.example'),
]

/** A case led by Sam Caseworth about one child, with the police and Tamsin Teamlead on its team. */
function teamCase() {
  return given.childInCase({ agencies: ['police'], members: ['tm@csc.example'] })
}

const entries = async (kase: { id: string }, who: Who) =>
  (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(await given.apiToken(who)) })).json<
    ChronologyEntry[]
  >()
const record = async (kase: { id: string }, who: Who, payload: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/cases/${kase.id}/chronology`,
    headers: bearer(await given.apiToken(who)),
    payload,
  })
const changeVisibility = async (
  kase: { id: string },
  entry: { id: string },
  who: Who,
  payload: Record<string, unknown>,
) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/cases/${kase.id}/chronology/${entry.id}/visibility`,
    headers: bearer(await given.apiToken(who)),
    payload,
  })

describe('chronology entries', () => {
  it('lets any agency on the team add what it did, with when it happened and when it was recorded', async () => {
    const { child, kase } = await teamCase()
    const r = await record(kase, 'dc@police.example', {
      kind: 'note.police',
      occurredAt: '2026-11-24T16:30:00Z',
      childId: child.id,
      summary: 'Visited the home with a social worker.\nNo one answered.',
    })
    assert.equal(r.statusCode, 201)
    const entry = r.json<ChronologyEntry>()
    assert.equal(entry.agency, 'Northshire Police')
    assert.equal(entry.occurredAt, '2026-11-24T16:30:00.000Z')
    assert.equal(entry.recordedAt, clock().toISOString())
    assert.equal(entry.visibility, 'normal')
    assert.ok(
      (await entries(kase, 'sw@csc.example')).some(e => e.id === entry.id && e.summary.includes('No one answered')),
    )
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
    const { kase } = await teamCase()
    const other = await given.child()
    const before = (await entries(kase, 'sw@csc.example')).length
    const r = await record(kase, 'sw@csc.example', {
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
    const notOnCase = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'About another child',
      childId: other.id,
    })
    assert.equal(notOnCase.statusCode, 400)
    assert.match(notOnCase.json<ErrorBody>().error.fields?.childId ?? '', /child from this case/)
    const badDate = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-02-30T10:00:00Z',
      summary: 'x',
    })
    assert.equal(badDate.statusCode, 400)
    assert.ok(badDate.json<ErrorBody>().error.fields?.occurredAt)
    const huge = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'x'.repeat(10_001),
    })
    assert.match(huge.json<ErrorBody>().error.fields?.summary ?? '', /10,000 characters/)
    assert.equal((await entries(kase, 'sw@csc.example')).length, before)
  })

  it('refuses someone outside the team (403) and someone reading by break-glass', async () => {
    const { kase } = await teamCase()
    const outsider = await record(kase, 'nurse@health.example', {
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
    const { kase } = await teamCase()
    const r = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-11-24T12:00:00Z',
      summary: 'Mother is staying at a refuge: address held by the lead',
      visibility: 'restricted',
    })
    assert.equal(r.statusCode, 201)
    // A health practitioner of this test's own: break-glass is limited to three cases a day for each user.
    const nurse = await given.user('health_practitioner')
    await given.breakGlass(kase, nurse)
    const byBreakGlass = await entries(kase, nurse)
    assert.ok(byBreakGlass.length > 0)
    assert.ok(!byBreakGlass.some(e => e.summary.includes('refuge')))
    assert.ok(
      (await entries(kase, 'dc@police.example')).some(
        e => e.summary.includes('refuge') && e.visibility === 'restricted',
      ),
    )
  })

  it('shows a sealed entry to its named users only, and the one who sealed it', async () => {
    const { kase } = await teamCase()
    const r = await record(kase, 'sw@csc.example', {
      kind: 'child.seen',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'Linnet said: "he comes in at night"',
      visibility: 'sealed',
      sealedFor: [dcId],
    })
    assert.equal(r.statusCode, 201)
    assert.ok((await entries(kase, 'sw@csc.example')).some(e => e.id === r.json<ChronologyEntry>().id))
    assert.ok((await entries(kase, 'dc@police.example')).some(e => e.id === r.json<ChronologyEntry>().id))
    assert.ok(
      !(await entries(kase, 'tm@csc.example')).some(e => e.id === r.json<ChronologyEntry>().id),
      'a team member not named',
    )
  })

  it('refuses a sealed entry that names no reader, or a reader off the case team', async () => {
    const { kase } = await teamCase()
    const noOne = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'x',
      visibility: 'sealed',
    })
    assert.match(noOne.json<ErrorBody>().error.fields?.sealedFor ?? '', /who may read/)
    const outsider = await record(kase, 'sw@csc.example', {
      kind: 'note',
      occurredAt: '2026-11-24T13:00:00Z',
      summary: 'x',
      visibility: 'sealed',
      sealedFor: [nurseId],
    })
    assert.match(outsider.json<ErrorBody>().error.fields?.sealedFor ?? '', /on the case team/)
  })

  /** A case with an ordinary police entry, which the officer then seals for the team manager alone. */
  async function sealedByPolice() {
    const { kase } = await teamCase()
    const plain = await given.entry(kase, {
      by: 'dc@police.example',
      kind: 'note.police',
      occurredAt: '2026-11-24T14:00:00Z',
      summary: 'Suspect lives at 1 Nowhere Lane',
    })
    const sealed = await changeVisibility(kase, plain, 'dc@police.example', {
      visibility: 'sealed',
      sealedFor: [tmId],
      reason: 'Live investigation: do not share the address',
    })
    return { kase, plain, sealed }
  }

  it('asks for a reason before restricting or sealing an entry already written', async () => {
    const { kase } = await teamCase()
    const plain = await given.entry(kase, { by: 'dc@police.example', kind: 'note.police' })
    const noReason = await changeVisibility(kase, plain, 'dc@police.example', {
      visibility: 'sealed',
      sealedFor: [tmId],
    })
    assert.equal(noReason.statusCode, 400)
    assert.ok(noReason.json<ErrorBody>().error.fields?.reason)
  })

  it('seals an entry already written, with a reason the team sees', async () => {
    const { kase, plain, sealed } = await sealedByPolice()
    assert.equal(sealed.statusCode, 200)
    assert.equal(sealed.json<ChronologyEntry>().visibility, 'sealed')
    assert.ok(!(await entries(kase, 'sw@csc.example')).some(e => e.id === plain.id), 'the lead was not named')
    assert.ok((await entries(kase, 'tm@csc.example')).some(e => e.id === plain.id))
    const told = (await entries(kase, 'sw@csc.example')).find(e => e.kind === 'entry.visibilityChanged')
    assert.match(told?.summary ?? '', /sealed for .*Live investigation/)
    assert.equal(told?.visibility, 'restricted')
  })

  it('lets no one who cannot read an entry change who can see it', async () => {
    const { kase, plain } = await sealedByPolice()
    const blind = await changeVisibility(kase, plain, 'sw@csc.example', {
      visibility: 'normal',
      reason: 'Opening it up for everyone',
    })
    assert.equal(blind.statusCode, 404)
  })

  it('lets a named reader open a sealed entry again, to everyone who can read the case, break-glass readers too', async () => {
    const { kase, plain } = await sealedByPolice()
    const nurse = await given.user('health_practitioner')
    await given.breakGlass(kase, nurse)
    const opened = await changeVisibility(kase, plain, 'tm@csc.example', {
      visibility: 'normal',
      reason: 'Investigation closed, address can be shared',
    })
    assert.equal(opened.statusCode, 200)
    assert.ok((await entries(kase, 'sw@csc.example')).some(e => e.id === plain.id && e.visibility === 'normal'))
    assert.ok((await entries(kase, nurse)).some(e => e.id === plain.id))
  })

  it('audits each change of who can see an entry, so auditors can check it', async () => {
    const { kase, plain } = await sealedByPolice()
    await changeVisibility(kase, plain, 'tm@csc.example', {
      visibility: 'normal',
      reason: 'Investigation closed, address can be shared',
    })
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'case.entryVisibility')
        .where('caseId', '=', kase.id)
        .orderBy('seq')
        .execute(),
    )
    assert.deepEqual(
      audit.map(a => (a.detail as { to: string }).to),
      ['sealed', 'normal'],
    )
  })
})

describe('the chronology through the pages', () => {
  const homeVisit = {
    kind: 'visit.home',
    'occurredAt-day': '1',
    'occurredAt-month': '7',
    'occurredAt-year': '2026',
    occurredAtTime: '9:30',
    summary: 'Home visit: Linnet was quiet',
    visibility: 'restricted',
  }

  it('opens the new-entry form with nothing answered, as an audited read, and asks when it happened', async () => {
    const { kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    const form = page(await agent.get(`/cases/${kase.id}/chronology/new`))
    // Issue 11: "when did it happen" defaulted to now, and "who can see it" to everyone.
    assert.equal(form('#occurredAt-year').val() ?? '', '')
    assert.equal(form('#occurredAtTime').val() ?? '', '')
    assert.equal(form('input[name="visibility"]:checked').length, 0)
    const unanswered = await agent.post(`/cases/${kase.id}/chronology`, { kind: 'note', summary: 'Home visit' })
    assert.equal(unanswered.statusCode, 400)
    const summary = page(unanswered)('.govuk-error-summary').text()
    assert.match(summary, /Enter the date it happened/)
    assert.match(summary, /Enter the time it happened/)
    assert.match(summary, /Choose who can see this entry/)
    const looked = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('caseId')
        .where('action', '=', 'case.entryForm')
        .where('caseId', '=', kase.id)
        .execute(),
    )
    assert.deepEqual(
      looked.map(r => r.caseId),
      [kase.id],
      'the form shows case data, so opening it is an audited read',
    )
  })

  it('keeps what was typed when an entry is refused, pointing at the first wrong part of the date', async () => {
    const { kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/chronology/new`)
    const refused = await agent.post(`/cases/${kase.id}/chronology`, {
      ...homeVisit,
      'occurredAt-day': '31',
      'occurredAt-month': '6',
      occurredAtTime: '25:00',
      visibility: 'normal',
    })
    assert.equal(refused.statusCode, 400)
    const again = page(refused)
    assert.equal(again('#summary').text(), 'Home visit: Linnet was quiet')
    assert.match(again('.govuk-error-summary').text(), /real date/)
    assert.match(again('#occurredAtTime-error').text(), /Enter the time it happened like 2:15pm or 14:15/)
    assert.equal(again('#occurredAtTime').val(), '25:00', 'the time as it was typed')
    assert.equal(again('.govuk-error-summary a').first().attr('href'), '#occurredAt-day')
  })

  it('takes a time written as people write it, "2.15pm", and shows it as 2:15pm in UK time', async () => {
    const { child, kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/chronology/new`)
    const done = await agent.post(`/cases/${kase.id}/chronology`, {
      ...homeVisit,
      'occurredAt-day': '2',
      'occurredAt-month': '11',
      occurredAtTime: '2.15pm',
      childId: child.id,
    })
    assert.equal(done.statusCode, 303)
    const timeline = page(await agent.get(String(done.headers.location)))
    const item = timeline('.moj-timeline__item').filter((_, el) => timeline(el).text().includes('Linnet was quiet'))
    assert.equal(item.find('time').attr('datetime'), '2026-11-02T14:15:00.000Z', 'November is GMT: 2:15pm is 14:15 UTC')
    assert.equal(item.find('time').text().trim(), '2 November 2026 at 2:15pm')
  })

  it('adds an entry given in UK time, and shows it at that time to the case team only', async () => {
    const { child, kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/chronology/new`)
    const done = await agent.post(`/cases/${kase.id}/chronology`, { ...homeVisit, childId: child.id })
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
  })

  /** A restricted entry on a new case, and the timeline's link to change who can see it, as Sam sees them. */
  async function restrictedEntry() {
    const { child, kase } = await teamCase()
    const entry = await given.entry(kase, {
      kind: 'visit.home',
      occurredAt: '2026-07-01T08:30:00Z',
      summary: 'Home visit: Linnet was quiet',
      visibility: 'restricted',
      childId: child.id,
    })
    const agent = await given.agent('sw@csc.example')
    const timeline = page(await agent.get(`/cases/${kase.id}/chronology`))
    const item = timeline('.moj-timeline__item').filter((_, el) => timeline(el).text().includes('Linnet was quiet'))
    const change = item.find('a[href$="/visibility"]').attr('href') ?? ''
    return { kase, entry, agent, change }
  }

  it('opens the form to change who can see an entry with its visibility chosen, as an audited read', async () => {
    const { kase, agent, change } = await restrictedEntry()
    const changeForm = page(await agent.get(change))
    assert.equal(changeForm('input[name="visibility"][value="restricted"]').attr('checked'), 'checked')
    const entryId = /chronology\/([0-9a-f-]{36})\/visibility/.exec(change)?.[1]
    const readEntry = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['objectType', 'objectId', 'caseId'])
        .where('action', '=', 'case.entryVisibilityForm')
        .where('caseId', '=', kase.id)
        .execute(),
    )
    assert.deepEqual(
      readEntry,
      [{ objectType: 'chronologyEntry', objectId: entryId, caseId: kase.id }],
      'the form shows the entry, so opening it is an audited read',
    )
  })

  it('keeps the readers chosen when a change of who can see an entry has no reason', async () => {
    const { agent, change } = await restrictedEntry()
    await agent.get(change)
    const noReason = await agent.post(change, { visibility: 'sealed', sealedFor: [dcId] })
    assert.equal(noReason.statusCode, 400)
    assert.equal(
      page(noReason)(`input[name="sealedFor"][value="${dcId}"]`).attr('checked'),
      'checked',
      'keeps the choice',
    )
  })

  it('changes who can see an entry, and says so', async () => {
    const { agent, change } = await restrictedEntry()
    await agent.get(change)
    const asked = await agent.post(change, {
      visibility: 'sealed',
      sealedFor: [dcId],
      reason: 'Linnet asked that only these two know',
    })
    assert.equal(asked.statusCode, 200, 'sealing is confirmed first')
    assert.equal(page(asked)('h1').text().trim(), 'Seal this entry?')
    const confirm = confirmationForm(asked)
    const saved = await agent.post(confirm.action, confirm.fields)
    assert.equal(saved.statusCode, 303)
    assert.match(
      page(await agent.get(String(saved.headers.location)))('.govuk-notification-banner').text(),
      /has changed/,
    )
  })

  /** A case with 230 entries besides its opening, every other one a home visit, an hour apart from 1 January 2025. */
  async function longHistory() {
    const child = await given.child()
    const busy = await given.case({ title: 'A long history', children: [child] })
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
      childId: child.id,
      occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000),
      recordedAt: clock(),
      agencyId,
      userId: swId,
      kind: i % 2 ? 'call.family' : 'visit.home',
      summary: `Paged entry ${String(i + 1)}`,
    }))
    await asSystem(() => db.insertInto('chronologyEvents').values(rows).execute())
    return busy
  }

  it('shows a long chronology a page at a time, newest first', async () => {
    const busy = await longHistory()
    const agent = await given.agent('sw@csc.example')
    const first = page(await agent.get(`/cases/${busy.id}/chronology`))
    assert.equal(first('.moj-timeline__item').length, 100)
    assert.match(first('main').text(), /Entries 1 to 100 of 231/)
    assert.match(
      first('.moj-timeline__item').eq(1).text(),
      /Paged entry 230/,
      'newest first, after the case opening today',
    )
  })

  it('keeps the filter from one page of a long chronology to the next', async () => {
    const busy = await longHistory()
    const agent = await given.agent('sw@csc.example')
    const filtered = page(await agent.get(`/cases/${busy.id}/chronology?kind=visit.home&page=2`))
    assert.equal(filtered('.moj-timeline__item').length, 15, '115 home visits: the second page has 15')
    assert.equal(filtered('.govuk-pagination__prev a').attr('href'), `/cases/${busy.id}/chronology?kind=visit.home`)
  })

  it('shows the last page of a long chronology for a page past the end', async () => {
    const busy = await longHistory()
    const agent = await given.agent('sw@csc.example')
    const last = page(await agent.get(`/cases/${busy.id}/chronology?page=99`))
    assert.equal(last('.moj-timeline__item').length, 31, 'a page past the end shows the last')
  })

  it('shows all of a long chronology on one page to print', async () => {
    const busy = await longHistory()
    const agent = await given.agent('sw@csc.example')
    const all = page(await agent.get(`/cases/${busy.id}/chronology?all=1`))
    assert.equal(all('.moj-timeline__item').length, 231)
    assert.equal(all('.govuk-pagination').length, 0)
  })

  it('gives every entry of a long chronology through the API, or a page of them with the total, up to 5,000', async () => {
    const busy = await longHistory()
    const sw = await given.apiToken('sw@csc.example')
    const whole = await app.inject({ url: `/api/v1/cases/${busy.id}/chronology`, headers: bearer(sw) })
    assert.equal(whole.json<unknown[]>().length, 231, 'the API gives every entry')
    const paged = await app.inject({
      url: `/api/v1/cases/${busy.id}/chronology?kind=visit.home&limit=10&offset=110`,
      headers: bearer(sw),
    })
    assert.equal(paged.headers['x-total-count'], '115')
    assert.deepEqual(
      paged.json<ChronologyEntry[]>().map(e => e.summary),
      ['Paged entry 9', 'Paged entry 7', 'Paged entry 5', 'Paged entry 3', 'Paged entry 1'],
    )
    assert.equal(
      (await app.inject({ url: `/api/v1/cases/${busy.id}/chronology?limit=5001`, headers: bearer(sw) })).statusCode,
      400,
    )
  })

  it('offers no way to add or change entries to someone reading by break-glass', async () => {
    const { child, kase } = await teamCase()
    const nurse = await given.user('health_practitioner')
    await given.breakGlass(kase, nurse)
    const agent = await given.agent(nurse)
    const timeline = page(await agent.get(`/cases/${kase.id}/chronology`))
    assert.equal(timeline('a[href$="/chronology/new"]').length, 0)
    assert.equal(timeline('a[href$="/visibility"]').length, 0)
    assert.equal((await agent.get(`/cases/${kase.id}/chronology/new`)).statusCode, 403)
    const person = page(await agent.get(`/people/${child.id}`))
    assert.match(person('.govuk-warning-text').text(), /emergency \(break-glass\) access/)
    assert.equal(
      person('a[href$="/edit"]').length +
        person('a[href$="/relationships/new"]').length +
        person('a[href^="/cases/new"]').length,
      0,
    )
  })
})
