import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AbeInterviewSeen } from '../../investigations/index.ts'
import { sg15JointTraining } from './sg-15-joint-training.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-25T09:00:00Z')

function interview(parts: Partial<AbeInterviewSeen> = {}): AbeInterviewSeen {
  return {
    id: '00000000-0000-4000-8000-0000000002a1',
    investigationId: '00000000-0000-4000-8000-0000000001a1',
    childId: CHILD,
    plannedAt: new Date('2026-11-30T10:00:00Z'),
    childInformedAt: null,
    informedBy: null,
    willingness: null,
    toldDecliningHarms: null,
    heldAt: null,
    notHeldReason: null,
    leadHasJointTraining: false,
    ...parts,
  }
}

const run = (i: AbeInterviewSeen) => sg15JointTraining(snapshotOf({ abeInterviews: [i] }), NOW, POLICY)

describe('SG-15: a lead interviewer with joint ABE training', () => {
  it('prompts when the planned interview’s lead has none', () => {
    const [finding] = run(interview())
    assert.equal(finding?.severity, 'prompt')
    assert.equal(finding.source.code, 'PR-2')
    assert.match(finding.facts[0] ?? '', /planned for 30 November 2026 is led by someone without joint ABE training/)
  })

  it('clears when the lead has joint training', () => {
    assert.deepEqual(run(interview({ leadHasJointTraining: true })), [])
  })

  it('asks nothing once the interview is held, or did not go ahead', () => {
    assert.deepEqual(run(interview({ heldAt: new Date('2026-11-30T10:00:00Z') })), [])
    assert.deepEqual(run(interview({ notHeldReason: 'The child chose not to' })), [])
  })
})
