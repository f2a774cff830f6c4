import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sg16AssessmentTimescale } from './sg-16-assessment-timescale.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const NOW = new Date('2026-11-25T09:00:00Z')
const assessment = (completedAt: Date | null = null) => ({
  id: 'a1',
  childId: CHILD,
  startedAt: day('2026-11-02'),
  completedAt,
})

const missing = (): never => assert.fail('expected a finding')

describe('SG-16: a child and family assessment within 45 working days', () => {
  it('is due 45 working days after its start while open, across the Christmas bank holidays', () => {
    const [finding = missing(), ...rest] = sg16AssessmentTimescale(
      snapshotOf({ assessments: [assessment()] }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-16')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'a1')
    // 2 November plus 45 working days, skipping weekends and 25 and 28 December and 1 January: 7 January.
    assert.equal(finding.dueAt?.toISOString(), '2027-01-07T23:59:00.000Z')
    assert.deepEqual(finding.facts, ['child and family assessment started on 2 November 2026 is not completed'])
    assert.equal(finding.source.code, 'PI-2')
  })

  it('takes its time from the policy: one working day from a Friday is the Monday', () => {
    const friday = { ...assessment(), startedAt: day('2026-11-06') }
    const [finding = missing()] = sg16AssessmentTimescale(snapshotOf({ assessments: [friday] }), NOW, {
      ...POLICY,
      assessmentWorkingDays: 1,
    })
    assert.equal(finding.dueAt?.toISOString(), '2026-11-09T23:59:00.000Z')
  })

  it('clears when the assessment is completed', () => {
    assert.deepEqual(
      sg16AssessmentTimescale(snapshotOf({ assessments: [assessment(day('2026-11-20'))] }), NOW, POLICY),
      [],
    )
  })
})
