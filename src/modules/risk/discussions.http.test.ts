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
  { name: 'Pat Offenderman', agencyKind: 'probation', role: 'Probation officer' },
]
const body = (personId: string, more: Record<string, unknown> = {}) => ({
  heldAt: '2026-11-24T14:00:00Z',
  personId,
  attendees: ATTENDEES,
  summary: 'The uncle has a conviction from 2015 and visits at weekends; visits stop until assessed',
  civilOrderConsidered: true,
  civilOrderReason: 'A Sexual Risk Order would set the conditions on contact; the police will apply',
  ...more,
})

/** A child's case with an uncle on it as the alleged perpetrator, and a lodger who lives with the child. */
async function family() {
  const child = await given.child()
  const uncle = await given.adult()
  const lodger = await given.adult()
  const kase = await given.case({ children: [child], adults: [{ person: uncle, role: 'alleged_perpetrator' }] })
  await given.relationship(child, lodger, { kind: 'household_member', livesWith: true })
  return { child, uncle, lodger, kase }
}

const url = (caseId: string) => `/api/v1/cases/${caseId}/risk-discussions`

const saved = (caseId: string) =>
  asSystem(async () => ({
    discussions: await handle.db.selectFrom('riskDiscussions').selectAll().where('caseId', '=', caseId).execute(),
    attendees: await handle.db
      .selectFrom('riskDiscussionAttendees as a')
      .innerJoin('riskDiscussions as d', 'd.id', 'a.discussionId')
      .select('a.name')
      .where('d.caseId', '=', caseId)
      .execute(),
  }))

describe('risk discussions through the API', () => {
  it('records a discussion about an adult on the case, with its attendees, newest first', async () => {
    const { uncle, kase } = await family()
    const first = await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id, { heldAt: '2026-11-20T10:00:00Z' }))
    assert.equal(first.statusCode, 201, first.body)
    const second = await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id, { civilOrderConsidered: false }))
    assert.equal(second.statusCode, 201, second.body)
    const made = second.json<{ person: { id: string }; attendees: unknown[]; civilOrderConsidered: boolean }>()
    assert.equal(made.person.id, uncle.id)
    assert.deepEqual(made.attendees, ATTENDEES)
    assert.equal(made.civilOrderConsidered, false)
    const listed = await call('sw@csc.example', 'GET', url(kase.id))
    assert.equal(listed.statusCode, 200)
    assert.deepEqual(
      listed.json<{ heldAt: string }[]>().map(d => d.heldAt),
      ['2026-11-24T14:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    )
  })

  it('records one about someone with a current relationship with a child on the case', async () => {
    const { lodger, kase } = await family()
    const made = await call('sw@csc.example', 'POST', url(kase.id), body(lodger.id))
    assert.equal(made.statusCode, 201, made.body)
  })

  it('writes a restricted event about the person on the chronology, and one audit row', async () => {
    const { uncle, kase } = await family()
    const made = await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id))
    const { id } = made.json<{ id: string }>()
    const events = await asSystem(() =>
      handle.db
        .selectFrom('chronologyEvents')
        .select(['kind', 'visibility', 'summary'])
        .where('caseId', '=', kase.id)
        .where('kind', '=', 'risk.discussion')
        .execute(),
    )
    assert.equal(events.length, 1)
    assert.equal(events[0]?.visibility, 'restricted')
    assert.match(events[0].summary, /civil order was considered/)
    const audit = await asSystem(() =>
      handle.db
        .selectFrom('auditLog')
        .select(['objectType', 'objectId', 'caseId', 'detail'])
        .where('action', '=', 'riskDiscussion.record')
        .where('objectId', '=', id)
        .execute(),
    )
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.caseId, kase.id)
    assert.deepEqual(audit[0].detail, { personId: uncle.id, civilOrderConsidered: true })
  })

  it('refuses each bad input naming its field, and saves nothing, not even attendees', async () => {
    const { child, uncle, kase } = await family()
    const stranger = await given.adult()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [body(stranger.id), 'personId', /linked to this case/],
      [body(child.id), 'personId', /linked to this case/],
      [body(uncle.id, { attendees: [] }), 'attendees', /at least one attendee/],
      [
        body(uncle.id, { attendees: [ATTENDEES[0], { ...ATTENDEES[0], name: 'Another' }] }),
        'attendees',
        /two agencies/,
      ],
      [body(uncle.id, { heldAt: '2026-11-26T09:00:00Z' }), 'heldAt', /now or in the past/],
      [body(uncle.id, { civilOrderConsidered: undefined }), 'civilOrderConsidered', /civil order/],
      [body(uncle.id, { civilOrderConsidered: 'yes' }), 'civilOrderConsidered', /civil order/],
      [body(uncle.id, { civilOrderReason: '  ' }), 'civilOrderReason', /why/],
      [body(uncle.id, { summary: '' }), 'summary', /discussed/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', url(kase.id), payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    assert.deepEqual(await saved(kase.id), { discussions: [], attendees: [] })
  })

  it('does not count an ended relationship as a link', async () => {
    const child = await given.child()
    const former = await given.adult()
    const kase = await given.case({ children: [child] })
    await given.relationship(child, former, { kind: 'household_member', livesWith: true })
    const [relationship] = await asSystem(() =>
      handle.db.selectFrom('relationships').select(['id', 'version']).where('otherPersonId', '=', former.id).execute(),
    )
    const ended = await call('sw@csc.example', 'POST', `/api/v1/relationships/${relationship?.id ?? ''}/end`, {
      version: relationship?.version,
      endedOn: '2026-11-20',
      reason: 'Moved out',
    })
    assert.equal(ended.statusCode, 200, ended.body)
    const refused = await call('sw@csc.example', 'POST', url(kase.id), body(former.id))
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.personId ?? '', /linked/)
  })

  it('refuses a stale version of the case with 409, saving nothing', async () => {
    const { uncle, kase } = await family()
    const stale = await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id, { version: kase.version + 5 }))
    assert.equal(stale.statusCode, 409, stale.body)
    assert.deepEqual(await saved(kase.id), { discussions: [], attendees: [] })
    const current = await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id, { version: kase.version }))
    assert.equal(current.statusCode, 201, current.body)
  })

  it('is recorded and read only by the case team', async () => {
    const { uncle, kase } = await family()
    assert.equal((await call('po@probation.example', 'POST', url(kase.id), body(uncle.id))).statusCode, 403)
    assert.equal((await call('po@probation.example', 'GET', url(kase.id))).statusCode, 403)
    assert.equal((await call('auditor@partnership.example', 'GET', url(kase.id))).statusCode, 403)
  })
})

