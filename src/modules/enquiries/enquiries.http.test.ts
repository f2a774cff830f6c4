import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)

interface Enquiry {
  id: string
  caseId: string
  childId: string
  startedAt: string
  category: string
  completedAt: string | null
  outcome: string | null
  version: number
}
interface Finding {
  safeguard: string
  severity: string
  childId?: string | null
  dueAt?: string | null
  facts: string[]
}

const missing = (): never => assert.fail('expected a finding')

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function findings(caseId: string, safeguard?: string): Promise<Finding[]> {
  const all = (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/findings`)).json<Finding[]>()
  return safeguard ? all.filter(f => f.safeguard === safeguard) : all
}

async function started(startedAt = '2026-11-20') {
  const { child, kase } = await given.childInCase({ title: 'Enquiry case' })
  const response = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/section47`, {
    childId: child.id,
    startedAt,
    category: 'SAB',
  })
  assert.equal(response.statusCode, 201, response.body)
  return { child, kase, enquiry: response.json<Enquiry>() }
}

const rowsOf = (table: 'section47Enquiries' | 'assessments' | 'conferences', caseId: string) =>
  asSystem(() => handle.db.selectFrom(table).selectAll().where('caseId', '=', caseId).execute())
const eventsOf = (caseId: string) =>
  asSystem(() =>
    handle.db.selectFrom('chronologyEvents').select(['kind', 'childId']).where('caseId', '=', caseId).execute(),
  )

