import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// People have addresses, current and past; a confidential one (a parent in a refuge) is read only by the users it
// names. Each test records people of its own, with invented streets in invented towns.

const { app, handle } = await testApp()
const given = fixtures(app)

async function call(method: 'GET' | 'POST', url: string, who: Who, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

interface AddressBody {
  id: string
  line1: string
  town: string | null
  postcode: string | null
  from: string
  to: string | null
  confidential: boolean
  readers: string[]
  version: number
}

const REFUGE = { line1: '7 Lanternlight Mews', town: 'Quillhaven', postcode: 'zz9 4qx', from: '2026-09-01' }
const HOME = { line1: '12 Puddingstone Row', town: 'Millbrook Parva', postcode: 'ZZ1 2AB', from: '2019-04-01' }

async function addAddress(personId: string, body: Record<string, unknown>, who: Who = 'sw@csc.example') {
  return call('POST', `/api/v1/people/${personId}/addresses`, who, body)
}

async function added(personId: string, body: Record<string, unknown>, who: Who = 'sw@csc.example') {
  const response = await addAddress(personId, body, who)
  assert.equal(response.statusCode, 201, response.body)
  return response.json<AddressBody>()
}

async function addressesSeenBy(personId: string, who: Who): Promise<AddressBody[]> {
  const response = await call('GET', `/api/v1/people/${personId}`, who)
  assert.equal(response.statusCode, 200, response.body)
  return response.json<{ addresses: AddressBody[] }>().addresses
}

const rowsOf = (personId: string) =>
  asSystem(() =>
    handle.db.selectFrom('personAddresses').select(['id', 'endedOn']).where('personId', '=', personId).execute(),
  )

describe('addresses through the API', () => {
  it('adds an address, tidies its postcode and returns it with the person', async () => {
    const child = await given.child()
    const address = await added(child.id, { ...HOME, confidential: false })
    assert.equal(address.postcode, 'ZZ1 2AB')
    assert.deepEqual(
      (await addressesSeenBy(child.id, 'mash@csc.example')).map(a => a.line1),
      [HOME.line1],
    )
  })

  it('ends an address when they move out, keeping it as a past address', async () => {
    const child = await given.child()
    const address = await added(child.id, { ...HOME, confidential: false })
    const ended = await call('POST', `/api/v1/people/${child.id}/addresses/${address.id}/end`, 'sw@csc.example', {
      to: '2026-10-31',
      version: address.version,
    })
    assert.equal(ended.statusCode, 200, ended.body)
    assert.equal(ended.json<AddressBody>().to, '2026-10-31')
    const again = await call('POST', `/api/v1/people/${child.id}/addresses/${address.id}/end`, 'sw@csc.example', {
      to: '2026-11-01',
    })
    assert.equal(again.statusCode, 409)
  })

  it('refuses a move-out before the move-in, naming the field, and saves nothing', async () => {
    const child = await given.child()
    const address = await added(child.id, { ...HOME, confidential: false })
    const refused = await call('POST', `/api/v1/people/${child.id}/addresses/${address.id}/end`, 'sw@csc.example', {
      to: '2019-03-01',
    })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.match(refused.json<ErrorBody>().error.fields?.to ?? '', /on or after the date they moved in/)
    assert.deepEqual(await rowsOf(child.id), [{ id: address.id, endedOn: null }])
  })

  it('refuses an address with neither postcode nor town', async () => {
    const child = await given.child()
    const refused = await addAddress(child.id, { line1: '3 Nowhere Yard', from: '2024-01-01', confidential: false })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.postcode ?? '', /postcode or the town/)
    assert.deepEqual(await rowsOf(child.id), [])
  })

  it('refuses named readers for an address that is not confidential, rather than dropping them', async () => {
    const parent = await given.adult()
    const refused = await addAddress(parent.id, {
      ...REFUGE,
      confidential: false,
      readerUserIds: [await given.userId('tm@csc.example')],
    })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.readerUserIds ?? '', /only for a confidential address/)
    assert.deepEqual(await rowsOf(parent.id), [])
  })

  it('refuses an address from someone who may not change the person', async () => {
    const child = await given.child()
    const refused = await addAddress(child.id, { ...HOME, confidential: false }, 'dc@police.example')
    assert.equal(refused.statusCode, 403)
    assert.deepEqual(await rowsOf(child.id), [])
  })
})

