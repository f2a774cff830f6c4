import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ChronologyEntry, EndedRelationship, ErrorBody, Household } from '../../../test/types.ts'

// Relationships over time: a start, an end with a reason, the history kept, and the household now and past.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const api = async (method: 'GET' | 'POST', url: string, who: Who, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })

/** A child and the parent who lives with them, from a start date, recorded by social care. */
async function livingWith(startedOn: string | null = '2021-04-01') {
  const child = await given.child()
  const parent = await given.adult()
  const added = await api('POST', `/api/v1/people/${child.id}/relationships`, 'sw@csc.example', {
    otherPersonId: parent.id,
    kind: 'parent',
    livesWith: true,
    hasContact: true,
    ...(startedOn ? { startedOn } : {}),
  })
  assert.equal(added.statusCode, 201, added.body)
  return { child, parent, relationshipId: added.json<{ id: string }>().id }
}

const end = (id: string, body: Record<string, unknown>, who: Who = 'sw@csc.example') =>
  api('POST', `/api/v1/relationships/${id}/end`, who, body)

async function members(personId: string) {
  const read = await api('GET', `/api/v1/people/${personId}/household`, 'sw@csc.example')
  assert.equal(read.statusCode, 200, read.body)
  return read.json<Household>().members
}

const stored = (id: string) =>
  asSystem(() => db.selectFrom('relationships').selectAll().where('id', '=', id).executeTakeFirstOrThrow())

describe('relationships over time, through the API', () => {
  it('carries each relationship’s id, start and end in the household', async () => {
    const { child, parent, relationshipId } = await livingWith('2021-04-01')
    const [member] = await members(child.id)
    assert.equal(member?.id, relationshipId)
    assert.equal(member.personId, parent.id)
    assert.equal(member.startedOn, '2021-04-01')
    assert.equal(member.endedOn, null)
  })

  it('ends a relationship with a date and a reason, and keeps it in the history of both people', async () => {
    const { child, parent, relationshipId } = await livingWith()
    const ended = await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out after the strategy meeting' })
    assert.equal(ended.statusCode, 200, ended.body)
    const body = ended.json<EndedRelationship>()
    assert.equal(body.endedOn, '2026-10-01')
    assert.equal(body.version, 2)
    for (const [from, to] of [
      [child.id, parent.id],
      [parent.id, child.id],
    ] as const) {
      const member = (await members(from)).find(m => m.personId === to)
      assert.equal(member?.endedOn, '2026-10-01')
      assert.equal(member.endedReason, 'Moved out after the strategy meeting')
      assert.equal(member.endedBy, 'Sam Caseworth')
    }
  })

  it('refuses to end a relationship before it began, naming the field, and saves nothing', async () => {
    const { relationshipId } = await livingWith('2021-04-01')
    const refused = await end(relationshipId, { endedOn: '2021-03-31', reason: 'Recorded the wrong way' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.endedOn ?? '', /on or after the date it started, 1 April 2021/)
    assert.equal((await stored(relationshipId)).endedOn, null)
  })

  it('refuses an end without a reason or in the future, naming each field', async () => {
    const { relationshipId } = await livingWith()
    const refused = await end(relationshipId, { endedOn: '2027-01-01', reason: '  ' })
    assert.equal(refused.statusCode, 400)
    const fields = refused.json<ErrorBody>().error.fields ?? {}
    assert.match(fields.endedOn ?? '', /today or in the past/)
    assert.match(fields.reason ?? '', /Enter why it ended/)
  })

  it('answers 409 to a second ending and to a stale version, and changes nothing', async () => {
    const { relationshipId } = await livingWith()
    assert.equal(
      (await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out', version: 1 })).statusCode,
      200,
    )
    const again = await end(relationshipId, { endedOn: '2026-11-01', reason: 'Moved out again' })
    assert.equal(again.statusCode, 409)
    const stale = await end(relationshipId, { endedOn: '2026-11-01', reason: 'Moved out again', version: 1 })
    assert.equal(stale.statusCode, 409)
    const row = await stored(relationshipId)
    assert.equal(row.endedOn, '2026-10-01')
    assert.equal(row.version, 2)
  })

  it('records the same relationship again after it ended (a parent moves back in)', async () => {
    const { child, parent, relationshipId } = await livingWith()
    await end(relationshipId, { endedOn: '2026-01-10', reason: 'Moved out' })
    const again = await api('POST', `/api/v1/people/${child.id}/relationships`, 'sw@csc.example', {
      otherPersonId: parent.id,
      kind: 'parent',
      livesWith: true,
      hasContact: true,
      startedOn: '2026-06-01',
    })
    assert.equal(again.statusCode, 201, again.body)
    const now = (await members(child.id)).filter(m => m.personId === parent.id)
    assert.deepEqual(
      now.map(m => [m.startedOn, m.endedOn]),
      [
        ['2026-06-01', null],
        ['2021-04-01', '2026-01-10'],
      ],
    )
  })

  it('writes one audit row naming the relationship ended', async () => {
    const { child, relationshipId } = await livingWith()
    await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    const rows = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['objectId', 'detail'])
        .where('action', '=', 'relationship.end')
        .where('objectId', '=', child.id)
        .execute(),
    )
    assert.equal(rows.length, 1)
    assert.equal((rows[0]?.detail as { relationshipId?: string }).relationshipId, relationshipId)
  })

  it('refuses someone with no relationship to either person, and answers 404 across partnerships', async () => {
    const { relationshipId } = await livingWith()
    const police = await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' }, 'police_investigator')
    assert.equal(police.statusCode, 403)
    const southvale = await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' }, 'sw@southvale.example')
    assert.equal(southvale.statusCode, 404)
    assert.equal((await stored(relationshipId)).endedOn, null)
  })

  it('no longer offers an ended lives-with as one of the people of a new case', async () => {
    const { child, parent, relationshipId } = await livingWith()
    const sw = await given.agent('sw@csc.example')
    const before = page(await sw.get(`/cases/new?childId=${child.id}`))
    assert.ok(before(`[name="role-${parent.id}"]`).length, 'the parent is offered while living with the child')
    await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    const after = page(await sw.get(`/cases/new?childId=${child.id}`))
    assert.equal(after(`[name="role-${parent.id}"]`).length, 0)
  })
})

