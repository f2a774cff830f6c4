import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ApiBody } from '../../../test/types.ts'

type CaseListItem = ApiBody<'casesList', 200>[number]

const { app, clock } = await testApp()
const db = app.lantern.db
const given = fixtures(app)

beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

/** The rows of the table under the heading with this id, each row's cell texts, spaces squeezed. */
function rowsUnder(html: string, sectionId: string): string[][] {
  const $ = page({ body: html } as Parameters<typeof page>[0])
  const table = $(`#${sectionId}`).nextAll('table').first()
  return table
    .find('tbody tr')
    .toArray()
    .map(tr =>
      $(tr)
        .find('td')
        .toArray()
        .map(td => $(td).text().replace(/\s+/g, ' ').trim()),
    )
}

describe('home: each role’s work', () => {
  it('shows a social worker their open cases, each child, the lead, and news since they last looked', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker, agencies: ['police'] })
    const agent = await given.agent(worker)
    await agent.get(`/cases/${kase.id}`)
    clock.advance(60_000)
    await given.entry(kase, { by: 'dc@police.example', kind: 'note.police' })
    const home = await agent.get('/')
    assert.equal(home.statusCode, 200)
    const [row] = rowsUnder(home.body, 'my-cases')
    assert.ok(row, 'the case is listed')
    assert.match(row[0] ?? '', new RegExp(kase.reference))
    assert.equal(row[1], `${child.givenName} ${child.familyName}`)
    assert.equal(row[2], worker.displayName)
    assert.match(row[3] ?? '', /New since you looked/)
  })

  it('shows a referral decision due on a child of the case, marked overdue once past', async () => {
    const worker = await given.user('social_worker')
    const { child } = await given.childInCase({ by: worker })
    await given.concern({ child })
    clock.advance(5 * 86_400_000)
    const home = await (await given.agent(worker)).get('/')
    const [row] = rowsUnder(home.body, 'my-cases')
    assert.match(row?.[4] ?? '', /Referral decision .* Overdue/)
  })

  it('words what is due as near as it is: due tomorrow, then overdue since the day it was due', async () => {
    const worker = await given.user('social_worker')
    const { child } = await given.childInCase({ by: worker })
    await given.concern({ child })
    const agent = await given.agent(worker)
    const [before] = rowsUnder((await agent.get('/')).body, 'my-cases')
    assert.equal(before?.[4], 'Referral decision due tomorrow at 9:00am')
    clock.advance(5 * 86_400_000)
    const [after] = rowsUnder((await (await given.agent(worker)).get('/')).body, 'my-cases')
    assert.equal(after?.[4], 'Referral decision overdue since 26 November 2026 at 9:00am Overdue')
  })

  it('does not show a case the social worker has been taken off, with their agency', async () => {
    const worker = await given.user('police_investigator')
    const { kase } = await given.childInCase({ members: [worker] })
    const agent = await given.agent(worker)
    assert.equal(rowsUnder((await agent.get('/')).body, 'my-cases').length, 1)
    const entry = kase.team.find(t => t.userId === worker.id)
    assert.ok(entry)
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cases/${kase.id}/members/${entry.id}`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.equal(removed.statusCode, 200)
    const home = page(await agent.get('/'))
    assert.equal(rowsUnder(home.html(), 'my-cases').length, 0)
    assert.match(home('#recent').next().text(), /Cases and people you open/, 'nor in recently viewed')
  })

  it('shows a team manager the open cases led by their agency, first', async () => {
    const manager = await given.user('team_manager')
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    const home = page(await (await given.agent(manager)).get('/'))
    assert.equal(home('h2').first().attr('id'), 'team-cases')
    assert.ok(
      rowsUnder(home.html(), 'team-cases').some(r => r[0]?.includes(kase.reference)),
      'the worker’s case is among the team’s',
    )
    assert.match(home('#team-cases').nextAll('p').first().find('a').attr('href') ?? '', /member=team/)
  })

  it('shows the front door the referrals awaiting a decision, overdue first', async () => {
    clock.set('2026-01-05T09:00:00.000Z')
    const concern = await given.concern()
    clock.set('2026-11-25T09:00:00.000Z')
    const home = page(await (await given.agent('mash@csc.example')).get('/'))
    assert.equal(home('h2').first().attr('id'), 'awaiting')
    const [first] = rowsUnder(home.html(), 'awaiting')
    assert.match(first?.[2] ?? '', /Overdue/)
    assert.equal(
      home('#awaiting').nextAll('table').first().find('tbody tr a').first().attr('href'),
      `/referrals/${concern.referralId ?? ''}`,
    )
  })

  it('words when each referral awaiting a decision is due, in UK time, for the front door and the referrer', async () => {
    const lead = await given.user('designated_safeguarding_lead')
    const child = await given.child({ givenName: 'Sanderling', familyName: 'Duewise' })
    await given.concern({ child, by: lead })
    const frontDoor = rowsUnder((await (await given.agent('mash@csc.example')).get('/')).body, 'awaiting')
    assert.deepEqual(
      frontDoor.find(r => r[0] === 'Sanderling Duewise'),
      ['Sanderling Duewise', 'Lanternfield Primary School', 'Due tomorrow at 9:00am'],
    )
    const [raised] = rowsUnder((await (await given.agent(lead)).get('/')).body, 'raised')
    assert.deepEqual(raised, ['Sanderling Duewise', '25 November 2026 at 9:00am', 'Awaiting, due tomorrow at 9:00am'])
  })

  it('shows a practitioner the referrals they raised, and the decision once made', async () => {
    const lead = await given.user('designated_safeguarding_lead')
    const concern = await given.concern({ by: lead })
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/referrals/${concern.referralId ?? ''}/decision`,
      headers: bearer(await given.apiToken('mash@csc.example')),
      payload: {
        decision: 'early_help',
        rationale: 'Family asked for help with routines; no sign of harm',
        version: 1,
      },
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const [row] = rowsUnder((await (await given.agent(lead)).get('/')).body, 'raised')
    assert.match(row?.[2] ?? '', /early help/)
  })

  it('lists the cases and people opened recently, newest first', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    const agent = await given.agent(worker)
    await agent.get(`/cases/${kase.id}`)
    clock.advance(1000)
    await agent.get(`/people/${child.id}`)
    const home = page(await agent.get('/'))
    const recent = home('#recent')
      .next('ul')
      .find('a')
      .toArray()
      .map(a => home(a).attr('href'))
    assert.deepEqual(recent, [`/people/${child.id}`, `/cases/${kase.id}`])
  })

  it('audits the home page with the cases it showed', async () => {
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    await (await given.agent(worker)).get('/')
    await app.lantern.audit.drain()
    const row = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('userId', '=', worker.id)
        .where('action', '=', 'home.view')
        .executeTakeFirstOrThrow(),
    )
    assert.deepEqual((row.detail as { caseIds: string[] }).caseIds, [kase.id])
  })

  it('leads the partnership manager and the auditor to the partnership’s lists, and no one else', async () => {
    for (const who of ['pm@partnership.example', 'auditor@partnership.example'] as const) {
      const home = page(await (await given.agent(who)).get('/'))
      assert.equal(home('a[href="/partnership/lists"]').length, 1, who)
    }
    const worker = page(await (await given.agent('sw@csc.example')).get('/'))
    assert.equal(worker('a[href="/partnership/lists"]').length, 0)
  })
})

