import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)

async function call(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

const PROBATION = 'po@probation.example'
const POLICE = 'dc@police.example'

const orderBody = (more: Record<string, unknown> = {}) => ({
  kind: 'shpo',
  startsOn: '2025-03-01',
  expiresOn: '2030-03-01',
  prohibitions: 'No unsupervised contact with any child under 16.',
  ...more,
})

const assessmentBody = async (more: Record<string, unknown> = {}) => ({
  tool: 'arms',
  assessedOn: '2026-10-01',
  assessorAgencyId: await given.agencyId('probation'),
  level: 'high',
  summary: 'Assessed as high risk of sexual harm to children known to him.',
  nextReviewOn: '2027-04-01',
  ...more,
})

interface PersonRisk {
  access: 'full' | 'minimum'
  somethingKnown: boolean
  contacts: { probationContact: { name: string; email: string } | null; policeLead: { email: string } | null }
  offendingHistory?: { sourceAgencyName: string; recordedBy: string; registrationPeriod: string | null }[]
  civilOrders?: { kind: string; expired: boolean }[]
  riskAssessments?: { id: string; ageInMonths: number }[]
  latestAssessment?: { id: string; current: boolean; reviewOverdue: boolean } | null
  management?: { version: number; mappaCategory: string | null }
}

const riskOf = async (who: Who, personId: string) =>
  (await call(who, 'GET', `/api/v1/people/${personId}/risk`)).json<PersonRisk>()

const chronologyKinds = async (caseId: string) =>
  (
    await asSystem(() =>
      handle.db.selectFrom('chronologyEvents').select(['kind', 'visibility']).where('caseId', '=', caseId).execute(),
    )
  ).filter(e => e.kind.startsWith('risk.'))

describe('offending history, extended', () => {
  it('records the source agency, the end and a registration’s period, and shows who recorded it', async () => {
    const uncle = await given.adult({ givenName: 'Bramwell' })
    const police = await given.agencyId('police')
    const recorded = await call('sw@csc.example', 'POST', `/api/v1/people/${uncle.id}/offending-history`, {
      kind: 'registration',
      date: '2019-05-01',
      endsOn: '2029-05-01',
      registrationPeriod: 'ten_years',
      sourceAgencyId: police,
      description: 'Registered after a conviction for an offence against a child.',
    })
    assert.equal(recorded.statusCode, 201, recorded.body)
    const risk = await riskOf('sw@csc.example', uncle.id)
    const [first] = risk.offendingHistory ?? []
    assert.ok(first)
    assert.equal(first.registrationPeriod, 'ten_years')
    assert.match(first.sourceAgencyName, /Police/)
    const record = await (await given.agent('sw@csc.example')).get(`/people/${uncle.id}`)
    assert.match(record.body, /10 years/)
    assert.match(record.body, /From Northshire Police|From .*Police/)
    assert.match(record.body, /recorded by/)
  })

  it('takes the recorder’s agency as the source when none is sent', async () => {
    const uncle = await given.adult()
    const sent = await call('sw@csc.example', 'POST', `/api/v1/people/${uncle.id}/offending-history`, {
      kind: 'conviction',
      date: '2018-02-01',
      description: 'Convicted of an offence against a child.',
    })
    assert.equal(sent.statusCode, 201, sent.body)
    const row = await asSystem(() =>
      handle.db
        .selectFrom('offendingHistory')
        .select(['sourceAgencyId', 'recordedByAgencyId'])
        .where('personId', '=', uncle.id)
        .executeTakeFirstOrThrow(),
    )
    assert.equal(row.sourceAgencyId, row.recordedByAgencyId)
  })

  for (const [what, body, field] of [
    ['a registration without its period', { kind: 'registration' }, 'registrationPeriod'],
    ['a period on a conviction', { kind: 'conviction', registrationPeriod: 'five_years' }, 'registrationPeriod'],
    ['an end before the date', { kind: 'conviction', endsOn: '2017-01-01' }, 'endsOn'],
    ['a source agency not of the partnership', { kind: 'conviction', sourceAgencyId: randomUUID() }, 'sourceAgencyId'],
  ] as const)
    it(`refuses ${what}, naming ${field}`, async () => {
      const uncle = await given.adult()
      const refused = await call('sw@csc.example', 'POST', `/api/v1/people/${uncle.id}/offending-history`, {
        date: '2018-02-01',
        description: 'Something recorded.',
        ...body,
      })
      assert.equal(refused.statusCode, 400, refused.body)
      assert.ok(refused.json<ErrorBody>().error.fields?.[field], refused.body)
    })

  it('records through the form with the source agency chosen, once its answers are confirmed', async () => {
    const uncle = await given.adult()
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(`/people/${uncle.id}/offending-history/new`)
    assert.equal(form.statusCode, 200)
    assert.ok(page(form)('select#sourceAgencyId option').length > 2)
    const checking = await sam.post(`/people/${uncle.id}/offending-history`, {
      kind: 'caution',
      'date-day': '1',
      'date-month': '2',
      'date-year': '2016',
      'endsOn-day': '',
      'endsOn-month': '',
      'endsOn-year': '',
      sourceAgencyId: await given.agencyId('police'),
      description: 'Cautioned for an offence.',
    })
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /Check the history before recording it/)
    assert.match(checking.body, /Northshire Police/)
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303, done.body)
  })
})

