import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, confirmationForm, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { CaseBody } from '../../../test/types.ts'

// Strategy discussions through the API and the pages, on the real database: recording, completing, SG-06, who
// may, and bad input that saves nothing. The clock stands at Wednesday 25 November 2026, 9am.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)
const samId = await given.userId('sw@csc.example')
// A police officer whose force is on none of the cases the test opens without the police.
const outsider = await given.user('police_investigator', {
  displayName: 'Ola Outwith',
  email: 'ola.outwith@police.example',
})
const policeId = await given.agencyId('police')

interface Discussion {
  id: string
  caseId: string
  status: 'draft' | 'completed'
  version: number
  childIds: string[]
  attendees: { name: string; agencyKind: string; csaClinicalExperience: boolean }[]
  actions: { id: string; title: string; ownerUserId: string | null; ownerAgencyId: string | null; dueOn: string }[]
}
interface Problem {
  error: { code: string; message: string; fields?: Record<string, string>; findings?: { safeguard: string }[] }
}

const POLICE = { name: 'DC Hale', agencyKind: 'police', role: 'Child-abuse investigator', csaClinicalExperience: false }
const SOCIAL = {
  name: 'Sam Caseworth',
  agencyKind: 'childrens_social_care',
  role: 'Social worker',
  csaClinicalExperience: false,
}
const PAEDIATRICIAN = { name: 'Dr Okafor', agencyKind: 'health', role: 'Paediatrician', csaClinicalExperience: true }

function body(kase: CaseBody, over: Record<string, unknown> = {}) {
  return {
    heldAt: '2026-11-24T10:00:00Z',
    childIds: kase.children.map(c => c.id),
    categories: ['PHY'],
    attendees: [SOCIAL, POLICE],
    informationShared: 'School saw bruising on both arms; police hold no earlier reports.',
    decisions: {
      section47: true,
      policeInvestigation: true,
      abeInterview: false,
      healthAssessment: true,
      immediateProtection: false,
    },
    rationale: 'Reasonable cause to suspect significant harm.',
    actions: [{ title: 'Arrange a child protection medical', ownerUserId: samId, dueOn: '2026-11-26' }],
    complete: true,
    ...over,
  }
}

async function record(who: Who, caseId: string, payload: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/strategy-discussions`,
    headers: bearer(await given.apiToken(who)),
    payload,
  })
}

async function complete(who: Who, id: string, version: number) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/strategy-discussions/${id}/complete`,
    headers: bearer(await given.apiToken(who)),
    payload: { version },
  })
}

const savedOn = (caseId: string) =>
  asSystem(() => db.selectFrom('strategyDiscussions').select('id').where('caseId', '=', caseId).execute())

const newCase = () => given.case({ agencies: ['police'] })

describe('recording a strategy discussion through the API', () => {
  it('records a completed discussion, answers it with its Location, and opens a task per action', async () => {
    const kase = await newCase()
    const response = await record('sw@csc.example', kase.id, body(kase))
    assert.equal(response.statusCode, 201, response.body)
    const d = response.json<Discussion>()
    assert.equal(response.headers.location, `/api/v1/strategy-discussions/${d.id}`)
    assert.equal(d.status, 'completed')
    assert.deepEqual(d.childIds, [kase.children[0]?.id])
    assert.equal(d.attendees.length, 2)
    const tasks = await asSystem(() =>
      // The agreed actions' tasks: a safeguard's (SG-07, as a health assessment was decided) are not this test's.
      db
        .selectFrom('tasks')
        .select(['title', 'ownerUserId', 'dueAt'])
        .where('caseId', '=', kase.id)
        .where('safeguard', 'is', null)
        .execute(),
    )
    assert.deepEqual(
      tasks.map(t => [t.title, t.ownerUserId]),
      [['Arrange a child protection medical', samId]],
    )
    const events = await asSystem(() =>
      db.selectFrom('chronologyEvents').select('kind').where('caseId', '=', kase.id).execute(),
    )
    assert.ok(events.some(e => e.kind === 'strategy.held'))
    assert.ok(events.some(e => e.kind === 'strategy.completed'))
  })

  it('lists the case’s discussions and reads one', async () => {
    const kase = await newCase()
    const d = (await record('sw@csc.example', kase.id, body(kase, { complete: false }))).json<Discussion>()
    const token = bearer(await given.apiToken('dc@police.example'))
    const list = await app.inject({ url: `/api/v1/cases/${kase.id}/strategy-discussions`, headers: token })
    assert.equal(list.statusCode, 200)
    assert.deepEqual(
      list.json<Discussion[]>().map(x => x.id),
      [d.id],
    )
    const one = await app.inject({ url: `/api/v1/strategy-discussions/${d.id}`, headers: token })
    assert.equal(one.json<Discussion>().status, 'draft')
  })

  it('lets the police on the team record one, and gives an action to an agency', async () => {
    const kase = await newCase()
    const response = await record(
      'dc@police.example',
      kase.id,
      body(kase, { actions: [{ title: 'Check police systems', ownerAgencyId: policeId, dueOn: '2026-11-24' }] }),
    )
    assert.equal(response.statusCode, 201, response.body)
    assert.equal(response.json<Discussion>().actions[0]?.ownerAgencyId, policeId)
  })

  it('refuses a health practitioner, and anyone not on the team', async () => {
    const kase = await given.case({ members: ['nurse@health.example'] })
    const nurse = await record('nurse@health.example', kase.id, body(kase))
    assert.equal(nurse.statusCode, 403)
    const stranger = await record(outsider, kase.id, body(kase))
    assert.equal(stranger.statusCode, 403)
    assert.deepEqual(await savedOn(kase.id), [])
    // The nurse on the team reads what was recorded.
    await record('sw@csc.example', kase.id, body(kase))
    const read = await app.inject({
      url: `/api/v1/cases/${kase.id}/strategy-discussions`,
      headers: bearer(await given.apiToken('nurse@health.example')),
    })
    assert.equal(read.json<Discussion[]>().length, 1)
  })
})

