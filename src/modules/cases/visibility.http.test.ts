import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, confirmationForm, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { ChronologyEntry, ErrorBody } from '../../../test/types.ts'

// Issue 11, point 3: who can see an entry is never silently wrong. A name ticked while "Everyone who can read the
// case" is still chosen is refused on every path (page and API, new entry and change), and every saved entry says
// in words who can see it.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)
const dcId = await given.userId('dc@police.example')

/** A case led by Sam Caseworth about one child, with the police and Tamsin Teamlead on its team. */
function teamCase() {
  return given.childInCase({ agencies: ['police'], members: ['tm@csc.example'] })
}

const REFUGE = 'Mother is at the Harbour Lane refuge'

/** The entries of a case whose summary says this, as the database holds them (whoever may read them). */
const saved = (caseId: string, summary: string) =>
  asSystem(() =>
    db
      .selectFrom('chronologyEvents')
      .select(['visibility', 'sealedFor'])
      .where('caseId', '=', caseId)
      .where('summary', '=', summary)
      .execute(),
  )

const newEntry = {
  kind: 'note',
  'occurredAt-day': '1',
  'occurredAt-month': '7',
  'occurredAt-year': '2026',
  occurredAtTime: '9:30',
  summary: REFUGE,
}

describe('a name ticked with another choice of who can see an entry', () => {
  it('is refused on the new-entry page, naming the choice, keeping what was typed, saving nothing', async () => {
    const { kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/chronology/new`)
    const refused = await agent.post(`/cases/${kase.id}/chronology`, {
      ...newEntry,
      visibility: 'normal',
      sealedFor: [dcId],
    })
    assert.equal(refused.statusCode, 400)
    const again = page(refused)
    const summaryLink = again('.govuk-error-summary a').filter((_, a) => again(a).attr('href') === '#visibility')
    assert.match(summaryLink.text(), /You named people who may read it: choose “Only the people I name”/)
    assert.equal(again('#summary').text(), REFUGE)
    assert.equal(again(`input[name="sealedFor"][value="${dcId}"]`).attr('checked'), 'checked')
    assert.equal(again('input[name="visibility"][value="normal"]').attr('checked'), 'checked')
    assert.ok(
      !again('#conditional-visibility-sealed').hasClass('govuk-radios__conditional--hidden'),
      'the ticked name stays in sight',
    )
    assert.deepEqual(await saved(kase.id, REFUGE), [])
  })

  it('is refused on the page that changes who can see an entry, changing nothing', async () => {
    const { kase } = await teamCase()
    const entry = await given.entry(kase, { summary: REFUGE, visibility: 'restricted' })
    const agent = await given.agent('sw@csc.example')
    const change = `/cases/${kase.id}/chronology/${entry.id}/visibility`
    await agent.get(change)
    const refused = await agent.post(change, { visibility: 'normal', sealedFor: [dcId], reason: 'Safe to share now' })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('#visibility-error').text(), /You named people who may read it/)
    assert.deepEqual(await saved(kase.id, REFUGE), [{ visibility: 'restricted', sealedFor: [] }])
  })

  it('is refused by the API when an entry is added, saving nothing', async () => {
    const { kase } = await teamCase()
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/chronology`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload: { kind: 'note', occurredAt: '2026-11-24T10:00:00Z', summary: REFUGE, sealedFor: [dcId] },
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.sealedFor ?? '', /only for an entry sealed/)
    assert.deepEqual(await saved(kase.id, REFUGE), [])
  })

  it('is refused by the API when who can see an entry changes, changing nothing', async () => {
    const { kase } = await teamCase()
    const entry = await given.entry(kase, { summary: REFUGE, visibility: 'sealed', sealedFor: [dcId] })
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/chronology/${entry.id}/visibility`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload: { visibility: 'restricted', sealedFor: [dcId], reason: 'Keep it in the team' },
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(refused.json<ErrorBody>().error.fields?.sealedFor)
    assert.equal((await saved(kase.id, REFUGE))[0]?.visibility, 'sealed')
  })
})

describe('who can see an entry, in words', () => {
  /** Three entries on a case: one for everyone, one for the team, one sealed for Dana Constable. */
  async function threeEntries() {
    const { child, kase } = await teamCase()
    await given.entry(kase, { summary: 'Everyone may read this' })
    await given.entry(kase, { summary: 'The team may read this', visibility: 'restricted' })
    await given.entry(kase, { summary: REFUGE, visibility: 'sealed', sealedFor: [dcId], childId: child.id })
    return { child, kase }
  }

  const seenBy = (html: ReturnType<typeof page>, summary: string) =>
    html('.moj-timeline__item')
      .filter((_, el) => html(el).text().includes(summary))
      .text()
      .replace(/\s+/g, ' ')

  it('is on every entry of the case chronology', async () => {
    const { kase } = await threeEntries()
    const agent = await given.agent('sw@csc.example')
    const timeline = page(await agent.get(`/cases/${kase.id}/chronology`))
    assert.match(seenBy(timeline, 'Everyone may read'), /Who can see it: Everyone who can read the case/)
    assert.match(seenBy(timeline, 'The team may read'), /Who can see it: Case team only/)
    assert.match(seenBy(timeline, REFUGE), /Who can see it: Sealed: only Dana Constable and the author/)
  })

  it('is on the child’s chronology across cases', async () => {
    const { child } = await threeEntries()
    const agent = await given.agent('dc@police.example')
    const timeline = page(await agent.get(`/people/${child.id}/chronology`))
    assert.match(seenBy(timeline, REFUGE), /Who can see it: Sealed: only Dana Constable and the author/)
  })

  it('is in the banner that says an entry was added', async () => {
    const { kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/chronology/new`)
    const done = await agent.post(`/cases/${kase.id}/chronology`, {
      ...newEntry,
      visibility: 'sealed',
      sealedFor: [dcId, await given.userId('tm@csc.example')],
    })
    assert.equal(done.statusCode, 303)
    const banner = page(await agent.get(String(done.headers.location)))('.govuk-notification-banner').text()
    assert.match(
      banner.replace(/\s+/g, ' '),
      /Entry added to the chronology\. Who can see it: Sealed: only Dana Constable, Tamsin Teamlead and the author\./,
    )
  })

  it('is in the banner that says who can see an entry changed', async () => {
    const { kase } = await teamCase()
    const entry: ChronologyEntry = await given.entry(kase, { summary: REFUGE })
    const agent = await given.agent('sw@csc.example')
    const change = `/cases/${kase.id}/chronology/${entry.id}/visibility`
    await agent.get(change)
    const asked = await agent.post(change, { visibility: 'restricted', reason: 'An address in a refuge' })
    const done = await agent.post(change, confirmationForm(asked).fields)
    assert.equal(done.statusCode, 303)
    const banner = page(await agent.get(String(done.headers.location)))('.govuk-notification-banner').text()
    assert.match(banner.replace(/\s+/g, ' '), /Who can see the entry has changed\. Who can see it: Case team only\./)
  })
})

describe('the names to seal an entry for', () => {
  it('sit beneath "Only the people I name", in the markup without JavaScript, hidden only with it', async () => {
    const { kase } = await teamCase()
    const agent = await given.agent('sw@csc.example')
    const form = page(await agent.get(`/cases/${kase.id}/chronology/new`))
    const block = form('.govuk-radios #conditional-visibility-sealed')
    assert.equal(block.prev().find('input').attr('value'), 'sealed', 'right after the sealed choice')
    assert.equal(block.find(`input[name="sealedFor"][value="${dcId}"]`).length, 1)
    assert.ok(block.hasClass('govuk-radios__conditional--hidden'), 'hidden (with JavaScript) until chosen')
    assert.equal(form('[data-aria-controls]').length, 0, 'GOV.UK Frontend would set aria-expanded on the radio')
  })
})