describe('a confidential address', () => {
  it('is returned to the recorder and the users named, and to no one else', async () => {
    const parent = await given.adult()
    const tm = await given.userId('tm@csc.example')
    await added(parent.id, { ...REFUGE, confidential: true, readerUserIds: [tm] })
    assert.deepEqual(
      (await addressesSeenBy(parent.id, 'sw@csc.example')).map(a => a.line1),
      [REFUGE.line1],
    )
    assert.deepEqual(
      (await addressesSeenBy(parent.id, 'tm@csc.example')).map(a => a.line1),
      [REFUGE.line1],
    )
    assert.deepEqual(await addressesSeenBy(parent.id, 'mash@csc.example'), [])
  })

  it('is never shown on the page to anyone not named: they are told who holds it', async () => {
    const parent = await given.adult()
    await added(parent.id, { ...REFUGE, confidential: true })
    const mash = await given.agent('mash@csc.example')
    const $ = page(await mash.get(`/people/${parent.id}`))
    assert.doesNotMatch($('main').text(), /Lanternlight|Quillhaven|ZZ9/)
    assert.match($('#addresses + table').text(), /Confidential address: held by [A-Z][^;]+; ask them/)
  })

  it('is never an area in search results, by page or API, even to a named reader', async () => {
    const { givenName, familyName } = inventName()
    const parent = await given.adult({ givenName, familyName })
    await added(parent.id, { ...REFUGE, confidential: true })
    for (const who of ['sw@csc.example', 'mash@csc.example'] as const) {
      const found = await call('GET', `/api/v1/people?q=${encodeURIComponent(`${givenName} ${familyName}`)}`, who)
      const row = found.json<{ id: string; area: string | null }[]>().find(p => p.id === parent.id)
      assert.equal(row?.area, null)
      const agent = await given.agent(who)
      const results = page(await agent.get(`/people?q=${encodeURIComponent(`${givenName} ${familyName}`)}`))
      assert.doesNotMatch(results('main').text(), /Quillhaven|ZZ9/)
    }
  })

  it('cannot be ended by someone it does not name', async () => {
    const parent = await given.adult()
    const address = await added(parent.id, { ...REFUGE, confidential: true })
    const refused = await call('POST', `/api/v1/people/${parent.id}/addresses/${address.id}/end`, 'mash@csc.example', {
      to: '2026-10-01',
    })
    assert.equal(refused.statusCode, 404)
  })
})

describe('the address pages', () => {
  it('adds an address through the form', async () => {
    const child = await given.child()
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/people/${child.id}/addresses/new`)
    const saved = await sw.post(`/people/${child.id}/addresses`, {
      line1: HOME.line1,
      line2: '',
      town: HOME.town,
      postcode: 'zz12ab',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2019',
      confidential: 'no',
    })
    assert.equal(saved.statusCode, 303, saved.body)
    const $ = page(await sw.get(String(saved.headers.location)))
    assert.match($('#addresses + table').text(), /12 Puddingstone Row, Millbrook Parva, ZZ1 2AB/)
  })

  it('asks whether an address is confidential rather than answering for them, keeping what was typed', async () => {
    const child = await given.child()
    const sw = await given.agent('sw@csc.example')
    const $form = page(await sw.get(`/people/${child.id}/addresses/new`))
    assert.equal($form('input[name="confidential"]:checked').length, 0)
    const refused = await sw.post(`/people/${child.id}/addresses`, {
      line1: HOME.line1,
      town: '',
      postcode: '',
      'from-day': '1',
      'from-month': '4',
      'from-year': '2019',
    })
    assert.equal(refused.statusCode, 400)
    const $ = page(refused)
    // Every problem at once, in the form's order: the missing place beside the unanswered question.
    assert.deepEqual(
      $('.govuk-error-summary__list a')
        .toArray()
        .map(a => [$(a).attr('href'), $(a).text().trim()]),
      [
        ['#postcode', 'Enter the postcode or the town, or both'],
        ['#confidential', 'Say whether the address is confidential'],
      ],
    )
    assert.equal($('#line1').val(), HOME.line1)
    assert.deepEqual(await rowsOf(child.id), [])
  })

  it('refuses names ticked with "No", saying so beside the names', async () => {
    const parent = await given.adult()
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/people/${parent.id}/addresses/new`)
    const refused = await sw.post(`/people/${parent.id}/addresses`, {
      line1: REFUGE.line1,
      town: REFUGE.town,
      postcode: REFUGE.postcode,
      'from-day': '1',
      'from-month': '9',
      'from-year': '2026',
      confidential: 'no',
      readerUserIds: [await given.userId('tm@csc.example')],
    })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.match(page(refused)('.govuk-error-summary').text(), /only for a confidential address/)
    assert.match(page(refused)('#readerUserIds-error').text(), /only for a confidential address/)
    assert.deepEqual(await rowsOf(parent.id), [])
  })

  it('ends an address through the form, which shows it and who the page is about', async () => {
    const child = await given.child()
    const address = await added(child.id, { ...HOME, confidential: false })
    const sw = await given.agent('sw@csc.example')
    const $form = page(await sw.get(`/people/${child.id}/addresses/${address.id}/end`))
    assert.match($form('.moj-identity-bar').text(), new RegExp(child.givenName))
    const saved = await sw.post(`/people/${child.id}/addresses/${address.id}/end`, {
      version: String(address.version),
      'to-day': '31',
      'to-month': '10',
      'to-year': '2026',
    })
    assert.equal(saved.statusCode, 303, saved.body)
    assert.deepEqual(await rowsOf(child.id), [{ id: address.id, endedOn: '2026-10-31' }])
  })
})

