import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
// Wednesday 25 November 2026, 09:00.
const sw = await apiToken(app, 'sw@csc.example')
const dsl = await apiToken(app, 'dsl@school.example')
const mash = await apiToken(app, 'mash@csc.example')

interface ErrorBody {
  error: { code: string; fields?: Record<string, string> }
}

const child = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(sw),
    payload: { givenName: 'Linnet', familyName: 'Concernworth', dateOfBirth: '2020-01-15', sex: 'female' },
  })
).json<{ id: string }>().id
const kase = (
  await app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(sw),
    payload: { title: 'Open case', childIds: [child] },
  })
).json<{ id: string }>().id

/** A child of this test's own, recorded by children's social care. */
async function newChild(familyName: string): Promise<string> {
  const token = await apiToken(app, 'sw@csc.example')
  const r = await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(token),
    payload: { givenName: 'Linnet', familyName, dateOfBirth: '2020-02-02', sex: 'female' },
  })
  return r.json<{ id: string }>().id
}

describe('concerns and referrals', () => {
  it('serves the signs-and-indicators code list', async () => {
    const list = (await app.inject({ url: '/api/v1/indicators', headers: bearer(dsl) })).json<
      { code: string; category: string; label: string }[]
    >()
    assert.equal(list.length, 30)
    assert.deepEqual(
      list.find(i => i.code === 'beh-regression'),
      { code: 'beh-regression', category: "The child's behaviour", label: 'Return to younger behaviour' },
    )
  })

  it('lets a school record a concern with indicators and no disclosure, without being on the case team', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(dsl),
      payload: {
        childId: child,
        description: 'Wetting again in class and frightened at home time',
        indicators: ['phy-wetting-soiling', 'beh-avoids-home-or-person'],
        disclosure: 'none',
      },
    })
    assert.equal(r.statusCode, 201)
    const { referralId } = r.json<{ id: string; referralId: string }>()
    assert.ok(referralId)
    const referral = (await app.inject({ url: `/api/v1/referrals/${referralId}`, headers: bearer(mash) })).json<{
      decisionDueAt: string
      overdue: boolean
    }>()
    assert.equal(referral.decisionDueAt, '2026-11-26T09:00:00.000Z', 'due one working day later')
    assert.equal(referral.overdue, false)
    const events = (await app.inject({ url: `/api/v1/cases/${kase}/chronology`, headers: bearer(sw) })).json<
      { kind: string; agency: string; summary: string }[]
    >()
    const concern = events.find(e => e.kind === 'concern.recorded')
    assert.equal(concern?.agency, 'Lanternfield Primary School')
    assert.match(concern.summary, /2 signs or indicators; no disclosure/)
  })

  it('refuses a concern without a description or with unknown indicators, naming the fields', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(dsl),
      payload: { childId: child, description: '', indicators: ['made-up'] },
    })
    assert.equal(r.statusCode, 400)
    assert.deepEqual(Object.keys(r.json<ErrorBody>().error.fields ?? {}).sort(), ['description', 'indicators.0'])
  })

  it('shows an overdue referral on the front-door list, and takes a decision once', async () => {
    clock.advance(2 * 24 * 3_600_000)
    const mash = await apiToken(app, 'mash@csc.example')
    const awaiting = (await app.inject({ url: '/api/v1/referrals', headers: bearer(mash) })).json<
      { id: string; overdue: boolean }[]
    >()
    assert.equal(awaiting.length, 1)
    assert.equal(awaiting[0]?.overdue, true)
    const agent = new Agent(app)
    await agent.signIn('mash@csc.example')
    const list = page(await agent.get('/front-door'))
    assert.match(list('table').text(), /Linnet Concernworth[\s\S]*Overdue/)
    const id = awaiting[0].id
    await agent.get(`/referrals/${id}`)
    const bad = await agent.post(`/referrals/${id}/decision`, { version: '1', rationale: 'short' })
    assert.equal(bad.statusCode, 400)
    assert.match(page(bad)('.govuk-error-summary').text(), /Choose a decision/)
    const good = await agent.post(`/referrals/${id}/decision`, {
      version: '1',
      decision: 'strategy_discussion',
      rationale: 'Indicators suggest possible sexual abuse; strategy discussion today',
    })
    assert.equal(good.statusCode, 303)
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/referrals/${id}/decision`,
      headers: bearer(mash),
      payload: { version: 1, decision: 'early_help', rationale: 'A second, stale decision' },
    })
    assert.equal(again.statusCode, 409)
    assert.deepEqual((await app.inject({ url: '/api/v1/referrals', headers: bearer(mash) })).json<unknown[]>(), [])
  })

  it('answers a recorded concern with a redirect, so refreshing its confirmation records nothing twice', async () => {
    const child = await newChild('Refreshworth')
    const agent = new Agent(app)
    await agent.signIn('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child}`)
    const count = async () => (await asSystem(() => db.selectFrom('concerns').select('id').execute())).length
    const referrals = async () => (await asSystem(() => db.selectFrom('referrals').select('id').execute())).length
    const before = await count()
    const referralsBefore = await referrals()
    const posted = await agent.post('/concerns', {
      childId: child,
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
    const child = await newChild('Whereitstands')
    const dsl = await apiToken(app, 'dsl@school.example')
    const mash = await apiToken(app, 'mash@csc.example')
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(dsl),
      payload: { childId: child, description: 'Asked not to go home tonight' },
    })
    assert.equal(created.statusCode, 201)
    const location = created.headers.location ?? ''
    assert.equal(location, `/api/v1/concerns/${created.json<{ id: string }>().id}`)
    const read = await app.inject({ url: location, headers: bearer(dsl) })
    assert.equal(read.statusCode, 200)
    const body = read.json<{
      description: string
      recordedByAgency: string
      referral: { decision: string | null } | null
    }>()
    assert.equal(body.recordedByAgency, 'Lanternfield Primary School')
    assert.equal(body.referral?.decision, null)
    assert.equal(
      (await app.inject({ url: location, headers: bearer(mash) })).statusCode,
      200,
      'the front door may read every child',
    )
    const dc = await apiToken(app, 'dc@police.example')
    const refused = await app.inject({ url: location, headers: bearer(dc) })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
  })

  it('keeps referrals to the front door', async () => {
    const dsl = await apiToken(app, 'dsl@school.example')
    assert.equal((await app.inject({ url: '/api/v1/referrals', headers: bearer(dsl) })).statusCode, 403)
  })

  it('records a concern through the page, keeping what was typed when something is missing', async () => {
    const agent = new Agent(app)
    await agent.signIn('dsl@school.example')
    const form = page(await agent.get(`/concerns/new?childId=${child}`))
    assert.match(form('.govuk-inset-text').text(), /do not need the child to have told you anything/)
    const missing = await agent.post('/concerns', {
      childId: child,
      description: '',
      indicators: ['emo-withdrawn'],
      disclosure: 'none',
      refer: 'no',
    })
    assert.equal(missing.statusCode, 400)
    assert.equal(page(missing)('input[value="emo-withdrawn"]').attr('checked'), 'checked')
    const posted = await agent.post('/concerns', {
      childId: child,
      description: 'Very withdrawn all week',
      indicators: ['emo-withdrawn'],
      disclosure: 'none',
      refer: 'no',
    })
    assert.equal(posted.statusCode, 303)
    const done = await agent.get(posted.headers.location ?? '')
    assert.match(page(done)('.govuk-panel').text(), /Recorded without a referral/)
    const rows = await asSystem(() => db.selectFrom('concerns').select('id').where('childId', '=', child).execute())
    assert.equal(rows.length, 2)
  })
})