describe('civil orders', () => {
  it('records an order, on the restricted chronology of the person’s open cases', async () => {
    const uncle = await given.adult()
    const { kase } = await given.childInCase({ adults: [{ person: uncle, role: 'alleged_perpetrator' }] })
    const sent = await call(PROBATION, 'POST', `/api/v1/people/${uncle.id}/civil-orders`, orderBody())
    assert.equal(sent.statusCode, 201, sent.body)
    assert.equal(sent.json<{ expired: boolean }>().expired, false)
    assert.deepEqual(await chronologyKinds(kase.id), [{ kind: 'risk.civilOrder', visibility: 'restricted' }])
  })

  it('shows an order past its expiry as expired', async () => {
    const uncle = await given.adult()
    await call(PROBATION, 'POST', `/api/v1/people/${uncle.id}/civil-orders`, orderBody({ expiresOn: '2026-01-01' }))
    assert.equal((await riskOf(PROBATION, uncle.id)).civilOrders?.[0]?.expired, true)
  })

  for (const [what, body, field] of [
    ['an order that expires before it starts', { expiresOn: '2024-01-01' }, 'expiresOn'],
    ['another order without its name', { kind: 'other' }, 'otherKind'],
    ['a name on an order that is not another', { otherKind: 'A named order' }, 'otherKind'],
  ] as const)
    it(`refuses ${what}, naming ${field}`, async () => {
      const uncle = await given.adult()
      const refused = await call(PROBATION, 'POST', `/api/v1/people/${uncle.id}/civil-orders`, orderBody(body))
      assert.equal(refused.statusCode, 400, refused.body)
      assert.ok(refused.json<ErrorBody>().error.fields?.[field], refused.body)
    })

  it('is refused to a practitioner who does not read the register', async () => {
    const uncle = await given.adult()
    const refused = await call('sw@csc.example', 'POST', `/api/v1/people/${uncle.id}/civil-orders`, orderBody())
    assert.equal(refused.statusCode, 403)
  })

  it('records through the form only once its answers are confirmed', async () => {
    const uncle = await given.adult()
    const pat = await given.agent(PROBATION)
    assert.equal((await pat.get(`/people/${uncle.id}/civil-orders/new`)).statusCode, 200)
    const checking = await pat.post(`/people/${uncle.id}/civil-orders`, {
      kind: 'sro',
      otherKind: '',
      'startsOn-day': '1',
      'startsOn-month': '6',
      'startsOn-year': '2025',
      'expiresOn-day': '',
      'expiresOn-month': '',
      'expiresOn-year': '',
      prohibitions: 'Not to enter any park with a play area.',
    })
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /Sexual Risk Order/)
    assert.equal((await riskOf(PROBATION, uncle.id)).civilOrders?.length, 0)
    const done = await pat.confirm()
    assert.equal(done.statusCode, 303)
    const shown = await pat.get(String(done.headers.location))
    assert.match(shown.body, /Civil order recorded/)
    assert.match(shown.body, /Not to enter any park with a play area\./)
  })

  it('keeps what was typed when the order expires before it starts', async () => {
    const uncle = await given.adult()
    const pat = await given.agent(PROBATION)
    await pat.get(`/people/${uncle.id}/civil-orders/new`)
    const refused = await pat.post(`/people/${uncle.id}/civil-orders`, {
      kind: 'shpo',
      otherKind: '',
      'startsOn-day': '1',
      'startsOn-month': '6',
      'startsOn-year': '2025',
      'expiresOn-day': '1',
      'expiresOn-month': '6',
      'expiresOn-year': '2024',
      prohibitions: 'Typed prohibitions.',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('.govuk-error-summary').text(), /Expiry date/)
    assert.equal(page(refused)('textarea#prohibitions').text().trim(), 'Typed prohibitions.')
  })
})

