import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { CaseBody, ChronologyEntry, ErrorBody } from '../../../test/types.ts'

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const REASON = 'Moved in with the family last week'

async function call(who: Who, method: 'POST' | 'DELETE', url: string, payload: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), payload })
}

async function read(kase: { id: string }, who: Who = 'sw@csc.example'): Promise<CaseBody> {
  const response = await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(await given.apiToken(who)) })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<CaseBody>()
}

async function chronology(kase: { id: string }): Promise<ChronologyEntry[]> {
  const response = await app.inject({
    url: `/api/v1/cases/${kase.id}/chronology`,
    headers: bearer(await given.apiToken('sw@csc.example')),
  })
  return response.json<ChronologyEntry[]>()
}

const fieldsOf = (response: { body: string }) => (JSON.parse(response.body) as ErrorBody).error.fields ?? {}

async function closed(kase: CaseBody): Promise<CaseBody> {
  const response = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/close`, {
    reason: 'Family moved away and support ended',
  })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<CaseBody>()
}

describe('children join and leave a case', () => {
  it('adds a child who harmed another child as a child of the case, with that role and their own status', async () => {
    const kase = await given.case()
    const brother = await given.child({ dateOfBirth: '2012-03-03' })
    const added = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: brother.id,
      role: 'harmed_another_child',
      reason: REASON,
    })
    assert.equal(added.statusCode, 201, added.body)
    const child = added.json<CaseBody>().children.find(c => c.id === brother.id)
    assert.deepEqual({ role: child?.role, status: child?.status }, { role: 'harmed_another_child', status: 'open' })
    assert.equal(added.json<CaseBody>().version, kase.version + 1)
  })

  it('adds a child as the child the case is about when no role is given', async () => {
    const kase = await given.case()
    const sister = await given.child()
    const added = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: sister.id,
      reason: REASON,
    })
    assert.equal(added.json<CaseBody>().children.find(c => c.id === sister.id)?.role, 'subject')
  })

  it('writes the addition and its reason on the chronology', async () => {
    const kase = await given.case()
    const sister = await given.child()
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { personId: sister.id, reason: REASON })
    const event = (await chronology(kase)).find(e => e.kind === 'case.childAdded')
    assert.ok(event?.summary.includes(REASON), JSON.stringify(event))
    assert.ok(event?.summary.includes(sister.givenName))
  })

  it('refuses a child already on the case, naming the person', async () => {
    const { child, kase } = await given.childInCase()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: child.id,
      reason: REASON,
    })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).personId ?? '', /already on this case/)
  })

  it('refuses to add someone whose record the practitioner cannot see, and saves nothing', async () => {
    const kase = await given.case()
    const stranger = await given.child({}, 'dc@police.example')
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: stranger.id,
      reason: REASON,
    })
    assert.equal(refused.statusCode, 403)
    assert.equal((await read(kase)).children.length, 1)
  })

  it('asks for a reason, naming the field', async () => {
    const kase = await given.case()
    const sister = await given.child()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { personId: sister.id })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).reason)
  })

  it('refuses a change made on a version someone else moved on, and saves nothing', async () => {
    const kase = await given.case()
    const [first, second] = [await given.child(), await given.child()]
    const url = `/api/v1/cases/${kase.id}/children`
    await call('sw@csc.example', 'POST', url, { personId: first.id, reason: REASON, version: kase.version })
    const stale = await call('sw@csc.example', 'POST', url, {
      personId: second.id,
      reason: REASON,
      version: kase.version,
    })
    assert.equal(stale.statusCode, 409, stale.body)
    assert.ok(!(await read(kase)).children.some(c => c.id === second.id))
  })

  it('removes a child with a reason, keeping the membership as history', async () => {
    const { child, kase } = await given.childInCase()
    const sister = await given.child()
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { personId: sister.id, reason: REASON })
    const removed = await call('sw@csc.example', 'DELETE', `/api/v1/cases/${kase.id}/children/${sister.id}`, {
      reason: 'Moved to live with her father out of area',
    })
    assert.equal(removed.statusCode, 200, removed.body)
    assert.deepEqual(
      removed.json<CaseBody>().children.map(c => c.id),
      [child.id],
    )
    const kept = await asSystem(() =>
      db
        .selectFrom('caseChildren')
        .select(['removedReason', 'removedAt'])
        .where('caseId', '=', kase.id)
        .where('personId', '=', sister.id)
        .executeTakeFirstOrThrow(),
    )
    assert.equal(kept.removedReason, 'Moved to live with her father out of area')
    assert.ok((await chronology(kase)).some(e => e.kind === 'case.childRemoved'))
  })

  it('refuses to remove the last child, naming the person, and saves nothing', async () => {
    const { child, kase } = await given.childInCase()
    const refused = await call('sw@csc.example', 'DELETE', `/api/v1/cases/${kase.id}/children/${child.id}`, {
      reason: 'No longer needs a case',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).personId ?? '', /only child/)
    const after = await read(kase)
    assert.deepEqual([after.children.length, after.version], [1, kase.version])
  })

  it('ends what the team may see of a removed child who is on none of their other cases', async () => {
    const kase = await given.case({ agencies: ['police'] })
    const sister = await given.child()
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { personId: sister.id, reason: REASON })
    const asOfficer = async () =>
      (
        await app.inject({
          url: `/api/v1/people/${sister.id}`,
          headers: bearer(await given.apiToken('dc@police.example')),
        })
      ).statusCode
    assert.equal(await asOfficer(), 200)
    await call('sw@csc.example', 'DELETE', `/api/v1/cases/${kase.id}/children/${sister.id}`, {
      reason: 'Added to the wrong case by mistake',
    })
    assert.notEqual(await asOfficer(), 200)
  })

  it('lets a removed child join again', async () => {
    const kase = await given.case()
    const sister = await given.child()
    const url = `/api/v1/cases/${kase.id}/children`
    await call('sw@csc.example', 'POST', url, { personId: sister.id, reason: REASON })
    await call('sw@csc.example', 'DELETE', `${url}/${sister.id}`, { reason: 'Went to stay with grandparents' })
    const again = await call('sw@csc.example', 'POST', url, { personId: sister.id, reason: 'Back home with mum now' })
    assert.equal(again.statusCode, 201, again.body)
  })

  it('refuses a change by someone off the team', async () => {
    const kase = await given.case()
    const sister = await given.child({}, 'nurse@health.example')
    const refused = await call('nurse@health.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: sister.id,
      reason: REASON,
    })
    assert.equal(refused.statusCode, 403)
  })
})

describe('adults join and leave a case', () => {
  it('adds an adult in a role, with the reason on the chronology', async () => {
    const kase = await given.case()
    const partner = await given.adult()
    const added = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/adults`, {
      personId: partner.id,
      role: 'carer',
      reason: 'Mother’s new partner moved in',
    })
    assert.equal(added.statusCode, 201, added.body)
    assert.equal(added.json<CaseBody>().adults.find(a => a.id === partner.id)?.role, 'carer')
    const event = (await chronology(kase)).find(e => e.kind === 'case.adultAdded')
    assert.ok(event?.summary.includes('Mother’s new partner moved in'))
  })

  it('refuses an adult who is a child of the case, naming the person', async () => {
    const { child, kase } = await given.childInCase()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/adults`, {
      personId: child.id,
      role: 'sibling',
      reason: REASON,
    })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).personId ?? '', /already on this case as Child the case is about/)
  })

  it('asks for a role from the list', async () => {
    const kase = await given.case()
    const partner = await given.adult()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/adults`, {
      personId: partner.id,
      role: 'lodger',
      reason: REASON,
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).role)
  })

  it('removes an adult with a reason', async () => {
    const partner = await given.adult()
    const kase = await given.case({ adults: [{ person: partner, role: 'parent' }] })
    const removed = await call('sw@csc.example', 'DELETE', `/api/v1/cases/${kase.id}/adults/${partner.id}`, {
      reason: 'Left the household in October',
    })
    assert.equal(removed.statusCode, 200, removed.body)
    assert.deepEqual(removed.json<CaseBody>().adults, [])
    assert.ok((await chronology(kase)).some(e => e.kind === 'case.adultRemoved'))
  })

  it('refuses to remove someone who is not one of the adults, naming the person', async () => {
    const kase = await given.case()
    const partner = await given.adult()
    const refused = await call('sw@csc.example', 'DELETE', `/api/v1/cases/${kase.id}/adults/${partner.id}`, {
      reason: 'Left the household in October',
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).personId)
  })
})

