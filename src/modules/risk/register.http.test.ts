import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { MappaLevel } from '../../kernel/codes/risk.ts'

// The register page and API (issue 14, item 5): who is on it, the filters, paging, the children near each person
// now, the open findings, need to know and the audit. Civil orders, assessments and management are written
// straight to the database here, as the pages that record them are another part of the issue.

const { app } = await testApp()
const given = fixtures(app)
const { db } = app.lantern
const PROBATION: Who = 'po@probation.example'

interface RegisterBody {
  total: number
  people: {
    id: string
    givenName: string
    dateOfBirth: string | null
    age: number | null
    history: { kind: string; date: string }[]
    civilOrders: { id: string; kind: string; otherKind: string | null; startsOn: string; expiresOn: string | null }[]
    assessment: { level: string; ageInMonths: number } | null
    assessmentOverdue: boolean
    mappaCategory: string | null
    mappaLevel: string | null
    probationContactUserId: string | null
    policeLeadUserId: string | null
    children: { id: string; age: number | null; livesWith: boolean; hasContact: boolean }[]
    openFindings: { taskId: string; safeguard: string; caseId: string; childId: string | null; dueAt: string }[]
  }[]
}

async function partnershipId(): Promise<string> {
  const userId = await given.userId(PROBATION)
  return asSystem(async () => {
    const row = await db.selectFrom('users').select('partnershipId').where('id', '=', userId).executeTakeFirstOrThrow()
    return row.partnershipId
  })
}

/** The whole register as the API answers it (every page), for the filter given. */
async function register(query = '', who: Who = PROBATION): Promise<RegisterBody> {
  const token = await given.apiToken(who)
  const first = await app.inject({ url: `/api/v1/register?limit=200${query}`, headers: bearer(token) })
  assert.equal(first.statusCode, 200, first.body)
  const body = first.json<RegisterBody>()
  for (let offset = 200; offset < body.total; offset += 200) {
    const next = await app.inject({
      url: `/api/v1/register?limit=200&offset=${String(offset)}${query}`,
      headers: bearer(token),
    })
    body.people.push(...next.json<RegisterBody>().people)
  }
  return body
}