describe('risk assessments', () => {
  it('keeps a history, newest first, the latest marked current, each with its age', async () => {
    const uncle = await given.adult()
    const { kase } = await given.childInCase({ adults: [{ person: uncle, role: 'alleged_perpetrator' }] })
    const old = await call(
      PROBATION,
      'POST',
      `/api/v1/people/${uncle.id}/risk-assessments`,
      await assessmentBody({ assessedOn: '2025-09-01', nextReviewOn: '2026-03-01' }),
    )
    assert.equal(old.statusCode, 201, old.body)
    assert.equal(old.json<{ ageInMonths: number }>().ageInMonths, 14)
    const latest = await call(PROBATION, 'POST', `/api/v1/people/${uncle.id}/risk-assessments`, await assessmentBody())
    assert.equal(latest.statusCode, 201, latest.body)
    const risk = await riskOf(PROBATION, uncle.id)
    assert.deepEqual(
      risk.riskAssessments?.map(a => a.ageInMonths),
      [1, 14],
    )
    assert.deepEqual(risk.latestAssessment, {
      id: latest.json<{ id: string }>().id,
      current: true,
      reviewOverdue: false,
    })
    assert.deepEqual(await chronologyKinds(kase.id), [
      { kind: 'risk.assessment', visibility: 'restricted' },
      { kind: 'risk.assessment', visibility: 'restricted' },
    ])
  })

  it('marks the latest out of date past the policy’s age, and its review overdue', async () => {
    const uncle = await given.adult()
    await call(
      PROBATION,
      'POST',
      `/api/v1/people/${uncle.id}/risk-assessments`,
      await assessmentBody({ assessedOn: '2025-09-01', nextReviewOn: '2026-03-01' }),
    )
    const risk = await riskOf(PROBATION, uncle.id)
    assert.deepEqual(
      { current: risk.latestAssessment?.current, reviewOverdue: risk.latestAssessment?.reviewOverdue },
      { current: false, reviewOverdue: true },
    )
    const shown = await (await given.agent(PROBATION)).get(`/people/${uncle.id}/risk`)
    assert.match(shown.body, /14 months old/)
    assert.match(shown.body, /Out of date/)
    assert.match(shown.body, /overdue/)
  })

  for (const [what, body, field] of [
    ['an assessment in the future', { assessedOn: '2026-12-01', nextReviewOn: '2027-06-01' }, 'assessedOn'],
    ['a review not after the assessment', { nextReviewOn: '2026-10-01' }, 'nextReviewOn'],
    ['a local tool without its name', { tool: 'local' }, 'toolName'],
    ['an assessor not of the partnership', { assessorAgencyId: randomUUID() }, 'assessorAgencyId'],
  ] as const)
    it(`refuses ${what}, naming ${field}`, async () => {
      const uncle = await given.adult()
      const refused = await call(
        PROBATION,
        'POST',
        `/api/v1/people/${uncle.id}/risk-assessments`,
        await assessmentBody(body),
      )
      assert.equal(refused.statusCode, 400, refused.body)
      assert.ok(refused.json<ErrorBody>().error.fields?.[field], refused.body)
    })

  it('records through the form once its answers are confirmed', async () => {
    const uncle = await given.adult()
    const dc = await given.agent(POLICE)
    const form = await dc.get(`/people/${uncle.id}/risk-assessments/new`)
    assert.equal(form.statusCode, 200)
    const done = await dc.postConfirmed(`/people/${uncle.id}/risk-assessments`, {
      tool: 'risk_matrix_2000',
      toolName: '',
      'assessedOn-day': '1',
      'assessedOn-month': '11',
      'assessedOn-year': '2026',
      assessorAgencyId: await given.agencyId('police'),
      level: 'medium',
      summary: 'Medium risk.',
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '5',
      'nextReviewOn-year': '2027',
    })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal((await riskOf(POLICE, uncle.id)).riskAssessments?.length, 1)
  })
})