describe('reopening a case', () => {
  it('reopens a closed case with a reason, the children open again', async () => {
    const kase = await closed(await given.case())
    const reopened = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/reopen`, {
      reason: 'New disclosure at school this morning',
      version: kase.version,
    })
    assert.equal(reopened.statusCode, 200, reopened.body)
    const body = reopened.json<CaseBody>()
    assert.deepEqual([body.status, body.children.map(c => c.status), body.closedAt], ['open', ['open'], null])
    const event = (await chronology(kase)).find(e => e.kind === 'case.reopened')
    assert.ok(event?.summary.includes('New disclosure at school this morning'))
  })

  it('refuses to reopen an open case, naming the reason', async () => {
    const kase = await given.case()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/reopen`, {
      reason: 'New disclosure at school this morning',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).reason ?? '', /already open/)
  })

  it('refuses to reopen on a stale version', async () => {
    const opened = await given.case()
    const kase = await closed(opened)
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/reopen`, {
      reason: 'New disclosure at school this morning',
      version: opened.version,
    })
    assert.equal(refused.statusCode, 409)
    assert.equal((await read(kase)).status, 'closed')
  })

  it('is for the social workers and team managers of the team, not a police officer on it', async () => {
    const kase = await closed(await given.case({ members: ['dc@police.example'] }))
    const refused = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/reopen`, {
      reason: 'New disclosure at school this morning',
    })
    assert.equal(refused.statusCode, 403)
  })
})