/** An adult with a conviction recorded through the API. */
async function convicted(fields: Record<string, unknown> = {}) {
  const person = await given.adult(fields)
  const token = await given.apiToken('sw@csc.example')
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/people/${person.id}/offending-history`,
    headers: bearer(token),
    payload: { kind: 'conviction', date: '2019-03-04', description: 'Convicted of an offence against a child.' },
  })
  assert.equal(response.statusCode, 201, response.body)
  return person
}

async function civilOrder(personId: string, expiresOn: string | null) {
  const pid = await partnershipId()
  const userId = await given.userId(PROBATION)
  const agencyId = await given.agencyId('probation')
  await asSystem(() =>
    db
      .insertInto('civilOrders')
      .values({
        partnershipId: pid,
        personId,
        kind: 'shpo',
        startsOn: '2024-01-10',
        expiresOn,
        prohibitions: 'No unsupervised contact with any child under 16.',
        recordedByUserId: userId,
        recordedByAgencyId: agencyId,
        recordedAt: new Date('2026-11-20T10:00:00Z'),
      })
      .execute(),
  )
}

async function assessment(personId: string, assessedOn: string, nextReviewOn: string) {
  const pid = await partnershipId()
  const userId = await given.userId(PROBATION)
  const agencyId = await given.agencyId('probation')
  await asSystem(() =>
    db
      .insertInto('riskAssessments')
      .values({
        partnershipId: pid,
        personId,
        tool: 'arms',
        assessedOn,
        assessorAgencyId: agencyId,
        level: 'high',
        summary: 'High risk to girls under 13.',
        nextReviewOn,
        recordedByUserId: userId,
        recordedByAgencyId: agencyId,
        recordedAt: new Date(`${assessedOn}T12:00:00Z`),
      })
      .execute(),
  )
}

async function managed(personId: string, mappaLevel: MappaLevel | null) {
  const pid = await partnershipId()
  const userId = await given.userId(PROBATION)
  const police = await given.userId('dc@police.example')
  const agencyId = await given.agencyId('probation')
  await asSystem(() =>
    db
      .insertInto('riskManagement')
      .values({
        partnershipId: pid,
        personId,
        mappaCategory: '1',
        mappaLevel,
        probationContactUserId: userId,
        policeLeadUserId: police,
        updatedByUserId: userId,
        updatedByAgencyId: agencyId,
        updatedAt: new Date('2026-11-20T10:00:00Z'),
      })
      .execute(),
  )
}

const ids = (body: RegisterBody) => body.people.map(p => p.id)

/** The person's entry on the whole register; fails the test when they are not on it. */
async function entryOf(personId: string) {
  const entry = (await register()).people.find(p => p.id === personId)
  assert.ok(entry, 'the person is on the register')
  return entry
}

describe('who is on the register', () => {
  it('lists a person with offending history, with what is known', async () => {
    const person = await convicted()
    const entry = await entryOf(person.id)
    assert.deepEqual(
      entry.history.map(h => [h.kind, h.date]),
      [['conviction', '2019-03-04']],
    )
    assert.equal(entry.dateOfBirth, '1988-08-08')
    assert.equal(entry.age, 38)
  })

  it('lists a person with a civil order and no history, with its expiry', async () => {
    const person = await given.adult()
    await civilOrder(person.id, '2029-01-10')
    const entry = await entryOf(person.id)
    assert.deepEqual(entry.civilOrders, [
      { id: entry.civilOrders[0]?.id, kind: 'shpo', otherKind: null, startsOn: '2024-01-10', expiresOn: '2029-01-10' },
    ])
  })

  it('does not list a person with neither', async () => {
    const person = await given.adult()
    assert.ok(!ids(await register()).includes(person.id))
  })

  it('shows MAPPA and the single points of contact', async () => {
    const person = await convicted()
    await managed(person.id, '2')
    const entry = await entryOf(person.id)
    assert.equal(entry.mappaCategory, '1')
    assert.equal(entry.mappaLevel, '2')
    assert.equal(entry.probationContactUserId, await given.userId(PROBATION))
    assert.equal(entry.policeLeadUserId, await given.userId('dc@police.example'))
  })
})

describe('the filters', () => {
  it('mappaLevel lists only the people managed at that level', async () => {
    const atThree = await convicted()
    const atOne = await convicted()
    await managed(atThree.id, '3')
    await managed(atOne.id, '1')
    const found = ids(await register('&mappaLevel=3'))
    assert.ok(found.includes(atThree.id))
    assert.ok(!found.includes(atOne.id))
  })

  it('assessmentOverdue lists those with none, one too old or one past its review, not a current one', async () => {
    const none = await convicted()
    const old = await convicted()
    const pastReview = await convicted()
    const current = await convicted()
    await assessment(old.id, '2025-10-01', '2027-01-01')
    await assessment(pastReview.id, '2026-06-01', '2026-11-01')
    await assessment(current.id, '2026-06-01', '2027-06-01')
    const found = ids(await register('&assessmentOverdue=true'))
    assert.ok(found.includes(none.id), 'no assessment is overdue')
    assert.ok(found.includes(old.id), 'an assessment older than 12 months is overdue')
    assert.ok(found.includes(pastReview.id), 'an assessment past its review date is overdue')
    assert.ok(!found.includes(current.id), 'a current assessment is not overdue')
    const entry = await entryOf(current.id)
    assert.equal(entry.assessment?.ageInMonths, 5)
    assert.equal(entry.assessmentOverdue, false)
  })

  it('the latest assessment is the current one', async () => {
    const person = await convicted()
    await assessment(person.id, '2024-01-01', '2025-01-01')
    await assessment(person.id, '2026-10-01', '2027-04-01')
    const entry = await entryOf(person.id)
    assert.equal(entry.assessment?.ageInMonths, 1)
    assert.equal(entry.assessmentOverdue, false)
  })

  it('orderExpiringWithinDays lists orders expiring in that window, not later or already expired', async () => {
    const soon = await given.adult()
    const later = await given.adult()
    const expired = await given.adult()
    await civilOrder(soon.id, '2026-12-20')
    await civilOrder(later.id, '2027-09-01')
    await civilOrder(expired.id, '2026-10-01')
    const found = ids(await register('&orderExpiringWithinDays=90'))
    assert.ok(found.includes(soon.id))
    assert.ok(!found.includes(later.id))
    assert.ok(!found.includes(expired.id))
  })

  it('answers 400 naming each bad filter value', async () => {
    const token = await given.apiToken(PROBATION)
    for (const [query, field] of [
      ['mappaLevel=4', 'mappaLevel'],
      ['assessmentOverdue=yes', 'assessmentOverdue'],
      ['orderExpiringWithinDays=soon', 'orderExpiringWithinDays'],
      ['orderExpiringWithinDays=0', 'orderExpiringWithinDays'],
      ['limit=1000', 'limit'],
      ['offset=-1', 'offset'],
    ] as const) {
      const response = await app.inject({ url: `/api/v1/register?${query}`, headers: bearer(token) })
      assert.equal(response.statusCode, 400, query)
      assert.match(response.body, new RegExp(`"${field}":"${field} must`), response.body)
    }
  })
})

