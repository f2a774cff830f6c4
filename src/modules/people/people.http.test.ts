import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody, Household, PersonBody, RecordedPerson } from '../../../test/types.ts'
import { isValidNhsNumber } from '../../kernel/codes/people.ts'

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const get = async (url: string, who: Who) => app.inject({ url, headers: bearer(await given.apiToken(who)) })
async function record(who: Who, body: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(await given.apiToken(who)),
    payload: body,
  })
}
const addRelationship = async (personId: string, body: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/people/${personId}/relationships`,
    headers: bearer(await given.apiToken('sw@csc.example')),
    payload: body,
  })

/**
 * Pip, her mother Marigold and her uncle Ulric, recorded by social care under a family name of the test's own
 * (each test its own, so no test finds another's family in a search or as a possible duplicate).
 */
async function family(familyName: string, pipsBirthday = '2019-03-27') {
  const pip = await given.child({
    givenName: 'Pip',
    familyName,
    otherNames: ['Pippa Testwood'],
    dateOfBirth: pipsBirthday,
    sex: 'female',
    ethnicity: 'WBRI',
    nhsNumber: '943 476 5919',
  })
  const mum = await given.adult({ givenName: 'Marigold', familyName, dateOfBirth: '1990-06-01', sex: 'female' })
  const uncle = await given.adult({ givenName: 'Ulric', familyName, dateOfBirth: '1975-01-09', sex: 'male' })
  return { pip, mum, uncle }
}

/** The family, with Marigold recorded as Pip's parent, living with her, and Ulric as another relative who does not. */
async function household(familyName: string, pipsBirthday?: string) {
  const { pip, mum, uncle } = await family(familyName, pipsBirthday)
  const parent = await addRelationship(pip.id, {
    otherPersonId: mum.id,
    kind: 'parent',
    livesWith: true,
    hasContact: true,
  })
  assert.equal(parent.statusCode, 201, parent.body)
  const relative = await addRelationship(uncle.id, {
    otherPersonId: pip.id,
    kind: 'other_relative',
    livesWith: false,
    hasContact: true,
  })
  assert.equal(relative.statusCode, 201, relative.body)
  return { pip, mum, uncle }
}

describe('NHS numbers', () => {
  it('checks the modulus 11 check digit', () => {
    assert.ok(isValidNhsNumber('9434765919'))
    assert.ok(!isValidNhsNumber('9434765918'))
    assert.ok(!isValidNhsNumber('943476591'))
  })
})

describe('people through the API', () => {
  it('records a person and reads them back with a version', async () => {
    const { pip } = await family('Readbackworth', '2019-04-01')
    assert.ok(pip.id)
    const read = await get(`/api/v1/people/${pip.id}`, 'sw@csc.example')
    assert.equal(read.statusCode, 200)
    const body = read.json<PersonBody>()
    assert.equal(body.version, 1)
    assert.equal(body.nhsNumber, '9434765919')
    assert.deepEqual(body.otherNames, ['Pippa Testwood'])
  })

  it('refuses bad input, naming each field, and saves nothing', async () => {
    const before = (await asSystem(() => db.selectFrom('people').select('id').execute())).length
    const response = await record('sw@csc.example', {
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
    const future = await record('sw@csc.example', {
      givenName: 'Futura',
      familyName: 'Notyetborn',
      dateOfBirth: '2027-01-01',
      sex: 'unknown',
    })
    assert.match(future.json<ErrorBody>().error.fields?.dateOfBirth ?? '', /today or in the past/)
    assert.equal((await asSystem(() => db.selectFrom('people').select('id').execute())).length, before)
  })

  it('flags possible duplicates when a person is recorded', async () => {
    const { pip } = await family('Duplicateby')
    const again = (
      await record('sw@csc.example', {
        givenName: 'Pipp',
        familyName: 'Duplicateby',
        dateOfBirth: '2019-03-27',
        sex: 'female',
      })
    ).json<RecordedPerson>()
    assert.deepEqual(
      again.possibleDuplicates.map(d => [d.id, d.reason]),
      [[pip.id, 'name_and_date_of_birth']],
    )
    const sameNhs = (
      await record('sw@csc.example', {
        givenName: 'Quite',
        familyName: 'Different',
        sex: 'female',
        nhsNumber: '9434765919',
      })
    ).json<RecordedPerson>()
    assert.ok(sameNhs.possibleDuplicates.some(d => d.id === pip.id && d.reason === 'nhs_number'))
  })

  it('finds people by a misspelt name, by other names and by NHS number', async () => {
    const { pip, mum } = await family('Examplechild', '2019-05-02')
    const search = async (qs: string) =>
      (await get(`/api/v1/people?${qs}`, 'mash@csc.example')).json<{ id: string; access: string }[]>()
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
    const { pip } = await family('Minimumton', '2019-06-03')
    const results = (await get('/api/v1/people?q=Pip%20Minimumton', 'dc@police.example')).json<
      { id: string; access: string }[]
    >()
    assert.equal(results.find(r => r.id === pip.id)?.access, 'minimum')
    const refused = await get(`/api/v1/people/${pip.id}`, 'dc@police.example')
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const denied = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'person.read')
        .where('outcome', '=', 'denied')
        .where('objectId', '=', pip.id)
        .execute(),
    )
    assert.equal(denied.length, 1)
    assert.equal(
      (await get(`/api/v1/people/${pip.id}`, 'mash@csc.example')).statusCode,
      200,
      'the front door sees everyone',
    )
  })

  it('answers 404 for another partnership, which cannot tell the record exists', async () => {
    const { pip } = await family('Elsewhereton', '2019-07-04')
    const response = await get(`/api/v1/people/${pip.id}`, 'sw@southvale.example')
    assert.equal(response.statusCode, 404)
    assert.equal(response.json<ErrorBody>().error.code, 'not_found')
    const search = (await get('/api/v1/people?q=Elsewhereton', 'sw@southvale.example')).json<unknown[]>()
    assert.deepEqual(search, [])
  })

  it('builds the household from relationships in both directions', async () => {
    const { pip, mum, uncle } = await family('Householdley', '2019-08-05')
    assert.equal(
      (await addRelationship(pip.id, { otherPersonId: mum.id, kind: 'parent', livesWith: true, hasContact: true }))
        .statusCode,
      201,
    )
    assert.equal(
      (
        await addRelationship(uncle.id, {
          otherPersonId: pip.id,
          kind: 'other_relative',
          livesWith: false,
          hasContact: true,
        })
      ).statusCode,
      201,
    )
    const self = await addRelationship(pip.id, {
      otherPersonId: pip.id,
      kind: 'sibling',
      livesWith: true,
      hasContact: true,
    })
    assert.equal(self.statusCode, 400)
    assert.match(self.json<ErrorBody>().error.fields?.otherPersonId ?? '', /cannot be related to themselves/)
    const unknownKind = await addRelationship(pip.id, {
      otherPersonId: uncle.id,
      kind: 'godparent',
      livesWith: false,
      hasContact: true,
    })
    assert.equal(unknownKind.statusCode, 400)
    assert.ok(unknownKind.json<ErrorBody>().error.fields?.kind)
    const pipsView = (await get(`/api/v1/people/${pip.id}/household`, 'sw@csc.example')).json<Household>()
    assert.deepEqual(
      pipsView.members.map(m => [m.personId, m.relationship, m.livesWith]).sort(),
      [
        [mum.id, 'Parent', true],
        [uncle.id, 'Other relative', false],
      ].sort(),
    )
    const mumsView = (await get(`/api/v1/people/${mum.id}/household`, 'sw@csc.example')).json<Household>()
    assert.deepEqual(
      mumsView.members.map(m => [m.personId, m.relationship]),
      [[pip.id, 'Child']],
    )
  })

  it('refuses a correction made to a stale version with 409 and the fields changed', async () => {
    const { mum } = await family('Staleversion', '2019-09-06')
    const correct = async (payload: Record<string, unknown>) =>
      app.inject({
        method: 'PATCH',
        url: `/api/v1/people/${mum.id}`,
        headers: bearer(await given.apiToken('sw@csc.example')),
        payload,
      })
    const first = await correct({ version: 1, firstLanguage: 'Welsh' })
    assert.equal(first.statusCode, 200)
    assert.equal(first.json<PersonBody>().version, 2)
    const stale = await correct({ version: 1, familyName: 'Overwritten' })
    assert.equal(stale.statusCode, 409)
    assert.equal(stale.json<ErrorBody>().error.code, 'conflict')
    assert.deepEqual(stale.json<ErrorBody>().error.changedFields, ['First language'])
    const now = (await get(`/api/v1/people/${mum.id}`, 'sw@csc.example')).json<PersonBody>()
    assert.equal(now.familyName, 'Staleversion')
    assert.equal(now.firstLanguage, 'Welsh')
  })

  it('audits every read of a person', async () => {
    const { pip } = await family('Auditedby', '2019-10-07')
    await get(`/api/v1/people/${pip.id}`, 'sw@csc.example')
    await get(`/api/v1/people/${pip.id}`, 'mash@csc.example')
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
    const agent = await given.agent('dsl@school.example')
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
    assert.match(person('.govuk-summary-list').text(), /3 September 2018/)
    assert.match(person('.govuk-summary-list').text(), /Communication, Diagnosed autism/)
  })

  it('a second editor is told what changed instead of overwriting', async () => {
    const { uncle } = await family('Secondeditor', '2019-11-08')
    const first = await given.agent('sw@csc.example')
    const second = await given.agent('tm@csc.example')
    const formA = page(await first.get(`/people/${uncle.id}/edit`))
    await second.get(`/people/${uncle.id}/edit`)
    const fields = (extra: Record<string, string>) => ({
      givenName: 'Ulric',
      familyName: 'Secondeditor',
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
    const { pip } = await household('Searchpageby', '2019-12-09')
    const agent = await given.agent('dc@police.example')
    const results = page(await agent.get('/people?q=Searchpageby'))
    assert.match(results('table').text(), /Known to another agency/)
    assert.equal(results(`a[href="/people/${pip.id}"]`).length, 0)
    const refused = await agent.get(`/people/${pip.id}`)
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('h1').text(), /You do not have access to this record/)
    const worker = await given.agent('sw@csc.example')
    const pipsPage = page(await worker.get(`/people/${pip.id}`))
    assert.match(pipsPage('#household + table').text(), /Marigold Searchpageby\s*Parent/)
  })
})

describe('sexual-offending history', () => {
  const caution = { kind: 'caution', date: '2012-06-01', description: 'Cautioned for an offence against a child' }
  const recordHistory = async (personId: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/people/${personId}/offending-history`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload,
    })

  it('is refused without a known kind, a past date and a description, naming each', async () => {
    const { uncle } = await family('Historyless', '2020-01-10')
    const bad = await recordHistory(uncle.id, { kind: 'rumour', date: '2030-01-01', description: '' })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(Object.keys(bad.json<ErrorBody>().error.fields ?? {}).sort(), ['date', 'description', 'kind'])
  })

  it('is recorded for a person and shown in the household of a child, to those who may see it', async () => {
    const { pip, mum, uncle } = await household('Cautionworth', '2020-02-11')
    const ok = await recordHistory(uncle.id, caution)
    assert.equal(ok.statusCode, 201)
    const pipsHousehold = (await get(`/api/v1/people/${pip.id}/household`, 'sw@csc.example')).json<Household>()
    assert.deepEqual(pipsHousehold.members.find(m => m.personId === uncle.id)?.offendingHistory, [
      { kind: 'caution', date: '2012-06-01' },
    ])
    assert.deepEqual(pipsHousehold.members.find(m => m.personId === mum.id)?.offendingHistory, [])
    const agent = await given.agent('sw@csc.example')
    const personPage = page(await agent.get(`/people/${pip.id}`))
    assert.match(personPage('#household + table').text(), /Ulric Cautionworth[\s\S]*Caution 1 June 2012/)
  })

  it('names each missing field on the page, in the order of the form', async () => {
    const { uncle } = await family('Emptyform', '2020-03-12')
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/people/${uncle.id}/offending-history/new`)
    const empty = await agent.post(`/people/${uncle.id}/offending-history`, { description: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(
      page(empty)('.govuk-error-summary a')
        .map((_, a) => page(empty)(a).attr('href'))
        .get(),
      ['#kind', '#date-day', '#sourceAgencyId', '#description'],
    )
  })
})

describe('the search page', () => {
  it('says how many matched when there are more than it lists, rather than stopping silently', async () => {
    for (let i = 0; i < 52; i++)
      await record('sw@csc.example', {
        givenName: 'Manyfold',
        familyName: 'Crowdsworth',
        dateOfBirth: '2011-11-11',
        sex: 'unknown',
      })
    const agent = await given.agent('mash@csc.example')
    const found = page(await agent.get('/people?q=Manyfold%20Crowdsworth'))
    assert.equal(found('#results').text().trim(), '52 people found')
    assert.equal(found('tbody tr').length, 50)
    assert.match(found('.govuk-inset-text').text(), /Showing the closest 50/)
  })
})
