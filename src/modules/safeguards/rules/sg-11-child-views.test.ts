import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ChildViewSeen } from '../../voice/index.ts'
import { sg11ChildViews } from './sg-11-child-views.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`) // London midnight in winter
const NOW = new Date('2026-11-20T12:00:00Z')

const enquiry = (completedOn: string | null = null) => ({
  id: 'e1',
  childId: CHILD,
  startedAt: day('2026-11-02'),
  category: 'SAB' as const,
  completedAt: completedOn ? day(completedOn) : null,
  outcome: completedOn ? ('not_substantiated_support' as const) : null,
})

const view = (givenOn: string, childId = CHILD, inOwnWords = true): ChildViewSeen => ({
  id: 'v1',
  childId,
  stage: 'enquiry',
  givenAt: day(givenOn),
  inOwnWords,
})

const completing = [{ kind: 'section47.completed', childId: CHILD }]
const missing = (): never => assert.fail('expected a finding')

describe("SG-11: the child's views in an enquiry", () => {
  it('is due while the enquiry is open, by the day the enquiry should end', () => {
    const [finding = missing(), ...rest] = sg11ChildViews(snapshotOf({ section47Enquiries: [enquiry()] }), NOW, POLICY)
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-11')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'e1')
    assert.equal(finding.source.code, 'PR-5')
    // 45 working days from Monday 2 November 2026, over the Christmas and New Year bank holidays.
    assert.equal(finding.dueAt?.toISOString(), '2027-01-07T23:59:00.000Z')
    assert.deepEqual(finding.facts, [
      'section 47 enquiry started on 2 November 2026',
      'no views of the child have been recorded since, in their own words or why not',
    ])
  })

  it('takes its time from the policy', () => {
    const [finding = missing()] = sg11ChildViews(snapshotOf({ section47Enquiries: [enquiry()] }), NOW, {
      ...POLICY,
      assessmentWorkingDays: 5,
    })
    assert.equal(finding.dueAt?.toISOString(), '2026-11-09T23:59:00.000Z')
  })

  it('clears when the child’s views are recorded on or after the day the enquiry started, in words or not', () => {
    for (const v of [view('2026-11-02'), view('2026-11-10', CHILD, false)])
      assert.deepEqual(
        sg11ChildViews(snapshotOf({ section47Enquiries: [enquiry()], childViews: [v] }), NOW, POLICY),
        [],
      )
    assert.equal(
      sg11ChildViews(snapshotOf({ section47Enquiries: [enquiry()], childViews: [view('2026-11-01')] }), NOW, POLICY)
        .length,
      1,
      'views given before the enquiry started are not its views',
    )
    assert.equal(
      sg11ChildViews(
        snapshotOf({ section47Enquiries: [enquiry()], childViews: [view('2026-11-05', SIBLING)] }),
        NOW,
        POLICY,
      ).length,
      1,
      'another child’s views are not this child’s',
    )
  })

  it('refuses only the change that completes the enquiry without the views', () => {
    const [blocked = missing()] = sg11ChildViews(
      snapshotOf({ section47Enquiries: [enquiry('2026-11-20')], events: completing }),
      NOW,
      POLICY,
    )
    assert.equal(blocked.severity, 'block')
    assert.equal(blocked.message, "Record the child's views in their own words, or why not, before the enquiry ends")
    assert.equal(blocked.dueAt, undefined)
    assert.deepEqual(
      sg11ChildViews(snapshotOf({ section47Enquiries: [enquiry('2026-11-20')] }), NOW, POLICY),
      [],
      'an enquiry completed earlier, by another change, asks nothing',
    )
    assert.deepEqual(
      sg11ChildViews(
        snapshotOf({
          section47Enquiries: [enquiry('2026-11-20')],
          events: completing,
          childViews: [view('2026-11-19')],
        }),
        NOW,
        POLICY,
      ),
      [],
      'with the views recorded the enquiry may be completed',
    )
  })

  it('asks nothing about a child no longer on the case', () => {
    assert.deepEqual(sg11ChildViews(snapshotOf({ children: [], section47Enquiries: [enquiry()] }), NOW, POLICY), [])
  })
})
