import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type Who } from '../../../test/given.ts'
import type { ErrorBody, Household, MergedPerson, PersonBody, RecordedPerson } from '../../../test/types.ts'

// One record of each child: a possible duplicate is resolved by saying it is not the same person, or by merging
// the two records, after which everything follows the record kept and both ids keep answering.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const api = async (method: 'GET' | 'POST', url: string, who: Who, payload?: Record<string, unknown>) =>
  app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })

/** One child recorded twice, by social care, with a slip in the second record's given name. */
async function recordedTwice() {
  const name = inventName()
  const kept = await given.child({ ...name, dateOfBirth: '2018-02-14' })
  const twice = await given.child({ ...name, givenName: `${name.givenName}e`, dateOfBirth: '2018-02-14' })
  return { kept, twice }
}

const merge = (from: string, body: Record<string, unknown>, who: Who = 'sw@csc.example') =>
  api('POST', `/api/v1/people/${from}/merge`, who, body)

async function duplicatesOf(personId: string) {
  const read = await api('GET', `/api/v1/people/${personId}/household`, 'sw@csc.example')
  return read.json<Household>().possibleDuplicates.map(d => d.id)
}

const personRow = (id: string) =>
  asSystem(() => db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow())

describe('not the same person', () => {
  it('is flagged as a possible duplicate until marked, then in neither order', async () => {
    const { kept, twice } = await recordedTwice()
    assert.ok((await duplicatesOf(kept.id)).includes(twice.id))
    const marked = await api('POST', `/api/v1/people/${twice.id}/not-duplicate`, 'sw@csc.example', {
      otherPersonId: kept.id,
    })
    assert.equal(marked.statusCode, 201, marked.body)
    assert.ok(!(await duplicatesOf(kept.id)).includes(twice.id))
    assert.ok(!(await duplicatesOf(twice.id)).includes(kept.id))
  })

  it('refuses a record paired with itself or with another partnership’s, naming the field', async () => {
    const { kept } = await recordedTwice()
    const itself = await api('POST', `/api/v1/people/${kept.id}/not-duplicate`, 'sw@csc.example', {
      otherPersonId: kept.id,
    })
    assert.equal(itself.statusCode, 400)
    assert.ok(itself.json<ErrorBody>().error.fields?.otherPersonId)
    const elsewhere = await given.child({}, 'sw@southvale.example')
    const across = await api('POST', `/api/v1/people/${kept.id}/not-duplicate`, 'sw@csc.example', {
      otherPersonId: elsewhere.id,
    })
    assert.equal(across.statusCode, 400)
    assert.match(across.json<ErrorBody>().error.fields?.otherPersonId ?? '', /your partnership/)
  })

  it('is marked from its page, and the record says so', async () => {
    const { kept, twice } = await recordedTwice()
    const sw = await given.agent('sw@csc.example')
    const person = page(await sw.get(`/people/${kept.id}`))
    const link = person(`a[href="/people/${kept.id}/not-duplicate?otherPersonId=${twice.id}"]`)
    assert.equal(link.length, 1)
    const confirm = page(await sw.get(link.attr('href') ?? ''))
    assert.match(confirm('h1').text(), /different people/)
    const done = await sw.post(`/people/${kept.id}/not-duplicate`, { otherPersonId: twice.id })
    assert.equal(done.statusCode, 303)
    const after = page(await sw.get(String(done.headers.location)))
    assert.match(after('.govuk-notification-banner').text(), /not the same person/)
    assert.doesNotMatch(after('.govuk-inset-text').text(), new RegExp(twice.givenName))
  })
})