describe('section 47 enquiries through the API', () => {
  it('starts an enquiry about a child of the case, on the chronology, with the initial conference due', async () => {
    const { child, kase, enquiry } = await started()
    assert.equal(enquiry.childId, child.id)
    assert.equal(enquiry.startedAt, '2026-11-20')
    assert.equal(enquiry.category, 'SAB')
    assert.equal(enquiry.completedAt, null)
    assert.equal(enquiry.version, 1)
    const listed = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/section47`)).json<Enquiry[]>()
    assert.deepEqual(
      listed.map(e => e.id),
      [enquiry.id],
    )
    assert.ok((await eventsOf(kase.id)).some(e => e.kind === 'section47.started' && e.childId === child.id))
    const [sg17 = missing()] = await findings(kase.id, 'SG-17')
    // Friday 20 November plus 15 working days: Friday 11 December, to the end of the day.
    assert.equal(sg17.dueAt, '2026-12-11T23:59:00.000Z')
    assert.equal(sg17.childId, child.id)
  })

  it('completes an enquiry once; a conclusion discussion is then due in 10 working days', async () => {
    const { child, kase, enquiry } = await started()
    await given.childViews(kase, child) // SG-11
    const done = await call('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
      version: 1,
      completedAt: '2026-11-24',
      outcome: 'not_substantiated_support',
    })
    assert.equal(done.statusCode, 200, done.body)
    assert.equal(done.json<Enquiry>().outcome, 'not_substantiated_support')
    assert.equal(done.json<Enquiry>().version, 2)
    const [sg02 = missing()] = await findings(kase.id, 'SG-02')
    assert.equal(sg02.dueAt, '2026-12-08T23:59:00.000Z')
    assert.deepEqual(await findings(kase.id, 'SG-17'), [], 'no conference is needed after this outcome')
    const again = await call('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
      version: 2,
      completedAt: '2026-11-24',
      outcome: 'significant_harm_conference',
    })
    assert.equal(again.statusCode, 409)
    assert.equal(again.json<ErrorBody>().error.code, 'conflict')
  })

  it('refuses a stale version with 409, changing nothing', async () => {
    const { kase, enquiry } = await started()
    const stale = await call('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
      version: 7,
      completedAt: '2026-11-24',
      outcome: 'not_substantiated_support',
    })
    assert.equal(stale.statusCode, 409)
    const [row = missing()] = await rowsOf('section47Enquiries', kase.id)
    assert.equal(row.completedOn, null)
    assert.equal(row.version, 1)
  })

  it('refuses bad starts naming the field, saving nothing', async () => {
    const { child, kase } = await given.childInCase({ title: 'Enquiry case' })
    const other = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ childId: other.id, startedAt: '2026-11-20', category: 'SAB' }, 'childId', /child on this case/],
      [{ childId: child.id, startedAt: '2026-11-20', category: 'XYZ' }, 'category', /category of abuse/],
      [{ childId: child.id, startedAt: '2026-11-26', category: 'SAB' }, 'startedAt', /today or in the past/],
      [{ childId: child.id, startedAt: '2026-02-30', category: 'SAB' }, 'startedAt', /real date/],
      [{ childId: child.id, category: 'SAB' }, 'startedAt', /date the enquiry started/],
    ]
    for (const [body, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/section47`, body)
      assert.equal(refused.statusCode, 400, JSON.stringify(body))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, JSON.stringify(body))
    }
    assert.deepEqual(await rowsOf('section47Enquiries', kase.id), [])
    assert.ok(!(await eventsOf(kase.id)).some(e => e.kind.startsWith('section47')))
  })

  it('refuses a completion before the start, in the future, or with "no further action" as its outcome', async () => {
    const { kase, enquiry } = await started()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ completedAt: '2026-11-19', outcome: 'not_substantiated_support' }, 'completedAt', /on or after it started/],
      [{ completedAt: '2026-11-26', outcome: 'not_substantiated_support' }, 'completedAt', /today or in the past/],
      [{ completedAt: '2026-11-24', outcome: 'no_further_action' }, 'outcome', /outcome/],
      [{ completedAt: '2026-11-24', outcome: 'NFA' }, 'outcome', /outcome/],
    ]
    for (const [body, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
        version: 1,
        ...body,
      })
      assert.equal(refused.statusCode, 400, JSON.stringify(body))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message)
    }
    const [row = missing()] = await rowsOf('section47Enquiries', kase.id)
    assert.equal(row.completedOn, null)
  })

  it('lets anyone on the team read enquiries, and only children’s social care record them', async () => {
    const { child, kase } = await given.childInCase({ title: 'Enquiry case', members: ['dc@police.example'] })
    const refused = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/section47`, {
      childId: child.id,
      startedAt: '2026-11-20',
      category: 'SAB',
    })
    assert.equal(refused.statusCode, 403)
    assert.equal((await call('dc@police.example', 'GET', `/api/v1/cases/${kase.id}/section47`)).statusCode, 200)
    assert.equal((await call('nurse@health.example', 'GET', `/api/v1/cases/${kase.id}/section47`)).statusCode, 403)
  })
})

describe('child and family assessments through the API', () => {
  it('starts one, due in 45 working days (SG-16), and completes it once, clearing the task', async () => {
    const { child, kase } = await given.childInCase({ title: 'Assessment case' })
    const start = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/assessments`, {
      childId: child.id,
      startedAt: '2026-11-02',
    })
    assert.equal(start.statusCode, 201, start.body)
    const { id } = start.json<{ id: string }>()
    const [sg16 = missing()] = await findings(kase.id, 'SG-16')
    assert.equal(sg16.dueAt, '2027-01-07T23:59:00.000Z')
    const tasks = await asSystem(() =>
      handle.db.selectFrom('tasks').select(['safeguard', 'status']).where('caseId', '=', kase.id).execute(),
    )
    assert.deepEqual(tasks, [{ safeguard: 'SG-16', status: 'open' }])
    const early = await call('sw@csc.example', 'POST', `/api/v1/assessments/${id}/complete`, {
      version: 1,
      completedAt: '2026-11-01',
      summary: 'Needs met at home',
    })
    assert.equal(early.statusCode, 400)
    assert.ok(early.json<ErrorBody>().error.fields?.completedAt)
    const done = await call('sw@csc.example', 'POST', `/api/v1/assessments/${id}/complete`, {
      version: 1,
      completedAt: '2026-11-24',
      summary: 'Needs met at home; school support continues',
    })
    assert.equal(done.statusCode, 200, done.body)
    assert.deepEqual(await findings(kase.id, 'SG-16'), [])
    const after = await asSystem(() =>
      handle.db.selectFrom('tasks').select(['status']).where('caseId', '=', kase.id).execute(),
    )
    assert.deepEqual(after, [{ status: 'done' }])
    const twice = await call('sw@csc.example', 'POST', `/api/v1/assessments/${id}/complete`, {
      version: 2,
      completedAt: '2026-11-24',
      summary: 'Again',
    })
    assert.equal(twice.statusCode, 409)
  })
})

