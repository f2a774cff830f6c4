import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { AwaitingReferral, ChronologyEntry, ErrorBody, ReferralBody } from '../../../test/types.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

// Every test starts on Wednesday 25 November 2026, 09:00, whichever ran before it and moved the clock.
beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const get = async (url: string, who: Who) => app.inject({ url, headers: bearer(await given.apiToken(who)) })
const recordConcern = async (who: Who, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/concerns', headers: bearer(await given.apiToken(who)), payload })
const awaitingDecision = async () => (await get('/api/v1/referrals', 'mash@csc.example')).json<AwaitingReferral[]>()

describe('concerns and referrals', () => {
  it('serves the signs-and-indicators code list', async () => {
    const list = (await get('/api/v1/indicators', 'dsl@school.example')).json<
      { code: string; category: string; label: string }[]
    >()
    assert.equal(list.length, 30)
    assert.deepEqual(
      list.find(i => i.code === 'beh-regression'),
      { code: 'beh-regression', category: "The child's behaviour", label: 'Return to younger behaviour' },
    )
  })

  const wettingAgain = (childId: string) => ({
    childId,
    description: 'Wetting again in class and frightened at home time',
    indicators: ['phy-wetting-soiling', 'beh-avoids-home-or-person'],
    disclosure: 'none',
  })

  it('lets a school record a concern with indicators and no disclosure, referred and due one working day later', async () => {
    const child = await given.child()
    const r = await recordConcern('dsl@school.example', wettingAgain(child.id))
    assert.equal(r.statusCode, 201)
    const { referralId } = r.json<{ id: string; referralId: string }>()
    assert.ok(referralId)
    const referral = (await get(`/api/v1/referrals/${referralId}`, 'mash@csc.example')).json<ReferralBody>()
    assert.equal(referral.decisionDueAt, '2026-11-26T09:00:00.000Z', 'due one working day later')
    assert.equal(referral.overdue, false)
  })

  it("writes a school's concern on the chronology of the child's open case, without the school being on its team", async () => {
    const { child, kase } = await given.childInCase({ title: 'Open case' })
    assert.equal((await recordConcern('dsl@school.example', wettingAgain(child.id))).statusCode, 201)
    const events = (await get(`/api/v1/cases/${kase.id}/chronology`, 'sw@csc.example')).json<ChronologyEntry[]>()
    const concern = events.find(e => e.kind === 'concern.recorded')
    assert.equal(concern?.agency, 'Lanternfield Primary School')
    assert.match(concern.summary, /2 signs or indicators; no disclosure/)
  })

  it('refuses a concern without a description or with unknown indicators, naming the fields', async () => {
    const child = await given.child()
    const r = await recordConcern('dsl@school.example', { childId: child.id, description: '', indicators: ['made-up'] })
    assert.equal(r.statusCode, 400)
    assert.deepEqual(Object.keys(r.json<ErrorBody>().error.fields ?? {}).sort(), ['description', 'indicators.0'])
  })

  it('shows an overdue referral on the front-door list', async () => {
    const child = await given.child({ givenName: 'Linnet', familyName: 'Concernworth' })
    const { referralId } = await given.concern({ child })
    clock.advance(2 * 24 * 3_600_000)
    const awaiting = (await awaitingDecision()).filter(r => r.childId === child.id)
    assert.equal(awaiting.length, 1)
    assert.equal(awaiting[0]?.overdue, true)
    assert.equal(awaiting[0].id, referralId)
    const agent = await given.agent('mash@csc.example')
    const list = page(await agent.get('/front-door'))
    const row = list('tbody tr').filter((_, r) => list(r).text().includes('Linnet Concernworth'))
    assert.match(row.text(), /Linnet Concernworth[\s\S]*Overdue/)
  })

  it('writes the front-door list in UK time, the decision due as near as it is', async () => {
    const child = await given.child({ givenName: 'Dunlin', familyName: 'Datewise' })
    await given.concern({ child })
    const agent = await given.agent('mash@csc.example')
    const row = (list: ReturnType<typeof page>) =>
      list('tbody tr')
        .filter((_, r) => list(r).text().includes('Dunlin Datewise'))
        .find('td')
        .toArray()
        .map(td => list(td).text().replace(/\s+/g, ' ').trim())
    const today = page(await agent.get('/front-door'))
    assert.deepEqual(row(today).slice(2), ['25 November 2026 at 9:00am', 'Due tomorrow at 9:00am'])
    assert.equal(
      today('tbody tr')
        .filter((_, r) => today(r).text().includes('Dunlin Datewise'))
        .find('time')
        .last()
        .attr('datetime'),
      '2026-11-26T09:00:00.000Z',
      'the moment itself, for machines',
    )
    clock.advance(2 * 24 * 3_600_000)
    // A new session: the first ended while the clock moved on.
    const later = page(await (await given.agent('mash@csc.example')).get('/front-door'))
    assert.deepEqual(row(later).slice(2), ['25 November 2026 at 9:00am', 'Overdue since yesterday at 9:00am Overdue'])
  })

  it('writes the referral and the concern in UK time, the decision due as near as it is, then when it was made', async () => {
    const { id, referralId } = await given.concern()
    const mash = await given.agent('mash@csc.example')
    const summary = (html: ReturnType<typeof page>) =>
      html('.govuk-summary-list__row')
        .toArray()
        .map(r => html(r).text().replace(/\s+/g, ' ').trim())
    const referral = summary(page(await mash.get(`/referrals/${referralId ?? ''}`)))
    assert.ok(referral.includes('Received 25 November 2026 at 9:00am'), referral.join('\n'))
    assert.ok(referral.includes('Decision due Due tomorrow at 9:00am'), referral.join('\n'))
    const school = await given.agent('dsl@school.example')
    const concern = page(await school.get(`/concerns/${id}`))
    assert.match(
      concern('main').text().replace(/\s+/g, ' '),
      /Awaiting the front door's decision, due tomorrow at 9:00am\./,
    )
    assert.ok(summary(concern).includes('Recorded 25 November 2026 at 9:00am'))

    clock.advance(3_600_000)
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/referrals/${referralId ?? ''}/decision`,
      headers: bearer(await given.apiToken('mash@csc.example')),
      payload: { decision: 'early_help', rationale: 'Family asked for help with routines', version: 1 },
    })
    assert.equal(decided.statusCode, 200, decided.body)
    const after = page(await (await given.agent('mash@csc.example')).get(`/referrals/${referralId ?? ''}`))
    assert.ok(
      summary(after).includes('Decision due 26 November 2026 at 9:00am'),
      'once decided, the deadline as it was',
    )
    assert.match(after('main').text().replace(/\s+/g, ' '), /Refer to early help, on 25 November 2026 at 10:00am\./)
  })

  it('asks the front door to choose a decision', async () => {
    const { referralId } = await given.concern()
    const agent = await given.agent('mash@csc.example')
    await agent.get(`/referrals/${String(referralId)}`)
    const bad = await agent.post(`/referrals/${String(referralId)}/decision`, { version: '1', rationale: 'short' })
    assert.equal(bad.statusCode, 400)
    assert.match(page(bad)('.govuk-error-summary').text(), /Choose a decision/)
  })

  it('takes a decision on a referral once, refusing a second, stale one, and takes it off the list', async () => {
    const { referralId } = await given.concern()
    const id = String(referralId)
    const agent = await given.agent('mash@csc.example')
    await agent.get(`/referrals/${id}`)
    const good = await agent.postConfirmed(`/referrals/${id}/decision`, {
      version: '1',
      decision: 'strategy_discussion',
      // A strategy discussion opens a case about the child, so it names its lead.
      leadUserId: await given.userId('sw@csc.example'),
      rationale: 'Indicators suggest possible sexual abuse; strategy discussion today',
    })
    assert.equal(good.statusCode, 303)
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/referrals/${id}/decision`,
      headers: bearer(await given.apiToken('mash@csc.example')),
      payload: { version: 1, decision: 'early_help', rationale: 'A second, stale decision' },
    })
    assert.equal(again.statusCode, 409)
    assert.deepEqual(
      (await awaitingDecision()).filter(r => r.id === id),
      [],
    )
  })

  it('answers a recorded concern with a redirect, so refreshing its confirmation records nothing twice', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    const count = async () => (await asSystem(() => db.selectFrom('concerns').select('id').execute())).length
    const referrals = async () => (await asSystem(() => db.selectFrom('referrals').select('id').execute())).length
    const before = await count()
    const referralsBefore = await referrals()
    const posted = await agent.postConfirmed('/concerns', {
      childId: child.id,
      description: 'Flinched when touched on the shoulder',
      disclosure: 'none',
      refer: 'yes',
    })
    assert.equal(posted.statusCode, 303)
    assert.match(posted.headers.location ?? '', /^\/concerns\/[0-9a-f-]{36}\?recorded=1$/)
    for (let i = 0; i < 2; i++) assert.equal((await agent.get(posted.headers.location ?? '')).statusCode, 200)
    assert.equal(await count(), before + 1)
    assert.equal(await referrals(), referralsBefore + 1, 'one referral, however often the confirmation is refreshed')
  })

  it('shows the agency that raised a concern where its referral stands, and no one without a reason to know', async () => {
    const child = await given.child()
    const created = await recordConcern('dsl@school.example', {
      childId: child.id,
      description: 'Asked not to go home tonight',
    })
    assert.equal(created.statusCode, 201)
    const location = created.headers.location ?? ''
    assert.equal(location, `/api/v1/concerns/${created.json<{ id: string }>().id}`)
    const read = await get(location, 'dsl@school.example')
    assert.equal(read.statusCode, 200)
    const body = read.json<{
      description: string
      recordedByAgency: string
      referral: { decision: string | null } | null
    }>()
    assert.equal(body.recordedByAgency, 'Lanternfield Primary School')
    assert.equal(body.referral?.decision, null)
    assert.equal((await get(location, 'mash@csc.example')).statusCode, 200, 'the front door may read every child')
    const refused = await get(location, 'dc@police.example')
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
  })

  it('keeps referrals to the front door', async () => {
    assert.equal((await get('/api/v1/referrals', 'dsl@school.example')).statusCode, 403)
  })

  it('records a concern through the page, keeping what was typed when something is missing', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    const form = page(await agent.get(`/concerns/new?childId=${child.id}`))
    assert.match(form('.govuk-inset-text').text(), /do not need the child to have told you anything/)
    const missing = await agent.post('/concerns', {
      childId: child.id,
      description: '',
      indicators: ['emo-withdrawn'],
      disclosure: 'none',
      refer: 'no',
    })
    assert.equal(missing.statusCode, 400)
    assert.equal(page(missing)('input[value="emo-withdrawn"]').attr('checked'), 'checked')
    const posted = await agent.postConfirmed('/concerns', {
      childId: child.id,
      description: 'Very withdrawn all week',
      indicators: ['emo-withdrawn'],
      disclosure: 'none',
      refer: 'no',
    })
    assert.equal(posted.statusCode, 303)
    const done = await agent.get(posted.headers.location ?? '')
    assert.match(page(done)('.govuk-panel').text(), /Recorded without a referral/)
    const rows = await asSystem(() => db.selectFrom('concerns').select('id').where('childId', '=', child.id).execute())
    assert.equal(rows.length, 1, 'the refused concern saved nothing, the corrected one once')
  })
})
