import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)
const policeAgency = await given.agencyId('police')
const dc = await given.userId('dc@police.example')

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

interface Plan {
  id: string
  status: string
  version: number
  reviewOn: string
  actions: { title: string; ownerUserId: string | null; ownerAgencyId: string | null; ownerName: string }[]
  reviews: { outcome: string; continues: boolean }[]
}

const body = (childId: string, more: Record<string, unknown> = {}) => ({
  childId,
  kind: 'child_in_need',
  summary: 'Weekly visits; school keeps a trusted adult for Pell',
  startsAt: '2026-11-24',
  reviewOn: '2027-02-24',
  actions: [
    { title: 'Visit Pell at home each week', ownerUserId: dc, dueOn: '2026-12-04' },
    { title: 'Share the safety plan with the police', ownerAgencyId: policeAgency, dueOn: '2026-12-11' },
  ],
  ...more,
})

/** A case with the police and the team manager on its team, about one child. */
const policeCase = () =>
  given.childInCase({ title: 'Plan case', agencies: ['police'], members: ['dc@police.example', 'tm@csc.example'] })

async function drafted(more: Record<string, unknown> = {}) {
  const { child, kase } = await policeCase()
  const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/plans`, body(child.id, more))
  assert.equal(made.statusCode, 201, made.body)
  return { child, kase, plan: made.json<Plan>() }
}

async function agreed() {
  const made = await drafted()
  const done = await call('tm@csc.example', 'POST', `/api/v1/plans/${made.plan.id}/agree`, { version: 1 })
  assert.equal(done.statusCode, 200, done.body)
  return { ...made, plan: done.json<Plan>() }
}

const plansOf = (caseId: string) =>
  asSystem(() => handle.db.selectFrom('plans').selectAll().where('caseId', '=', caseId).execute())

const events = (caseId: string) =>
  asSystem(() =>
    handle.db.selectFrom('chronologyEvents').select(['kind', 'childId']).where('caseId', '=', caseId).execute(),
  )

describe('plans through the API', () => {
  it('drafts a plan with its actions and owners, on the child’s chronology, listed on the case', async () => {
    const { child, kase, plan } = await drafted()
    assert.equal(plan.status, 'draft')
    assert.deepEqual(
      plan.actions.map(a => [a.ownerUserId, a.ownerAgencyId]),
      [
        [dc, null],
        [null, policeAgency],
      ],
    )
    const listed = (await call('dc@police.example', 'GET', `/api/v1/cases/${kase.id}/plans`)).json<Plan[]>()
    assert.deepEqual(
      listed.map(p => p.id),
      [plan.id],
    )
    assert.ok((await events(kase.id)).some(e => e.kind === 'plan.drafted' && e.childId === child.id))
    const tasks = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/tasks`)).json<{ title: string }[]>()
    assert.ok(!tasks.some(t => t.title === 'Visit Pell at home each week'), 'a draft’s actions are not tasks yet')
  })

  it('agrees a plan: in force, its actions tasks for their owners', async () => {
    const { child, kase, plan } = await agreed()
    assert.equal(plan.status, 'agreed')
    assert.equal(plan.version, 2)
    const tasks = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/tasks`)).json<
      { title: string; ownerUserId: string | null; ownerAgencyId: string | null; childId: string | null }[]
    >()
    const visit = tasks.find(t => t.title === 'Visit Pell at home each week')
    assert.equal(visit?.ownerUserId, dc)
    assert.equal(visit.childId, child.id)
    assert.equal(tasks.find(t => t.title === 'Share the safety plan with the police')?.ownerAgencyId, policeAgency)
    assert.ok((await events(kase.id)).some(e => e.kind === 'plan.agreed' && e.childId === child.id))
  })

  it('reviews a plan that continues, moving its review date', async () => {
    const { plan } = await agreed()
    const reviewed = await call('sw@csc.example', 'POST', `/api/v1/plans/${plan.id}/review`, {
      version: 2,
      reviewedOn: '2026-11-25',
      outcome: 'Pell is settled at school; visits go on',
      continues: true,
      nextReviewOn: '2027-03-01',
    })
    assert.equal(reviewed.statusCode, 200, reviewed.body)
    const after = reviewed.json<Plan>()
    assert.equal(after.status, 'agreed')
    assert.equal(after.reviewOn, '2027-03-01')
    assert.deepEqual(
      after.reviews.map(r => [r.outcome, r.continues]),
      [['Pell is settled at school; visits go on', true]],
    )
  })

  it('ends a plan at a review that does not continue it', async () => {
    const { kase, plan } = await agreed()
    const reviewed = await call('sw@csc.example', 'POST', `/api/v1/plans/${plan.id}/review`, {
      version: 2,
      reviewedOn: '2026-11-25',
      outcome: 'The family no longer needs a plan',
      continues: false,
    })
    assert.equal(reviewed.statusCode, 200, reviewed.body)
    assert.equal(reviewed.json<Plan>().status, 'ended')
    const kinds = (await events(kase.id)).map(e => e.kind)
    assert.ok(kinds.includes('plan.reviewed') && kinds.includes('plan.ended'))
  })

  it('refuses bad drafts naming the field, saving nothing', async () => {
    const { child, kase } = await policeCase()
    const other = await given.child()
    const stranger = await given.user('health_practitioner')
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [body(other.id), 'childId', /child on this case/],
      [body(child.id, { reviewOn: '2026-11-23' }), 'reviewOn', /^The review date must be on or after the start date$/],
      [
        body(child.id, { actions: [{ title: 'Visit', ownerUserId: stranger.id, dueOn: '2026-12-04' }] }),
        'actions.0.ownerUserId',
        /on the case team/,
      ],
      [
        body(child.id, {
          actions: [{ title: 'Visit', ownerAgencyId: await given.agencyId('health'), dueOn: '2026-12-04' }],
        }),
        'actions.0.ownerAgencyId',
        /on the case team/,
      ],
      [body(child.id, { summary: ' ' }), 'summary', /Enter what the plan is for/],
      [body(child.id, { kind: 'whatever' }), 'kind', /kind of plan/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/plans`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    assert.deepEqual(await plansOf(kase.id), [])
  })

  it('asks a support plan for the impact of an investigation that closed without charge', async () => {
    const { child, kase } = await policeCase()
    const suspect = await given.adult()
    const opened = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
      crimeReference: 'NS/7301/26',
      childIds: [child.id],
      suspectIds: [suspect.id],
      openedAt: '2026-11-02T10:00:00Z',
      offences: 'Sexual assault of a child under 13',
    })
    assert.equal(opened.statusCode, 201, opened.body)
    const investigation = opened.json<{ id: string; version: number }>()
    const closed = await call('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      version: investigation.version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '15',
      rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
      agenciesInformed: [await given.agencyId('childrens_social_care')],
      decidedAt: '2026-11-20T10:00:00Z',
    })
    assert.equal(closed.statusCode, 200, closed.body)
    const url = `/api/v1/cases/${kase.id}/plans`
    const refused = await call('sw@csc.example', 'POST', url, body(child.id, { kind: 'support' }))
    assert.equal(refused.statusCode, 400, refused.body)
    assert.match(refused.json<ErrorBody>().error.fields?.investigationImpact ?? '', /closed without charge/)
    assert.deepEqual(await plansOf(kase.id), [])
    const made = await call(
      'sw@csc.example',
      'POST',
      url,
      body(child.id, { kind: 'support', investigationImpact: 'Pell felt disbelieved; counselling helps' }),
    )
    assert.equal(made.statusCode, 201, made.body)
  })

  it('refuses a review before the start, in the future, or continuing without a next date; and a stale version', async () => {
    const { plan } = await agreed()
    const url = `/api/v1/plans/${plan.id}/review`
    const review = (more: Record<string, unknown>) => ({
      version: 2,
      reviewedOn: '2026-11-25',
      outcome: 'Going well',
      continues: true,
      nextReviewOn: '2027-03-01',
      ...more,
    })
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [review({ reviewedOn: '2026-11-23' }), 'reviewedOn', /on or after the plan’s start date/],
      [review({ reviewedOn: '2026-11-26', nextReviewOn: '2027-03-01' }), 'reviewedOn', /today or in the past/],
      [review({ nextReviewOn: undefined }), 'nextReviewOn', /next review/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', url, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    const stale = await call('sw@csc.example', 'POST', url, review({ version: 1 }))
    assert.equal(stale.statusCode, 409, stale.body)
    const read = (await call('sw@csc.example', 'GET', `/api/v1/plans/${plan.id}`)).json<Plan>()
    assert.deepEqual(read.reviews, [])
    assert.equal(read.version, 2)
  })

  it('refuses agreeing with a stale version', async () => {
    const { plan } = await drafted()
    const stale = await call('sw@csc.example', 'POST', `/api/v1/plans/${plan.id}/agree`, { version: 7 })
    assert.equal(stale.statusCode, 409, stale.body)
  })

  it('is made, agreed and reviewed only by the case’s social worker or team manager; read by its team', async () => {
    const { child, kase, plan } = await drafted()
    const police = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/plans`, body(child.id))
    assert.equal(police.statusCode, 403)
    assert.equal(
      (await call('dc@police.example', 'POST', `/api/v1/plans/${plan.id}/agree`, { version: 1 })).statusCode,
      403,
    )
    const offTeam = await given.user('health_practitioner')
    assert.equal((await call(offTeam, 'GET', `/api/v1/plans/${plan.id}`)).statusCode, 403)
    assert.equal((await call(offTeam, 'GET', `/api/v1/cases/${kase.id}/plans`)).statusCode, 403)
    assert.equal((await call('dc@police.example', 'GET', `/api/v1/plans/${plan.id}`)).statusCode, 200)
  })
})

describe('SG-10: a plan for every child when a sibling harmed', () => {
  it('refuses agreeing until every child has a plan, and the child who harmed an HSB plan; then agrees', async () => {
    const { child: harmed, kase } = await policeCase()
    const harmer = await given.child({ dateOfBirth: '2012-02-02' })
    const added = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
      personId: harmer.id,
      role: 'harmed_another_child',
      reason: 'The older brother harmed Pell',
    })
    assert.equal(added.statusCode, 201, added.body)
    const findings = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/findings`))
      .json<{ safeguard: string; childId: string; severity: string }[]>()
      .filter(f => f.safeguard === 'SG-10')
    assert.deepEqual(findings.map(f => f.childId).sort(), [harmed.id, harmer.id].sort())
    assert.ok(findings.every(f => f.severity === 'due'))

    const url = `/api/v1/cases/${kase.id}/plans`
    const first = (await call('sw@csc.example', 'POST', url, body(harmed.id))).json<Plan>()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/plans/${first.id}/agree`, { version: 1 })
    assert.equal(refused.statusCode, 422, refused.body)
    const error = refused.json<ErrorBody & { error: { code: string; message: string } }>().error
    assert.equal(error.code, 'safeguard')
    assert.match(
      error.message,
      /The plan stage waits for a plan for every child: .+ needs a harmful sexual behaviour plan/,
    )
    assert.equal((await plansOf(kase.id)).find(p => p.id === first.id)?.status, 'draft')

    // A child in need plan is not the plan the child who harmed needs.
    await call('sw@csc.example', 'POST', url, body(harmer.id))
    assert.equal(
      (await call('sw@csc.example', 'POST', `/api/v1/plans/${first.id}/agree`, { version: 1 })).statusCode,
      422,
    )
    const hsb = await call('sw@csc.example', 'POST', url, body(harmer.id, { kind: 'harmful_sexual_behaviour' }))
    assert.equal(hsb.statusCode, 201, hsb.body)
    const agreedNow = await call('sw@csc.example', 'POST', `/api/v1/plans/${first.id}/agree`, { version: 1 })
    assert.equal(agreedNow.statusCode, 200, agreedNow.body)
    const left = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/findings`))
      .json<{ safeguard: string }[]>()
      .filter(f => f.safeguard === 'SG-10')
    assert.deepEqual(left, [])
  })
})