describe('SG-06: health expertise at a discussion about sexual abuse', () => {
  it('refuses completing one with neither a health expert nor a consultation, and saves nothing', async () => {
    const kase = await newCase()
    const response = await record('sw@csc.example', kase.id, body(kase, { categories: ['SAB'] }))
    assert.equal(response.statusCode, 422, response.body)
    const problem = response.json<Problem>()
    assert.equal(problem.error.code, 'safeguard')
    assert.deepEqual(
      problem.error.findings?.map(f => f.safeguard),
      ['SG-06'],
    )
    assert.deepEqual(await savedOn(kase.id), [])
    const tasks = await asSystem(() => db.selectFrom('tasks').select('id').where('caseId', '=', kase.id).execute())
    assert.deepEqual(tasks, [])
  })

  it('does not count a health attendee without the clinical experience', async () => {
    const kase = await newCase()
    const nurse = { name: 'Nurse Pym', agencyKind: 'health', role: 'School nurse', csaClinicalExperience: false }
    const response = await record(
      'sw@csc.example',
      kase.id,
      body(kase, { categories: ['SAB'], attendees: [SOCIAL, POLICE, nurse] }),
    )
    assert.equal(response.statusCode, 422)
  })

  it('completes one with a health attendee who has the experience', async () => {
    const kase = await newCase()
    const response = await record(
      'sw@csc.example',
      kase.id,
      body(kase, { categories: ['SAB', 'EMO'], attendees: [SOCIAL, POLICE, PAEDIATRICIAN] }),
    )
    assert.equal(response.statusCode, 201, response.body)
  })

  it('keeps a draft, refuses its completion, then completes one with a consultation recorded', async () => {
    const kase = await newCase()
    const draft = await record('sw@csc.example', kase.id, body(kase, { categories: ['SAB'], complete: false }))
    assert.equal(draft.statusCode, 201, draft.body)
    const d = draft.json<Discussion>()
    const refused = await complete('sw@csc.example', d.id, d.version)
    assert.equal(refused.statusCode, 422)
    const still = await asSystem(() =>
      db.selectFrom('strategyDiscussions').select(['completedAt', 'version']).where('id', '=', d.id).executeTakeFirst(),
    )
    assert.deepEqual(still, { completedAt: null, version: 1 })
    const consulted = await record(
      'sw@csc.example',
      kase.id,
      body(kase, {
        categories: ['SAB'],
        healthConsultation: {
          name: 'Dr Rana',
          role: 'Consultant paediatrician, SARC',
          at: '2026-11-24T09:00:00Z',
          advice: 'A non-recent health assessment within a week.',
        },
      }),
    )
    assert.equal(consulted.statusCode, 201, consulted.body)
  })
})

describe('completing a draft', () => {
  it('completes it once; again, or at a version that moved on, is a 409', async () => {
    const kase = await newCase()
    const d = (await record('sw@csc.example', kase.id, body(kase, { complete: false }))).json<Discussion>()
    const stale = await complete('sw@csc.example', d.id, d.version + 1)
    assert.equal(stale.statusCode, 409)
    const done = await complete('dc@police.example', d.id, d.version)
    assert.equal(done.statusCode, 200, done.body)
    assert.equal(done.json<Discussion>().status, 'completed')
    const twice = await complete('sw@csc.example', d.id, done.json<Discussion>().version)
    assert.equal(twice.statusCode, 409)
    assert.match(twice.json<Problem>().error.message, /already completed/)
  })

  it('is a 404 for a discussion that does not exist', async () => {
    const missing = await complete('sw@csc.example', '00000000-0000-4000-8000-000000000bad', 1)
    assert.equal(missing.statusCode, 404)
  })
})