describe('the case list page', () => {
  it('pages through a long list 25 at a time', async () => {
    const worker = await given.user('social_worker')
    for (let i = 0; i < 26; i++) await given.childInCase({ by: worker })
    const agent = await given.agent(worker)
    const first = page(await agent.get('/cases?member=me&status=open'))
    assert.equal(first('tbody tr').length, 25)
    assert.match(first('caption').text(), /Cases 1 to 25 of 26/)
    const next = first('.govuk-pagination__next a').attr('href') ?? ''
    const second = page(await agent.get(next))
    assert.equal(second('tbody tr').length, 1)
    assert.match(second('caption').text(), /Cases 26 to 26 of 26/)
  })

  it('filters by status, keeping the choice in the form', async () => {
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    const closed = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/close`,
      headers: bearer(await given.apiToken(worker)),
      payload: { reason: 'Family moved away; handed over to their new authority' },
    })
    assert.equal(closed.statusCode, 200)
    const agent = await given.agent(worker)
    assert.match(page(await agent.get('/cases?member=me&status=open'))('main').text(), /No cases match/)
    const closedList = page(await agent.get('/cases?member=me&status=closed'))
    assert.equal(closedList('tbody tr').length, 1)
    assert.equal(closedList('#status option[selected]').attr('value'), 'closed')
  })

  it('refuses the page to the partnership manager (403)', async () => {
    const response = await (await given.agent('pm@partnership.example')).get('/cases')
    assert.equal(response.statusCode, 403)
  })
})

describe('GET /api/v1/cases: what is due, as the home page shows it', () => {
  const listed = async (worker: Who, caseId: string) => {
    const response = await app.inject({
      url: '/api/v1/cases?member=me',
      headers: bearer(await given.apiToken(worker)),
    })
    assert.equal(response.statusCode, 200, response.body)
    const found = response.json<CaseListItem[]>().find(c => c.id === caseId)
    assert.ok(found, 'the case is listed')
    return found
  }

  it('names the referral decision due on a child of the case, overdue once past, as the home page does', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    const concern = await given.concern({ child })
    clock.advance(5 * 86_400_000)
    const { due } = await listed(worker, kase.id)
    const referral = await asSystem(() =>
      db
        .selectFrom('referrals')
        .select('decisionDueAt')
        .where('id', '=', concern.referralId ?? '')
        .executeTakeFirstOrThrow(),
    )
    assert.deepEqual(due, [
      {
        kind: 'referralDecision',
        name: 'Referral decision',
        dueAt: referral.decisionDueAt.toISOString(),
        overdue: true,
      },
    ])
    const [row] = rowsUnder((await (await given.agent(worker)).get('/')).body, 'my-cases')
    assert.match(row?.[4] ?? '', /^Referral decision .* Overdue$/)
  })

  it('says not yet overdue before the decision is due', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    await given.concern({ child })
    const { due } = await listed(worker, kase.id)
    assert.equal(due?.length, 1)
    assert.equal(due[0]?.overdue, false)
  })

  it('is null when nothing is due, a decided referral included', async () => {
    const worker = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: worker })
    assert.equal((await listed(worker, kase.id)).due, null)
    const concern = await given.concern({ child })
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/referrals/${concern.referralId ?? ''}/decision`,
      headers: bearer(await given.apiToken('mash@csc.example')),
      payload: {
        decision: 'advice_and_information',
        rationale: 'Explained at school; nothing to suggest harm',
        version: 1,
      },
    })
    assert.equal(decided.statusCode, 200, decided.body)
    assert.equal((await listed(worker, kase.id)).due, null)
    const [row] = rowsUnder((await (await given.agent(worker)).get('/')).body, 'my-cases')
    assert.equal(row?.[4], 'Nothing due')
  })
})