describe('the household', () => {
  it("shows each member's current address, and for a confidential one only who holds it", async () => {
    const child = await given.child()
    const mother = await given.adult()
    const father = await given.adult()
    await given.relationship(child, mother, { kind: 'parent', livesWith: false })
    await given.relationship(child, father, { kind: 'parent', livesWith: true })
    await added(mother.id, { ...REFUGE, confidential: true }, 'tm@csc.example')
    await added(father.id, { ...HOME, confidential: false })
    const sw = await given.agent('sw@csc.example')
    const $ = page(await sw.get(`/people/${child.id}`))
    const household = $('#household ~ table').first()
    const row = (p: { givenName: string }) =>
      household.find('tbody tr').filter((_i, tr) => $(tr).text().includes(p.givenName))
    assert.match(row(father).find('[data-label="Address now"]').text(), /12 Puddingstone Row/)
    assert.match(row(mother).find('[data-label="Address now"]').text(), /Confidential address: held by/)
    assert.doesNotMatch(household.text(), /Lanternlight/)
    // Names are links for a reader who may open the member's record.
    assert.equal(row(father).find(`a[href="/people/${father.id}"]`).length, 1)
  })

  it('lists brothers and sisters, recorded or sharing a parent, with their age', async () => {
    const child = await given.child({ dateOfBirth: '2018-02-02' })
    const parent = await given.adult()
    const halfBrother = await given.child({ dateOfBirth: '2012-06-01' })
    await given.relationship(child, parent, { kind: 'parent' })
    await given.relationship(halfBrother, parent, { kind: 'parent' })
    const sw = await given.agent('sw@csc.example')
    const $ = page(await sw.get(`/people/${child.id}`))
    const row = $('#siblings + table tbody tr').filter((_i, tr) => $(tr).text().includes(halfBrother.givenName))
    assert.equal(row.find('[data-label="Age"]').text().trim(), '14')
    assert.match(row.find('[data-label="How"]').text(), new RegExp(`Shares a parent: ${parent.givenName}`))
  })
})

describe('a merge moves addresses', () => {
  it('moves the merged record’s addresses to the record kept, and back when undone', async () => {
    const kept = await given.child()
    const twice = await given.child()
    const address = await added(twice.id, { ...HOME, confidential: false })
    const merged = await call('POST', `/api/v1/people/${twice.id}/merge`, 'sw@csc.example', {
      intoPersonId: kept.id,
      reason: 'One child recorded twice',
    })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(await rowsOf(kept.id), [{ id: address.id, endedOn: null }])
    const undone = await call('POST', `/api/v1/people/${twice.id}/unmerge`, 'sw@csc.example', {
      reason: 'They were twins after all',
    })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.deepEqual(await rowsOf(twice.id), [{ id: address.id, endedOn: null }])
  })
})
