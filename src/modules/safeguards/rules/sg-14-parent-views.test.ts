import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sg14ParentViews } from './sg-14-parent-views.ts'
import { POLICY, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-20T12:00:00Z')
const MOTHER = '00000000-0000-4000-8000-00000000a001'
const FATHER = '00000000-0000-4000-8000-00000000a002'
const UNCLE = '00000000-0000-4000-8000-00000000a003'
const missing = (): never => assert.fail('expected a finding')

describe('SG-14: the views of the non-abusing parent or carer', () => {
  it('prompts on an open case with no parent’s views, naming the parents and carers on it by role', () => {
    const [finding = missing(), ...rest] = sg14ParentViews(
      snapshotOf({
        adults: [
          { personId: FATHER, role: 'parent' },
          { personId: MOTHER, role: 'non_abusing_parent' },
          { personId: UNCLE, role: 'alleged_perpetrator' },
          { personId: UNCLE, role: 'carer' },
        ],
      }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-14')
    assert.equal(finding.severity, 'prompt')
    assert.equal(finding.message, 'Seek the views of the non-abusing parent or carer')
    assert.equal(finding.source.code, 'RQ-6')
    assert.deepEqual(finding.facts, [
      'on the case as a parent or carer not alleged to have harmed the child: non-abusing parent or carer, parent',
      'no views of a parent or carer have been recorded on the case',
    ])
  })

  it('prompts even with no parent on the case yet', () => {
    const [finding = missing()] = sg14ParentViews(snapshotOf(), NOW, POLICY)
    assert.equal(finding.facts[0], 'no adult is on the case as a parent or carer')
  })

  it('clears when a parent’s or carer’s views are recorded', () => {
    const parentViews = [{ id: 'p1', personId: MOTHER, givenAt: new Date('2026-11-10T00:00:00Z') }]
    assert.deepEqual(sg14ParentViews(snapshotOf({ parentViews }), NOW, POLICY), [])
  })

  it('asks nothing of a closed case', () => {
    const closed = snapshotOf()
    assert.deepEqual(sg14ParentViews({ ...closed, case: { ...closed.case, status: 'closed' } }, NOW, POLICY), [])
  })
})