describe('merging two records', () => {
  it('moves cases, concerns, relationships and chronology to the record kept, and records what moved', async () => {
    const { kept, twice } = await recordedTwice()
    const other = await given.case({ children: [twice] })
    const entry = await given.entry(other, { childId: twice.id })
    const concern = await given.concern({ child: twice })
    const mum = await given.adult()
    await api('POST', `/api/v1/people/${twice.id}/relationships`, 'sw@csc.example', {
      otherPersonId: mum.id,
      kind: 'parent',
      livesWith: true,
      hasContact: true,
    })
    const merged = await merge(twice.id, { intoPersonId: kept.id, reason: 'Same NHS number on the GP letter' })
    assert.equal(merged.statusCode, 200, merged.body)
    const { moved } = merged.json<MergedPerson>()
    assert.deepEqual(moved.caseChildren, [other.id])
    assert.deepEqual(moved.concerns, [concern.id])
    assert.equal(moved.relationships?.length, 1)
    assert.ok(moved.chronologyEvents?.includes(entry.id))
    const children = await asSystem(() =>
      db.selectFrom('caseChildren').select('personId').where('caseId', '=', other.id).execute(),
    )
    assert.deepEqual(
      children.map(c => c.personId),
      [kept.id],
    )
    const concernRow = await asSystem(() =>
      db.selectFrom('concerns').select('childId').where('id', '=', concern.id).executeTakeFirstOrThrow(),
    )
    assert.equal(concernRow.childId, kept.id)
    const household = await api('GET', `/api/v1/people/${kept.id}/household`, 'sw@csc.example')
    assert.ok(household.json<Household>().members.some(m => m.personId === mum.id))
  })

  it('keeps the merged id answering: the API points to the record kept and the page leads there', async () => {
    const { kept, twice } = await recordedTwice()
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child' })
    const read = await api('GET', `/api/v1/people/${twice.id}`, 'sw@csc.example')
    assert.equal(read.statusCode, 200)
    assert.equal(read.json<PersonBody>().mergedIntoId, kept.id)
    const sw = await given.agent('sw@csc.example')
    const old = await sw.get(`/people/${twice.id}`)
    assert.equal(old.statusCode, 303)
    assert.equal(old.headers.location, `/people/${kept.id}?merged=1`)
  })

  it('lets the team of a case about the merged record read the record kept (need to know follows the case)', async () => {
    const { kept, twice } = await recordedTwice()
    await given.case({ children: [twice], agencies: ['police'] })
    assert.equal((await api('GET', `/api/v1/people/${kept.id}`, 'police_investigator')).statusCode, 403)
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child' })
    assert.equal((await api('GET', `/api/v1/people/${kept.id}`, 'police_investigator')).statusCode, 200)
    assert.equal((await api('GET', `/api/v1/people/${twice.id}`, 'police_investigator')).statusCode, 200)
  })

  it('refuses a record merged into itself, naming the field, and saves nothing', async () => {
    const { kept } = await recordedTwice()
    const refused = await merge(kept.id, { intoPersonId: kept.id, reason: 'Same child' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.intoPersonId ?? '', /cannot be merged into itself/)
    assert.equal((await personRow(kept.id)).mergedIntoId, null)
  })

  it('refuses a merge across partnerships, naming the field, and saves nothing', async () => {
    const { kept } = await recordedTwice()
    const elsewhere: RecordedPerson = await given.child({}, 'sw@southvale.example')
    const into = await merge(kept.id, { intoPersonId: elsewhere.id, reason: 'Same child' })
    assert.equal(into.statusCode, 400)
    assert.match(into.json<ErrorBody>().error.fields?.intoPersonId ?? '', /your partnership/)
    const from = await merge(elsewhere.id, { intoPersonId: kept.id, reason: 'Same child' })
    assert.equal(from.statusCode, 404)
    assert.equal((await personRow(kept.id)).mergedIntoId, null)
  })

  it('refuses a merge without a reason, naming the field', async () => {
    const { kept, twice } = await recordedTwice()
    const refused = await merge(twice.id, { intoPersonId: kept.id, reason: '' })
    assert.equal(refused.statusCode, 400)
    assert.ok(refused.json<ErrorBody>().error.fields?.reason)
  })

  it('answers 409 to a stale version and to a record already merged', async () => {
    const { kept, twice } = await recordedTwice()
    const stale = await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child', version: 7 })
    assert.equal(stale.statusCode, 409)
    assert.equal((await personRow(twice.id)).mergedIntoId, null)
    assert.equal((await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child', version: 1 })).statusCode, 200)
    const again = await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child' })
    assert.equal(again.statusCode, 409)
  })

  it('refuses a merge into a record that was itself merged', async () => {
    const { kept, twice } = await recordedTwice()
    const third = await given.child()
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child' })
    const refused = await merge(third.id, { intoPersonId: twice.id, reason: 'Same child' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.intoPersonId ?? '', /itself been merged/)
  })

  it('is for children’s social care: a police investigator may not merge', async () => {
    const a = await given.child({}, 'police_investigator')
    const b = await given.child({}, 'police_investigator')
    const refused = await merge(a.id, { intoPersonId: b.id, reason: 'Same child' }, 'police_investigator')
    assert.equal(refused.statusCode, 403)
  })

  it('writes one audit row with every row it moved, and a merge record to undo it by', async () => {
    const { kept, twice } = await recordedTwice()
    const kase = await given.case({ children: [twice] })
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same NHS number' })
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'person.merge')
        .where('objectId', '=', twice.id)
        .execute(),
    )
    assert.equal(audit.length, 1)
    const detail = audit[0]?.detail as { intoPersonId: string; moved: { caseChildren: string[] } }
    assert.equal(detail.intoPersonId, kept.id)
    assert.deepEqual(detail.moved.caseChildren, [kase.id])
    const record = await asSystem(() =>
      db.selectFrom('personMerges').selectAll().where('fromPersonId', '=', twice.id).executeTakeFirstOrThrow(),
    )
    assert.equal(record.reason, 'Same NHS number')
    assert.deepEqual((record.moved as { caseChildren: string[] }).caseChildren, [kase.id])
  })

  it('leaves the merged record out of search', async () => {
    const { kept, twice } = await recordedTwice()
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same child' })
    const found = await api('GET', `/api/v1/people?q=${encodeURIComponent(kept.familyName)}`, 'sw@csc.example')
    const ids = found.json<{ id: string }[]>().map(p => p.id)
    assert.ok(ids.includes(kept.id))
    assert.ok(!ids.includes(twice.id))
  })
})

describe('merging on the pages', () => {
  it('checks both records, named with age and date of birth, before merging', async () => {
    const { kept, twice } = await recordedTwice()
    const sw = await given.agent('sw@csc.example')
    const person = page(await sw.get(`/people/${kept.id}`))
    const href = person(`a[href="/people/${twice.id}/merge?into=${kept.id}"]`).attr('href')
    assert.ok(href)
    const $ = page(await sw.get(href))
    const cards = $('.govuk-summary-card').text()
    assert.match(cards, new RegExp(`${kept.givenName} ${kept.familyName}`))
    assert.match(cards, new RegExp(`${twice.givenName} ${twice.familyName}`))
    assert.match(cards, /8 years old/)
    assert.match(cards, /14 February 2018/)
    const done = await sw.post(`/people/${twice.id}/merge`, {
      intoPersonId: kept.id,
      version: '1',
      reason: 'Same child, confirmed with the school',
    })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/people/${kept.id}?merged=1`)
    assert.equal((await personRow(twice.id)).mergedIntoId, kept.id)
  })

  it('sends a merge without a reason back with the error summary, and saves nothing', async () => {
    const { kept, twice } = await recordedTwice()
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/people/${twice.id}/merge?into=${kept.id}`)
    const refused = await sw.post(`/people/${twice.id}/merge`, { intoPersonId: kept.id, version: '1', reason: '' })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('.govuk-error-summary').text(), /Enter why these records are the same person/)
    assert.equal((await personRow(twice.id)).mergedIntoId, null)
  })
})

