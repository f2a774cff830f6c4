import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ApiBody, ErrorBody } from '../../../test/types.ts'

type CaseListItem = ApiBody<'casesList', 200>[number]

const { app, clock } = await testApp()
const db = app.lantern.db
const given = fixtures(app)

beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const get = async (url: string, who: Who) => app.inject({ url, headers: bearer(await given.apiToken(who)) })
const list = async (query: string, who: Who) => {
  const response = await get(`/api/v1/cases?${query}`, who)
  assert.equal(response.statusCode, 200, response.body)
  return { cases: response.json<CaseListItem[]>(), total: Number(response.headers['x-total-count']) }
}

describe('GET /api/v1/cases', () => {
  it('lists the cases I lead, newest first, with each child and the lead, and the total', async () => {
    const worker = await given.user('social_worker')
    const first = await given.childInCase({ by: worker, title: 'First worry' })
    clock.advance(60_000)
    const second = await given.childInCase({ by: worker, title: 'Second worry' })
    const { cases, total } = await list('member=me', worker)
    assert.equal(total, 2)
    assert.deepEqual(
      cases.map(c => c.id),
      [second.kase.id, first.kase.id],
    )
    const [newest] = cases
    assert.ok(newest)
    assert.deepEqual(
      newest.children.map(c => c.id),
      [second.child.id],
    )
    assert.equal(newest.leadName, worker.displayName)
    assert.equal(newest.status, 'open')
  })

  it('pages with limit and offset, the total counting every page', async () => {
    const worker = await given.user('social_worker')
    for (let i = 0; i < 3; i++) {
      await given.childInCase({ by: worker })
      clock.advance(60_000)
    }
    const all = await list('member=me', worker)
    const page = await list('member=me&limit=2&offset=1', worker)
    assert.equal(page.total, 3)
    assert.deepEqual(
      page.cases.map(c => c.id),
      all.cases.slice(1, 3).map(c => c.id),
    )
  })

  it('lists a case I am on the team of as a user, not one only my agency is on, under member=me', async () => {
    const worker = await given.user('social_worker')
    const colleague = await given.user('social_worker')
    const onTeam = await given.childInCase({ by: colleague, members: [worker] })
    const agencyOnly = await given.childInCase({ by: colleague })
    const mine = (await list('member=me', worker)).cases.map(c => c.id)
    assert.ok(mine.includes(onTeam.kase.id))
    assert.ok(!mine.includes(agencyOnly.kase.id))
    const agency = (await list(`member=agency&childId=${agencyOnly.child.id}`, worker)).cases.map(c => c.id)
    assert.deepEqual(agency, [agencyOnly.kase.id])
  })

  it('never lists a case I could not open: not another agency’s, not one I read by break-glass', async () => {
    const { child, kase } = await given.childInCase()
    const investigator = await given.user('police_investigator')
    assert.equal((await list(`childId=${child.id}`, investigator)).total, 0)
    await given.breakGlass(kase, investigator)
    assert.equal((await list(`childId=${child.id}`, investigator)).total, 0, 'break-glass is not a listing')
    assert.equal((await get(`/api/v1/cases/${kase.id}`, investigator)).statusCode, 200)
  })

  it('lists a case once another agency is on its team, for that agency', async () => {
    const { child } = await given.childInCase({ agencies: ['police'] })
    const investigator = await given.user('police_investigator')
    const { cases, total } = await list(`member=agency&childId=${child.id}`, investigator)
    assert.equal(total, 1)
    assert.equal(cases[0]?.children[0]?.id, child.id)
  })

  it('stops listing a case for an agency taken off its team', async () => {
    const { child, kase } = await given.childInCase({ agencies: ['police'] })
    const police = kase.team.find(t => t.agencyName?.includes('Police'))
    assert.ok(police)
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cases/${kase.id}/members/${police.id}`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.equal(removed.statusCode, 200)
    assert.equal((await list(`childId=${child.id}`, 'dc@police.example')).total, 0)
  })

  it('lists nothing of another partnership', async () => {
    const { child } = await given.childInCase()
    assert.equal((await list(`childId=${child.id}`, 'sw@southvale.example')).total, 0)
  })

  it('filters by status: a closed case is listed as closed, not as open', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/close`,
      headers: bearer(await given.apiToken(worker)),
      payload: { reason: 'Family moved away; handed over to their new authority' },
    })
    assert.equal(closed.statusCode, 200)
    assert.equal((await list(`status=open&childId=${child.id}`, worker)).total, 0)
    const { cases } = await list(`status=closed&childId=${child.id}`, worker)
    assert.deepEqual(
      cases.map(c => [c.id, c.status]),
      [[kase.id, 'closed']],
    )
  })

  it('filters by child: only the cases that child is part of', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    await given.childInCase({ by: worker })
    const { cases, total } = await list(`member=me&childId=${child.id}`, worker)
    assert.equal(total, 1)
    assert.equal(cases[0]?.id, kase.id)
  })

  it('lists, for member=team, the cases led by someone in my agency', async () => {
    const manager = await given.user('team_manager')
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    const { cases } = await list(`member=team&childId=${child.id}`, manager)
    assert.deepEqual(
      cases.map(c => c.id),
      [kase.id],
    )
    const police = await given.user('police_investigator')
    const led = await given.childInCase({ by: 'sw@csc.example', agencies: ['police'] })
    assert.equal((await list(`member=team&childId=${led.child.id}`, police)).total, 0, 'led by another agency')
  })

  it('says a case changed since I last looked when someone else wrote on it, and not after I read it', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker, agencies: ['police'] })
    await get(`/api/v1/cases/${kase.id}`, worker)
    clock.advance(60_000)
    await given.entry(kase, { by: 'dc@police.example', kind: 'note.police' })
    const [before] = (await list(`childId=${child.id}`, worker)).cases
    assert.ok(before)
    assert.equal(before.changedSinceViewed, true)
    assert.equal(before.lastChange?.kind, 'note.police')
    clock.advance(60_000)
    await get(`/api/v1/cases/${kase.id}`, worker)
    const [after] = (await list(`childId=${child.id}`, worker)).cases
    assert.ok(after)
    assert.equal(after.changedSinceViewed, false)
    assert.ok(after.lastViewedAt)
  })

  it('does not count my own entries, or an entry sealed for others, as a change', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({
      by: worker,
      agencies: ['police'],
      members: ['dc@police.example'],
    })
    await get(`/api/v1/cases/${kase.id}`, worker)
    clock.advance(60_000)
    await given.entry(kase, { by: worker })
    const sealedFor = [await given.userId('dc@police.example')]
    await given.entry(kase, { by: 'dc@police.example', visibility: 'sealed', sealedFor })
    const item = (await list(`childId=${child.id}`, worker)).cases[0]
    assert.equal(item?.changedSinceViewed, false)
  })

  it('refuses a filter it cannot read, naming the field', async () => {
    const r = await get('/api/v1/cases?member=everyone', 'sw@csc.example')
    assert.equal(r.statusCode, 400)
    assert.ok(r.json<ErrorBody>().error.fields?.member)
    const tooMany = await get('/api/v1/cases?limit=101', 'sw@csc.example')
    assert.ok(tooMany.json<ErrorBody>().error.fields?.limit)
  })

  it('audits the list with the cases it showed', async () => {
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    await list('member=me', worker)
    await app.lantern.audit.drain()
    const row = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['detail'])
        .where('userId', '=', worker.id)
        .where('action', '=', 'cases.list')
        .executeTakeFirstOrThrow(),
    )
    assert.deepEqual((row.detail as { caseIds: string[] }).caseIds, [kase.id])
  })
})