describe('child protection conferences through the API', () => {
  it('refuses an initial conference with no enquiry before it, and a review before any initial', async () => {
    const { child, kase } = await given.childInCase({ title: 'Conference case' })
    const conference = (body: Record<string, unknown>) =>
      call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conferences`, {
        childId: child.id,
        heldAt: '2026-11-24',
        planMade: false,
        ...body,
      })
    const initial = await conference({ kind: 'initial' })
    assert.equal(initial.statusCode, 400)
    assert.match(initial.json<ErrorBody>().error.fields?.kind ?? '', /section 47 enquiry .* first/)
    const review = await conference({ kind: 'review' })
    assert.equal(review.statusCode, 400)
    assert.match(review.json<ErrorBody>().error.fields?.kind ?? '', /initial conference .* first/)
    assert.deepEqual(await rowsOf('conferences', kase.id), [])
  })

  it('records the initial conference, clearing SG-17; a plan makes the first review due in 3 months (SG-18)', async () => {
    const { child, kase } = await started('2026-11-10')
    const noCategory = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'initial',
      heldAt: '2026-11-24',
      planMade: true,
    })
    assert.equal(noCategory.statusCode, 400)
    assert.ok(noCategory.json<ErrorBody>().error.fields?.category)
    const beforeEnquiry = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'initial',
      heldAt: '2026-11-09',
      planMade: false,
    })
    assert.equal(beforeEnquiry.statusCode, 400)
    const held = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'initial',
      heldAt: '2026-11-24',
      planMade: true,
      category: 'SAB',
    })
    assert.equal(held.statusCode, 201, held.body)
    assert.deepEqual(await findings(kase.id, 'SG-17'), [])
    const [sg18 = missing()] = await findings(kase.id, 'SG-18')
    assert.equal(sg18.dueAt, '2027-02-24T23:59:00.000Z')
    const early = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'review',
      heldAt: '2026-11-23',
      planMade: true,
      category: 'SAB',
    })
    assert.equal(early.statusCode, 400)
    assert.ok(early.json<ErrorBody>().error.fields?.heldAt)
    const listed = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/conferences`)).json<unknown[]>()
    assert.equal(listed.length, 1)
  })
})

