import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding } from '../../../kernel/findings.ts'
import type { StrategyDiscussionSeen } from '../../strategy/index.ts'
import { sg06HealthExpertise } from './sg-06-health-expertise.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-04T12:00:00Z')

function discussion(over: Partial<StrategyDiscussionSeen> = {}): StrategyDiscussionSeen {
  return {
    id: '00000000-0000-4000-8000-0000000005d1',
    heldAt: new Date('2026-11-03T10:00:00Z'),
    childIds: [CHILD],
    aboutSexualAbuse: true,
    completedAt: null,
    healthExpertiseAttended: false,
    healthConsultationRecorded: false,
    decisions: {
      section47: true,
      policeInvestigation: true,
      abeInterview: false,
      healthAssessment: false,
      immediateProtection: false,
    },
    ...over,
  }
}

/** The one finding the rule gave. */
function only(findings: readonly Finding[]): Finding {
  assert.equal(findings.length, 1)
  const [finding] = findings
  assert.ok(finding)
  return finding
}

const completing = { action: 'strategy.complete', events: [{ kind: 'strategy.completed', childId: null }] }

describe('SG-06: health expertise at a strategy discussion about sexual abuse', () => {
  it('refuses completing a discussion about sexual abuse with neither a health expert nor a consultation', () => {
    const finding = only(
      sg06HealthExpertise(
        snapshotOf({ ...completing, strategyDiscussions: [discussion({ completedAt: NOW })] }),
        NOW,
        POLICY,
      ),
    )
    assert.equal(finding.severity, 'block')
    assert.equal(finding.safeguard, 'SG-06')
    assert.equal(finding.source.code, 'PR-6')
    assert.equal(finding.childId, CHILD)
    assert.deepEqual(finding.facts, [
      'strategy discussion on 3 November 2026 about suspected sexual abuse had no health attendee with clinical experience of child sexual abuse',
      'no consultation with such a health professional is recorded',
    ])
  })

  it('prompts on a draft lacking both, with the words the task and notification may carry', () => {
    const finding = only(sg06HealthExpertise(snapshotOf({ strategyDiscussions: [discussion()] }), NOW, POLICY))
    assert.equal(finding.severity, 'prompt')
    assert.equal(
      finding.message,
      'Invite a health professional with clinical experience of child sexual abuse, or record a consultation with one',
    )
  })

  it('clears with a health attendee who has the clinical experience', () => {
    const snapshot = snapshotOf({
      ...completing,
      strategyDiscussions: [discussion({ completedAt: NOW, healthExpertiseAttended: true })],
    })
    assert.deepEqual(sg06HealthExpertise(snapshot, NOW, POLICY), [])
  })

  it('clears with a recorded consultation', () => {
    const snapshot = snapshotOf({
      ...completing,
      strategyDiscussions: [discussion({ completedAt: NOW, healthConsultationRecorded: true })],
    })
    assert.deepEqual(sg06HealthExpertise(snapshot, NOW, POLICY), [])
  })

  it('never fires on a discussion not about sexual abuse', () => {
    const snapshot = snapshotOf({
      ...completing,
      strategyDiscussions: [
        discussion({ completedAt: NOW, aboutSexualAbuse: false }),
        discussion({ aboutSexualAbuse: false }),
      ],
    })
    assert.deepEqual(sg06HealthExpertise(snapshot, NOW, POLICY), [])
  })

  it('does not count a health attendee without the experience (the snapshot says no expertise attended)', () => {
    // healthExpertiseAttended is false for such an attendee (strategySnapshot counts only health with experience).
    const finding = only(
      sg06HealthExpertise(
        snapshotOf({ ...completing, strategyDiscussions: [discussion({ completedAt: NOW })] }),
        NOW,
        POLICY,
      ),
    )
    assert.equal(finding.severity, 'block')
  })

  it('only prompts about a record completed by an earlier change', () => {
    const finding = only(
      sg06HealthExpertise(snapshotOf({ strategyDiscussions: [discussion({ completedAt: NOW })] }), NOW, POLICY),
    )
    assert.equal(finding.severity, 'prompt')
  })
})
