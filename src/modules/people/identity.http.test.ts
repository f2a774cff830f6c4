import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type Who } from '../../../test/given.ts'
import { OFFENDING_NEARBY } from './identity.ts'

// The child is unmistakable: every page about one person opens with who they are (name, date of birth and age,
// NHS number) and the flags that change what a worker does; search results tell two of one name apart by age.
// The test clock stands at 25 November 2026.

const { app } = await testApp()
const given = fixtures(app)

async function bar(url: string, who: Who = 'sw@csc.example') {
  const agent = await given.agent(who)
  const response = await agent.get(url)
  assert.equal(response.statusCode, 200, response.body.slice(0, 500))
  const $ = page(response)
  const found = $('main .moj-identity-bar')
  assert.equal(found.length, 1, `one identity bar on ${url}`)
  return {
    text: found.text().replace(/\s+/g, ' '),
    flags: found
      .find('[data-identity="flag"]')
      .toArray()
      .map(f => $(f).text().trim()),
  }
}

describe('the identity bar', () => {
  it("shows the name, date of birth, age and spaced NHS number on the person's page", async () => {
    const child = await given.child({ dateOfBirth: '2020-06-01', nhsNumber: '9434765919' })
    const { text, flags } = await bar(`/people/${child.id}`)
    assert.match(text, new RegExp(`${child.givenName} ${child.familyName}`))
    assert.match(text, /Born 1 June 2020, age 6/)
    assert.match(text, /NHS number 943 476 5919/)
    assert.deepEqual(flags, [])
  })

  it('says the age is not known when the date of birth is not', async () => {
    const child = await given.child({ dateOfBirth: null })
    assert.match((await bar(`/people/${child.id}`)).text, /age not known/)
  })

  it('flags an adult', async () => {
    const adult = await given.adult({ dateOfBirth: '2008-11-25' })
    assert.deepEqual((await bar(`/people/${adult.id}`)).flags, ['Adult'])
  })

  it('flags a household member with a sexual-offending history to a reader who may see it', async () => {
    const child = await given.child()
    const uncle = await given.adult()
    await given.relationship(child, uncle, { kind: 'other_relative', livesWith: false, hasContact: true })
    const recorded = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${uncle.id}/offending-history`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload: { kind: 'caution', date: '2012-06-01', description: 'Cautioned for indecent exposure' },
    })
    assert.equal(recorded.statusCode, 201, recorded.body)
    assert.deepEqual((await bar(`/people/${child.id}`)).flags, [OFFENDING_NEARBY])
    // On the other pages about the child too.
    assert.deepEqual((await bar(`/people/${child.id}/chronology`)).flags, [OFFENDING_NEARBY])
    assert.deepEqual((await bar(`/people/${child.id}/offending-history/new`)).flags, [OFFENDING_NEARBY])
  })

  it('does not flag the history to a reader who may not see the member who has it', async () => {
    // A school's record of a child, whose uncle the police recorded: the school may not see the uncle's record.
    const child = await given.child({}, 'dsl@school.example')
    const uncle = await given.adult({}, 'dc@police.example')
    await app.inject({
      method: 'POST',
      url: `/api/v1/people/${uncle.id}/offending-history`,
      headers: bearer(await given.apiToken('dc@police.example')),
      payload: { kind: 'conviction', date: '2015-01-01', description: 'Convicted' },
    })
    const related = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${child.id}/relationships`,
      headers: bearer(await given.apiToken('mash@csc.example')),
      payload: { otherPersonId: uncle.id, kind: 'other_relative', livesWith: true, hasContact: true },
    })
    assert.equal(related.statusCode, 201, related.body)
    assert.deepEqual((await bar(`/people/${child.id}`, 'dsl@school.example')).flags, [])
    assert.deepEqual((await bar(`/people/${child.id}`, 'mash@csc.example')).flags, [OFFENDING_NEARBY])
  })

  it('is on the forms about the person, its name a link back to their page', async () => {
    const child = await given.child()
    for (const url of [
      `/people/${child.id}/edit`,
      `/people/${child.id}/relationships/new`,
      `/people/${child.id}/addresses/new`,
    ]) {
      const agent = await given.agent('sw@csc.example')
      const $ = page(await agent.get(url))
      assert.equal($(`.moj-identity-bar a[href="/people/${child.id}"]`).length, 1, url)
    }
  })
})

describe('search tells two children of one name apart', () => {
  it('by age, other names and area, on the page and in the API', async () => {
    const name = inventName()
    const younger = await given.child({ ...name, dateOfBirth: '2020-06-01' })
    const elder = await given.child({ ...name, dateOfBirth: '2010-06-01', otherNames: ['Sunny Brightwater'] })
    await app.inject({
      method: 'POST',
      url: `/api/v1/people/${elder.id}/addresses`,
      headers: bearer(await given.apiToken('sw@csc.example')),
      payload: {
        line1: '4 Kettle Lane',
        town: 'Wickerby',
        postcode: 'ZZ3 7PQ',
        from: '2015-01-01',
        confidential: false,
      },
    })
    const q = encodeURIComponent(`${name.givenName} ${name.familyName}`)
    const api = await app.inject({
      url: `/api/v1/people?q=${q}`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    const rows = api.json<{ id: string; age: number; otherNames: string[]; area: string | null }[]>()
    assert.deepEqual(
      rows
        .filter(r => r.id === younger.id || r.id === elder.id)
        .map(r => [r.age, r.otherNames, r.area])
        .sort(),
      [
        [16, ['Sunny Brightwater'], 'Wickerby, ZZ3'],
        [6, [], null],
      ],
    )
    const sw = await given.agent('sw@csc.example')
    const $ = page(await sw.get(`/people?q=${q}`))
    const ageOf = (id: string) => $(`tbody tr:has(a[href="/people/${id}"]) [data-label="Age"]`).text().trim()
    assert.equal(ageOf(younger.id), '6')
    assert.equal(ageOf(elder.id), '16')
    assert.match($(`tbody tr:has(a[href="/people/${elder.id}"]) [data-label="Area"]`).text(), /Wickerby, ZZ3/)
  })
})
