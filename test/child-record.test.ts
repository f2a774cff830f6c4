import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../src/db/context.ts'
import { fixtures, type Who } from './given.ts'
import { bearer, page, testApp } from './helpers.ts'
import type { PersonCaseBody, PersonChronologyEntry, PersonConcernBody } from './types.ts'

// The child's whole record (issue 10, items 2 and 3): every case, concern, referral and decision about a child,
// a chronology across their cases, and the prompt when concerns from several agencies add up.

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const DAY = 24 * 3_600_000

const get = async (url: string, who: Who) => app.inject({ url, headers: bearer(await given.apiToken(who)) })
const post = async (url: string, who: Who, payload: Record<string, unknown>) => {
  const response = await app.inject({ method: 'POST', url, headers: bearer(await given.apiToken(who)), payload })
  assert.ok(response.statusCode < 300, `POST ${url}: ${response.body.slice(0, 300)}`)
  return response
}
const casesOf = async (childId: string, who: Who) =>
  (await get(`/api/v1/people/${childId}/cases`, who)).json<PersonCaseBody[]>()
const concernsOf = async (childId: string, who: Who) =>
  (await get(`/api/v1/people/${childId}/concerns`, who)).json<PersonConcernBody[]>()
const chronologyOf = async (childId: string, who: Who, query = '') =>
  (await get(`/api/v1/people/${childId}/chronology${query}`, who)).json<PersonChronologyEntry[]>()

/** Two siblings who live together, recorded by the front door, so neither is any other agency's to read. */
async function siblings() {
  const child = await given.child({}, 'mash@csc.example')
  const sibling = await given.child({ dateOfBirth: '2014-03-03' }, 'mash@csc.example')
  await post(`/api/v1/people/${child.id}/relationships`, 'mash@csc.example', {
    otherPersonId: sibling.id,
    kind: 'sibling',
    livesWith: true,
    hasContact: true,
  })
  return { child, sibling }
}