describe('risk management', () => {
  it('answers version 0 before anything is recorded, and the first change must send 0', async () => {
    const uncle = await given.adult()
    const url = `/api/v1/people/${uncle.id}/risk-management`
    const none = await call(PROBATION, 'GET', url)
    assert.equal(none.statusCode, 200, none.body)
    assert.equal(none.json<{ version: number }>().version, 0)
    const probation = await given.userId(PROBATION)
    const first = await call(PROBATION, 'PATCH', url, {
      version: 0,
      mappaCategory: '1',
      mappaLevel: '2',
      probationContactUserId: probation,
    })
    assert.equal(first.statusCode, 200, first.body)
    assert.equal(first.json<{ version: number }>().version, 1)
    // Absent fields are left as they are; null clears one.
    const second = await call(PROBATION, 'PATCH', url, { version: 1, mappaLevel: null })
    assert.equal(second.statusCode, 200, second.body)
    const now = second.json<{ mappaCategory: string; mappaLevel: string | null; probationContact: { email: string } }>()
    assert.equal(now.mappaCategory, '1')
    assert.equal(now.mappaLevel, null)
    assert.equal(now.probationContact.email, PROBATION)
  })

  it('refuses a stale version with 409 and saves nothing', async () => {
    const uncle = await given.adult()
    const url = `/api/v1/people/${uncle.id}/risk-management`
    await call(PROBATION, 'PATCH', url, { version: 0, mappaCategory: '1' })
    const stale = await call(POLICE, 'PATCH', url, { version: 0, mappaCategory: '2' })
    assert.equal(stale.statusCode, 409, stale.body)
    assert.equal((await call(PROBATION, 'GET', url)).json<{ mappaCategory: string }>().mappaCategory, '1')
  })

  it('refuses a change without the version read, naming version', async () => {
    const uncle = await given.adult()
    const refused = await call(PROBATION, 'PATCH', `/api/v1/people/${uncle.id}/risk-management`, { mappaCategory: '1' })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.ok(refused.json<ErrorBody>().error.fields?.version, refused.body)
  })

  it('answers 404 for a person who is not recorded', async () => {
    const missing = await call(PROBATION, 'GET', `/api/v1/people/${randomUUID()}/risk-management`)
    assert.equal(missing.statusCode, 404)
    assert.equal((await call(PROBATION, 'GET', `/api/v1/people/${randomUUID()}/risk`)).statusCode, 404)
  })

  it('refuses a MAPPA level without a category, naming mappaLevel', async () => {
    const uncle = await given.adult()
    const refused = await call(PROBATION, 'PATCH', `/api/v1/people/${uncle.id}/risk-management`, {
      version: 0,
      mappaLevel: '1',
    })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.ok(refused.json<ErrorBody>().error.fields?.mappaLevel)
  })

  it('refuses a probation contact who is not a probation officer, and a police lead who is not police', async () => {
    const uncle = await given.adult()
    const url = `/api/v1/people/${uncle.id}/risk-management`
    const notProbation = await call(PROBATION, 'PATCH', url, {
      version: 0,
      probationContactUserId: await given.userId('sw@csc.example'),
    })
    assert.equal(notProbation.statusCode, 400)
    assert.ok(notProbation.json<ErrorBody>().error.fields?.probationContactUserId)
    const notPolice = await call(PROBATION, 'PATCH', url, {
      version: 0,
      policeLeadUserId: await given.userId(PROBATION),
    })
    assert.equal(notPolice.statusCode, 400)
    assert.ok(notPolice.json<ErrorBody>().error.fields?.policeLeadUserId)
  })

  it('refuses a contact whose account is disabled', async () => {
    const uncle = await given.adult()
    const leaver = await given.user('probation_officer')
    await asSystem(() =>
      handle.db.updateTable('users').set({ disabledAt: new Date() }).where('id', '=', leaver.id).execute(),
    )
    const refused = await call(PROBATION, 'PATCH', `/api/v1/people/${uncle.id}/risk-management`, {
      version: 0,
      probationContactUserId: leaver.id,
    })
    assert.equal(refused.statusCode, 400)
    assert.ok(refused.json<ErrorBody>().error.fields?.probationContactUserId)
  })

  it('is changed only by probation and the police', async () => {
    const uncle = await given.adult()
    const url = `/api/v1/people/${uncle.id}/risk-management`
    assert.equal((await call('mash@csc.example', 'PATCH', url, { version: 0, mappaCategory: '1' })).statusCode, 403)
  })

  it('changes through the form with the version read, and a concurrent change is a conflict', async () => {
    const uncle = await given.adult()
    const pat = await given.agent(PROBATION)
    const form = await pat.get(`/people/${uncle.id}/risk-management`)
    assert.equal(form.statusCode, 200, form.body)
    assert.equal(page(form)('input[name="version"]').val(), '0')
    const fields = {
      version: '0',
      mappaCategory: '1',
      mappaLevel: '1',
      probationContactUserId: await given.userId(PROBATION),
      policeLeadUserId: await given.userId(POLICE),
    }
    const checking = await pat.post(`/people/${uncle.id}/risk-management`, fields)
    assert.equal(checking.statusCode, 200, checking.body)
    // Someone else changes it while the answers are being checked.
    await call(POLICE, 'PATCH', `/api/v1/people/${uncle.id}/risk-management`, { version: 0, mappaCategory: '2' })
    const conflict = await pat.confirm()
    assert.equal(conflict.statusCode, 409, conflict.body)
    assert.equal((await riskOf(PROBATION, uncle.id)).management?.mappaCategory, '2')
    const again = await pat.postConfirmed(`/people/${uncle.id}/risk-management`, { ...fields, version: '1' })
    assert.equal(again.statusCode, 303, again.body)
    assert.equal((await riskOf(PROBATION, uncle.id)).management?.mappaCategory, '1')
  })
})

