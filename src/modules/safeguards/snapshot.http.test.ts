import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asPartnership, asSystem } from '../../db/context.ts'
import { fixtures } from '../../../test/given.ts'
import { testApp } from '../../../test/helpers.ts'
import { pathwaySnapshot, pathwaySnapshots } from './snapshot.ts'

// The write pipeline reads every case a change touched at once (a conviction can reach five cases): each module
// reads all of them in one query per table and hands its rows back per case. Read together, each case must be
// exactly what it is read alone, with nothing of the other case in it.

const { app } = await testApp()
const given = fixtures(app)
const { db } = app.lantern
const READ = { action: 'read', events: [] }

describe('the pathway snapshots of several cases', () => {
  it('reads each case together as it reads it alone, and keeps each case to its own records', async () => {
    const [older, younger, neighbour] = [await given.child(), await given.child(), await given.child()]
    const stepfather = await given.adult()
    const ours = await given.case({ children: [older, younger] })
    const theirs = await given.case({ children: [neighbour], adults: [{ person: stepfather, role: 'other' }] })
    await given.childViews(ours, older)
    await given.childViews(theirs, neighbour, { words: 'I like my new school.' })
    await given.relationship(older, stepfather, { kind: 'step_parent' })
    const sw = await given.apiToken('sw@csc.example')
    const conviction = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${stepfather.id}/offending-history`,
      headers: { authorization: `Bearer ${sw}` },
      payload: { kind: 'conviction', date: '2018-06-12', description: 'Convicted of an offence (synthetic record)' },
    })
    assert.equal(conviction.statusCode, 201, conviction.body)

    const { partnershipId } = await asSystem(() =>
      db.selectFrom('cases').select('partnershipId').where('id', '=', ours.id).executeTakeFirstOrThrow(),
    )
    const [together, alone] = await asPartnership(partnershipId, () =>
      db.transaction().execute(async trx => {
        const both = await pathwaySnapshots(
          trx,
          new Map([
            [ours.id, READ],
            [theirs.id, READ],
          ]),
        )
        return [both, [await pathwaySnapshot(trx, ours.id), await pathwaySnapshot(trx, theirs.id)]] as const
      }),
    )
    assert.deepEqual(together.get(ours.id), alone[0])
    assert.deepEqual(together.get(theirs.id), alone[1])

    const [a, b] = alone
    assert.deepEqual(
      a.childViews.map(v => v.childId),
      [older.id],
    )
    assert.deepEqual(
      b.childViews.map(v => v.childId),
      [neighbour.id],
    )
    assert.deepEqual(
      a.riskLinks.map(l => [l.childId, l.link]),
      [[older.id, 'lives_with']],
      'our case: the child he lives with, not the other child',
    )
    assert.deepEqual(
      b.riskLinks.map(l => [l.childId, l.link]),
      [[neighbour.id, 'on_case']],
    )
  })
})