describe("the child's cases", () => {
  it('lists every case about the child, closed ones too, open ones first', async () => {
    const child = await given.child()
    const closed = await given.case({ children: [child], title: 'Earlier worries' })
    await post(`/api/v1/cases/${closed.id}/close`, 'sw@csc.example', { reason: 'Family supported; no further worries' })
    const open = await given.case({ children: [child], title: 'New worries' })
    const cases = await casesOf(child.id, 'sw@csc.example')
    assert.deepEqual(
      cases.map(c => [c.id, c.status, c.asChild, c.standing]),
      [
        [open.id, 'open', true, 'team'],
        [closed.id, 'closed', true, 'team'],
      ],
    )
  })

  it('shows the cases on the child’s page, each linking to its page', async () => {
    const { child, kase } = await given.childInCase({ title: 'Worries from the school nurse' })
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/people/${child.id}`))
    const link = $('#cases + table a').filter((_, a) => $(a).text() === kase.reference)
    assert.equal(link.attr('href'), `/cases/${kase.id}`)
    assert.match($('#cases + table').text(), /Worries from the school nurse[\s\S]*Open[\s\S]*Child/)
  })

  it('names an adult’s part in a case by their role', async () => {
    const adult = await given.adult()
    const kase = await given.case({ adults: [{ person: adult, role: 'non_abusing_parent' }] })
    const [only] = await casesOf(adult.id, 'sw@csc.example')
    assert.equal(only?.id, kase.id)
    assert.deepEqual([only.asChild, only.adultRoles], [false, ['non_abusing_parent']])
  })

  it('leaves out a case the reader is not part of, even when they may read the child', async () => {
    const child = await given.child()
    const theirs = await given.case({ children: [child], agencies: ['health'] })
    await given.case({ children: [child], title: 'Social care only' })
    const cases = await casesOf(child.id, 'nurse@health.example')
    assert.deepEqual(
      cases.map(c => c.id),
      [theirs.id],
    )
  })

  it('lists a case read by break-glass as such', async () => {
    const { child, kase } = await given.childInCase()
    await given.breakGlass(kase, 'dc@police.example')
    const cases = await casesOf(child.id, 'dc@police.example')
    assert.deepEqual(
      cases.map(c => [c.id, c.standing]),
      [[kase.id, 'breakGlass']],
    )
  })
})

describe('the identifying minimum', () => {
  it('sees none of the lists: the page and each list are refused', async () => {
    const { child } = await given.childInCase()
    for (const url of [
      `/api/v1/people/${child.id}/cases`,
      `/api/v1/people/${child.id}/concerns`,
      `/api/v1/people/${child.id}/chronology`,
    ])
      assert.equal((await get(url, 'dsl@school.example')).statusCode, 403, url)
    const agent = await given.agent('dsl@school.example')
    const refused = await agent.get(`/people/${child.id}`)
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('main').text(), /You do not have access to this record[\s\S]*Record a concern/)
    assert.equal((await agent.get(`/people/${child.id}/chronology`)).statusCode, 403)
  })

  it('gets 404 for a child of another partnership', async () => {
    const { child } = await given.childInCase()
    const response = await get(`/api/v1/people/${child.id}/cases`, 'sw@southvale.example')
    assert.equal(response.statusCode, 404)
  })
})

describe("the child's chronology across cases", () => {
  it('holds entries about the child and about the whole case from every case, never another child’s', async () => {
    const child = await given.child()
    const sister = await given.child()
    const first = await given.case({ children: [child, sister] })
    const second = await given.case({ children: [child] })
    const aboutChild = await given.entry(first, { childId: child.id, summary: 'Seen alone at school' })
    const aboutSister = await given.entry(first, { childId: sister.id, summary: 'Sister seen at home' })
    const wholeCase = await given.entry(second, {
      summary: 'Strategy meeting held',
      occurredAt: '2026-11-24T12:00:00Z',
    })
    const ids = (await chronologyOf(child.id, 'sw@csc.example')).map(e => e.id)
    assert.ok(ids.includes(aboutChild.id) && ids.includes(wholeCase.id))
    assert.ok(!ids.includes(aboutSister.id))
    assert.ok(ids.indexOf(wholeCase.id) < ids.indexOf(aboutChild.id), 'newest first')
  })

  it('shows a break-glass reader the normal entries of that case but not those restricted to the team', async () => {
    const { child, kase } = await given.childInCase()
    const normal = await given.entry(kase, { summary: 'Home visit, all well' })
    const restricted = await given.entry(kase, { summary: 'Mother in a refuge', visibility: 'restricted' })
    await given.breakGlass(kase, 'dc@police.example')
    const ids = (await chronologyOf(child.id, 'dc@police.example')).map(e => e.id)
    assert.ok(ids.includes(normal.id))
    assert.ok(!ids.includes(restricted.id))
    assert.ok((await chronologyOf(child.id, 'sw@csc.example')).some(e => e.id === restricted.id))
  })

  it('shows a sealed entry only to those it is sealed for', async () => {
    const { child, kase } = await given.childInCase({ members: ['tm@csc.example'], agencies: ['police'] })
    const sealed = await given.entry(kase, {
      summary: 'What the child said',
      visibility: 'sealed',
      sealedFor: [await given.userId('tm@csc.example')],
    })
    assert.ok((await chronologyOf(child.id, 'tm@csc.example')).some(e => e.id === sealed.id))
    assert.ok(!(await chronologyOf(child.id, 'dc@police.example')).some(e => e.id === sealed.id))
  })

  it('pages with limit and offset and says how many entries there are', async () => {
    const { child, kase } = await given.childInCase()
    for (const day of ['20', '21', '22']) await given.entry(kase, { occurredAt: `2026-11-${day}T10:00:00Z` })
    const response = await get(`/api/v1/people/${child.id}/chronology?limit=2&offset=1`, 'sw@csc.example')
    const total = Number(response.headers['x-total-count'])
    assert.ok(total >= 4, 'the case opening and three entries')
    const entries = response.json<PersonChronologyEntry[]>()
    assert.equal(entries.length, 2)
    assert.equal(entries[0]?.caseId, kase.id)
  })

  it('shows the latest entries on the child’s page and every one on its own page, each linking to its case', async () => {
    const { child, kase } = await given.childInCase()
    await given.entry(kase, { summary: 'Walked home with a neighbour' })
    const agent = await given.agent('sw@csc.example')
    const record = page(await agent.get(`/people/${child.id}`))
    assert.match(record('.moj-timeline').text(), /Walked home with a neighbour/)
    const full = page(await agent.get(`/people/${child.id}/chronology`))
    assert.match(full('h1').text(), /Chronology across cases/)
    assert.match(full('.moj-timeline').text(), /Walked home with a neighbour/)
    assert.equal(full(`.moj-timeline a[href="/cases/${kase.id}/chronology"]`).first().text(), kase.reference)
  })
})

describe("the child's concerns", () => {
  it('shows a concern about a child with no case to whoever may read the child, with its referral and decision', async () => {
    const child = await given.child()
    const { id, referralId } = await given.concern({ child, indicators: ['beh-regression'] })
    await post(`/api/v1/referrals/${String(referralId)}/decision`, 'mash@csc.example', {
      version: 1,
      decision: 'early_help',
      rationale: 'Worries are real but below the threshold; early help offered to the family',
    })
    for (const reader of ['sw@csc.example', 'mash@csc.example'] as const) {
      const [concern] = await concernsOf(child.id, reader)
      assert.equal(concern?.id, id, reader)
      assert.equal(concern.referral?.decision, 'early_help')
      assert.equal(concern.recordedByAgency, 'Lanternfield Primary School')
    }
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/people/${child.id}`))
    assert.equal($(`#concerns ~ table a[href="/concerns/${id}"]`).length, 1)
    assert.match($('#concerns ~ table').first().text(), /Lanternfield Primary School[\s\S]*Refer to early help/)
  })

  it('links the referral to its page for the front door', async () => {
    const child = await given.child()
    const { referralId } = await given.concern({ child })
    const agent = await given.agent('mash@csc.example')
    const $ = page(await agent.get(`/people/${child.id}`))
    assert.equal($(`a[href="/referrals/${String(referralId)}"]`).length, 1)
  })

  it('audits each list read as a read of the child', async () => {
    const child = await given.child()
    await concernsOf(child.id, 'sw@csc.example')
    await casesOf(child.id, 'sw@csc.example')
    await chronologyOf(child.id, 'sw@csc.example')
    const rows = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['action', 'objectType', 'outcome'])
        .where('objectId', '=', child.id)
        .where('action', 'in', ['person.concerns', 'person.cases', 'person.chronology'])
        .orderBy('action')
        .execute(),
    )
    assert.deepEqual(
      rows.map(r => [r.action, r.objectType]),
      [
        ['person.cases', 'person'],
        ['person.chronology', 'person'],
        ['person.concerns', 'person'],
      ],
    )
  })
})

