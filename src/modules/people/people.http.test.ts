import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import { isValidNhsNumber } from '../../kernel/codes/people.ts'

const { app, handle } = await testApp()
const db = handle.db
const sw = await apiToken(app, 'sw@csc.example')
const police = await apiToken(app, 'dc@police.example')
const mash = await apiToken(app, 'mash@csc.example')
const southvale = await apiToken(app, 'sw@southvale.example')

interface PersonBody {
  id: string
  version: number
  givenName: string
  possibleDuplicates: { id: string; reason: string }[]
}
interface ErrorBody {
  error: { code: string; fields?: Record<string, string>; changedFields?: string[] }
}

async function record(token: string, body: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/people', headers: bearer(token), payload: body })
}

const pip = (
  await record(sw, {
    givenName: 'Pip',
    familyName: 'Examplechild',
    otherNames: ['Pippa Testwood'],
    dateOfBirth: '2019-03-27',
    sex: 'female',
    ethnicity: 'WBRI',
    nhsNumber: '943 476 5919',
  })
).json<PersonBody>()
const mum = (
  await record(sw, { givenName: 'Marigold', familyName: 'Examplechild', dateOfBirth: '1990-06-01', sex: 'female' })
).json<PersonBody>()
const uncle = (
  await record(sw, { givenName: 'Ulric', familyName: 'Examplechild', dateOfBirth: '1975-01-09', sex: 'male' })
).json<PersonBody>()

describe('NHS numbers', () => {
  it('checks the modulus 11 check digit', () => {
    assert.ok(isValidNhsNumber('9434765919'))
    assert.ok(!isValidNhsNumber('9434765918'))
    assert.ok(!isValidNhsNumber('943476591'))
  })
})