describe('the person’s risk page, with need to know', () => {
  /** A person with a conviction, an order and contacts: recorded by the social worker's agency. */
  async function known() {
    const uncle = await given.adult({ givenName: 'Ferdinand' })
    await call('sw@csc.example', 'POST', `/api/v1/people/${uncle.id}/offending-history`, {
      kind: 'conviction',
      date: '2015-01-01',
      description: 'Convicted of an offence against a child, secret detail.',
    })
    await call(PROBATION, 'POST', `/api/v1/people/${uncle.id}/civil-orders`, orderBody())
    await call(PROBATION, 'PATCH', `/api/v1/people/${uncle.id}/risk-management`, {
      version: 0,
      probationContactUserId: await given.userId(PROBATION),
      policeLeadUserId: await given.userId(POLICE),
    })
    return uncle
  }

  it('shows the detail to a reader of the person’s full record', async () => {
    const uncle = await known()
    const risk = await riskOf('sw@csc.example', uncle.id)
    assert.equal(risk.access, 'full')
    assert.equal(risk.civilOrders?.length, 1)
    const shown = await (await given.agent('sw@csc.example')).get(`/people/${uncle.id}/risk`)
    assert.equal(shown.statusCode, 200)
    assert.match(shown.body, /secret detail/)
    assert.match(shown.body, /Sexual Harm Prevention Order/)
    // The social worker may record offending history, but civil orders and assessments are for the register's readers.
    assert.ok(page(shown)(`a[href="/people/${uncle.id}/offending-history/new"]`).length)
    assert.equal(page(shown)(`a[href="/people/${uncle.id}/civil-orders/new"]`).length, 0)
  })

  it('shows the detail to a register reader who is on no case with the person', async () => {
    const uncle = await known()
    assert.equal((await riskOf(POLICE, uncle.id)).access, 'full')
  })

  it('shows anyone else only that something is known and whom to contact, never the detail', async () => {
    const uncle = await known()
    const risk = await riskOf('nurse@health.example', uncle.id)
    assert.equal(risk.access, 'minimum')
    assert.equal(risk.somethingKnown, true)
    assert.equal(risk.contacts.probationContact?.email, PROBATION)
    assert.equal(risk.contacts.policeLead?.email, POLICE)
    assert.equal(risk.offendingHistory, undefined)
    assert.equal(risk.civilOrders, undefined)
    assert.equal(risk.management, undefined)
    const shown = await (await given.agent('nurse@health.example')).get(`/people/${uncle.id}/risk`)
    assert.equal(shown.statusCode, 200)
    assert.match(shown.body, /Something is known about this person/)
    assert.match(shown.body, /po@probation\.example/)
    assert.doesNotMatch(shown.body, /secret detail|Sexual Harm Prevention Order/)
    assert.equal(page(shown)(`main a[href^="/people/${uncle.id}/"]`).length, 0)
  })

  it('audits every read', async () => {
    const uncle = await known()
    await riskOf('nurse@health.example', uncle.id)
    const rows = await asSystem(() =>
      handle.db
        .selectFrom('auditLog')
        .select('action')
        .where('objectId', '=', uncle.id)
        .where('action', '=', 'risk.person')
        .execute(),
    )
    assert.equal(rows.length, 1)
  })

  it('summarises what is known on the person’s record, with a link to the risk page', async () => {
    const uncle = await known()
    const record = await (await given.agent('sw@csc.example')).get(`/people/${uncle.id}`)
    assert.match(record.body, /Risk of sexual harm/)
    assert.ok(page(record)(`a[href="/people/${uncle.id}/risk"]`).length)
  })

  it('shows no section on the record of someone about whom nothing is known', async () => {
    const plain = await given.adult()
    const record = await (await given.agent('sw@csc.example')).get(`/people/${plain.id}`)
    assert.doesNotMatch(record.body, /Risk of sexual harm/)
  })
})