describe('concerns that add up', () => {
  const promptOn = async (url: string, who: Who) => page(await (await given.agent(who)).get(url))('#concerns-add-up')

  it('prompts on the child’s record when two agencies raise concerns within the period, on indicators alone', async () => {
    const child = await given.child()
    await given.concern({ child, indicators: ['beh-regression'], disclosure: 'none' })
    clock.advance(10 * DAY)
    await given.concern({ child, by: 'nurse@health.example', indicators: ['phy-wetting-soiling'], disclosure: 'none' })
    const prompt = await promptOn(`/people/${child.id}`, 'sw@csc.example')
    assert.match(prompt.text(), /Concerns from 2 agencies in the last 30 days/)
    assert.match(prompt.text(), /Lanternfield Primary School[\s\S]*Northshire Health Trust/)
  })

  it('does not prompt for concerns from one agency', async () => {
    const child = await given.child()
    await given.concern({ child })
    await given.concern({ child })
    assert.equal((await promptOn(`/people/${child.id}`, 'sw@csc.example')).length, 0)
  })

  it('does not prompt when the concerns are further apart than the period', async () => {
    const child = await given.child()
    await given.concern({ child })
    clock.advance(31 * DAY)
    await given.concern({ child, by: 'nurse@health.example' })
    assert.equal((await promptOn(`/people/${child.id}`, 'sw@csc.example')).length, 0)
  })

  it('adds up concerns about children of one household, and shows the front door on the referral page', async () => {
    const { child, sibling } = await siblings()
    await given.concern({ child: sibling, by: 'dc@police.example' })
    const { referralId } = await given.concern({ child })
    const onRecord = await promptOn(`/people/${child.id}`, 'mash@csc.example')
    assert.match(onRecord.text(), /Northshire Police[\s\S]*about [A-Z][a-z]+ [A-Za-z]+, who lives with them/)
    const onReferral = await promptOn(`/referrals/${String(referralId)}`, 'mash@csc.example')
    assert.match(onReferral.text(), /Concerns from 2 agencies/)
  })

  it('shows the case lead the prompt on the case page, for each child whose concerns add up', async () => {
    const { child, kase } = await given.childInCase()
    await given.concern({ child })
    await given.concern({ child, by: 'dc@police.example' })
    const prompt = await promptOn(`/cases/${kase.id}`, 'sw@csc.example')
    assert.equal(prompt.length, 0, 'one prompt for each child, named by the child')
    const $ = page(await (await given.agent('sw@csc.example')).get(`/cases/${kase.id}`))
    assert.match($(`#concerns-add-up-${child.id}`).text(), /Lanternfield Primary School[\s\S]*Northshire Police/)
  })

  it('never counts a concern about a household child the reader may not read', async () => {
    const { child, sibling } = await siblings()
    // The nurse's agency is on a case about the child only: they may read the child, not the sibling.
    await given.case({ children: [child], agencies: ['health'] })
    await given.concern({ child: sibling, by: 'dc@police.example' })
    await given.concern({ child })
    assert.equal((await promptOn(`/people/${child.id}`, 'nurse@health.example')).length, 0)
    assert.equal((await promptOn(`/people/${child.id}`, 'mash@csc.example')).length, 1)
  })
})