describe('bad input saves nothing and names the field', () => {
  const cases: [string, (kase: CaseBody) => Record<string, unknown>, string, RegExp][] = [
    ['no attendees', () => ({ attendees: [] }), 'attendees', /Add at least one attendee/],
    ['held in the future', () => ({ heldAt: '2026-11-26T10:00:00Z' }), 'heldAt', /now or in the past/],
    [
      'an action with no owner',
      () => ({ actions: [{ title: 'Visit', dueOn: '2026-11-26' }] }),
      'actions.0.ownerUserId',
      /Choose who owns the action/,
    ],
    [
      'an action with two owners',
      () => ({ actions: [{ title: 'Visit', ownerUserId: samId, ownerAgencyId: policeId, dueOn: '2026-11-26' }] }),
      'actions.0.ownerAgencyId',
      /one owner/,
    ],
    [
      'an action due before the discussion',
      () => ({ actions: [{ title: 'Visit', ownerUserId: samId, dueOn: '2026-11-23' }] }),
      'actions.0.dueOn',
      /on or after the day of the discussion/,
    ],
    [
      'an unknown agency kind',
      () => ({ attendees: [{ ...POLICE, agencyKind: 'fire_service' }] }),
      'attendees.0.agencyKind',
      /agency/,
    ],
    ['an unknown category', () => ({ categories: ['XYZ'] }), 'categories.0', /categories of abuse/],
    [
      'a health consultation half filled',
      () => ({ healthConsultation: { name: 'Dr Rana' } }),
      'healthConsultation.role',
      /role of the health professional/,
    ],
    [
      'a decision left out',
      kase => ({ decisions: { ...body(kase).decisions, abeInterview: undefined } }),
      'decisions.abeInterview',
      /ABE/,
    ],
  ]
  for (const [what, change, field, message] of cases)
    it(`refuses ${what}`, async () => {
      const kase = await newCase()
      const response = await record('sw@csc.example', kase.id, body(kase, change(kase)))
      assert.equal(response.statusCode, 400, response.body)
      const fields = response.json<Problem>().error.fields ?? {}
      assert.match(fields[field] ?? '', message, JSON.stringify(fields))
      assert.deepEqual(await savedOn(kase.id), [])
    })

  it('refuses a child who is not on the case, and an action about one', async () => {
    const kase = await newCase()
    const other = await given.child()
    const response = await record(
      'sw@csc.example',
      kase.id,
      body(kase, {
        childIds: [other.id],
        actions: [{ title: 'Visit', childId: other.id, ownerUserId: samId, dueOn: '2026-11-26' }],
      }),
    )
    assert.equal(response.statusCode, 400)
    const fields = response.json<Problem>().error.fields ?? {}
    assert.match(fields['childIds.0'] ?? '', /on this case/)
    assert.match(fields['actions.0.childId'] ?? '', /child of the case/)
    assert.deepEqual(await savedOn(kase.id), [])
  })
})

/** The page form's answers for a discussion with one attendee row filled and one action. */
function formFields(kase: CaseBody, over: Record<string, string | string[]> = {}) {
  return {
    attendeeRows: '6',
    actionRows: '4',
    'heldAt-day': '24',
    'heldAt-month': '11',
    'heldAt-year': '2026',
    heldAtTime: '10am',
    childIds: kase.children.map(c => c.id),
    categories: ['PHY'],
    attendee1Name: 'Sam Caseworth',
    attendee1AgencyKind: 'childrens_social_care',
    attendee1Role: 'Social worker',
    attendee1Csa: 'no',
    informationShared: 'School saw bruising.',
    section47: 'yes',
    policeInvestigation: 'yes',
    abeInterview: 'no',
    healthAssessment: 'yes',
    immediateProtection: 'no',
    rationale: 'Reasonable cause to suspect significant harm.',
    action1Title: 'Arrange a medical',
    action1ChildId: '',
    action1Owner: `user:${samId}`,
    'action1DueOn-day': '26',
    'action1DueOn-month': '11',
    'action1DueOn-year': '2026',
    complete: 'no',
    ...over,
  }
}

