import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { CaseBody, ErrorBody } from '../../../test/types.ts'

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const samId = await given.userId('sw@csc.example')
const RATIONALE = 'Reasonable cause to suspect significant harm from what the child said'

/** A concern referred to the front door, about a new child unless one is given: its referral's id and child. */
async function referral(child?: { id: string }) {
  const concern = await given.concern(child ? { child } : {})
  assert.ok(concern.referralId)
  return { id: concern.referralId, concernId: concern.id, childId: concern.childId }
}

async function decide(id: string, body: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/referrals/${id}/decision`,
    headers: bearer(await given.apiToken('mash@csc.example')),
    payload: { version: 1, rationale: RATIONALE, ...body },
  })
}

const concernCase = (concernId: string) =>
  asSystem(() => db.selectFrom('concerns').select('caseId').where('id', '=', concernId).executeTakeFirstOrThrow())

const fieldsOf = (response: { body: string }) => (JSON.parse(response.body) as ErrorBody).error.fields ?? {}

describe('a front-door decision that opens work', () => {
  it('opens a case from the referral, led by the practitioner chosen, with the concern on it', async () => {
    const r = await referral()
    const decided = await decide(r.id, { decision: 'strategy_discussion', leadUserId: samId })
    assert.equal(decided.statusCode, 200, decided.body)
    const { caseId, caseOpened } = decided.json<{ caseId: string; caseOpened: boolean }>()
    assert.equal(caseOpened, true)
    const kase = (
      await app.inject({ url: `/api/v1/cases/${caseId}`, headers: bearer(await given.apiToken('sw@csc.example')) })
    ).json<CaseBody>()
    assert.deepEqual([kase.referralId, kase.leadUserId, kase.children.map(c => c.id)], [r.id, samId, [r.childId]])
    assert.ok(kase.team.some(t => t.userId === samId))
    assert.equal((await concernCase(r.concernId)).caseId, caseId)
  })

  it('opens a case for an assessment too', async () => {
    const r = await referral()
    const decided = await decide(r.id, { decision: 'child_and_family_assessment', leadUserId: samId })
    assert.equal(decided.json<{ caseOpened: boolean }>().caseOpened, true)
  })

  it('asks for a lead when a case would open, and decides nothing without one', async () => {
    const r = await referral()
    const refused = await decide(r.id, { decision: 'strategy_discussion' })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).leadUserId ?? '', /Choose the lead practitioner/)
    const after = await asSystem(() =>
      db.selectFrom('referrals').select('decision').where('id', '=', r.id).executeTakeFirstOrThrow(),
    )
    assert.equal(after.decision, null)
  })

  it('refuses a lead who cannot lead a case, naming the field', async () => {
    const r = await referral()
    const refused = await decide(r.id, {
      decision: 'strategy_discussion',
      leadUserId: await given.userId('dc@police.example'),
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).leadUserId)
  })

  it('refuses a lead for a decision that opens no work', async () => {
    const r = await referral()
    const refused = await decide(r.id, { decision: 'early_help', leadUserId: samId })
    assert.equal(refused.statusCode, 400)
    assert.ok(fieldsOf(refused).leadUserId)
  })

  it('puts the work on the child’s open case instead of opening another', async () => {
    const { child, kase } = await given.childInCase()
    const r = await referral(child)
    const decided = await decide(r.id, { decision: 'strategy_discussion' })
    assert.equal(decided.statusCode, 200, decided.body)
    assert.deepEqual(decided.json<{ caseId: string; caseOpened: boolean }>(), {
      decided: true,
      caseId: kase.id,
      caseOpened: false,
    })
    assert.equal((await concernCase(r.concernId)).caseId, kase.id)
  })

  it('refuses a new lead for a child whose open case has one', async () => {
    const { child } = await given.childInCase()
    const r = await referral(child)
    const refused = await decide(r.id, { decision: 'strategy_discussion', leadUserId: samId })
    assert.equal(refused.statusCode, 400)
    assert.match(fieldsOf(refused).leadUserId ?? '', /is on the open case/)
  })

  it('opens no case for early help', async () => {
    const r = await referral()
    const decided = await decide(r.id, { decision: 'early_help' })
    assert.deepEqual(decided.json<{ caseId: string | null }>().caseId, null)
    assert.equal((await concernCase(r.concernId)).caseId, null)
  })
})

describe('the decision page', () => {
  it('asks for a lead practitioner and links to the case it opens', async () => {
    const r = await referral()
    const agent = await given.agent('mash@csc.example')
    const form = page(await agent.get(`/referrals/${r.id}`))
    assert.equal(form(`#leadUserId option[value="${samId}"]`).length, 1)
    assert.equal(form('#leadUserId option:selected').attr('value') ?? '', '', 'nothing is pre-answered')
    const missing = await agent.post(`/referrals/${r.id}/decision`, {
      version: '1',
      decision: 'strategy_discussion',
      leadUserId: '',
      rationale: RATIONALE,
    })
    assert.equal(missing.statusCode, 400)
    assert.equal(page(missing)('.govuk-error-summary a').attr('href'), '#leadUserId')
    const done = await agent.postConfirmed(`/referrals/${r.id}/decision`, {
      version: '1',
      decision: 'strategy_discussion',
      leadUserId: samId,
      rationale: RATIONALE,
    })
    assert.equal(done.statusCode, 303, done.body)
    const after = page(await agent.get(`/referrals/${r.id}`))
    assert.match(after('a[href^="/cases/"]').text(), /^[A-Z]+-\d{4}-\d{5}$/)
  })

  it('names the child’s open case instead of asking for a lead', async () => {
    const { child, kase } = await given.childInCase()
    const r = await referral(child)
    const agent = await given.agent('mash@csc.example')
    const form = page(await agent.get(`/referrals/${r.id}`))
    assert.equal(form('#leadUserId').length, 0)
    assert.match(form('.govuk-inset-text').text(), new RegExp(kase.reference))
  })
})