describe('undoing a merge', () => {
  const unmerge = (from: string, body: Record<string, unknown>, who: Who = 'sw@csc.example') =>
    api('POST', `/api/v1/people/${from}/unmerge`, who, body)

  /** Two records of "one" child, each with a case, a concern, a parent and an entry; the second merged into the first. */
  async function mergedWithEverything() {
    const { kept, twice } = await recordedTwice()
    const keptCase = await given.case({ children: [kept] })
    const twiceCase = await given.case({ children: [twice] })
    const entry = await given.entry(twiceCase, { childId: twice.id })
    const concern = await given.concern({ child: twice })
    const mum = await given.adult()
    await api('POST', `/api/v1/people/${twice.id}/relationships`, 'sw@csc.example', {
      otherPersonId: mum.id,
      kind: 'parent',
      livesWith: true,
      hasContact: true,
    })
    const merged = await merge(twice.id, { intoPersonId: kept.id, reason: 'Same NHS number on the GP letter' })
    assert.equal(merged.statusCode, 200, merged.body)
    return { kept, twice, keptCase, twiceCase, entry, concern, mum, moved: merged.json<MergedPerson>().moved }
  }

  it('moves back exactly what the merge moved, and both records answer as themselves', async () => {
    const { kept, twice, keptCase, twiceCase, entry, concern, mum } = await mergedWithEverything()
    const undone = await unmerge(twice.id, { reason: 'Twins: the GP letter had the wrong NHS number' })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.equal(undone.json<{ wasMergedIntoId: string }>().wasMergedIntoId, kept.id)
    const childOf = async (caseId: string) =>
      (
        await asSystem(() =>
          db.selectFrom('caseChildren').select('personId').where('caseId', '=', caseId).executeTakeFirstOrThrow(),
        )
      ).personId
    assert.equal(await childOf(twiceCase.id), twice.id)
    assert.equal(await childOf(keptCase.id), kept.id)
    const concernRow = await asSystem(() =>
      db.selectFrom('concerns').select('childId').where('id', '=', concern.id).executeTakeFirstOrThrow(),
    )
    assert.equal(concernRow.childId, twice.id)
    const entryRow = await asSystem(() =>
      db.selectFrom('chronologyEvents').select('childId').where('publicId', '=', entry.id).executeTakeFirstOrThrow(),
    )
    assert.equal(entryRow.childId, twice.id)
    const household = await api('GET', `/api/v1/people/${twice.id}/household`, 'sw@csc.example')
    assert.ok(household.json<Household>().members.some(m => m.personId === mum.id))
    const read = await api('GET', `/api/v1/people/${twice.id}`, 'sw@csc.example')
    assert.equal(read.statusCode, 200)
    assert.equal(read.json<PersonBody>().mergedIntoId, null)
    assert.equal((await api('GET', `/api/v1/people/${kept.id}`, 'sw@csc.example')).statusCode, 200)
  })

  it('keeps the merge, saying who undid it, when and why, and audits every row moved back', async () => {
    const { twice } = await mergedWithEverything()
    await unmerge(twice.id, { reason: 'Twins after all' })
    const record = await asSystem(() =>
      db.selectFrom('personMerges').selectAll().where('fromPersonId', '=', twice.id).executeTakeFirstOrThrow(),
    )
    assert.equal(record.undoneReason, 'Twins after all')
    assert.ok(record.undoneAt && record.undoneByUserId)
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'person.unmerge')
        .where('objectId', '=', twice.id)
        .execute(),
    )
    assert.equal(audit.length, 1)
    assert.equal((audit[0]?.detail as { movedBack: { concerns: string[] } }).movedBack.concerns.length, 1)
  })

  it('leaves with the record kept what was recorded on it after the merge', async () => {
    const { kept, twice, twiceCase } = await mergedWithEverything()
    const later = await given.entry(twiceCase, { childId: kept.id, summary: 'Seen at home after the merge' })
    await unmerge(twice.id, { reason: 'Twins after all' })
    const row = await asSystem(() =>
      db.selectFrom('chronologyEvents').select('childId').where('publicId', '=', later.id).executeTakeFirstOrThrow(),
    )
    assert.equal(row.childId, kept.id)
  })

  it('refuses a merge already undone, and a record never merged (409), saving nothing', async () => {
    const { twice, kept } = await mergedWithEverything()
    assert.equal((await unmerge(twice.id, { reason: 'Twins after all' })).statusCode, 200)
    const again = await unmerge(twice.id, { reason: 'Twins after all' })
    assert.equal(again.statusCode, 409)
    assert.match(again.json<ErrorBody>().error.message, /not merged|already been undone/)
    assert.equal((await unmerge(kept.id, { reason: 'Never merged' })).statusCode, 409)
  })

  it('can merge the two again once undone', async () => {
    const { twice, kept } = await mergedWithEverything()
    await unmerge(twice.id, { reason: 'Undone too soon' })
    const again = await merge(twice.id, { intoPersonId: kept.id, reason: 'Confirmed with the GP after all' })
    assert.equal(again.statusCode, 200, again.body)
  })

  it('refuses a stale version (409) and a missing reason (400 naming it)', async () => {
    const { twice } = await mergedWithEverything()
    const stale = await unmerge(twice.id, { reason: 'Twins after all', version: 1 })
    assert.equal(stale.statusCode, 409)
    const blank = await unmerge(twice.id, { reason: '' })
    assert.equal(blank.statusCode, 400)
    assert.ok(blank.json<ErrorBody>().error.fields?.reason)
    assert.notEqual((await personRow(twice.id)).mergedIntoId, null)
  })

  it('refuses when the record kept has since been merged itself, until that merge is undone', async () => {
    const { twice, kept } = await mergedWithEverything()
    const third = await given.child({
      givenName: kept.givenName,
      familyName: kept.familyName,
      dateOfBirth: '2018-02-14',
    })
    assert.equal((await merge(kept.id, { intoPersonId: third.id, reason: 'Third record' })).statusCode, 200)
    const refused = await unmerge(twice.id, { reason: 'Twins after all' })
    assert.equal(refused.statusCode, 409)
    assert.match(refused.json<ErrorBody>().error.message, /undo that merge first/)
    assert.equal((await unmerge(kept.id, { reason: 'Third record was wrong' })).statusCode, 200)
    assert.equal((await unmerge(twice.id, { reason: 'Twins after all' })).statusCode, 200)
  })

  it('refuses when a moved row no longer names the record kept, saving nothing', async () => {
    const { twice, concern } = await mergedWithEverything()
    const elsewhere = await given.child()
    await asSystem(() =>
      db.updateTable('concerns').set({ childId: elsewhere.id }).where('id', '=', concern.id).execute(),
    )
    const refused = await unmerge(twice.id, { reason: 'Twins after all' })
    assert.equal(refused.statusCode, 409)
    assert.match(refused.json<ErrorBody>().error.message, /concerns the merge moved no longer belong/)
    assert.notEqual((await personRow(twice.id)).mergedIntoId, null)
  })

  it('is refused to those who may not merge', async () => {
    const { twice } = await mergedWithEverything()
    assert.equal((await unmerge(twice.id, { reason: 'Twins after all' }, 'police_investigator')).statusCode, 403)
  })
})

