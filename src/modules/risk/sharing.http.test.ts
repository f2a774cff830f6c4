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

const police = await given.agencyId('police')
const probation = await given.agencyId('probation')

const decision = (more: Record<string, unknown> = {}) => ({
  shared: true,
  what: 'His conviction and the conditions of his licence',
  withAgencyIds: [police, probation],
  lawfulBasis: 'safeguarding',
  reason: 'The children live with him: protecting them outweighs his privacy',
  at: '2026-11-24T15:00:00Z',
  ...more,
})

async function family() {
  const child = await given.child()
  const uncle = await given.adult()
  const kase = await given.case({ children: [child], adults: [{ person: uncle, role: 'alleged_perpetrator' }] })
  return { child, uncle, kase }
}

async function discussion(caseId: string, personId: string) {
  const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${caseId}/risk-discussions`, {
    heldAt: '2026-11-24T14:00:00Z',
    personId,
    attendees: [
      { name: 'Sam Caseworth', agencyKind: 'childrens_social_care', role: 'Social worker' },
      { name: 'Dana Constable', agencyKind: 'police', role: 'Investigating officer' },
    ],
    summary: 'Visits stop until assessed',
    civilOrderConsidered: true,
    civilOrderReason: 'The police will apply for a Sexual Risk Order',
  })
  assert.equal(made.statusCode, 201, made.body)
  return made.json<{ id: string }>()
}

const SHARING = '/api/v1/information-sharing'
const sharingRows = (about: string) =>
  asSystem(() =>
    handle.db
      .selectFrom('informationSharing')
      .selectAll()
      .where(eb => eb.or([eb('personId', '=', about), eb('childId', '=', about)]))
      .execute(),
  )

describe('sharing decisions through the API', () => {
  it('records one made at a discussion on a case, with a restricted event there, and lists it on the discussion', async () => {
    const { child, uncle, kase } = await family()
    const { id: discussionId } = await discussion(kase.id, uncle.id)
    const made = await call(
      'sw@csc.example',
      'POST',
      SHARING,
      decision({ personId: uncle.id, childId: child.id, caseId: kase.id, discussionId }),
    )
    assert.equal(made.statusCode, 201, made.body)
    const recorded = made.json<{ id: string; withAgencies: { name: string }[]; lawfulBasis: string }>()
    assert.equal(recorded.withAgencies.length, 2)
    assert.equal(recorded.lawfulBasis, 'safeguarding')
    const events = await asSystem(() =>
      handle.db
        .selectFrom('chronologyEvents')
        .select(['visibility', 'childId', 'summary'])
        .where('caseId', '=', kase.id)
        .where('kind', '=', 'risk.sharing')
        .execute(),
    )
    assert.equal(events.length, 1)
    assert.equal(events[0]?.visibility, 'restricted')
    assert.equal(events[0].childId, child.id)
    const [listed] = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/risk-discussions`)).json<
      { sharing: { id: string }[] }[]
    >()
    assert.deepEqual(
      listed?.sharing.map(s => s.id),
      [recorded.id],
    )
  })

  it('audits the decision with ids, whether shared and the lawful basis, never the free text', async () => {
    const { uncle, kase } = await family()
    const made = await call('sw@csc.example', 'POST', SHARING, decision({ personId: uncle.id, caseId: kase.id }))
    const { id } = made.json<{ id: string }>()
    const [row] = await asSystem(() =>
      handle.db
        .selectFrom('auditLog')
        .select(['objectType', 'objectId', 'caseId', 'detail'])
        .where('action', '=', 'informationSharing.record')
        .where('objectId', '=', uncle.id)
        .execute(),
    )
    assert.equal(row?.objectType, 'person')
    assert.equal(row.caseId, kase.id)
    assert.deepEqual(row.detail, {
      personId: uncle.id,
      childId: null,
      caseId: kase.id,
      discussionId: null,
      shared: true,
      lawfulBasis: 'safeguarding',
      informationSharingId: id,
    })
    assert.doesNotMatch(JSON.stringify(row), /conviction|privacy/)
  })

  it('records a decision not to share, with no lawful basis, about a person with no case named', async () => {
    const { uncle, kase } = await family()
    const made = await call(
      'sw@csc.example',
      'POST',
      SHARING,
      decision({ personId: uncle.id, shared: false, lawfulBasis: undefined, reason: 'Not necessary: already known' }),
    )
    assert.equal(made.statusCode, 201, made.body)
    assert.equal(made.json<{ lawfulBasis: string | null }>().lawfulBasis, null)
    // The event goes on the person's open cases, restricted.
    const events = await asSystem(() =>
      handle.db
        .selectFrom('chronologyEvents')
        .select(['visibility', 'summary'])
        .where('caseId', '=', kase.id)
        .where('kind', '=', 'risk.sharing')
        .execute(),
    )
    assert.deepEqual(
      events.map(e => e.visibility),
      ['restricted'],
    )
    assert.match(events[0]?.summary ?? '', /not shared/)
  })

  it('records one about a child alone, on the child’s open cases', async () => {
    const { child, kase } = await family()
    const made = await call('sw@csc.example', 'POST', SHARING, decision({ childId: child.id }))
    assert.equal(made.statusCode, 201, made.body)
    const events = await asSystem(() =>
      handle.db
        .selectFrom('chronologyEvents')
        .select(['visibility', 'childId'])
        .where('caseId', '=', kase.id)
        .where('kind', '=', 'risk.sharing')
        .execute(),
    )
    assert.deepEqual(events, [{ visibility: 'restricted', childId: child.id }])
  })

  it('lists the decisions about someone as the person or as the child, newest first', async () => {
    const { child, uncle, kase } = await family()
    await call('sw@csc.example', 'POST', SHARING, decision({ personId: uncle.id, at: '2026-11-20T10:00:00Z' }))
    await call('sw@csc.example', 'POST', SHARING, decision({ personId: uncle.id, childId: child.id, caseId: kase.id }))
    const about = await call('sw@csc.example', 'GET', `/api/v1/people/${uncle.id}/information-sharing`)
    assert.equal(about.statusCode, 200)
    assert.deepEqual(
      about.json<{ at: string }[]>().map(d => d.at),
      ['2026-11-24T15:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    )
    const ofChild = await call('sw@csc.example', 'GET', `/api/v1/people/${child.id}/information-sharing`)
    assert.equal(ofChild.json<unknown[]>().length, 1)
  })

  it('refuses each bad input naming its field, saving nothing', async () => {
    const { child, uncle, kase } = await family()
    const other = await family()
    const { id: otherDiscussion } = await discussion(other.kase.id, other.uncle.id)
    const stranger = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [decision({ personId: uncle.id, lawfulBasis: undefined }), 'lawfulBasis', /no lawful basis/],
      [decision({ personId: uncle.id, lawfulBasis: 'because' }), 'lawfulBasis', /lawful basis/],
      [decision({}), 'personId', /who the information is about/],
      [decision({ personId: uncle.id, withAgencyIds: [] }), 'withAgencyIds', /at least one agency/],
      [decision({ personId: uncle.id, withAgencyIds: [uncle.id] }), 'withAgencyIds', /agencies of the partnership/],
      [decision({ personId: uncle.id, at: '2026-11-26T09:00:00Z' }), 'at', /now or in the past/],
      [decision({ personId: uncle.id, shared: undefined }), 'shared', /whether the information was shared/],
      [decision({ personId: uncle.id, reason: ' ' }), 'reason', /reason/],
      [decision({ personId: uncle.id, what: '' }), 'what', /what information/],
      [decision({ personId: uncle.id, discussionId: otherDiscussion }), 'caseId', /case of the risk discussion/],
      [decision({ personId: uncle.id, caseId: kase.id, discussionId: otherDiscussion }), 'discussionId', /this case/],
      [decision({ childId: stranger.id, caseId: kase.id }), 'childId', /child on this case/],
      [decision({ personId: other.uncle.id, caseId: kase.id }), 'personId', /linked to this case/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', SHARING, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    assert.deepEqual(await sharingRows(uncle.id), [])
    assert.deepEqual(await sharingRows(child.id), [])
  })

  it('refuses someone off the case team, or without need to know the person (403)', async () => {
    const { uncle, kase } = await family()
    const onCase = await call(
      'po@probation.example',
      'POST',
      SHARING,
      decision({ personId: uncle.id, caseId: kase.id }),
    )
    assert.equal(onCase.statusCode, 403, onCase.body)
    const aboutPerson = await call('dc@police.example', 'POST', SHARING, decision({ personId: uncle.id }))
    assert.equal(aboutPerson.statusCode, 403, aboutPerson.body)
    assert.equal(
      (await call('dc@police.example', 'GET', `/api/v1/people/${uncle.id}/information-sharing`)).statusCode,
      403,
    )
    assert.equal(
      (await call('auditor@partnership.example', 'POST', SHARING, decision({ personId: uncle.id }))).statusCode,
      403,
    )
    assert.deepEqual(await sharingRows(uncle.id), [])
  })
})

describe('sharing decisions through the pages', () => {
  it('records one through check your answers, nothing pre-answered, and shows it on the discussion and the record', async () => {
    const { uncle, kase } = await family()
    const { id: discussionId } = await discussion(kase.id, uncle.id)
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(
      `/information-sharing/new?caseId=${kase.id}&personId=${uncle.id}&discussionId=${discussionId}`,
    )
    assert.equal(form.statusCode, 200)
    const $ = page(form)
    assert.equal($('input[type="radio"]:checked').length, 0)
    assert.equal($('input[type="checkbox"]:checked').length, 0)
    assert.equal($('input[type="hidden"][name="discussionId"]').val(), discussionId)
    assert.match($('main').text(), /Record each decision and the reason/)
    const fields = {
      caseId: kase.id,
      personId: uncle.id,
      discussionId,
      shared: 'yes',
      what: 'His licence conditions',
      withAgencyIds: [police],
      lawfulBasis: 'public_task',
      reason: 'The school must know who may collect the child',
      'at-day': '24',
      'at-month': '11',
      'at-year': '2026',
      atTime: '3pm',
    }
    const checking = await sam.post('/information-sharing', fields)
    assert.equal(checking.statusCode, 200, checking.body.slice(0, 400))
    assert.match(checking.body, /UK GDPR Article 6\(1\)\(e\): public task/)
    assert.deepEqual(await sharingRows(uncle.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/cases/${kase.id}/risk-discussions?shared=1`)
    const list = await sam.get(done.headers.location)
    assert.match(page(list)('main').text(), /His licence conditions/)
    const record = await sam.get(`/people/${uncle.id}`)
    assert.equal(record.statusCode, 200)
    assert.match(page(record)('#information-sharing').text(), /Information sharing decisions/)
    assert.match(page(record)('main').text(), /His licence conditions/)
  })

  it('refuses sharing with no lawful basis on the page, keeping what was typed', async () => {
    const { uncle } = await family()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/information-sharing/new?personId=${uncle.id}`)
    const refused = await sam.post('/information-sharing', {
      personId: uncle.id,
      shared: 'yes',
      what: 'Kept as typed',
      withAgencyIds: [police],
      reason: 'Because',
      'at-day': '24',
      'at-month': '11',
      'at-year': '2026',
      atTime: '3pm',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('.govuk-error-summary').text(), /no lawful basis/)
    assert.equal(page(refused)('#what').text(), 'Kept as typed')
  })

  it('shows nothing on the record to a reader without the full record, and refuses them the form', async () => {
    const { uncle } = await family()
    await call('sw@csc.example', 'POST', SHARING, decision({ personId: uncle.id }))
    const dana = await given.agent('dc@police.example')
    const record = await dana.get(`/people/${uncle.id}`)
    assert.equal(page(record)('#information-sharing').length, 0)
    assert.doesNotMatch(record.body, /licence/)
    const form = await dana.get(`/information-sharing/new?personId=${uncle.id}`)
    assert.equal(form.statusCode, 403)
  })
})