describe('paging', () => {
  it('the API pages with limit and offset, the total counting everyone', async () => {
    await convicted()
    await convicted()
    const token = await given.apiToken(PROBATION)
    const all = await register()
    const first = (await app.inject({ url: '/api/v1/register?limit=1', headers: bearer(token) })).json<RegisterBody>()
    const second = (
      await app.inject({ url: '/api/v1/register?limit=1&offset=1', headers: bearer(token) })
    ).json<RegisterBody>()
    assert.equal(first.total, all.total)
    assert.deepEqual(ids(first), ids(all).slice(0, 1))
    assert.deepEqual(ids(second), ids(all).slice(1, 2))
  })

  it('the page shows 50 people a page, with links to the next', async () => {
    const { total } = await register()
    for (let i = total; i < 53; i++) await convicted()
    const everyone = (await register()).total
    const agent = await given.agent(PROBATION)
    const one = page(await agent.get('/register'))
    assert.equal(one('tbody tr').length, 50)
    assert.match(one('#register-count').text(), new RegExp(`${String(everyone)} people`))
    assert.equal(one('.govuk-pagination__next a').attr('href'), '/register?page=2')
    const two = page(await agent.get('/register?page=2'))
    assert.equal(two('tbody tr').length, Math.min(50, everyone - 50))
  })
})

describe('the children near each person now', () => {
  it('lists the children they live with or have contact with, not adults, and drops an ended relationship', async () => {
    const person = await convicted()
    const livesWith = await given.child({ dateOfBirth: '2016-02-02' })
    const contact = await given.child({ dateOfBirth: '2019-03-03' })
    const ended = await given.child({ dateOfBirth: '2018-04-04' })
    const grownUp = await given.adult()
    await given.relationship(person, livesWith, { kind: 'step_parent', livesWith: true, hasContact: true })
    await given.relationship(contact, person, { kind: 'other_relative', livesWith: false, hasContact: true })
    await given.relationship(person, ended, { kind: 'step_parent', livesWith: true, hasContact: true })
    await given.relationship(person, grownUp, { kind: 'parent_partner', livesWith: true, hasContact: true })
    const token = await given.apiToken('sw@csc.example')
    const household = await app.inject({ url: `/api/v1/people/${person.id}/household`, headers: bearer(token) })
    const toEnd = household
      .json<{ members: { id: string; personId: string }[] }>()
      .members.find(m => m.personId === ended.id)
    assert.ok(toEnd, household.body)
    const end = await app.inject({
      method: 'POST',
      url: `/api/v1/relationships/${toEnd.id}/end`,
      headers: bearer(token),
      payload: { endedOn: '2026-11-20', reason: 'He moved out.' },
    })
    assert.equal(end.statusCode, 200, end.body)

    const entry = await entryOf(person.id)
    assert.deepEqual(
      entry.children.map(c => [c.id, c.age, c.livesWith, c.hasContact]),
      [
        [contact.id, 7, false, true],
        [livesWith.id, 10, true, true],
      ],
    )
  })
})

