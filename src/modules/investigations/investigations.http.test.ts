import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { usesNfaWording } from './schema.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// Police investigations through the API and the pages: opening one, charging advice and decision, and the outcome,
// worded "no further police action at this time" and never "NFA" (SG-01), with SG-05's tasks for the officer.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)
const policeAgency = await given.agencyId('police')
const cscAgency = await given.agencyId('childrens_social_care')
const detective = await given.userId('dc@police.example')

let references = 0
const crimeReference = () => `NS/${String(4000 + references++)}/26`

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

/** A case with the police on its team, about one child, with an adult who may be a suspect. */
async function policeCase() {
  const suspect = await given.adult()
  const { child, kase } = await given.childInCase({ agencies: ['police'] })
  return { child, kase, suspect }
}

async function opened(extra: Record<string, unknown> = {}) {
  const { child, kase, suspect } = await policeCase()
  const response = await call('police_investigator', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
    crimeReference: crimeReference(),
    childIds: [child.id],
    suspectIds: [suspect.id],
    openedAt: '2026-11-02T10:00:00Z',
    offences: 'Sexual assault of a child under 13',
    ...extra,
  })
  assert.equal(response.statusCode, 201, response.body)
  const investigation = response.json<{ id: string; version: number; crimeReference: string }>()
  return { child, kase, suspect, investigation }
}

const rows = (
  table: 'investigations' | 'investigationOutcomeAgencies' | 'abeInterviews',
  caseOrInvestigation: string,
) =>
  asSystem(async () => {
    if (table === 'investigations')
      return (await db.selectFrom('investigations').select('id').where('caseId', '=', caseOrInvestigation).execute())
        .length
    if (table === 'abeInterviews')
      return (
        await db.selectFrom('abeInterviews').select('id').where('investigationId', '=', caseOrInvestigation).execute()
      ).length
    return (
      await db
        .selectFrom('investigationOutcomeAgencies')
        .select('agencyId')
        .where('investigationId', '=', caseOrInvestigation)
        .execute()
    ).length
  })

const openTasks = (caseId: string) =>
  asSystem(() =>
    db
      .selectFrom('tasks')
      .select(['title', 'safeguard', 'ownerUserId', 'ownerAgencyId', 'dueAt'])
      .where('caseId', '=', caseId)
      .where('status', '=', 'open')
      .where('safeguard', '=', 'SG-05')
      .orderBy('dueAt')
      .execute(),
  )

const nfpa = (version: number, agencies: string[]) => ({
  version,
  outcome: 'no_further_police_action_at_this_time',
  outcomeCode: '15',
  rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
  agenciesInformed: agencies,
  decidedAt: '2026-11-20T10:00:00Z',
})

