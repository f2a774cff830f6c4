import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addsUp, addsUpFinding, type ConcernToAddUp } from './adds-up.ts'

const NOW = new Date('2026-11-25T09:00:00Z')
const POLICY = { concernsAddUpDays: 30 }
const DAY = 24 * 60 * 60 * 1000

const AGENCIES = { school: 'Lanternfield Primary School', police: 'Northshire Police', health: 'Health Trust' }

let made = 0
/** A concern raised `daysAgo` before NOW, by an agency named by its key, with indicators only unless said. */
function concern(agency: keyof typeof AGENCIES, daysAgo: number, fields: Partial<ConcernToAddUp> = {}): ConcernToAddUp {
  made++
  return {
    id: `c${String(made).padStart(3, '0')}`,
    childId: 'child-1',
    agencyId: agency,
    agencyName: AGENCIES[agency],
    recordedAt: new Date(NOW.getTime() - daysAgo * DAY),
    indicators: ['beh-regression'],
    disclosure: 'none',
    ...fields,
  }
}

describe('concerns that add up', () => {
  it('fires for two agencies within the period on indicators alone, with no disclosure', () => {
    const found = addsUp([concern('school', 20), concern('health', 2)], NOW, POLICY)
    assert.deepEqual(
      found?.agencies.map(a => a.agencyName),
      ['Lanternfield Primary School', 'Health Trust'],
    )
    assert.equal(found.concerns.length, 2)
  })

  it('fires for concerns with neither indicators nor a disclosure: a worry is enough', () => {
    const found = addsUp(
      [concern('school', 3, { indicators: [] }), concern('police', 1, { indicators: [] })],
      NOW,
      POLICY,
    )
    assert.equal(found?.agencies.length, 2)
  })

  it('does not fire for many concerns from one agency', () => {
    assert.equal(addsUp([concern('school', 1), concern('school', 5), concern('school', 9)], NOW, POLICY), null)
  })

  it('does not fire when the second agency raised its concern before the period began', () => {
    assert.equal(addsUp([concern('school', 31), concern('health', 2)], NOW, POLICY), null)
  })

  it('counts a concern raised exactly the period ago as within it', () => {
    assert.equal(addsUp([concern('school', 30), concern('health', 2)], NOW, POLICY)?.agencies.length, 2)
  })

  it("follows the partnership's period rather than a fixed one", () => {
    const concerns = [concern('school', 40), concern('health', 2)]
    assert.equal(addsUp(concerns, NOW, POLICY), null)
    assert.equal(addsUp(concerns, NOW, { concernsAddUpDays: 60 })?.agencies.length, 2)
  })

  it('adds up concerns about different children of one household', () => {
    const found = addsUp([concern('school', 4), concern('police', 3, { childId: 'sibling-2' })], NOW, POLICY)
    assert.deepEqual(
      found?.concerns.map(c => c.childId),
      ['child-1', 'sibling-2'],
    )
  })

  it('leaves out concerns outside the period, and lists those inside oldest first, grouped by agency', () => {
    const old = concern('police', 45)
    const found = addsUp([concern('health', 1), old, concern('school', 10), concern('health', 12)], NOW, POLICY)
    assert.deepEqual(
      found?.agencies.map(a => [a.agencyId, a.concerns.length]),
      [
        ['health', 2],
        ['school', 1],
      ],
    )
    assert.ok(!found.concerns.includes(old))
    assert.deepEqual(
      found.concerns.map(c => c.agencyId),
      ['health', 'school', 'health'],
    )
  })

  it('ignores a concern recorded after the moment asked about', () => {
    assert.equal(addsUp([concern('school', 2), concern('health', -1)], NOW, POLICY), null)
  })

  it('says what adds up as a prompt naming the agencies and each concern, with its source in the review', () => {
    const found = addsUp([concern('school', 20), concern('health', 2, { disclosure: 'partial' })], NOW, POLICY)
    assert.ok(found)
    const finding = addsUpFinding(found, 'child-1', c => ({
      when: c.recordedAt.toISOString().slice(0, 10),
      about: 'this child',
    }))
    assert.equal(finding.severity, 'prompt')
    assert.match(
      finding.message,
      /^Concerns from 2 agencies in the last 30 days: Lanternfield Primary School and Health Trust\./,
    )
    assert.deepEqual(finding.facts, [
      'Lanternfield Primary School, 2026-11-05, about this child: 1 sign or indicator; no disclosure',
      'Health Trust, 2026-11-23, about this child: 1 sign or indicator; disclosure: partial',
    ])
    assert.equal(finding.source.code, 'PI-1')
  })
})
