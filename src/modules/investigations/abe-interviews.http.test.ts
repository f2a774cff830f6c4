import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// ABE interviews through the API: planned jointly by police and the case's social worker, held only once the child
// was told what it is and that it is their choice (SG-12), with the lead's joint training prompted for (SG-15).

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)
const policeAgency = await given.agencyId('police')

let references = 0

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function opened() {
  const { child, kase } = await given.childInCase({ agencies: ['police'] })
  const response = await call('police_investigator', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
    crimeReference: `ABE/${String(100 + references++)}/26`,
    childIds: [child.id],
    openedAt: '2026-11-02T10:00:00Z',
    offences: 'Sexual assault of a child under 13',
  })
  assert.equal(response.statusCode, 201, response.body)
  return { child, kase, investigation: response.json<{ id: string }>() }
}

const lead = {
  name: 'DC Morgan Reid',
  role: 'Child abuse investigator',
  agencyId: policeAgency,
  hasJointTraining: true,
}
const told = {
  childInformedAt: '2026-11-09T10:00:00Z',
  informedBy: { name: 'Sam Caseworth', role: 'Social worker' },
  childWillingness: 'willing',
}

function plan(childId: string, extra: Record<string, unknown> = {}) {
  return {
    childId,
    plannedAt: '2026-11-12T10:00:00Z',
    lead,
    intermediary: false,
    specialMeasures: [],
    held: false,
    ...extra,
  }
}

const findings = async (caseId: string, safeguard: string) =>
  (await call('social_worker', 'GET', `/api/v1/cases/${caseId}/findings`))
    .json<{ safeguard: string; severity: string; message: string }[]>()
    .filter(f => f.safeguard === safeguard)

const interviews = (investigationId: string) =>
  asSystem(() =>
    db
      .selectFrom('abeInterviews')
      .select(['heldAt', 'version'])
      .where('investigationId', '=', investigationId)
      .execute(),
  )

describe('planning an ABE interview', () => {
  it('is recorded by the social worker, jointly, with special measures and an intermediary', async () => {
    const { child, investigation } = await opened()
    const response = await call(
      'social_worker',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, {
        intermediary: true,
        intermediaryName: 'Alex Talkwell',
        specialMeasures: ['s24_live_link', 's29_intermediary'],
      }),
    )
    assert.equal(response.statusCode, 201, response.body)
    const body = response.json<{ held: boolean; specialMeasures: string[]; intermediaryName: string }>()
    assert.equal(body.held, false)
    assert.deepEqual(body.specialMeasures, ['s24_live_link', 's29_intermediary'])
  })

  it('prompts to tell the child while nothing is told (SG-12)', async () => {
    const { kase, child, investigation } = await opened()
    await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id),
    )
    assert.deepEqual(
      (await findings(kase.id, 'SG-12')).map(f => f.severity),
      ['prompt'],
    )
  })

  it('prompts when the lead has no joint ABE training (SG-15)', async () => {
    const { kase, child, investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, { lead: { ...lead, hasJointTraining: false }, ...told }),
    )
    assert.equal(response.statusCode, 201, response.body)
    assert.deepEqual(
      (await findings(kase.id, 'SG-15')).map(f => f.severity),
      ['prompt'],
    )
  })

  for (const [name, extra, field] of [
    ['planned before the investigation opened', { plannedAt: '2026-10-30T10:00:00Z' }, 'plannedAt'],
    ['the child told in the future', { ...told, childInformedAt: '2027-01-01T10:00:00Z' }, 'childInformedAt'],
    ['held with no date', { held: true }, 'heldAt'],
    ['an unknown special measure', { specialMeasures: ['s99_magic'] }, 'specialMeasures.0'],
    ['a willing child asked about declining', { ...told, toldDecliningHarms: false }, 'toldDecliningHarms'],
  ] as const)
    it(`refuses an interview ${name} (400 naming ${field}), saving nothing`, async () => {
      const { child, investigation } = await opened()
      const response = await call(
        'police_investigator',
        'POST',
        `/api/v1/investigations/${investigation.id}/abe-interviews`,
        plan(child.id, extra),
      )
      assert.equal(response.statusCode, 400, response.body)
      assert.ok(response.json<ErrorBody>().error.fields?.[field], response.body)
      assert.deepEqual(await interviews(investigation.id), [])
    })

  it('refuses a child the investigation is not about (400 naming childId)', async () => {
    const { investigation } = await opened()
    const other = await given.child()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(other.id),
    )
    assert.equal(response.statusCode, 400, response.body)
    assert.ok(response.json<ErrorBody>().error.fields?.childId)
  })

  it('is refused to the school (403)', async () => {
    const { child, kase, investigation } = await opened()
    await call('social_worker', 'POST', `/api/v1/cases/${kase.id}/members`, {
      agencyId: await given.agencyId('education'),
    })
    const response = await call(
      'designated_safeguarding_lead',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id),
    )
    assert.equal(response.statusCode, 403, response.body)
  })
})