describe('opening a police investigation', () => {
  it('records it with its children and suspects, on each child’s chronology', async () => {
    const { child, kase, suspect, investigation } = await opened()
    const read = await call('social_worker', 'GET', `/api/v1/investigations/${investigation.id}`)
    assert.equal(read.statusCode, 200, read.body)
    const body = read.json<{ children: { id: string }[]; suspects: { id: string }[]; outcome: unknown }>()
    assert.deepEqual(
      body.children.map(c => c.id),
      [child.id],
    )
    assert.deepEqual(
      body.suspects.map(s => s.id),
      [suspect.id],
    )
    assert.equal(body.outcome, null)
    const chronology = await call('social_worker', 'GET', `/api/v1/cases/${kase.id}/chronology`)
    const events = chronology.json<{ kind: string; summary: string }[]>()
    assert.ok(events.some(e => e.kind === 'investigation.opened' && e.summary.includes(investigation.crimeReference)))
  })

  it('lists the case’s investigations for anyone who may read the case', async () => {
    const { kase, investigation } = await opened()
    const list = await call('social_worker', 'GET', `/api/v1/cases/${kase.id}/investigations`)
    assert.equal(list.statusCode, 200, list.body)
    assert.deepEqual(
      list.json<{ id: string }[]>().map(i => i.id),
      [investigation.id],
    )
  })

  it('gives the officer’s agency SG-05’s tasks: early charging advice in 28 days, a decision in 90', async () => {
    const { kase } = await opened()
    const tasks = await openTasks(kase.id)
    assert.equal(tasks.length, 2)
    assert.deepEqual(
      tasks.map(t => [t.ownerAgencyId, t.dueAt.toISOString()]),
      [
        [policeAgency, '2026-11-30T10:00:00.000Z'],
        [policeAgency, '2027-01-31T10:00:00.000Z'],
      ],
    )
  })

  it('gives them to the named investigating officer', async () => {
    const { kase } = await opened({ officerUserId: detective })
    const tasks = await openTasks(kase.id)
    assert.deepEqual(
      tasks.map(t => t.ownerUserId),
      [detective, detective],
    )
  })

  it('is refused to a social worker (403) and to police off the case team', async () => {
    const { child, kase } = await given.childInCase()
    const body = { crimeReference: crimeReference(), childIds: [child.id], openedAt: '2026-11-02', offences: 'Rape' }
    const social = await call('social_worker', 'POST', `/api/v1/cases/${kase.id}/investigations`, body)
    assert.equal(social.statusCode, 403, social.body)
    const police = await call('police_investigator', 'POST', `/api/v1/cases/${kase.id}/investigations`, body)
    assert.equal(police.statusCode, 403, police.body)
    assert.equal(await rows('investigations', kase.id), 0)
  })

  for (const [name, change, field] of [
    ['a suspect who is also a child of it', 'suspectIsChild', 'suspectIds'],
    ['a child not on the case', 'childNotOnCase', 'childIds'],
    ['an opening date in the future', 'future', 'openedAt'],
    ['no offences', 'noOffences', 'offences'],
    ['a crime reference already recorded', 'duplicate', 'crimeReference'],
  ] as const)
    it(`refuses ${name} (400 naming ${field}), saving nothing`, async () => {
      const { child, kase, suspect } = await policeCase()
      const other = await given.child()
      const taken = crimeReference()
      if (change === 'duplicate') await opened({ crimeReference: taken })
      const body: Record<string, unknown> = {
        crimeReference: change === 'duplicate' ? taken : crimeReference(),
        childIds: [change === 'childNotOnCase' ? other.id : child.id],
        suspectIds: [change === 'suspectIsChild' ? child.id : suspect.id],
        openedAt: change === 'future' ? '2026-12-25T10:00:00Z' : '2026-11-02T10:00:00Z',
        offences: change === 'noOffences' ? '  ' : 'Sexual assault',
      }
      const response = await call('police_investigator', 'POST', `/api/v1/cases/${kase.id}/investigations`, body)
      assert.equal(response.statusCode, 400, response.body)
      assert.ok(response.json<ErrorBody>().error.fields?.[field], response.body)
      assert.equal(await rows('investigations', kase.id), 0)
    })
})

