import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type Who } from '../../../test/given.ts'
import type { ApiBody, ErrorBody } from '../../../test/types.ts'

// Each child's health pathway on a case: the decision (SG-07 makes it due after a concern, and its task closes by
// itself when it is recorded), the referral, when the child was seen and the outcome, through the API and the
// pages; who may record and read; and every kind of bad input refused with the field named and nothing saved.

type Decision = ApiBody<'caseRecordHealthDecision', 201>
type Pathway = ApiBody<'healthPathwaysAdd', 201>
type Task = ApiBody<'caseTasks', 200>[number]
type Finding = ApiBody<'caseFindings', 200>[number]

const { app, handle } = await testApp()
const given = fixtures(app)

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function pathway(fields: Record<string, unknown> = {}): Promise<Pathway> {
  const response = await call('partnership_manager', 'POST', '/api/v1/health-pathways', {
    name: `${inventName().familyName} SARC`,
    kind: 'forensic_recent',
    phone: '0300 123 4567',
    youngestAge: 0,
    oldestAge: 17,
    ...fields,
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<Pathway>()
}

/** A child aged 9 (born 2017) in a case whose team includes health, with a concern recorded on it now. */
async function caseWithConcern(options: { dateOfBirth?: string } = {}) {
  const { child, kase } = await given.childInCase({
    agencies: ['health', 'police', 'education'],
    child: options.dateOfBirth ? { dateOfBirth: options.dateOfBirth } : {},
  })
  await given.concern({ child, caseId: kase.id, by: 'sw@csc.example', description: 'Told a teacher about night-time' })
  return { child, kase }
}

async function tasks(caseId: string, status: 'open' | 'done' = 'open'): Promise<Task[]> {
  const response = await call('social_worker', 'GET', `/api/v1/cases/${caseId}/tasks?status=${status}`)
  assert.equal(response.statusCode, 200, response.body)
  return response.json<Task[]>().filter(t => t.safeguard === 'SG-07')
}

async function decide(who: Who, caseId: string, body: Record<string, unknown>) {
  return call(who, 'POST', `/api/v1/cases/${caseId}/health-referrals`, body)
}

async function countDecisions(caseId: string): Promise<number> {
  const { rows } = await asSystem(() =>
    sql<{ n: number }>`select count(*)::int as n from health_referrals where case_id = ${caseId}`.execute(handle.db),
  )
  return rows[0]?.n ?? 0
}

async function eventKinds(caseId: string): Promise<string[]> {
  const response = await call('social_worker', 'GET', `/api/v1/cases/${caseId}/chronology`)
  return response.json<{ kind: string }[]>().map(e => e.kind)
}

const DECIDED = '2026-11-25T08:30:00Z'

describe('health pathway decisions through the API', () => {
  it('opens an SG-07 task for the child of a concern, due in one working day, which closes when the decision is recorded', async () => {
    const { child, kase } = await caseWithConcern()
    const [task, ...more] = await tasks(kase.id)
    assert.equal(more.length, 0)
    assert.ok(task)
    assert.equal(task.childId, child.id)
    assert.equal(task.dueAt, '2026-11-26T09:00:00.000Z')
    const sarc = await pathway()
    const response = await decide('health_practitioner', kase.id, {
      childId: child.id,
      pathway: 'forensic_recent',
      decidedAt: DECIDED,
      lastAbuseOn: '2026-11-23',
      localPathwayId: sarc.id,
      referredAt: '2026-11-25T08:45:00Z',
    })
    assert.equal(response.statusCode, 201, response.body)
    const decision = response.json<Decision>()
    assert.equal(decision.localPathwayName, sarc.name)
    assert.equal(decision.version, 1)
    assert.deepEqual(await tasks(kase.id), [])
    assert.equal((await tasks(kase.id, 'done')).length, 1)
    const kinds = await eventKinds(kase.id)
    assert.ok(kinds.includes('health.decided'))
    assert.ok(kinds.includes('health.referred'))
  })

  it('keeps one task per child: deciding for one child leaves the other’s open', async () => {
    const first = await given.child()
    const second = await given.child()
    const kase = await given.case({ children: [first, second], agencies: ['health'] })
    await given.concern({ child: first, caseId: kase.id, by: 'sw@csc.example' })
    await given.concern({ child: second, caseId: kase.id, by: 'sw@csc.example' })
    assert.deepEqual((await tasks(kase.id)).map(t => t.childId).sort(), [first.id, second.id].sort())
    const response = await decide('social_worker', kase.id, {
      childId: first.id,
      pathway: 'not_needed',
      reason: 'Seen by the community paediatrician on Monday; no health needs outstanding',
      decidedAt: DECIDED,
    })
    assert.equal(response.statusCode, 201, response.body)
    assert.deepEqual(
      (await tasks(kase.id)).map(t => t.childId),
      [second.id],
    )
  })

  it('records the referral, when the child was seen and the outcome, in order, each as the version read', async () => {
    const { child, kase } = await caseWithConcern()
    const decision = (
      await decide('health_practitioner', kase.id, {
        childId: child.id,
        pathway: 'health_non_recent',
        decidedAt: DECIDED,
        lastAbuseOn: '2026-09-01',
      })
    ).json<Decision>()
    // Seen before referred, outcome before seen: refused, naming the field.
    const tooSoon = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/seen`, {
      version: 1,
      seenAt: '2026-11-25T08:50:00Z',
    })
    assert.equal(tooSoon.statusCode, 400)
    assert.match(tooSoon.json<ErrorBody>().error.fields?.seenAt ?? '', /Record the referral first/)
    const noOutcomeYet = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/outcome`, {
      version: 1,
      outcomeAt: '2026-11-25T08:50:00Z',
      outcome: 'No injuries seen',
    })
    assert.equal(noOutcomeYet.statusCode, 400)
    assert.ok(noOutcomeYet.json<ErrorBody>().error.fields?.outcomeAt)

    const referred = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/referred`, {
      version: 1,
      referredAt: '2026-11-25T08:40:00Z',
    })
    assert.equal(referred.statusCode, 200, referred.body)
    const seenEarly = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/seen`, {
      version: 2,
      seenAt: '2026-11-25T08:35:00Z',
    })
    assert.equal(seenEarly.statusCode, 400)
    assert.match(seenEarly.json<ErrorBody>().error.fields?.seenAt ?? '', /on or after the referral/)
    const seen = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/seen`, {
      version: 2,
      seenAt: '2026-11-25T08:50:00Z',
    })
    assert.equal(seen.statusCode, 200, seen.body)
    const stale = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/outcome`, {
      version: 2,
      outcomeAt: '2026-11-25T08:55:00Z',
      outcome: 'No injuries seen; follow-up for sleep',
    })
    assert.equal(stale.statusCode, 409)
    assert.equal(stale.json<ErrorBody>().error.code, 'conflict')
    const outcome = await call('health_practitioner', 'POST', `/api/v1/health-referrals/${decision.id}/outcome`, {
      version: 3,
      outcomeAt: '2026-11-25T08:55:00Z',
      outcome: 'No injuries seen; follow-up for sleep',
    })
    assert.equal(outcome.statusCode, 200, outcome.body)
    const listed = (await call('police_investigator', 'GET', `/api/v1/cases/${kase.id}/health-referrals`)).json<
      Decision[]
    >()
    assert.equal(listed.length, 1)
    assert.equal(listed[0]?.outcome, 'No injuries seen; follow-up for sleep')
    assert.equal(listed[0].version, 4)
    const kinds = await eventKinds(kase.id)
    for (const kind of ['health.decided', 'health.referred', 'health.seen', 'health.outcome'])
      assert.ok(kinds.includes(kind), kind)
  })

  it('refuses a local pathway of the wrong kind, or not for the child’s age, saying which, and saves nothing', async () => {
    const { child, kase } = await caseWithConcern()
    const assessment = await pathway({ kind: 'health_non_recent', name: `${inventName().familyName} Paediatrics` })
    const teens = await pathway({ youngestAge: 13, oldestAge: 17 })
    const wrongKind = await decide('health_practitioner', kase.id, {
      childId: child.id,
      pathway: 'forensic_recent',
      decidedAt: DECIDED,
      localPathwayId: assessment.id,
    })
    assert.equal(wrongKind.statusCode, 400)
    assert.match(wrongKind.json<ErrorBody>().error.fields?.localPathwayId ?? '', /health assessment service/)
    const wrongAge = await decide('health_practitioner', kase.id, {
      childId: child.id,
      pathway: 'forensic_recent',
      decidedAt: DECIDED,
      localPathwayId: teens.id,
    })
    assert.equal(wrongAge.statusCode, 400)
    assert.match(wrongAge.json<ErrorBody>().error.fields?.localPathwayId ?? '', /aged 13 to 17; this child is 9/)
    assert.equal(await countDecisions(kase.id), 0)
    assert.equal((await tasks(kase.id)).length, 1)
  })

  it('refuses a withdrawn local pathway', async () => {
    const { child, kase } = await caseWithConcern()
    const sarc = await pathway()
    const withdrawn = await app.inject({
      method: 'PATCH',
      url: `/api/v1/health-pathways/${sarc.id}`,
      headers: bearer(await given.apiToken('partnership_manager')),
      payload: { version: 1, active: false },
    })
    assert.equal(withdrawn.statusCode, 200)
    const response = await decide('health_practitioner', kase.id, {
      childId: child.id,
      pathway: 'forensic_recent',
      decidedAt: DECIDED,
      localPathwayId: sarc.id,
    })
    assert.equal(response.statusCode, 400)
    assert.match(response.json<ErrorBody>().error.fields?.localPathwayId ?? '', /withdrawn/)
  })

  it('refuses a child not on the case, a missing reason, a date in the future, each naming the field', async () => {
    const { child, kase } = await caseWithConcern()
    const stranger = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { childId: stranger.id, pathway: 'not_needed', reason: 'Seen this week', decidedAt: DECIDED },
        'childId',
        /not on the case/,
      ],
      [
        { childId: child.id, pathway: 'not_needed', decidedAt: DECIDED },
        'reason',
        /reason no health pathway is needed/,
      ],
      [
        { childId: child.id, pathway: 'forensic_recent', decidedAt: '2026-11-26T09:00:00Z' },
        'decidedAt',
        /now or in the past/,
      ],
      [
        { childId: child.id, pathway: 'forensic_recent', decidedAt: DECIDED, lastAbuseOn: '2026-12-01' },
        'lastAbuseOn',
        /today or in the past/,
      ],
      [
        { childId: child.id, pathway: 'forensic_recent', decidedAt: DECIDED, referredAt: '2026-11-25T08:00:00Z' },
        'referredAt',
        /on or after the decision/,
      ],
      [{ childId: child.id, pathway: 'sarc', decidedAt: DECIDED }, 'pathway', /Choose the health pathway/],
      [
        { childId: child.id, pathway: 'not_needed', reason: 'Seen', decidedAt: DECIDED, referredAt: DECIDED },
        'referredAt',
        /no health pathway is needed/,
      ],
    ]
    for (const [body, field, message] of cases) {
      const response = await decide('health_practitioner', kase.id, body)
      assert.equal(response.statusCode, 400, `${field}: ${response.body}`)
      assert.match(response.json<ErrorBody>().error.fields?.[field] ?? '', message, field)
    }
    assert.equal(await countDecisions(kase.id), 0)
  })

  it('lets health, social care and police on the team record; refuses others on the team, and anyone off it', async () => {
    const { child, kase } = await caseWithConcern()
    const body = { childId: child.id, pathway: 'not_needed', reason: 'Seen by a paediatrician', decidedAt: DECIDED }
    // The school is on the team, but a designated safeguarding lead does not record health decisions.
    assert.equal((await decide('designated_safeguarding_lead', kase.id, body)).statusCode, 403)
    const elsewhere = await given.childInCase()
    const offTeam = await decide('health_practitioner', elsewhere.kase.id, { ...body, childId: elsewhere.child.id })
    assert.equal(offTeam.statusCode, 403)
    assert.equal(offTeam.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    // Everyone on the team reads.
    assert.equal(
      (await call('designated_safeguarding_lead', 'GET', `/api/v1/cases/${kase.id}/health-referrals`)).statusCode,
      200,
    )
    assert.equal((await decide('police_investigator', kase.id, body)).statusCode, 201)
  })

  it('refuses the later steps to someone off the case team, and answers 404 for a decision that is not there', async () => {
    const { child, kase } = await given.childInCase({ agencies: ['health'] })
    const decision = (
      await decide('health_practitioner', kase.id, {
        childId: child.id,
        pathway: 'forensic_recent',
        decidedAt: DECIDED,
      })
    ).json<Decision>()
    const response = await call('police_investigator', 'POST', `/api/v1/health-referrals/${decision.id}/referred`, {
      version: 1,
      referredAt: DECIDED,
    })
    assert.equal(response.statusCode, 403)
    const missing = await call(
      'health_practitioner',
      'POST',
      '/api/v1/health-referrals/00000000-0000-4000-8000-000000000000/seen',
      { version: 1, seenAt: DECIDED },
    )
    assert.equal(missing.statusCode, 404)
  })

  it('prompts when a forensic referral is chosen for abuse longer ago than the partnership’s window', async () => {
    const { child, kase } = await caseWithConcern()
    await decide('health_practitioner', kase.id, {
      childId: child.id,
      pathway: 'forensic_recent',
      decidedAt: DECIDED,
      lastAbuseOn: '2026-11-01',
    })
    const findings = (await call('social_worker', 'GET', `/api/v1/cases/${kase.id}/findings`)).json<Finding[]>()
    const prompt = findings.find(f => f.safeguard === 'SG-07')
    assert.ok(prompt)
    assert.equal(prompt.severity, 'prompt')
    assert.match(prompt.facts.join('; '), /1 November 2026, 24 days before the decision/)
  })
})