describe('earlier episodes', () => {
  it('links a new case to an earlier closed case about the same child, shown on both', async () => {
    const { child, kase: first } = await given.childInCase({ title: 'First episode' })
    await closed(first)
    const second = await given.case({ children: [child], title: 'Second episode' })
    const linked = await call('sw@csc.example', 'POST', `/api/v1/cases/${second.id}/episodes`, {
      earlierCaseId: first.id,
    })
    assert.equal(linked.statusCode, 201, linked.body)
    assert.deepEqual(
      linked.json<CaseBody>().episodes.earlier.map(e => e.reference),
      [first.reference],
    )
    assert.deepEqual(
      (await read(first)).episodes.later.map(e => e.reference),
      [second.reference],
    )
  })

  it('refuses a case about other children, naming the field', async () => {
    const other = await closed(await given.case())
    const kase = await given.case()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/episodes`, {
      earlierCaseId: other.id,
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).earlierCaseId)
  })
})

describe('a case that changes, through the pages', () => {
  it('adds a brother from the household as a child who harmed another child', async () => {
    const { child, kase } = await given.childInCase()
    const brother = await given.child({ dateOfBirth: '2011-02-02' })
    await given.relationship(child, brother)
    const agent = await given.agent('sw@csc.example')
    const form = page(await agent.get(`/cases/${kase.id}/children/new`))
    assert.equal(form(`input[name="personId"][value="${brother.id}"]`).length, 1)
    assert.equal(form('input[type="radio"]:checked').length, 0, 'nothing is pre-answered')
    const added = await agent.post(`/cases/${kase.id}/children`, {
      personId: brother.id,
      role: 'harmed_another_child',
      reason: 'Disclosed by his sister at school',
      version: String(kase.version),
    })
    assert.equal(added.statusCode, 303, added.body)
    const after = page(await agent.get(added.headers.location ?? ''))
    assert.match(after('.govuk-notification-banner').text(), /Child added to the case/)
    assert.match(after('table:has(caption:contains("Children"))').text(), /Child who harmed another child/)
  })

  it('keeps what was typed when the role is missing, naming it in the summary', async () => {
    const { child, kase } = await given.childInCase()
    const brother = await given.child()
    await given.relationship(child, brother)
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/children/new`)
    const refused = await agent.post(`/cases/${kase.id}/children`, {
      personId: brother.id,
      reason: 'Disclosed by his sister at school',
      version: String(kase.version),
    })
    assert.equal(refused.statusCode, 400)
    const $ = page(refused)
    assert.equal($('.govuk-error-summary a').attr('href'), '#role')
    assert.equal($(`input[name="personId"][value="${brother.id}"]`).attr('checked'), 'checked')
    assert.equal($('#reason').text().trim(), 'Disclosed by his sister at school')
  })

  it('offers only people whose records the practitioner can see', async () => {
    const { child, kase } = await given.childInCase()
    const unseen = await given.adult({}, 'dc@police.example')
    await given.relationship(child, unseen, { kind: 'household_member', by: 'mash@csc.example' })
    const agent = await given.agent('sw@csc.example')
    const form = page(await agent.get(`/cases/${kase.id}/adults/new`))
    assert.equal(form(`input[name="personId"][value="${unseen.id}"]`).length, 0)
  })

  it('removes a child after a confirmation page that asks why', async () => {
    const { kase } = await given.childInCase()
    const sister = await given.child()
    const withTwo = (
      await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { personId: sister.id, reason: REASON })
    ).json<CaseBody>()
    const agent = await given.agent('sw@csc.example')
    const casePage = page(await agent.get(`/cases/${kase.id}/people`))
    const link = casePage(`a[href="/cases/${kase.id}/children/${sister.id}/remove"]`)
    assert.equal(link.length, 1)
    const confirm = page(await agent.get(link.attr('href') ?? ''))
    assert.match(confirm('h1').text(), /Remove .* from the case\?/)
    const empty = await agent.post(`/cases/${kase.id}/children/${sister.id}/remove`, {
      version: String(withTwo.version),
    })
    assert.equal(empty.statusCode, 400)
    assert.equal(page(empty)('.govuk-error-summary a').attr('href'), '#reason')
    const removed = await agent.post(`/cases/${kase.id}/children/${sister.id}/remove`, {
      reason: 'Moved to live with her father out of area',
      version: String(withTwo.version),
    })
    assert.equal(removed.statusCode, 303, removed.body)
    assert.ok(!(await read(kase)).children.some(c => c.id === sister.id))
  })

  it('offers no removal of the only child', async () => {
    const { kase } = await given.childInCase()
    const agent = await given.agent('sw@csc.example')
    assert.equal(page(await agent.get(`/cases/${kase.id}/people`))('a[href$="/remove"]').length, 0)
  })

  it('tells of a stale version on the confirmation page, keeping the reason', async () => {
    const { kase } = await given.childInCase()
    const partner = await given.adult()
    const withAdult = (
      await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/adults`, {
        personId: partner.id,
        role: 'carer',
        reason: REASON,
      })
    ).json<CaseBody>()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/${kase.id}/adults/${partner.id}/remove`)
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: (await given.child()).id,
      reason: REASON,
    })
    const stale = await agent.post(`/cases/${kase.id}/adults/${partner.id}/remove`, {
      reason: 'Left the household in October',
      version: String(withAdult.version),
    })
    assert.equal(stale.statusCode, 409)
    assert.match(page(stale)('#reason-error').text(), /Someone else changed this case/)
    assert.equal(page(stale)('#reason').text().trim(), 'Left the household in October')
  })

  it('reopens a closed case from its own page, with a reason', async () => {
    const kase = await closed(await given.case())
    const agent = await given.agent('sw@csc.example')
    const casePage = page(await agent.get(`/cases/${kase.id}`))
    assert.equal(casePage(`a[href="/cases/${kase.id}/reopen"]`).length, 1)
    await agent.get(`/cases/${kase.id}/reopen`)
    const reopened = await agent.post(`/cases/${kase.id}/reopen`, {
      reason: 'New disclosure at school this morning',
      version: String(kase.version),
    })
    assert.equal(reopened.statusCode, 303, reopened.body)
    assert.match(
      page(await agent.get(reopened.headers.location ?? ''))('.govuk-notification-banner').text(),
      /reopened/,
    )
  })

  it('sends the reopen page of an open case back to the case', async () => {
    const kase = await given.case()
    const agent = await given.agent('sw@csc.example')
    const answer = await agent.get(`/cases/${kase.id}/reopen`)
    assert.equal(answer.statusCode, 303)
  })

  it('links an earlier episode from the case page, shown on both', async () => {
    const { child, kase: first } = await given.childInCase()
    await closed(first)
    const second = await given.case({ children: [child] })
    const agent = await given.agent('sw@csc.example')
    const casePage = page(await agent.get(`/cases/${second.id}`))
    assert.equal(casePage(`#earlierCaseId option[value="${first.id}"]`).length, 1)
    const linked = await agent.post(`/cases/${second.id}/episodes`, {
      earlierCaseId: first.id,
      version: String(second.version),
    })
    assert.equal(linked.statusCode, 303, linked.body)
    assert.match(page(await agent.get(`/cases/${first.id}`))('#episodes + ul').text(), new RegExp(second.reference))
  })
})