describe('plans through the pages', () => {
  it('drafts one through check your answers, agrees it by confirmation, and reviews it', async () => {
    const { child, kase } = await policeCase()
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/plans`)
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/cases/${kase.id}/plans/new?childId=${child.id}"]`).length)
    const form = await sam.get(`/cases/${kase.id}/plans/new?childId=${child.id}`)
    assert.equal(page(form)(`input[name="childId"][value="${child.id}"]`).attr('checked'), 'checked')
    const fields = {
      childId: child.id,
      kind: 'child_in_need',
      summary: 'Weekly visits',
      'startsAt-day': '24',
      'startsAt-month': '11',
      'startsAt-year': '2026',
      'reviewOn-day': '24',
      'reviewOn-month': '2',
      'reviewOn-year': '2027',
      x1Title: 'Visit each week',
      x1Owner: `user:${dc}`,
      'x1Due-day': '4',
      'x1Due-month': '12',
      'x1Due-year': '2026',
    }
    const checking = await sam.post(`/cases/${kase.id}/plans`, fields)
    assert.equal(checking.statusCode, 200, checking.body.slice(0, 500))
    assert.match(checking.body, /Visit each week: /)
    assert.deepEqual(await plansOf(kase.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    const planUrl = String(done.headers.location).split('?')[0] ?? ''
    const shown = await sam.get(planUrl)
    assert.match(shown.body, /Agree the plan/)
    const confirm = await sam.get(`${planUrl}/agree`)
    assert.equal(confirm.statusCode, 200)
    const agreedPage = await sam.post(`${planUrl}/agree`, { version: '1', confirmed: 'yes' })
    assert.equal(agreedPage.statusCode, 303, agreedPage.body.slice(0, 500))
    assert.equal((await plansOf(kase.id))[0]?.status, 'agreed')
    await sam.get(`${planUrl}/review`)
    const reviewFields = {
      version: '2',
      'reviewedOn-day': '25',
      'reviewedOn-month': '11',
      'reviewedOn-year': '2026',
      outcome: 'All well',
      continues: 'no',
    }
    const checked = await sam.post(`${planUrl}/review`, reviewFields)
    assert.equal(checked.statusCode, 200, checked.body.slice(0, 500))
    assert.equal((await sam.confirm()).statusCode, 303)
    assert.equal((await plansOf(kase.id))[0]?.status, 'ended')
  })

  it('keeps what was typed when the form is refused, naming the field', async () => {
    const { child, kase } = await policeCase()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/plans/new`)
    const refused = await sam.post(`/cases/${kase.id}/plans`, {
      childId: child.id,
      kind: 'child_in_need',
      summary: 'Typed before the mistake',
      'startsAt-day': '24',
      'startsAt-month': '11',
      'startsAt-year': '2026',
      'reviewOn-day': '1',
      'reviewOn-month': '11',
      'reviewOn-year': '2026',
      x2Title: 'Half a row',
    })
    assert.equal(refused.statusCode, 400)
    const summary = page(refused)('.govuk-error-summary').text()
    assert.match(summary, /The review date must be on or after the start date/)
    assert.match(summary, /Choose who owns action 2/)
    assert.equal(page(refused)('#summary').text(), 'Typed before the mistake')
    assert.equal(page(refused)('#x2Title').val(), 'Half a row')
  })
})

describe('a merge of two records of one child', () => {
  it('moves the merged record’s plans to the record kept, and back when the merge is undone', async () => {
    const kept = await given.child()
    const twice = await given.child()
    const kase = await given.case({ children: [twice] })
    const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/plans`, body(twice.id, { actions: [] }))
    assert.equal(made.statusCode, 201, made.body)
    const merged = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/merge`, {
      intoPersonId: kept.id,
      reason: 'Same child, confirmed with the school',
    })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.equal((await plansOf(kase.id))[0]?.childId, kept.id)
    const undone = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/unmerge`, {
      reason: 'Twins: the school had them muddled',
    })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.equal((await plansOf(kase.id))[0]?.childId, twice.id)
  })
})