describe('the pages', () => {
  it('records a discussion through check your answers and shows it on the case', async () => {
    const kase = await newCase()
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/strategy-discussions`)
    assert.equal(list.statusCode, 200)
    assert.match(page(list)('main').text(), /No strategy discussion has been recorded/)
    const form = await sam.get(`/cases/${kase.id}/strategy-discussions/new`)
    assert.equal(form.statusCode, 200)
    // Nothing is pre-answered.
    assert.equal(page(form)('input[type=radio]:checked').length, 0)
    const check = await sam.post(`/cases/${kase.id}/strategy-discussions/new`, formFields(kase))
    assert.equal(check.statusCode, 200, check.body.slice(0, 2000))
    assert.match(page(check)('h1').text(), /Check the strategy discussion/)
    assert.deepEqual(await savedOn(kase.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303, done.body.slice(0, 2000))
    const shown = await sam.get(String(done.headers.location))
    assert.equal(shown.statusCode, 200)
    const $ = page(shown)
    assert.match($('main').text(), /Strategy discussion recorded/)
    assert.match($('main').text(), /Arrange a medical/)
    assert.match($('main').text(), /Draft/)
    assert.equal((await savedOn(kase.id)).length, 1)
  })

  it('ignores blank rows, and names the field of a half-filled row', async () => {
    const kase = await newCase()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/strategy-discussions/new`)
    const response = await sam.post(
      `/cases/${kase.id}/strategy-discussions/new`,
      formFields(kase, { attendee3Name: 'Dr Okafor', attendee3Csa: '', attendee3Role: '', attendee3AgencyKind: '' }),
    )
    assert.equal(response.statusCode, 400)
    const $ = page(response)
    const summary = $('.govuk-error-summary a')
      .toArray()
      .map(a => $(a).attr('href'))
    assert.ok(summary.includes('#attendee3Role'), summary.join(' '))
    assert.ok(summary.includes('#attendee3AgencyKind'), summary.join(' '))
    assert.equal($('#attendee3Name').val(), 'Dr Okafor')
    assert.deepEqual(await savedOn(kase.id), [])
  })

  it('says "Add at least one attendee" when every row is blank', async () => {
    const kase = await newCase()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/strategy-discussions/new`)
    const response = await sam.post(
      `/cases/${kase.id}/strategy-discussions/new`,
      formFields(kase, { attendee1Name: '', attendee1AgencyKind: '', attendee1Role: '', attendee1Csa: '' }),
    )
    assert.equal(response.statusCode, 400)
    assert.match(page(response)('.govuk-error-summary').text(), /Add at least one attendee/)
  })

  it('adds more rows, keeping every value typed', async () => {
    const kase = await newCase()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/strategy-discussions/new`)
    const response = await sam.post(`/cases/${kase.id}/strategy-discussions/new`, {
      ...formFields(kase),
      change: 'attendees',
    })
    assert.equal(response.statusCode, 200)
    const $ = page(response)
    assert.equal($('#attendee9Name').length, 1)
    assert.equal($('#attendee10Name').length, 0)
    assert.equal($('#attendee1Name').val(), 'Sam Caseworth')
    assert.equal($('#rationale').text().trim(), 'Reasonable cause to suspect significant harm.')
    assert.equal($('input[name=attendeeRows]').val(), '9')
    assert.deepEqual(await savedOn(kase.id), [])
  })

  it('completes a draft through a confirmation page, and shows SG-06’s refusal plainly', async () => {
    const kase = await newCase()
    const d = (
      await record('sw@csc.example', kase.id, body(kase, { categories: ['SAB'], complete: false }))
    ).json<Discussion>()
    const sam = await given.agent('sw@csc.example')
    const shown = await sam.get(`/strategy-discussions/${d.id}`)
    assert.ok(page(shown)(`a[href="/strategy-discussions/${d.id}/complete"]`).length)
    const asking = await sam.get(`/strategy-discussions/${d.id}/complete`)
    assert.equal(asking.statusCode, 200)
    const { action, fields } = confirmationForm(asking)
    const refused = await sam.post(action, fields)
    assert.equal(refused.statusCode, 422)
    assert.match(page(refused)('.govuk-error-summary').text(), /Invite a health professional/)
    assert.match(page(refused)('.govuk-error-summary').text(), /SG-06/)

    const plain = (await record('sw@csc.example', kase.id, body(kase, { complete: false }))).json<Discussion>()
    const asked = await sam.get(`/strategy-discussions/${plain.id}/complete`)
    const form = confirmationForm(asked)
    const completed = await sam.post(form.action, form.fields)
    assert.equal(completed.statusCode, 303)
    assert.match(page(await sam.get(String(completed.headers.location)))('main').text(), /Completed/)
  })

  it('offers recording only to those who may record', async () => {
    const kase = await given.case({ members: ['nurse@health.example'] })
    const nurse = await given.agent('nurse@health.example')
    const list = await nurse.get(`/cases/${kase.id}/strategy-discussions`)
    assert.equal(list.statusCode, 200)
    assert.equal(page(list)(`a[href="/cases/${kase.id}/strategy-discussions/new"]`).length, 0)
    const form = await nurse.get(`/cases/${kase.id}/strategy-discussions/new`)
    assert.equal(form.statusCode, 403)
  })
})
