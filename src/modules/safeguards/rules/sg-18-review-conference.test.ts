import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sg18ReviewConference } from './sg-18-review-conference.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const NOW = new Date('2026-12-14T09:00:00Z')
const conference = (id: string, kind: 'initial' | 'review', heldOn: string, planMade = true) => ({
  id,
  childId: CHILD,
  kind,
  heldAt: day(heldOn),
  planMade,
})

const missing = (): never => assert.fail('expected a finding')

describe('SG-18: review conferences while a child has a plan', () => {
  it('asks for the first review 3 months after the initial conference made a plan', () => {
    const [finding = missing(), ...rest] = sg18ReviewConference(
      snapshotOf({ conferences: [conference('c1', 'initial', '2026-11-30')] }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-18')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.recordId, 'c1')
    // 30 November plus three months: the end of February (no 30 February).
    assert.equal(finding.dueAt?.toISOString(), '2027-02-28T23:59:00.000Z')
    assert.deepEqual(finding.facts, [
      'initial child protection conference on 30 November 2026 made a child protection plan',
      'no review conference has been held since',
    ])
  })

  it('then every 6 months after the last review, keyed to that review', () => {
    const [finding = missing()] = sg18ReviewConference(
      snapshotOf({
        conferences: [conference('c1', 'initial', '2026-03-02'), conference('c2', 'review', '2026-06-01')],
      }),
      NOW,
      POLICY,
    )
    assert.equal(finding.recordId, 'c2')
    assert.equal(finding.message, 'Hold the next review child protection conference')
    // 1 June in summer time: the end of 1 December is 23:59 in England, which is GMT then.
    assert.equal(finding.dueAt?.toISOString(), '2026-12-01T23:59:00.000Z')
  })

  it('takes its months from the policy', () => {
    const [finding = missing()] = sg18ReviewConference(
      snapshotOf({ conferences: [conference('c1', 'initial', '2026-11-30')] }),
      NOW,
      { ...POLICY, firstReviewConferenceMonths: 1 },
    )
    assert.equal(finding.dueAt?.toISOString(), '2026-12-30T23:59:00.000Z')
  })

  it('asks nothing when no plan was made, or the last review ended the plan', () => {
    assert.deepEqual(
      sg18ReviewConference(
        snapshotOf({ conferences: [conference('c1', 'initial', '2026-11-30', false)] }),
        NOW,
        POLICY,
      ),
      [],
    )
    assert.deepEqual(
      sg18ReviewConference(
        snapshotOf({
          conferences: [conference('c1', 'initial', '2026-03-02'), conference('c2', 'review', '2026-06-01', false)],
        }),
        NOW,
        POLICY,
      ),
      [],
    )
  })
})