describe('health pathways through the pages', () => {
  it('shows each child with what is due, and records a decision through check your answers', async () => {
    const { child, kase } = await caseWithConcern()
    const sarc = await pathway({ name: `${inventName().familyName} Children’s SARC`, email: 'sarc@example.org' })
    const teens = await pathway({ youngestAge: 13, oldestAge: 17 })
    const nurse = await given.agent('health_practitioner')
    const before = await nurse.get(`/cases/${kase.id}/health`)
    assert.equal(before.statusCode, 200)
    const $ = page(before)
    assert.match($('h2').text(), new RegExp(child.givenName))
    assert.match($('.govuk-inset-text').text(), /Decide the child’s health pathway/)
    const form = await nurse.get(`/cases/${kase.id}/health/decision?childId=${child.id}`)
    assert.equal(form.statusCode, 200)
    const f = page(form)
    // Nothing is pre-answered, and only the services for a 9-year-old are offered, with how to reach them.
    assert.equal(f('input[name="pathway"]:checked').length, 0)
    assert.equal(f(`input[name="forensicPathwayId"][value="${sarc.id}"]`).length, 1)
    assert.equal(f(`input[name="forensicPathwayId"][value="${teens.id}"]`).length, 0)
    assert.match(f('#forensicPathwayId-hint, .govuk-radios').text(), /sarc@example\.org/)
    const checking = await nurse.post(`/cases/${kase.id}/health/decision`, {
      childId: child.id,
      pathway: 'forensic_recent',
      forensicPathwayId: sarc.id,
      reason: 'Told a teacher it happened at the weekend',
      'decidedAt-day': '25',
      'decidedAt-month': '11',
      'decidedAt-year': '2026',
      decidedAtTime: '8:30am',
      'lastAbuseOn-day': '22',
      'lastAbuseOn-month': '11',
      'lastAbuseOn-year': '2026',
      'referredAt-day': '',
      'referredAt-month': '',
      'referredAt-year': '',
      referredAtTime: '',
    })
    assert.equal(checking.statusCode, 200, checking.body.slice(0, 500))
    assert.match(page(checking)('h1').text(), /Check your answers/)
    assert.equal(await countDecisions(kase.id), 0)
    const done = await nurse.confirm()
    assert.equal(done.statusCode, 303)
    assert.equal(await countDecisions(kase.id), 1)
    assert.deepEqual(await tasks(kase.id), [])
    const after = page(await nurse.get(String(done.headers.location)))
    assert.match(after('.govuk-summary-card').text(), new RegExp(sarc.name))
    assert.equal(after('a:contains("Record the referral")').length, 1)
  })

  it('records the referral, when seen and the outcome through their pages', async () => {
    const { child, kase } = await caseWithConcern()
    const decision = (
      await decide('health_practitioner', kase.id, {
        childId: child.id,
        pathway: 'forensic_recent',
        decidedAt: DECIDED,
      })
    ).json<Decision>()
    const nurse = await given.agent('health_practitioner')
    const at = (name: string, day: string, time: string) => ({
      [`${name}-day`]: day,
      [`${name}-month`]: '11',
      [`${name}-year`]: '2026',
      [`${name}Time`]: time,
    })
    await nurse.get(`/health-referrals/${decision.id}/referred`)
    const referred = await nurse.postConfirmed(`/health-referrals/${decision.id}/referred`, {
      version: '1',
      ...at('referredAt', '25', '8:40am'),
    })
    assert.equal(referred.statusCode, 303, referred.body.slice(0, 500))
    assert.equal(referred.headers.location, `/cases/${kase.id}/health?recorded=1`)
    await nurse.get(`/health-referrals/${decision.id}/seen`)
    const seenTooEarly = await nurse.postConfirmed(`/health-referrals/${decision.id}/seen`, {
      version: '2',
      ...at('seenAt', '24', '9am'),
    })
    assert.equal(seenTooEarly.statusCode, 400)
    assert.match(page(seenTooEarly)('.govuk-error-summary').text(), /on or after the referral/)
    const seen = await nurse.postConfirmed(`/health-referrals/${decision.id}/seen`, {
      version: '2',
      ...at('seenAt', '25', '8:50am'),
    })
    assert.equal(seen.statusCode, 303, seen.body.slice(0, 500))
    await nurse.get(`/health-referrals/${decision.id}/outcome`)
    const outcome = await nurse.postConfirmed(`/health-referrals/${decision.id}/outcome`, {
      version: '3',
      ...at('outcomeAt', '25', '8:55am'),
      outcome: 'Examined; samples taken; emergency contraception not needed',
    })
    assert.equal(outcome.statusCode, 303, outcome.body.slice(0, 500))
    const listed = (await call('social_worker', 'GET', `/api/v1/cases/${kase.id}/health-referrals`)).json<Decision[]>()
    assert.equal(listed[0]?.outcome, 'Examined; samples taken; emergency contraception not needed')
  })

  it('shows the page’s errors for a pathway for the wrong age, keeping what was typed', async () => {
    const { child, kase } = await caseWithConcern({ dateOfBirth: '2008-01-01' })
    const young = await pathway({ youngestAge: 0, oldestAge: 12 })
    const nurse = await given.agent('health_practitioner')
    const form = page(await nurse.get(`/cases/${kase.id}/health/decision?childId=${child.id}`))
    // An 18-year-old is not offered a service for children up to 12.
    assert.equal(form(`input[value="${young.id}"]`).length, 0)
    const response = await nurse.post(`/cases/${kase.id}/health/decision`, {
      childId: child.id,
      pathway: 'forensic_recent',
      forensicPathwayId: young.id,
      reason: '',
      'decidedAt-day': '25',
      'decidedAt-month': '11',
      'decidedAt-year': '2026',
      decidedAtTime: '8:30am',
    })
    assert.equal(response.statusCode, 400)
    assert.match(page(response)('.govuk-error-summary').text(), /sees children aged 0 to 12; this child is 18/)
    assert.equal(await countDecisions(kase.id), 0)
  })

  it('asks for the pathway and the date, and a reason when none is needed', async () => {
    const { child, kase } = await caseWithConcern()
    const nurse = await given.agent('health_practitioner')
    await nurse.get(`/cases/${kase.id}/health/decision?childId=${child.id}`)
    const empty = await nurse.post(`/cases/${kase.id}/health/decision`, { childId: child.id })
    assert.equal(empty.statusCode, 400)
    const summary = page(empty)('.govuk-error-summary').text()
    assert.match(summary, /Choose the health pathway/)
    assert.match(summary, /Enter the date of the decision/)
    const noReason = await nurse.post(`/cases/${kase.id}/health/decision`, {
      childId: child.id,
      pathway: 'not_needed',
      'decidedAt-day': '25',
      'decidedAt-month': '11',
      'decidedAt-year': '2026',
      decidedAtTime: '8:30am',
    })
    assert.equal(noReason.statusCode, 400)
    assert.match(page(noReason)('.govuk-error-summary').text(), /Give the reason no health pathway is needed/)
  })

  it('does not offer the decision to someone who may only read the case, and refuses them the form', async () => {
    const { child, kase } = await caseWithConcern()
    const dsl = await given.agent('designated_safeguarding_lead')
    const health = await dsl.get(`/cases/${kase.id}/health`)
    assert.equal(health.statusCode, 200)
    assert.equal(page(health)('a:contains("Record a health pathway decision")').length, 0)
    assert.equal((await dsl.get(`/cases/${kase.id}/health/decision?childId=${child.id}`)).statusCode, 403)
    const nurse = await given.agent('health_practitioner')
    assert.equal((await nurse.get(`/cases/${kase.id}/health/decision?childId=${kase.id}`)).statusCode, 404)
  })
})
