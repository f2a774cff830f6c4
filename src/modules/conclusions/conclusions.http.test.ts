import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

const ATTENDEES = [
  { name: 'Sam Caseworth', agencyKind: 'childrens_social_care', role: 'Social worker' },
  { name: 'Dana Constable', agencyKind: 'police', role: 'Investigating officer' },
]
const body = (childIds: string[], more: Record<string, unknown> = {}) => ({
  heldAt: '2026-11-24',
  childIds,
  attendees: ATTENDEES,
  riskConsidered: 'Contact with the alleged perpetrator ended; risk from visits by the uncle remains',
  protection: 'Safety plan with mother; uncle not to visit',
  support: 'Counselling through the school; early help for the family',
  ...more,
})

/** A case whose child's section 47 enquiry was completed on 24 November: SG-02 asks for a discussion. */
async function completedEnquiry() {
  const { child, kase } = await given.childInCase({ title: 'Conclusion case' })
  const started = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/section47`, {
    childId: child.id,
    startedAt: '2026-11-10',
    category: 'SAB',
  })
  const { id } = started.json<{ id: string }>()
  await given.childViews(kase, child) // SG-11
  const done = await call('sw@csc.example', 'POST', `/api/v1/section47/${id}/complete`, {
    version: 1,
    completedAt: '2026-11-24',
    outcome: 'not_substantiated_support',
  })
  assert.equal(done.statusCode, 200, done.body)
  return { child, kase }
}

const sg02 = async (caseId: string) =>
  (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/findings`))
    .json<{ safeguard: string }[]>()
    .filter(f => f.safeguard === 'SG-02')

const discussionsOf = (caseId: string) =>
  asSystem(() => handle.db.selectFrom('conclusionDiscussions').selectAll().where('caseId', '=', caseId).execute())

describe('conclusion discussions through the API', () => {
  it('records a discussion about the child, clearing SG-02, on the chronology and in the list', async () => {
    const { child, kase } = await completedEnquiry()
    assert.equal((await sg02(kase.id)).length, 1)
    const recorded = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/conclusion-discussions`,
      body([child.id]),
    )
    assert.equal(recorded.statusCode, 201, recorded.body)
    const discussion = recorded.json<{ heldAt: string; children: { id: string }[]; attendees: unknown[] }>()
    assert.equal(discussion.heldAt, '2026-11-24')
    assert.deepEqual(
      discussion.children.map(c => c.id),
      [child.id],
    )
    assert.deepEqual(discussion.attendees, ATTENDEES)
    assert.deepEqual(await sg02(kase.id), [])
    const listed = (await call('dc@police.example', 'GET', `/api/v1/cases/${kase.id}/conclusion-discussions`))
      .statusCode
    assert.equal(listed, 403, 'the police are not on this team')
    const mine = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/conclusion-discussions`)).json<
      unknown[]
    >()
    assert.equal(mine.length, 1)
    const events = await asSystem(() =>
      handle.db.selectFrom('chronologyEvents').select(['kind', 'childId']).where('caseId', '=', kase.id).execute(),
    )
    assert.ok(events.some(e => e.kind === 'conclusion.held' && e.childId === child.id))
  })

  it('refuses bad input naming the field, saving nothing', async () => {
    const { child, kase } = await completedEnquiry()
    const other = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [body([child.id], { attendees: [] }), 'attendees', /at least one attendee/],
      [body([child.id], { attendees: [ATTENDEES[0]] }), 'attendees', /at least two agencies/],
      [body([]), 'childIds', /Choose the children/],
      [body([other.id]), 'childIds', /children on this case/],
      [body([child.id], { heldAt: '2026-11-26' }), 'heldAt', /today or in the past/],
      [body([child.id], { support: '  ' }), 'support', /support/],
      [
        body([child.id], { attendees: [{ ...ATTENDEES[0], agencyKind: 'army' }, ATTENDEES[1]] }),
        'attendees.0.agencyKind',
        /agency/,
      ],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conclusion-discussions`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, JSON.stringify(refused.json()))
    }
    assert.deepEqual(await discussionsOf(kase.id), [])
    assert.equal((await sg02(kase.id)).length, 1)
  })

  it('is recorded only by children’s social care', async () => {
    const { child, kase } = await given.childInCase({ title: 'Conclusion case', members: ['dc@police.example'] })
    const refused = await call(
      'dc@police.example',
      'POST',
      `/api/v1/cases/${kase.id}/conclusion-discussions`,
      body([child.id]),
    )
    assert.equal(refused.statusCode, 403)
  })
})

describe('conclusion discussions through the pages', () => {
  it('records one through check your answers, with blank attendee rows left out', async () => {
    const { child, kase } = await completedEnquiry()
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/conclusion-discussions`)
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/cases/${kase.id}/conclusion-discussions/new"]`).length)
    const form = await sam.get(`/cases/${kase.id}/conclusion-discussions/new`)
    assert.equal(page(form)('input[type="checkbox"]:checked').length, 0)
    const fields = {
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      childIds: child.id,
      a1Name: 'Sam Caseworth',
      a1AgencyKind: 'childrens_social_care',
      a1Role: 'Social worker',
      a2Name: 'Dana Constable',
      a2AgencyKind: 'police',
      a2Role: 'Investigating officer',
      riskConsidered: 'Risk from the uncle’s visits',
      protection: 'Safety plan with mother',
      support: 'Counselling through the school',
    }
    const checking = await sam.post(`/cases/${kase.id}/conclusion-discussions`, fields)
    assert.equal(checking.statusCode, 200)
    assert.match(checking.body, /Dana Constable, Investigating officer \(Police\)/)
    assert.deepEqual(await discussionsOf(kase.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    const shown = await sam.get(String(done.headers.location))
    assert.match(shown.body, /Safety plan with mother/)
    const [saved] = await discussionsOf(kase.id)
    assert.equal(saved?.heldOn, '2026-11-24')
  })

  it('asks for an attendee, and for a second agency, naming the rows', async () => {
    const { child, kase } = await completedEnquiry()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/conclusion-discussions/new`)
    const base = {
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      childIds: child.id,
      riskConsidered: 'Risk',
      protection: 'Protection',
      support: 'Support',
    }
    const none = await sam.post(`/cases/${kase.id}/conclusion-discussions`, base)
    assert.equal(none.statusCode, 400)
    assert.match(page(none)('.govuk-error-summary').text(), /Add at least one attendee/)
    const one = await sam.post(`/cases/${kase.id}/conclusion-discussions`, {
      ...base,
      a1Name: 'Sam Caseworth',
      a1AgencyKind: 'childrens_social_care',
      a1Role: 'Social worker',
      a3Name: 'Half a row',
    })
    assert.equal(one.statusCode, 400)
    const summary = page(one)('.govuk-error-summary').text()
    assert.match(summary, /Choose the agency of attendee 3/)
    assert.match(summary, /Enter the role of attendee 3/)
    assert.equal(page(one)('#a3Name').val(), 'Half a row')
  })
})
