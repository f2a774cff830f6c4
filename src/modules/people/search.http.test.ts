import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { randomUUID } from 'node:crypto'
import { bearer, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName } from '../../../test/given.ts'
import { asPartnership, asSystem } from '../../db/context.ts'
import { loadPeople, type PersonRow } from './index.ts'

// Person search forgives what people type: one letter dropped, added or changed, two letters swapped, and a
// given and family name the wrong way round. Each test searches for a child of its own, by a name no other has.

const { app } = await testApp()
const given = fixtures(app)

async function found(q: string, dateOfBirth?: string): Promise<string[]> {
  const response = await app.inject({
    url: `/api/v1/people?${new URLSearchParams({ q, ...(dateOfBirth ? { dateOfBirth } : {}) }).toString()}`,
    headers: bearer(await given.apiToken('mash@csc.example')),
  })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<{ id: string }[]>().map(p => p.id)
}

// Family names of eight letters, as "Childone" is: one slip in a word that short changes too many of its
// trigrams for trigram similarity alone to find it. Each test has its own, no two within one slip of each other.
const FAMILY_NAMES = ['Bramhild', 'Quenfold', 'Wistlane', 'Corvinet', 'Thimbrel', 'Larkmoor', 'Pellowin']
let next = 0

/** A child with a given name of the fixtures and a short family name of their own, and that name. */
async function someone() {
  const name = { givenName: inventName().givenName, familyName: FAMILY_NAMES[next++] ?? 'Spareling' }
  const child = await given.child(name)
  return { child, ...name }
}

const drop = (word: string, at: number) => word.slice(0, at) + word.slice(at + 1)
const swap = (word: string, at: number) =>
  word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2)
const change = (word: string, at: number) => word.slice(0, at) + (word[at] === 'x' ? 'z' : 'x') + word.slice(at + 1)
const add = (word: string, at: number) => `${word.slice(0, at)}q${word.slice(at)}`

describe('person search forgives a slip', () => {
  it('finds a family name typed alone with a letter dropped ("Chldone" for "Childone")', async () => {
    const { child, familyName } = await someone()
    assert.ok((await found(drop(familyName, 2))).includes(child.id))
  })

  it('finds a family name typed alone with two letters swapped ("Chlidone")', async () => {
    const { child, familyName } = await someone()
    assert.ok((await found(swap(familyName, 2))).includes(child.id))
  })

  it('finds a family name typed alone with a letter changed', async () => {
    const { child, familyName } = await someone()
    assert.ok((await found(change(familyName, 3))).includes(child.id))
  })

  it('finds a family name typed alone with a letter added', async () => {
    const { child, familyName } = await someone()
    assert.ok((await found(add(familyName, 3))).includes(child.id))
  })

  it('finds a given and family name typed the wrong way round', async () => {
    const { child, givenName, familyName } = await someone()
    const results = await found(`${familyName} ${givenName}`)
    assert.equal(results[0], child.id)
  })

  it('finds a full name the wrong way round with a slip in it, first', async () => {
    const { child, givenName, familyName } = await someone()
    const results = await found(`${swap(familyName, 3)} ${givenName}`)
    assert.equal(results[0], child.id)
  })

  it('does not find a name two slips away typed alone', async () => {
    const { child, familyName } = await someone()
    assert.ok(!(await found(drop(drop(familyName, 5), 2))).includes(child.id))
  })
})

describe('person search among many of one name', () => {
  it('finds the person of the date of birth given, however many share a closer name', async () => {
    // 250 children named exactly as typed, each born on another day, and the child sought, whose given name is
    // only close to what was typed: the date of birth must narrow the search before the best 200 names are taken.
    const user = await asSystem(() =>
      app.lantern.db
        .selectFrom('users')
        .select(['id', 'partnershipId', 'agencyId'])
        .where('email', '=', 'mash@csc.example')
        .executeTakeFirstOrThrow(),
    )
    const now = new Date()
    const row = (givenName: string, dateOfBirth: string): PersonRow => ({
      partnershipId: user.partnershipId,
      id: randomUUID(),
      givenName,
      familyName: 'Dunnymarsh',
      otherNames: [],
      dateOfBirth,
      dateOfBirthEstimated: false,
      sex: 'female',
      ethnicity: null,
      firstLanguage: null,
      interpreterNeeded: false,
      communicationNeeds: null,
      disabilities: [],
      nhsNumber: null,
      uniquePupilNumber: null,
      searchName: `${givenName} Dunnymarsh`.toLowerCase(),
      recordedByAgencyId: user.agencyId,
      recordedByUserId: user.id,
      createdAt: now,
      updatedAt: now,
    })
    const namesakes = Array.from({ length: 250 }, (_, i) =>
      row('Wren', new Date(Date.UTC(2012, 0, 1 + i)).toISOString().slice(0, 10)),
    )
    const sought = row('Wrenna', '2019-06-15')
    await asPartnership(user.partnershipId, () =>
      app.lantern.db.transaction().execute(trx => loadPeople(trx, [...namesakes, sought], [])),
    )
    assert.deepEqual(await found('Wren Dunnymarsh', '2019-06-15'), [sought.id])
  })
})
