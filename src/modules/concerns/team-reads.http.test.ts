import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// Issue 11, point 5: the team reads what was reported. The case team reads each concern on its case and the front
// door's decision and reasons, linked from the chronology; the referrer reads the outcome, not the reasons; anyone
// else is refused, and every read is audited.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const SEEN = 'Bruising on both wrists, said it was from a game'
const WORDS = 'Uncle Tam says it is our secret'
const REASONS = 'Police hold earlier information about the uncle; reasonable cause to suspect significant harm'

/**
 * A child the school recorded (so the social worker's agency knows them only through the case), a concern the
 * school raised and referred, and the front door's decision opening a case led by a social worker of the test's own.
 */
async function decidedConcern() {
  const child = await given.child({}, 'dsl@school.example')
  const concern = await given.concern({
    child,
    description: SEEN,
    childWords: WORDS,
    indicators: ['phy-unexplained-injury', 'emo-withdrawn'],
    disclosure: 'partial',
  })
  const lead = await given.user('social_worker')
  const decided = await app.inject({
    method: 'POST',
    url: `/api/v1/referrals/${concern.referralId ?? ''}/decision`,
    headers: bearer(await given.apiToken('mash@csc.example')),
    payload: { version: 1, decision: 'strategy_discussion', rationale: REASONS, leadUserId: lead.id },
  })
  assert.equal(decided.statusCode, 200, decided.body)
  const { caseId } = decided.json<{ caseId: string }>()
  return { child, concern, lead, caseId }
}

const readApi = async (who: Who, id: string) =>
  app.inject({ url: `/api/v1/concerns/${id}`, headers: bearer(await given.apiToken(who)) })

const audited = (action: string, objectId: string) =>
  asSystem(() =>
    db
      .selectFrom('auditLog')
      .select(['userId', 'outcome', 'caseId'])
      .where('action', '=', action)
      .where('objectId', '=', objectId)
      .execute(),
  )

describe('the case team reading a concern on its case', () => {
  it('reads what was seen, the child’s words, indicators, who reported it, and the front door’s reasons', async () => {
    const { concern, lead, caseId } = await decidedConcern()
    const agent = await given.agent(lead)
    const response = await agent.get(`/concerns/${concern.id}`)
    assert.equal(response.statusCode, 200)
    const text = page(response)('main').text().replace(/\s+/g, ' ')
    for (const said of [
      SEEN,
      WORDS,
      'Withdrawn or low',
      'Dev Safeguardson, Lanternfield Primary School',
      'Morgan Frontdoor',
      REASONS,
    ])
      assert.ok(text.includes(said), `the page says ${said}`)
    assert.match(text, /Hold a strategy discussion/)
    assert.deepEqual(await audited('concern.read', concern.id), [{ userId: lead.id, outcome: 'ok', caseId }])
  })

  it('follows the chronology’s link from the entry the decision wrote to the concern', async () => {
    const { concern, lead, caseId } = await decidedConcern()
    const agent = await given.agent(lead)
    const timeline = page(await agent.get(`/cases/${caseId}/chronology`))
    const link = timeline(`a[href="/concerns/${concern.id}"]`)
    assert.equal(link.length, 1)
    assert.match(link.text(), /Read the concern and the front door’s decision/)
  })

  it('links a concern recorded on an open case from its "Concern recorded" entry', async () => {
    const child = await given.child()
    const kase = await given.case({ children: [child] })
    const concern = await given.concern({ child, description: SEEN })
    const timeline = page(await (await given.agent('sw@csc.example')).get(`/cases/${kase.id}/chronology`))
    const entry = timeline('.moj-timeline__item').filter((_, el) => timeline(el).text().includes('Concern recorded'))
    assert.equal(entry.find(`a[href="/concerns/${concern.id}"]`).text().trim().startsWith('Read the concern'), true)
  })

  it('reads a concern on its case after the child left the case', async () => {
    // Recorded by children's social care: the nurse knows them only through the case.
    const child = await given.child()
    const sibling = await given.child()
    const nurse = await given.user('health_practitioner')
    const kase = await given.case({ children: [child, sibling], agencies: ['police'], members: [nurse] })
    const concern = await given.concern({ child: sibling, caseId: kase.id, by: 'dc@police.example' })
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cases/${kase.id}/children/${sibling.id}`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload: { reason: 'Recorded on the wrong case' },
    })
    assert.equal(removed.statusCode, 200, removed.body)
    assert.equal((await readApi(nurse, concern.id)).statusCode, 200)
  })

  it('answers the API with the reasons', async () => {
    const { concern, lead } = await decidedConcern()
    const read = await readApi(lead, concern.id)
    assert.equal(read.statusCode, 200)
    assert.equal(read.json<{ referral: { rationale: string | null } }>().referral.rationale, REASONS)
  })
})

describe('others and a concern', () => {
  it('refuses someone with no relationship to the child or the case, by page and API, and audits it', async () => {
    const { concern } = await decidedConcern()
    const probation = await given.user('probation_officer')
    assert.equal((await (await given.agent(probation)).get(`/concerns/${concern.id}`)).statusCode, 403)
    const api = await readApi(probation, concern.id)
    assert.equal(api.statusCode, 403)
    assert.equal(api.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const denied = await audited('concern.read', concern.id)
    assert.deepEqual(
      denied.map(d => [d.userId, d.outcome]),
      [
        [probation.id, 'denied'],
        [probation.id, 'denied'],
      ],
    )
  })

  it('lets someone reading the case by break-glass read the concern and its reasons, audited', async () => {
    const { concern, caseId } = await decidedConcern()
    const nurse = await given.user('health_practitioner')
    await given.breakGlass({ id: caseId }, nurse)
    const read = await readApi(nurse, concern.id)
    assert.equal(read.statusCode, 200)
    assert.equal(read.json<{ referral: { rationale: string | null } }>().referral.rationale, REASONS)
    assert.deepEqual(await audited('concern.read', concern.id), [{ userId: nurse.id, outcome: 'ok', caseId }])
  })

  it('tells the referrer the outcome and when, not the front door’s reasons', async () => {
    const { concern } = await decidedConcern()
    const school = page(await (await given.agent('dsl@school.example')).get(`/concerns/${concern.id}`))
    const text = school('main').text().replace(/\s+/g, ' ')
    assert.match(text, /Decided on .*: Hold a strategy discussion/)
    assert.ok(!text.includes(REASONS))
    assert.match(text, /reasons are shared with the people working with the child/)
    const api = await readApi('dsl@school.example', concern.id)
    const referral = api.json<{ referral: { decision: string; decidedAt: string; rationale: string | null } }>()
      .referral
    assert.deepEqual(
      [referral.decision, typeof referral.decidedAt, referral.rationale],
      ['strategy_discussion', 'string', null],
    )
  })
})