describe('charging advice and the charging decision', () => {
  it('clears the advice task once advice is sought, and the decision task once decided', async () => {
    const { kase, investigation } = await opened()
    const advice = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/charging-advice`,
      {
        version: investigation.version,
        soughtAt: '2026-11-10T10:00:00Z',
        outcomeAt: '2026-11-17T10:00:00Z',
        advice: 'Obtain the school records and the ABE interview first',
      },
    )
    assert.equal(advice.statusCode, 200, advice.body)
    assert.deepEqual(
      (await openTasks(kase.id)).map(t => t.title),
      [`Make a charging decision on investigation ${investigation.crimeReference}`],
    )
    const decided = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/charging-decision`,
      {
        version: advice.json<{ version: number }>().version,
        decidedAt: '2026-11-24',
        decision: 'charge',
        decidedBy: 'cps',
      },
    )
    assert.equal(decided.statusCode, 200, decided.body)
    assert.deepEqual(await openTasks(kase.id), [])
  })

  it('refuses advice given before it was sought (400 naming outcomeAt)', async () => {
    const { investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/charging-advice`,
      {
        version: investigation.version,
        soughtAt: '2026-11-10T10:00:00Z',
        outcomeAt: '2026-11-09T10:00:00Z',
      },
    )
    assert.equal(response.statusCode, 400, response.body)
    assert.ok(response.json<ErrorBody>().error.fields?.outcomeAt)
  })

  it('refuses a stale version (409)', async () => {
    const { investigation } = await opened()
    const url = `/api/v1/investigations/${investigation.id}/charging-advice`
    const body = { version: investigation.version, soughtAt: '2026-11-10T10:00:00Z' }
    assert.equal((await call('police_investigator', 'POST', url, body)).statusCode, 200)
    const stale = await call('police_investigator', 'POST', url, body)
    assert.equal(stale.statusCode, 409, stale.body)
  })
})

describe('the outcome (SG-01)', () => {
  it('records no further police action at this time with its code, rationale and the agencies told; once only', async () => {
    const { kase, investigation } = await opened()
    const url = `/api/v1/investigations/${investigation.id}/outcome`
    const response = await call('police_investigator', 'POST', url, nfpa(investigation.version, [cscAgency]))
    assert.equal(response.statusCode, 200, response.body)
    const read = (await call('police_investigator', 'GET', `/api/v1/investigations/${investigation.id}`)).json<{
      outcome: { outcome: string; outcomeCode: string; agenciesInformed: { id: string }[] }
    }>()
    assert.equal(read.outcome.outcome, 'no_further_police_action_at_this_time')
    assert.deepEqual(
      read.outcome.agenciesInformed.map(a => a.id),
      [cscAgency],
    )
    // Closed: SG-05 asks for nothing more.
    assert.deepEqual(await openTasks(kase.id), [])
    const again = await call(
      'police_investigator',
      'POST',
      url,
      nfpa(response.json<{ version: number }>().version, [cscAgency]),
    )
    assert.equal(again.statusCode, 409, again.body)
  })

  it('refuses a close without charge with no agency told (422 SG-01), saving nothing', async () => {
    const { investigation } = await opened()
    const response = await call(
      'police_investigator',
      'POST',
      `/api/v1/investigations/${investigation.id}/outcome`,
      nfpa(investigation.version, []),
    )
    assert.equal(response.statusCode, 422, response.body)
    const body = response.json<ErrorBody & { error: { findings: { safeguard: string }[] } }>()
    assert.deepEqual(
      body.error.findings.map(f => f.safeguard),
      ['SG-01'],
    )
    const read = (await call('police_investigator', 'GET', `/api/v1/investigations/${investigation.id}`)).json<{
      outcome: unknown
      version: number
    }>()
    assert.equal(read.outcome, null)
    assert.equal(read.version, investigation.version)
  })

  for (const words of ['NFA', 'no further action', 'N.F.A.', 'no_further_action'])
    it(`refuses “${words}” as the outcome, saying what to write instead`, async () => {
      const { investigation } = await opened()
      const response = await call('police_investigator', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
        ...nfpa(investigation.version, [cscAgency]),
        outcome: words,
      })
      assert.equal(response.statusCode, 400, response.body)
      assert.match(response.json<ErrorBody>().error.fields?.outcome ?? '', /no further police action at this time/)
    })

  it('refuses “NFA” in the rationale', async () => {
    const { investigation } = await opened()
    const response = await call('police_investigator', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      ...nfpa(investigation.version, [cscAgency]),
      rationale: 'NFA on CPS advice, insufficient evidence',
    })
    assert.equal(response.statusCode, 400, response.body)
    assert.ok(response.json<ErrorBody>().error.fields?.rationale)
  })

  for (const [name, change, field] of [
    ['no rationale', { rationale: undefined }, 'rationale'],
    ['an unknown code', { outcomeCode: '23' }, 'outcomeCode'],
    ['a code of another group', { outcomeCode: '1' }, 'outcomeCode'],
    ['a date in the future', { decidedAt: '2027-01-01T10:00:00Z' }, 'decidedAt'],
    ['a date before the investigation opened', { decidedAt: '2026-10-01T10:00:00Z' }, 'decidedAt'],
  ] as const)
    it(`refuses an outcome with ${name} (400 naming ${field}), saving nothing`, async () => {
      const { investigation } = await opened()
      const response = await call('police_investigator', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
        ...nfpa(investigation.version, [cscAgency]),
        ...change,
      })
      assert.equal(response.statusCode, 400, response.body)
      assert.ok(response.json<ErrorBody>().error.fields?.[field], response.body)
      assert.equal(await rows('investigationOutcomeAgencies', investigation.id), 0)
    })

  it('is refused to the social worker (403)', async () => {
    const { investigation } = await opened()
    const response = await call(
      'social_worker',
      'POST',
      `/api/v1/investigations/${investigation.id}/outcome`,
      nfpa(investigation.version, [cscAgency]),
    )
    assert.equal(response.statusCode, 403, response.body)
  })
})

describe('the pages', () => {
  it('record an investigation through check your answers, and show it on the case’s list', async () => {
    const { child, kase } = await policeCase()
    const police = await given.agent('police_investigator')
    const list = page(await police.get(`/cases/${kase.id}/investigations`))
    assert.equal(list('a.govuk-button').attr('href'), `/cases/${kase.id}/investigations/new`)
    const form = await police.get(`/cases/${kase.id}/investigations/new`)
    assert.equal(form.statusCode, 200, form.body)
    const reference = crimeReference()
    const done = await police.postConfirmed(`/cases/${kase.id}/investigations`, {
      crimeReference: reference,
      childIds: [child.id],
      'openedAt-day': '2',
      'openedAt-month': '11',
      'openedAt-year': '2026',
      officerUserId: '',
      offences: 'Sexual assault',
    })
    assert.equal(done.statusCode, 303, done.body)
    const record = await police.get(done.headers.location ?? '')
    assert.equal(record.statusCode, 200, record.body)
    assert.match(page(record)('h1').text(), new RegExp(reference))
    const listed = page(await police.get(`/cases/${kase.id}/investigations`))
    assert.equal(listed('td[data-label="Crime reference"]').text().trim(), reference)
  })

  it('keep what was typed and name the field when a form is wrong', async () => {
    const { kase } = await policeCase()
    const police = await given.agent('police_investigator')
    await police.get(`/cases/${kase.id}/investigations/new`)
    const response = await police.post(`/cases/${kase.id}/investigations`, {
      crimeReference: 'NS/typed/26',
      'openedAt-day': '2',
      'openedAt-month': '11',
      'openedAt-year': '2026',
      offences: 'Sexual assault',
    })
    assert.equal(response.statusCode, 400, response.body)
    const $ = page(response)
    assert.match($('.govuk-error-summary').text(), /Choose at least one child/)
    assert.equal($('#crimeReference').val(), 'NS/typed/26')
  })

  it('offer the outcome in Lantern’s words: nothing on the page says “no further action” or “NFA”', async () => {
    const { investigation } = await opened()
    const police = await given.agent('police_investigator')
    const form = await police.get(`/investigations/${investigation.id}/outcome`)
    assert.equal(form.statusCode, 200, form.body)
    const $ = page(form)
    assert.equal(usesNfaWording($('main').text()), false)
    assert.ok($('input[name="outcome"][value="no_further_police_action_at_this_time"]').length)
    assert.match($('label').text(), /No further police action at this time/)
    assert.equal($('main a[href="/review/PR-3"]').length, 1)
  })

  it('refuse “NFA” posted as the outcome, saying what to write instead, and record the outcome once confirmed', async () => {
    const { investigation } = await opened()
    const police = await given.agent('police_investigator')
    await police.get(`/investigations/${investigation.id}/outcome`)
    const fields = {
      version: String(investigation.version),
      outcomeCode: '15',
      rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
      agenciesInformed: [cscAgency],
      'decidedAt-day': '20',
      'decidedAt-month': '11',
      'decidedAt-year': '2026',
    }
    const refused = await police.post(`/investigations/${investigation.id}/outcome`, { ...fields, outcome: 'NFA' })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.match(page(refused)('.govuk-error-summary').text(), /no further police action at this time/)
    const done = await police.postConfirmed(`/investigations/${investigation.id}/outcome`, {
      ...fields,
      outcome: 'no_further_police_action_at_this_time',
    })
    assert.equal(done.statusCode, 303, done.body)
    const record = page(await police.get(`/investigations/${investigation.id}`))
    assert.match(record('main').text(), /No further police action at this time/)
  })

  it('offer the police’s forms only to the police', async () => {
    const { investigation } = await opened()
    const social = await given.agent('social_worker')
    const $ = page(await social.get(`/investigations/${investigation.id}`))
    assert.equal($(`a[href="/investigations/${investigation.id}/outcome"]`).length, 0)
    assert.equal($(`a[href="/investigations/${investigation.id}/abe-interviews"]`).length, 1)
    const refused = await social.get(`/investigations/${investigation.id}/outcome`)
    assert.equal(refused.statusCode, 403)
  })
})