describe('a merge of two records of one person', () => {
  const merge = (from: string, into: string) =>
    call('sw@csc.example', 'POST', `/api/v1/people/${from}/merge`, { intoPersonId: into, reason: 'Same person' })
  const ordersOf = (personId: string) =>
    asSystem(() => handle.db.selectFrom('civilOrders').select('id').where('personId', '=', personId).execute())
  const assessmentsOf = (personId: string) =>
    asSystem(() => handle.db.selectFrom('riskAssessments').select('id').where('personId', '=', personId).execute())
  const managementOf = (personId: string) =>
    asSystem(() =>
      handle.db.selectFrom('riskManagement').select('mappaCategory').where('personId', '=', personId).execute(),
    )

  it('moves what is known to the record kept, and an undone merge moves exactly that back', async () => {
    const twice = await given.adult()
    const kept = await given.adult()
    const order = (await call(PROBATION, 'POST', `/api/v1/people/${twice.id}/civil-orders`, orderBody())).json<{
      id: string
    }>()
    const assessment = (
      await call(PROBATION, 'POST', `/api/v1/people/${twice.id}/risk-assessments`, await assessmentBody())
    ).json<{ id: string }>()
    await call(PROBATION, 'PATCH', `/api/v1/people/${twice.id}/risk-management`, { version: 0, mappaCategory: '1' })
    const merged = await merge(twice.id, kept.id)
    assert.equal(merged.statusCode, 200, merged.body)
    const moved = merged.json<{ moved: Record<string, string[]> }>().moved
    assert.deepEqual(moved['civilOrders.personId'], [order.id])
    assert.deepEqual(moved['riskAssessments.personId'], [assessment.id])
    assert.deepEqual(moved.riskManagement, [twice.id])
    const redirected = await (await given.agent(PROBATION)).get(`/people/${twice.id}/risk`)
    assert.equal(redirected.headers.location, `/people/${kept.id}/risk`)
    assert.deepEqual(await ordersOf(kept.id), [{ id: order.id }])
    assert.deepEqual(await managementOf(kept.id), [{ mappaCategory: '1' }])
    const check = page(await (await given.agent('sw@csc.example')).get(`/people/${twice.id}/unmerge`))
    for (const line of ['1 civil order', '1 risk assessment', '1 record of how their risk is managed'])
      assert.match(check('main li').text(), new RegExp(line), `the page that undoes the merge lists ${line}`)
    const undone = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/unmerge`, { reason: 'Two people' })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.deepEqual(await ordersOf(twice.id), [{ id: order.id }])
    assert.deepEqual(await assessmentsOf(twice.id), [{ id: assessment.id }])
    assert.deepEqual(await managementOf(twice.id), [{ mappaCategory: '1' }])
    assert.deepEqual(await managementOf(kept.id), [])
  })

  it('leaves the merged record’s management where the record kept has its own', async () => {
    const twice = await given.adult()
    const kept = await given.adult()
    await call(PROBATION, 'PATCH', `/api/v1/people/${twice.id}/risk-management`, { version: 0, mappaCategory: '1' })
    await call(PROBATION, 'PATCH', `/api/v1/people/${kept.id}/risk-management`, { version: 0, mappaCategory: '2' })
    const merged = await merge(twice.id, kept.id)
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(merged.json<{ moved: Record<string, string[]> }>().moved.riskManagement, [])
    assert.deepEqual(await managementOf(kept.id), [{ mappaCategory: '2' }])
    assert.deepEqual(await managementOf(twice.id), [{ mappaCategory: '1' }])
  })
})