describe('relationships over time, on the pages', () => {
  it('records a relationship from the form with the date it started', async () => {
    const child = await given.child()
    const parent = await given.adult()
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/people/${child.id}/relationships/new?q=${encodeURIComponent(parent.familyName)}`)
    const done = await sw.post(`/people/${child.id}/relationships`, {
      q: parent.familyName,
      otherPersonId: parent.id,
      kind: 'parent',
      livesWith: 'yes',
      hasContact: 'yes',
      'startedOn-day': '3',
      'startedOn-month': '2',
      'startedOn-year': '2020',
    })
    assert.equal(done.statusCode, 303, done.body)
    const [member] = await members(child.id)
    assert.equal(member?.startedOn, '2020-02-03')
  })

  it('shows current and past members apart on the person page', async () => {
    const { child, parent, relationshipId } = await livingWith()
    const sibling = await given.child()
    await api('POST', `/api/v1/people/${child.id}/relationships`, 'sw@csc.example', {
      otherPersonId: sibling.id,
      kind: 'sibling',
      livesWith: true,
      hasContact: true,
    })
    await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    const sw = await given.agent('sw@csc.example')
    const $ = page(await sw.get(`/people/${child.id}`))
    // The siblings' table sits between the two now: the past one is the one under "Past".
    const now = $('#household ~ table').first()
    const past = $('#past-members + table')
    assert.ok(now.length && past.length)
    assert.match($(now).text(), new RegExp(sibling.givenName))
    assert.doesNotMatch($(now).text(), new RegExp(`${parent.givenName} ${parent.familyName}`))
    assert.match($(past).text(), new RegExp(`${parent.givenName} ${parent.familyName}`))
    assert.match($(past).text(), /Moved out/)
  })

  it('ends a relationship from the form and goes back to the household', async () => {
    const { parent, relationshipId } = await livingWith()
    const sw = await given.agent('sw@csc.example')
    const form = await sw.get(`/relationships/${relationshipId}/end?from=${parent.id}`)
    assert.equal(form.statusCode, 200)
    const done = await sw.post(`/relationships/${relationshipId}/end`, {
      version: '1',
      from: parent.id,
      'endedOn-day': '1',
      'endedOn-month': '10',
      'endedOn-year': '2026',
      reason: 'Moved out',
    })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/people/${parent.id}?ended=1#household`)
    assert.equal((await stored(relationshipId)).endedOn, '2026-10-01')
  })

  it('sends a refused form back with the error summary and what was typed', async () => {
    const { relationshipId } = await livingWith('2021-04-01')
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/relationships/${relationshipId}/end`)
    const refused = await sw.post(`/relationships/${relationshipId}/end`, {
      version: '1',
      'endedOn-day': '1',
      'endedOn-month': '1',
      'endedOn-year': '2020',
      reason: 'Typed before the mistake',
    })
    assert.equal(refused.statusCode, 400)
    const $ = page(refused)
    assert.match($('.govuk-error-summary').text(), /on or after the date it started/)
    assert.equal($('#reason').text(), 'Typed before the mistake')
    assert.equal((await stored(relationshipId)).endedOn, null)
  })
})

describe('ending a relationship goes on the chronology of the child’s open cases', () => {
  const entries = async (caseId: string) => {
    const read = await api('GET', `/api/v1/cases/${caseId}/chronology?kind=relationship.ended`, 'sw@csc.example')
    assert.equal(read.statusCode, 200, read.body)
    return read.json<ChronologyEntry[]>()
  }

  it('writes one entry about the child on their open case: who, what they were, why and when it ended', async () => {
    const { child, parent, relationshipId } = await livingWith()
    const kase = await given.case({ children: [child] })
    const ended = await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    assert.equal(ended.statusCode, 200, ended.body)
    const [entry, ...more] = await entries(kase.id)
    assert.ok(entry, 'an entry on the case')
    assert.equal(more.length, 0)
    assert.equal(entry.kind, 'relationship.ended')
    assert.equal(entry.childId, child.id)
    assert.equal(
      entry.summary,
      `Ended: ${parent.givenName} ${parent.familyName}, parent of ${child.givenName} ${child.familyName}, ` +
        'lived with them — Moved out; ended on 1 October 2026',
    )
    // The day it ended begins at midnight in England: 23:00 UTC the night before, in British Summer Time.
    assert.equal(entry.occurredAt, '2026-09-30T23:00:00.000Z')
  })

  it('reads from the child’s side when the child on the case is the other person of the relationship', async () => {
    const child = await given.child()
    const brother = await given.child()
    // Recorded on the brother's record, who is on no case: the child is his half-sibling.
    const added = await api('POST', `/api/v1/people/${brother.id}/relationships`, 'sw@csc.example', {
      otherPersonId: child.id,
      kind: 'half_sibling',
      livesWith: false,
      hasContact: true,
    })
    assert.equal(added.statusCode, 201, added.body)
    const kase = await given.case({ children: [child] })
    await end(added.json<{ id: string }>().id, { endedOn: '2026-10-01', reason: 'Contact stopped by court order' })
    const [entry] = await entries(kase.id)
    assert.equal(entry?.childId, child.id)
    assert.equal(
      entry.summary,
      `Ended: ${brother.givenName} ${brother.familyName}, half-sibling of ${child.givenName} ${child.familyName}, ` +
        'had contact — Contact stopped by court order; ended on 1 October 2026',
    )
  })

  it('writes one entry about the whole case when both people are its children', async () => {
    const child = await given.child()
    const sibling = await given.child()
    const added = await api('POST', `/api/v1/people/${child.id}/relationships`, 'sw@csc.example', {
      otherPersonId: sibling.id,
      kind: 'sibling',
      livesWith: true,
      hasContact: true,
    })
    const kase = await given.case({ children: [child, sibling] })
    await end(added.json<{ id: string }>().id, { endedOn: '2026-10-01', reason: 'Went into foster care' })
    const found = await entries(kase.id)
    assert.equal(found.length, 1)
    assert.equal(found[0]?.childId, null)
  })

  it('writes nothing on a closed case, nor on a case the person is only an adult of', async () => {
    const { child, parent, relationshipId } = await livingWith()
    const closed = await given.case({ children: [child] })
    const closing = await api('POST', `/api/v1/cases/${closed.id}/close`, 'sw@csc.example', { reason: 'Support ended' })
    assert.equal(closing.statusCode, 200, closing.body)
    const other = await given.case({ adults: [{ person: parent, role: 'parent' }] })
    await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    assert.deepEqual(await entries(closed.id), [])
    assert.deepEqual(await entries(other.id), [])
  })

  it('writes nothing when the ending is refused', async () => {
    const { child, relationshipId } = await livingWith('2021-04-01')
    const kase = await given.case({ children: [child] })
    const refused = await end(relationshipId, { endedOn: '2020-01-01', reason: 'Moved out' })
    assert.equal(refused.statusCode, 400)
    assert.deepEqual(await entries(kase.id), [])
    await end(relationshipId, { endedOn: '2026-10-01', reason: 'Moved out' })
    const again = await end(relationshipId, { endedOn: '2026-10-02', reason: 'Moved out again' })
    assert.equal(again.statusCode, 409)
    assert.equal((await entries(kase.id)).length, 1)
  })
})