describe('the open findings', () => {
  it('lists the open SG-08 and SG-09 tasks about the person, not those done or about someone else', async () => {
    const person = await convicted()
    const { child, kase } = await given.childInCase()
    const pid = await partnershipId()
    const lead = await given.userId('sw@csc.example')
    const task = (safeguard: string, about: string, status: 'open' | 'done') =>
      asSystem(() =>
        db
          .insertInto('tasks')
          .values({
            partnershipId: pid,
            caseId: kase.id,
            childId: child.id,
            safeguard,
            key: `${safeguard}:${child.id}:${about}`,
            title: 'Hold a multi-agency risk discussion',
            ownerUserId: lead,
            ownerAgencyId: null,
            dueAt: new Date('2026-12-02T17:00:00Z'),
            status,
            doneAt: status === 'done' ? new Date('2026-11-24T09:00:00Z') : null,
            createdAt: new Date('2026-11-25T09:00:00Z'),
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      )
    const open = await task('SG-08', person.id, 'open')
    await task('SG-09', person.id, 'done')
    await task('SG-08', (await given.adult()).id, 'open')
    const entry = await entryOf(person.id)
    assert.deepEqual(entry.openFindings, [
      { taskId: open.id, safeguard: 'SG-08', caseId: kase.id, childId: child.id, dueAt: '2026-12-02T17:00:00.000Z' },
    ])
  })
})

describe('need to know', () => {
  for (const who of ['sw@csc.example', 'dsl@school.example', 'nurse@health.example', 'tm@csc.example'] as const) {
    it(`refuses ${who} the API and the page, saying whom to tell instead`, async () => {
      const api = await app.inject({ url: '/api/v1/register', headers: bearer(await given.apiToken(who)) })
      assert.equal(api.statusCode, 403)
      assert.match(api.body, /probation, the police and the front door/)
      const agent = await given.agent(who)
      const response = await agent.get('/register')
      assert.equal(response.statusCode, 403)
      assert.match(page(response)('main').text(), /tell the front door by raising a concern/)
    })
  }

  for (const who of ['po@probation.example', 'dc@police.example', 'mash@csc.example'] as const)
    it(`lets ${who} read the register`, async () => {
      const response = await (await given.agent(who)).get('/register')
      assert.equal(response.statusCode, 200)
    })
})

describe('the audit', () => {
  it('records each reading with the filter and the ids of the people shown, never a name', async () => {
    const person = await convicted()
    await managed(person.id, '3')
    const userId = await given.userId(PROBATION)
    const agent = new Agent(app)
    await agent.signIn(PROBATION)
    const response = await agent.get('/register?mappaLevel=3')
    assert.equal(response.statusCode, 200)
    await app.lantern.audit.drain()
    const row = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['action', 'objectType', 'detail'])
        .where('userId', '=', userId)
        .where('action', '=', 'register.read')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow(),
    )
    assert.equal(row.objectType, 'register')
    const detail = row.detail as { filter: Record<string, string>; personIds: string[]; total: number }
    assert.deepEqual(detail.filter, { mappaLevel: '3' })
    assert.ok(detail.personIds.includes(person.id))
    assert.equal(detail.personIds.length, Math.min(50, detail.total))
    assert.ok(!JSON.stringify(row.detail).includes(person.familyName), 'no name in the audit row')
  })
})

describe('the page', () => {
  it('filters by MAPPA level, overdue and expiring orders, keeping the choices, with each person unmistakable', async () => {
    const person = await convicted({ dateOfBirth: '1979-06-07' })
    await managed(person.id, '2')
    await civilOrder(person.id, '2027-01-15')
    const child = await given.child({ dateOfBirth: '2015-01-01' })
    await given.relationship(person, child, { kind: 'step_parent', livesWith: true, hasContact: true })
    const agent = await given.agent(PROBATION)
    const $ = page(await agent.get('/register?mappaLevel=2&assessmentOverdue=true&orderExpiringWithinDays=90'))
    assert.equal($('#mappaLevel option[selected]').attr('value'), '2')
    assert.equal($('input[name="assessmentOverdue"]').attr('checked'), 'checked')
    assert.equal($('input[name="orderExpiringWithinDays"]').attr('checked'), 'checked')
    const row = $('tbody tr').filter((_, tr) => $(tr).find(`a[href="/people/${person.id}/risk"]`).length > 0)
    assert.equal(row.length, 1, 'the person is listed with a link to their risk page')
    const text = row.text().replace(/\s+/g, ' ')
    assert.match(text, /Born 7 June 1979/)
    assert.match(text, /47 years old/)
    assert.match(text, /Conviction, 4 March 2019/)
    assert.match(text, /Sexual Harm Prevention Order from 10 January 2024, expires 15 January 2027/)
    assert.match(text, /None recorded/)
    assert.match(text, /Overdue/)
    assert.match(text, /Category 1, level 2/)
    assert.match(text, new RegExp(`born 1 January 2015, 11 years old: Lives with, has contact`))
    assert.match($('#register-count').text(), /match/)
  })

  it('reads a value it cannot use as no filter', async () => {
    const agent = await given.agent(PROBATION)
    const response = await agent.get('/register?mappaLevel=9&orderExpiringWithinDays=12')
    assert.equal(response.statusCode, 200)
    assert.doesNotMatch(page(response)('#register-count').text(), /match/)
  })
})