describe('recording an interview as held (SG-12)', () => {
  it('is refused (422) when the child was never told, and nothing is saved', async () => {
    const { child, investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, { held: true, heldAt: '2026-11-12T10:00:00Z' }),
    )
    assert.equal(response.statusCode, 422, response.body)
    assert.deepEqual(
      response.json<{ error: { findings: { safeguard: string }[] } }>().error.findings.map(f => f.safeguard),
      ['SG-12'],
    )
    assert.deepEqual(await interviews(investigation.id), [])
  })

  it('is refused when the child was told only after it was held', async () => {
    const { child, investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, { ...told, childInformedAt: '2026-11-13T10:00:00Z', held: true, heldAt: '2026-11-12T10:00:00Z' }),
    )
    assert.equal(response.statusCode, 422, response.body)
  })

  it('records a planned interview as held later, once the child was told', async () => {
    const { child, kase, investigation } = await opened()
    const planned = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id),
    )
    const interview = planned.json<{ id: string; version: number }>()
    const refused = await call('social_worker', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: interview.version,
      heldAt: '2026-11-12T10:00:00Z',
    })
    assert.equal(refused.statusCode, 422, refused.body)
    const held = await call('social_worker', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: interview.version,
      heldAt: '2026-11-12T10:00:00Z',
      ...told,
    })
    assert.equal(held.statusCode, 200, held.body)
    assert.deepEqual(await findings(kase.id, 'SG-12'), [])
    const chronology = (await call('social_worker', 'GET', `/api/v1/cases/${kase.id}/chronology`)).json<
      { kind: string }[]
    >()
    assert.ok(chronology.some(e => e.kind === 'abe.held'))
    const again = await call('social_worker', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: held.json<{ version: number }>().version,
      heldAt: '2026-11-12T10:00:00Z',
    })
    assert.equal(again.statusCode, 409, again.body)
  })

  it('refuses a stale version (409)', async () => {
    const { child, investigation } = await opened()
    const planned = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, told),
    )
    const interview = planned.json<{ id: string; version: number }>()
    const response = await call('social_worker', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: interview.version + 1,
      heldAt: '2026-11-12T10:00:00Z',
    })
    assert.equal(response.statusCode, 409, response.body)
  })

  it('refuses an unsure child’s interview until whether they were told declining harms it is answered', async () => {
    const { child, investigation } = await opened()
    const url = `/api/v1/investigations/${investigation.id}/abe-interviews`
    const unsure = { ...told, childWillingness: 'unsure', held: true, heldAt: '2026-11-12T10:00:00Z' }
    const refused = await call('police_investigator', 'POST', url, plan(child.id, unsure))
    assert.equal(refused.statusCode, 422, refused.body)
    const fine = await call(
      'police_investigator',
      'POST',
      url,
      plan(child.id, { ...unsure, toldDecliningHarms: false }),
    )
    assert.equal(fine.statusCode, 201, fine.body)
  })

  it('records the truth when the child was told declining harms it, and prompts the team', async () => {
    const { child, kase, investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id, {
        ...told,
        childWillingness: 'unwilling',
        toldDecliningHarms: true,
        held: true,
        heldAt: '2026-11-12T10:00:00Z',
      }),
    )
    assert.equal(response.statusCode, 201, response.body)
    assert.equal(response.json<{ toldDecliningHarms: boolean }>().toldDecliningHarms, true)
    assert.deepEqual(
      (await findings(kase.id, 'SG-12')).map(f => f.message),
      ['The child was told declining would harm the investigation: talk it through with your supervisor'],
    )
  })
})