describe('risk discussions through the pages', () => {
  it('lists them on the case with the children named, linked from the pathway', async () => {
    const { uncle, kase } = await family()
    await call('sw@csc.example', 'POST', url(kase.id), body(uncle.id))
    const sam = await given.agent('sw@csc.example')
    const pathway = await sam.get(`/cases/${kase.id}/pathway`)
    assert.ok(page(pathway)(`a[href="/cases/${kase.id}/risk-discussions"]`).length)
    const list = await sam.get(`/cases/${kase.id}/risk-discussions`)
    assert.equal(list.statusCode, 200)
    const $ = page(list)
    assert.match($('main').text(), /Pat Offenderman, Probation officer \(Probation\)/)
    assert.match($('main').text(), /Yes, a civil order was considered/)
    assert.match($('main').text(), /Born 5 May 2017 \(9 years old\)/)
    assert.match($('main').text(), /No sharing decision has been recorded/)
  })

  it('records one through check your answers, then asks about sharing', async () => {
    const { uncle, lodger, kase } = await family()
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(`/cases/${kase.id}/risk-discussions/new?personId=${uncle.id}`)
    assert.equal(form.statusCode, 200)
    const $ = page(form)
    assert.equal($(`input[name="personId"][value="${uncle.id}"]`).attr('checked'), 'checked')
    assert.ok($(`input[name="personId"][value="${lodger.id}"]`).length, 'the lodger is offered too')
    assert.equal($('input[name="civilOrderConsidered"]:checked').length, 0, 'nothing pre-answered')
    const fields = {
      version: String(kase.version),
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      heldAtTime: '2pm',
      personId: uncle.id,
      a1Name: 'Sam Caseworth',
      a1AgencyKind: 'childrens_social_care',
      a1Role: 'Social worker',
      a2Name: 'Dana Constable',
      a2AgencyKind: 'police',
      a2Role: 'Investigating officer',
      summary: 'Visits stop until assessed',
      civilOrderConsidered: 'no',
      civilOrderReason: 'He has agreed to stay away; reviewed in a month',
    }
    const checking = await sam.post(`/cases/${kase.id}/risk-discussions`, fields)
    assert.equal(checking.statusCode, 200, checking.body.slice(0, 500))
    assert.match(checking.body, /No, a civil order was not considered/)
    assert.deepEqual((await saved(kase.id)).discussions, [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    const next = String(done.headers.location)
    assert.match(next, /^\/information-sharing\/new\?/)
    const [discussion] = (await saved(kase.id)).discussions
    assert.ok(next.includes(`discussionId=${discussion?.id ?? ''}`))
    assert.equal(discussion?.heldAt.toISOString(), '2026-11-24T14:00:00.000Z')
    const sharing = await sam.get(next)
    assert.equal(sharing.statusCode, 200)
    assert.match(page(sharing)('.govuk-notification-banner').text(), /Risk discussion recorded/)
  })

  it('names the missing fields and keeps what was typed', async () => {
    const { uncle, kase } = await family()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/risk-discussions/new`)
    const refused = await sam.post(`/cases/${kase.id}/risk-discussions`, {
      'heldAt-day': '24',
      'heldAt-month': '11',
      'heldAt-year': '2026',
      heldAtTime: '2pm',
      a1Name: 'Sam Caseworth',
      a1AgencyKind: 'childrens_social_care',
      a1Role: 'Social worker',
      summary: 'Typed and kept',
      civilOrderReason: 'Because',
    })
    assert.equal(refused.statusCode, 400)
    const summary = page(refused)('.govuk-error-summary').text()
    assert.match(summary, /Choose the person the discussion was about/)
    assert.match(summary, /civil order/)
    assert.equal(page(refused)('#summary').text(), 'Typed and kept')
    const oneAgency = await sam.post(`/cases/${kase.id}/risk-discussions`, {
      ...Object.fromEntries(
        ['heldAt-day', 'heldAt-month', 'heldAt-year'].map((k, i) => [k, ['24', '11', '2026'][i] ?? '']),
      ),
      heldAtTime: '2pm',
      personId: uncle.id,
      a1Name: 'Sam Caseworth',
      a1AgencyKind: 'childrens_social_care',
      a1Role: 'Social worker',
      summary: 'Typed and kept',
      civilOrderConsidered: 'yes',
      civilOrderReason: 'Because',
    })
    assert.equal(oneAgency.statusCode, 400)
    assert.match(page(oneAgency)('.govuk-error-summary').text(), /at least two agencies/)
    assert.deepEqual(await saved(kase.id), { discussions: [], attendees: [] })
  })
})