describe('people through the API', () => {
  it('records a person and reads them back with a version', async () => {
    assert.ok(pip.id)
    const read = await app.inject({ url: `/api/v1/people/${pip.id}`, headers: bearer(sw) })
    assert.equal(read.statusCode, 200)
    const body = read.json<PersonBody & { nhsNumber: string; otherNames: string[] }>()
    assert.equal(body.version, 1)
    assert.equal(body.nhsNumber, '9434765919')
    assert.deepEqual(body.otherNames, ['Pippa Testwood'])
  })

  it('refuses bad input, naming each field, and saves nothing', async () => {
    const before = (await asSystem(() => db.selectFrom('people').select('id').execute())).length
    const response = await record(sw, {
      givenName: '',
      familyName: 'Badinput',
      dateOfBirth: '2020-02-30',
      sex: 'other',
      nhsNumber: '1234567890',
      shoeSize: 9,
    })
    assert.equal(response.statusCode, 400)
    const { fields } = response.json<ErrorBody>().error
    assert.deepEqual(Object.keys(fields ?? {}).sort(), ['dateOfBirth', 'givenName', 'nhsNumber', 'sex', 'shoeSize'])
    assert.match(fields?.dateOfBirth ?? '', /real date/)
    const future = await record(sw, {
      givenName: 'Futura',
      familyName: 'Notyetborn',
      dateOfBirth: '2027-01-01',
      sex: 'unknown',
    })
    assert.match(future.json<ErrorBody>().error.fields?.dateOfBirth ?? '', /today or in the past/)
    assert.equal((await asSystem(() => db.selectFrom('people').select('id').execute())).length, before)
  })

  it('flags possible duplicates when a person is recorded', async () => {
    const again = (
      await record(sw, { givenName: 'Pipp', familyName: 'Examplechild', dateOfBirth: '2019-03-27', sex: 'female' })
    ).json<PersonBody>()
    assert.deepEqual(
      again.possibleDuplicates.map(d => [d.id, d.reason]),
      [[pip.id, 'name_and_date_of_birth']],
    )
    const sameNhs = (
      await record(sw, { givenName: 'Quite', familyName: 'Different', sex: 'female', nhsNumber: '9434765919' })
    ).json<PersonBody>()
    assert.ok(sameNhs.possibleDuplicates.some(d => d.id === pip.id && d.reason === 'nhs_number'))
  })

  it('finds people by a misspelt name, by other names and by NHS number', async () => {
    const search = async (qs: string) =>
      (await app.inject({ url: `/api/v1/people?${qs}`, headers: bearer(mash) })).json<
        { id: string; access: string }[]
      >()
    assert.ok(
      (await search('q=Pip%20Exmplechild')).some(r => r.id === pip.id),
      'typo',
    )
    assert.ok(
      (await search('q=pippa%20testwod')).some(r => r.id === pip.id),
      'other name with a typo',
    )
    assert.deepEqual((await search('nhsNumber=943%20476%205919')).map(r => r.id).includes(pip.id), true)
    assert.ok((await search('q=examplechild&dateOfBirth=1990-06-01')).every(r => r.id === mum.id))
  })

  it('shows another agency only the identifying minimum, and refuses the record with no_legitimate_relationship', async () => {
    const results = (await app.inject({ url: '/api/v1/people?q=Pip%20Examplechild', headers: bearer(police) })).json<
      { id: string; access: string }[]
    >()
    assert.equal(results.find(r => r.id === pip.id)?.access, 'minimum')
    const refused = await app.inject({ url: `/api/v1/people/${pip.id}`, headers: bearer(police) })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const denied = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'person.read')
        .where('outcome', '=', 'denied')
        .execute(),
    )
    assert.equal(denied.length, 1)
    assert.equal(
      (await app.inject({ url: `/api/v1/people/${pip.id}`, headers: bearer(mash) })).statusCode,
      200,
      'the front door sees everyone',
    )
  })

  it('answers 404 for another partnership, which cannot tell the record exists', async () => {
    const response = await app.inject({ url: `/api/v1/people/${pip.id}`, headers: bearer(southvale) })
    assert.equal(response.statusCode, 404)
    assert.equal(response.json<ErrorBody>().error.code, 'not_found')
    const search = (await app.inject({ url: '/api/v1/people?q=Examplechild', headers: bearer(southvale) })).json<
      unknown[]
    >()
    assert.deepEqual(search, [])
  })

  it('builds the household from relationships in both directions', async () => {
    const add = (personId: string, body: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/people/${personId}/relationships`,
        headers: bearer(sw),
        payload: body,
      })
    assert.equal(
      (await add(pip.id, { otherPersonId: mum.id, kind: 'parent', livesWith: true, hasContact: true })).statusCode,
      201,
    )
    assert.equal(
      (await add(uncle.id, { otherPersonId: pip.id, kind: 'other_relative', livesWith: false, hasContact: true }))
        .statusCode,
      201,
    )
    const self = await add(pip.id, { otherPersonId: pip.id, kind: 'sibling', livesWith: true, hasContact: true })
    assert.equal(self.statusCode, 400)
    assert.match(self.json<ErrorBody>().error.fields?.otherPersonId ?? '', /cannot be related to themselves/)
    const unknownKind = await add(pip.id, {
      otherPersonId: uncle.id,
      kind: 'godparent',
      livesWith: false,
      hasContact: true,
    })
    assert.equal(unknownKind.statusCode, 400)
    assert.ok(unknownKind.json<ErrorBody>().error.fields?.kind)
    const household = (await app.inject({ url: `/api/v1/people/${pip.id}/household`, headers: bearer(sw) })).json<{
      members: { personId: string; relationship: string; livesWith: boolean }[]
    }>()
    assert.deepEqual(
      household.members.map(m => [m.personId, m.relationship, m.livesWith]).sort(),
      [
        [mum.id, 'Parent', true],
        [uncle.id, 'Other relative', false],
      ].sort(),
    )
    const mumsView = (await app.inject({ url: `/api/v1/people/${mum.id}/household`, headers: bearer(sw) })).json<{
      members: { personId: string; relationship: string }[]
    }>()
    assert.deepEqual(
      mumsView.members.map(m => [m.personId, m.relationship]),
      [[pip.id, 'Child']],
    )
  })

  it('refuses a correction made to a stale version with 409 and the fields changed', async () => {
    const first = await app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${mum.id}`,
      headers: bearer(sw),
      payload: { version: 1, firstLanguage: 'Welsh' },
    })
    assert.equal(first.statusCode, 200)
    assert.equal(first.json<PersonBody>().version, 2)
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/people/${mum.id}`,
      headers: bearer(sw),
      payload: { version: 1, familyName: 'Overwritten' },
    })
    assert.equal(stale.statusCode, 409)
    assert.equal(stale.json<ErrorBody>().error.code, 'conflict')
    assert.deepEqual(stale.json<ErrorBody>().error.changedFields, ['First language'])
    const now = (await app.inject({ url: `/api/v1/people/${mum.id}`, headers: bearer(sw) })).json<
      PersonBody & { familyName: string; firstLanguage: string }
    >()
    assert.equal(now.familyName, 'Examplechild')
    assert.equal(now.firstLanguage, 'Welsh')
  })

  it('audits every read of a person', async () => {
    const reads = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'person.read')
        .where('objectId', '=', pip.id)
        .where('outcome', '=', 'ok')
        .execute(),
    )
    assert.ok(reads.length >= 2)
  })
})

describe('people through the pages', () => {
  it('a practitioner records a child, with mistakes named and what they typed kept', async () => {
    const agent = new Agent(app)
    await agent.signIn('dsl@school.example')
    await agent.get('/people/new')
    const bad = await agent.post('/people', {
      givenName: 'Robin',
      familyName: '',
      'dateOfBirth-day': '30',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2018',
      nhsNumber: '123',
    })
    assert.equal(bad.statusCode, 400)
    const $ = page(bad)
    assert.deepEqual(
      $('.govuk-error-summary a')
        .map((_, a) => `${$(a).attr('href') ?? ''} ${$(a).text()}`)
        .get(),
      [
        '#familyName Enter the family name',
        '#dateOfBirth-day Date of birth must be a real date',
        '#sex Select the sex',
        '#nhsNumber Enter a valid NHS number: 10 digits, like 943 476 5919',
      ],
    )
    assert.equal($('#givenName').val(), 'Robin')
    assert.equal($('#dateOfBirth-day').val(), '30')
    const good = await agent.post('/people', {
      givenName: 'Robin',
      familyName: 'Sparrowtest',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2018',
      sex: 'male',
      disabilities: ['COMM', 'AUT'],
      interpreterNeeded: 'no',
    })
    assert.equal(good.statusCode, 303)
    const person = page(await agent.get(String(good.headers.location)))
    assert.equal(person('h1').text(), 'Robin Sparrowtest')
    assert.match(person('.govuk-summary-list').text(), /2018-09-03/)
    assert.match(person('.govuk-summary-list').text(), /Communication, Diagnosed autism/)
  })

  it('a second editor is told what changed instead of overwriting', async () => {
    const first = new Agent(app)
    const second = new Agent(app)
    await first.signIn('sw@csc.example')
    await second.signIn('tm@csc.example')
    const formA = page(await first.get(`/people/${uncle.id}/edit`))
    await second.get(`/people/${uncle.id}/edit`)
    const fields = (extra: Record<string, string>) => ({
      givenName: 'Ulric',
      familyName: 'Examplechild',
      'dateOfBirth-day': '9',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '1975',
      sex: 'male',
      version: String(formA('input[name="version"]').val()),
      ...extra,
    })
    assert.equal((await second.post(`/people/${uncle.id}/edit`, fields({ firstLanguage: 'Cornish' }))).statusCode, 303)
    const conflict = await first.post(
      `/people/${uncle.id}/edit`,
      fields({ communicationNeeds: 'Prefers written questions' }),
    )
    assert.equal(conflict.statusCode, 409)
    const $ = page(conflict)
    assert.match($('.govuk-warning-text').text(), /They changed: First language/)
    assert.equal($('#communicationNeeds').val(), 'Prefers written questions', 'what they typed is kept')
  })

  it('the search page shows who may be opened, and the household page lists the family', async () => {
    const agent = new Agent(app)
    await agent.signIn('dc@police.example')
    const results = page(await agent.get('/people?q=Examplechild'))
    assert.match(results('table').text(), /Known to another agency/)
    assert.equal(results(`a[href="/people/${pip.id}"]`).length, 0)
    const refused = await agent.get(`/people/${pip.id}`)
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('h1').text(), /You do not have access to this record/)
    const worker = new Agent(app)
    await worker.signIn('sw@csc.example')
    const household = page(await worker.get(`/people/${pip.id}`))
    assert.match(household('#household + table').text(), /Marigold Examplechild\s*Parent/)
  })
})

describe('sexual-offending history', () => {
  it('is recorded for a person and shown in the household of a child, to those who may see it', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${uncle.id}/offending-history`,
      headers: bearer(sw),
      payload: { kind: 'rumour', date: '2030-01-01', description: '' },
    })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(Object.keys(bad.json<ErrorBody>().error.fields ?? {}).sort(), ['date', 'description', 'kind'])
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${uncle.id}/offending-history`,
      headers: bearer(sw),
      payload: { kind: 'caution', date: '2012-06-01', description: 'Cautioned for an offence against a child' },
    })
    assert.equal(ok.statusCode, 201)
    const household = (await app.inject({ url: `/api/v1/people/${pip.id}/household`, headers: bearer(sw) })).json<{
      members: { personId: string; offendingHistory: { kind: string; date: string }[] | null }[]
    }>()
    assert.deepEqual(household.members.find(m => m.personId === uncle.id)?.offendingHistory, [
      { kind: 'caution', date: '2012-06-01' },
    ])
    assert.deepEqual(household.members.find(m => m.personId === mum.id)?.offendingHistory, [])
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const personPage = page(await agent.get(`/people/${pip.id}`))
    assert.match(personPage('#household + table').text(), /Ulric Examplechild[\s\S]*Caution 2012-06-01/)
    await agent.get(`/people/${uncle.id}/offending-history/new`)
    const empty = await agent.post(`/people/${uncle.id}/offending-history`, { description: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(
      page(empty)('.govuk-error-summary a')
        .map((_, a) => page(empty)(a).attr('href'))
        .get(),
      ['#kind', '#date-day', '#description'],
    )
  })
})

describe('the search page', () => {
  it('says how many matched when there are more than it lists, rather than stopping silently', async () => {
    for (let i = 0; i < 52; i++)
      await record(sw, { givenName: 'Manyfold', familyName: 'Crowdsworth', dateOfBirth: '2011-11-11', sex: 'unknown' })
    const agent = new Agent(app)
    await agent.signIn('mash@csc.example')
    const found = page(await agent.get('/people?q=Manyfold%20Crowdsworth'))
    assert.equal(found('#results').text().trim(), '52 people found')
    assert.equal(found('tbody tr').length, 50)
    assert.match(found('.govuk-inset-text').text(), /Showing the closest 50/)
  })
})