describe('section 47 enquiries through the pages', () => {
  it('starts an enquiry through check your answers, then completes it the same way', async () => {
    const { child, kase } = await given.childInCase({ title: 'Enquiry pages' })
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/enquiries`)
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/cases/${kase.id}/section47/new"]`).length)
    const form = await sam.get(`/cases/${kase.id}/section47/new`)
    assert.equal(form.statusCode, 200)
    assert.equal(page(form)('input[type="radio"]:checked').length, 0, 'nothing is pre-answered')
    const checking = await sam.post(`/cases/${kase.id}/section47`, {
      childId: child.id,
      'startedAt-day': '20',
      'startedAt-month': '11',
      'startedAt-year': '2026',
      category: 'SAB',
    })
    assert.equal(checking.statusCode, 200)
    assert.match(page(checking)('h1').text(), /Check your answers/)
    assert.match(checking.body, /20 November 2026/)
    assert.deepEqual(await rowsOf('section47Enquiries', kase.id), [], 'nothing saved before confirming')
    const confirmed = await sam.confirm()
    assert.equal(confirmed.statusCode, 303)
    const location = String(confirmed.headers.location)
    assert.match(location, /^\/section47\/[0-9a-f-]{36}\?started=1$/)
    const record = await sam.get(location)
    assert.equal(record.statusCode, 200)
    assert.match(page(record)('h1').text(), /Section 47 enquiry/)
    await given.childViews(kase, child) // SG-11
    const completing = await sam.post(location.replace(/\?.*/, '/complete'), {
      version: '1',
      'completedAt-day': '24',
      'completedAt-month': '11',
      'completedAt-year': '2026',
      outcome: 'significant_harm_conference',
    })
    assert.equal(completing.statusCode, 200)
    const completed = await sam.confirm()
    assert.equal(completed.statusCode, 303)
    const [row = missing()] = await rowsOf('section47Enquiries', kase.id)
    assert.equal(row.outcome, 'significant_harm_conference')
    assert.equal(row.completedOn, '2026-11-24')
  })

  it('names each field that is wrong, keeping what was typed', async () => {
    const { kase } = await given.childInCase({ title: 'Enquiry pages' })
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/section47/new`)
    const refused = await sam.post(`/cases/${kase.id}/section47`, {
      'startedAt-day': '31',
      'startedAt-month': '11',
      'startedAt-year': '2026',
    })
    assert.equal(refused.statusCode, 400)
    const summary = page(refused)('.govuk-error-summary').text()
    assert.match(summary, /Choose the child/)
    assert.match(summary, /real date/)
    assert.match(summary, /Choose the category of abuse/)
    assert.equal(page(refused)('input[name="startedAt-day"]').val(), '31')
  })

  it('offers no way to start one to a police officer on the team, and refuses the form', async () => {
    const { kase } = await given.childInCase({ title: 'Enquiry pages', members: ['dc@police.example'] })
    const dana = await given.agent('dc@police.example')
    const list = await dana.get(`/cases/${kase.id}/enquiries`)
    assert.equal(list.statusCode, 200)
    assert.equal(page(list)(`a[href="/cases/${kase.id}/section47/new"]`).length, 0)
    assert.equal((await dana.get(`/cases/${kase.id}/section47/new`)).statusCode, 403)
  })

  it('records a conference and an assessment through their forms', async () => {
    const { child, kase } = await started('2026-11-10')
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/conferences/new`)
    const noPlanCategory = await sam.post(`/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'initial',
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      planMade: 'no',
      category: 'SAB',
    })
    assert.equal(noPlanCategory.statusCode, 400)
    assert.match(page(noPlanCategory)('.govuk-error-summary').text(), /only when a plan is made/)
    const conference = await sam.postConfirmed(`/cases/${kase.id}/conferences`, {
      childId: child.id,
      kind: 'initial',
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      planMade: 'yes',
      category: 'SAB',
    })
    assert.equal(conference.statusCode, 303, conference.body.slice(0, 300))
    await sam.get(`/cases/${kase.id}/assessments/new`)
    const assessment = await sam.postConfirmed(`/cases/${kase.id}/assessments`, {
      childId: child.id,
      'startedAt-day': '2',
      'startedAt-month': '11',
      'startedAt-year': '2026',
    })
    assert.equal(assessment.statusCode, 303)
    const list = await sam.get(`/cases/${kase.id}/enquiries`)
    assert.match(list.body, /Initial child protection conference/)
    assert.match(list.body, /Yes: Sexual abuse/)
    assert.equal(page(list)('#assessments tbody tr').length, 1)
  })
})

describe('a merge of two records of one child', () => {
  it('moves the enquiries, assessments and conferences about the merged record to the record kept', async () => {
    const { child: twice, kase, enquiry } = await started('2026-11-10')
    const kept = await given.child()
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/assessments`, {
      childId: twice.id,
      startedAt: '2026-11-10',
    })
    const merged = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/merge`, {
      intoPersonId: kept.id,
      reason: 'Same child, confirmed with the school',
    })
    assert.equal(merged.statusCode, 200, merged.body)
    const { moved } = merged.json<{ moved: Record<string, string[]> }>()
    assert.deepEqual(moved.section47Enquiries, [enquiry.id])
    assert.equal(moved.assessments?.length, 1)
    const rows = await rowsOf('section47Enquiries', kase.id)
    assert.deepEqual(
      rows.map(r => r.childId),
      [kept.id],
    )
  })
})