describe('the pages', () => {
  const planned = {
    'plannedAt-day': '30',
    'plannedAt-month': '11',
    'plannedAt-year': '2026',
    leadName: 'Sam Caseworth',
    leadRole: 'Social worker',
    leadHasJointTraining: 'no',
    intermediary: 'no',
    childWillingness: 'not_asked',
    held: 'no',
  }

  it('plan an interview through check your answers, jointly, as the social worker', async () => {
    const { child, kase, investigation } = await opened()
    const social = await given.agent('social_worker')
    const form = await social.get(`/investigations/${investigation.id}/abe-interviews`)
    assert.equal(form.statusCode, 200, form.body)
    const done = await social.postConfirmed(`/investigations/${investigation.id}/abe-interviews`, {
      ...planned,
      childId: child.id,
      leadAgencyId: await given.agencyId('childrens_social_care'),
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal(done.headers.location, `/investigations/${investigation.id}`)
    assert.deepEqual(
      (await findings(kase.id, 'SG-15')).map(f => f.severity),
      ['prompt'],
    )
  })

  it('name every unanswered question at once, keeping what was typed', async () => {
    const { investigation } = await opened()
    const social = await given.agent('social_worker')
    await social.get(`/investigations/${investigation.id}/abe-interviews`)
    const response = await social.post(`/investigations/${investigation.id}/abe-interviews`, {
      leadName: 'Sam Caseworth',
    })
    assert.equal(response.statusCode, 400, response.body)
    const $ = page(response)
    const summary = $('.govuk-error-summary').text()
    for (const words of [
      /Choose the child/,
      /Enter the date of the interview/,
      /joint ABE training/,
      /intermediary/,
      /willing, unsure or unwilling/,
      /has been held/,
    ])
      assert.match(summary, words)
    assert.equal($('#leadName').val(), 'Sam Caseworth')
    assert.deepEqual(await interviews(investigation.id), [])
  })

  it('refuse to record an interview as held until the child was told, then record it', async () => {
    const { child, investigation } = await opened()
    const planned = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      plan(child.id),
    )
    const interview = planned.json<{ id: string }>()
    const police = await given.agent('police_investigator')
    const form = await police.get(`/abe-interviews/${interview.id}/held`)
    assert.equal(form.statusCode, 200, form.body)
    const held = { version: '1', 'heldAt-day': '12', 'heldAt-month': '11', 'heldAt-year': '2026' }
    const refused = await police.postConfirmed(`/abe-interviews/${interview.id}/held`, held)
    assert.equal(refused.statusCode, 422, refused.body)
    assert.match(page(refused)('.govuk-error-summary').text(), /record when the child was told/)
    const done = await police.postConfirmed(`/abe-interviews/${interview.id}/held`, {
      ...held,
      'childInformedAt-day': '9',
      'childInformedAt-month': '11',
      'childInformedAt-year': '2026',
      informedByName: 'Sam Caseworth',
      informedByRole: 'Social worker',
      childWillingness: 'willing',
      toldDecliningHarms: 'not_asked',
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.deepEqual(
      (await interviews(investigation.id)).map(v => v.heldAt?.toISOString()),
      ['2026-11-12T00:00:00.000Z'],
    )
  })
})