describe('undoing a merge, on the pages', () => {
  it('links from the record kept to a page saying what moves back, then undoes it with a reason', async () => {
    const { kept, twice } = await recordedTwice()
    await given.concern({ child: twice })
    await merge(twice.id, { intoPersonId: kept.id, reason: 'Same NHS number on the GP letter' })
    const sw = await given.agent('sw@csc.example')
    const person = page(await sw.get(`/people/${kept.id}`))
    const link = person(`a[href="/people/${twice.id}/unmerge"]`)
    assert.equal(link.length, 1)
    assert.match(link.text(), /Undo this merge/)
    const check = page(await sw.get(`/people/${twice.id}/unmerge`))
    assert.match(check('h1').text(), /Check what moves back/)
    assert.match(check('main').text(), /1 concern/)
    assert.match(check('main').text(), /Same NHS number on the GP letter/)
    const version = check('input[name="version"]').attr('value') ?? ''
    const refused = await sw.post(`/people/${twice.id}/unmerge`, { version, reason: '' })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('.govuk-error-summary').text(), /Enter why the merge was wrong/)
    assert.notEqual((await personRow(twice.id)).mergedIntoId, null, 'nothing undone without a reason')
    const done = await sw.post(`/people/${twice.id}/unmerge`, { version, reason: 'Twins after all' })
    assert.equal(done.statusCode, 303, done.body)
    assert.equal(done.headers.location, `/people/${twice.id}?unmerged=1`)
    const after = page(await sw.get(done.headers.location))
    assert.match(after('h1').text(), new RegExp(twice.givenName))
    assert.match(after('.govuk-notification-banner').text(), /Merge undone/)
  })

  it('sends a record that is not merged back to its own page', async () => {
    const { kept } = await recordedTwice()
    const sw = await given.agent('sw@csc.example')
    const response = await sw.get(`/people/${kept.id}/unmerge`)
    assert.equal(response.statusCode, 303)
    assert.equal(response.headers.location, `/people/${kept.id}`)
  })
})
