import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { HealthDecisionSeen } from '../../health/index.ts'
import type { ConcernSeen } from '../../concerns/index.ts'
import type { StrategyDiscussionSeen } from '../../strategy/index.ts'
import { sg07HealthPathway } from './sg-07-health-pathway.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-02T12:00:00Z')

function concern(childId: string, recordedAt: string): ConcernSeen {
  return {
    id: `concern-${childId}-${recordedAt}`,
    childId,
    recordedAt: new Date(recordedAt),
    indicators: [],
    disclosure: 'none',
  }
}

function decision(fields: Partial<HealthDecisionSeen> = {}): HealthDecisionSeen {
  return {
    id: 'decision-1',
    childId: CHILD,
    pathway: 'forensic_recent',
    decidedAt: new Date('2026-11-02T15:00:00Z'),
    lastAbuseOn: null,
    referredAt: null,
    seenAt: null,
    outcomeAt: null,
    ...fields,
  }
}

function discussion(fields: Partial<StrategyDiscussionSeen> = {}): StrategyDiscussionSeen {
  return {
    id: 'discussion-1',
    heldAt: new Date('2026-11-03T10:00:00Z'),
    childIds: [CHILD],
    aboutSexualAbuse: true,
    completedAt: null,
    healthExpertiseAttended: true,
    healthConsultationRecorded: false,
    decisions: {
      section47: true,
      policeInvestigation: true,
      abeInterview: false,
      healthAssessment: true,
      immediateProtection: false,
    },
    ...fields,
  }
}

const twoChildren = [
  { personId: CHILD, status: 'open' as const, role: 'subject' },
  { personId: SIBLING, status: 'open' as const, role: 'sibling' },
]

describe('SG-07: a health pathway decision for each child with a concern', () => {
  it('says nothing about a case with no concern', () => {
    assert.deepEqual(sg07HealthPathway(snapshotOf(), NOW, POLICY), [])
  })

  it('makes a decision due for the child of a concern, within one working day, with the facts and the source', () => {
    const [finding, ...rest] = sg07HealthPathway(
      snapshotOf({ concerns: [concern(CHILD, '2026-11-02T09:30:00Z')] }),
      NOW,
      POLICY,
    )
    assert.ok(finding)
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-07')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-03T09:30:00.000Z')
    assert.equal(finding.source.code, 'PR-6')
    assert.deepEqual(finding.facts, [
      'a concern about sexual abuse was recorded on 2 November 2026 and no health pathway decision is recorded for the child',
    ])
    assert.doesNotMatch(finding.message, /Linnet|child [A-Z]/)
  })

  it('fires once for each child with a concern, and not for a child without one', () => {
    const findings = sg07HealthPathway(
      snapshotOf({
        children: twoChildren,
        concerns: [concern(CHILD, '2026-11-02T09:30:00Z'), concern(SIBLING, '2026-11-02T10:00:00Z')],
      }),
      NOW,
      POLICY,
    )
    assert.deepEqual(
      findings.map(f => f.childId),
      [CHILD, SIBLING],
    )
    const onlyOne = sg07HealthPathway(
      snapshotOf({ children: twoChildren, concerns: [concern(SIBLING, '2026-11-02T10:00:00Z')] }),
      NOW,
      POLICY,
    )
    assert.deepEqual(
      onlyOne.map(f => f.childId),
      [SIBLING],
    )
  })

  it('times the decision from the child’s first concern, however many there are', () => {
    const [finding] = sg07HealthPathway(
      snapshotOf({ concerns: [concern(CHILD, '2026-11-02T09:30:00Z'), concern(CHILD, '2026-11-03T09:30:00Z')] }),
      NOW,
      POLICY,
    )
    assert.ok(finding)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-03T09:30:00.000Z')
  })

  it('clears for a child once their decision is recorded, whatever it was', () => {
    for (const pathway of ['forensic_recent', 'health_non_recent', 'not_needed'] as const) {
      const findings = sg07HealthPathway(
        snapshotOf({
          children: twoChildren,
          concerns: [concern(CHILD, '2026-11-02T09:30:00Z'), concern(SIBLING, '2026-11-02T09:30:00Z')],
          healthDecisions: [decision({ pathway })],
        }),
        NOW,
        POLICY,
      )
      assert.deepEqual(
        findings.map(f => f.childId),
        [SIBLING],
        pathway,
      )
    }
  })

  it('is due on the Monday for a concern recorded on a Friday afternoon', () => {
    const [finding] = sg07HealthPathway(snapshotOf({ concerns: [concern(CHILD, '2026-11-06T15:00:00Z')] }), NOW, POLICY)
    assert.ok(finding)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-09T15:00:00.000Z')
  })

  it('skips Christmas, the weekend and the substitute bank holiday', () => {
    // Thursday 24 December 2026; Friday 25 is Christmas Day, Monday 28 the substitute for Boxing Day.
    const [finding] = sg07HealthPathway(snapshotOf({ concerns: [concern(CHILD, '2026-12-24T10:00:00Z')] }), NOW, POLICY)
    assert.ok(finding)
    assert.equal(finding.dueAt?.toISOString(), '2026-12-29T10:00:00.000Z')
  })

  it('reads the working days from the partnership’s policy', () => {
    const [finding] = sg07HealthPathway(snapshotOf({ concerns: [concern(CHILD, '2026-11-02T09:30:00Z')] }), NOW, {
      ...POLICY,
      healthPathwayDecisionWorkingDays: 3,
    })
    assert.ok(finding)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-05T09:30:00.000Z')
  })

  it('makes a decision due when a strategy discussion decided on a health assessment for a child', () => {
    const [finding, ...rest] = sg07HealthPathway(snapshotOf({ strategyDiscussions: [discussion()] }), NOW, POLICY)
    assert.ok(finding)
    assert.equal(rest.length, 0)
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-04T10:00:00.000Z')
    assert.match(finding.facts[0] ?? '', /strategy discussion on 3 November 2026 decided on a health assessment/)
    const none = sg07HealthPathway(
      snapshotOf({
        strategyDiscussions: [discussion({ decisions: { ...discussion().decisions, healthAssessment: false } })],
      }),
      NOW,
      POLICY,
    )
    assert.deepEqual(none, [])
    const cleared = sg07HealthPathway(
      snapshotOf({ strategyDiscussions: [discussion()], healthDecisions: [decision()] }),
      NOW,
      POLICY,
    )
    assert.deepEqual(cleared, [])
  })

  it('takes the earlier of a concern and a strategy discussion, naming both', () => {
    const [finding] = sg07HealthPathway(
      snapshotOf({ concerns: [concern(CHILD, '2026-11-02T09:30:00Z')], strategyDiscussions: [discussion()] }),
      NOW,
      POLICY,
    )
    assert.ok(finding)
    assert.equal(finding.dueAt?.toISOString(), '2026-11-03T09:30:00.000Z')
    assert.equal(finding.facts.length, 2)
  })

  it('leaves out a child who has left the case', () => {
    const findings = sg07HealthPathway(
      snapshotOf({
        children: [{ personId: CHILD, status: 'closed', role: 'subject' }],
        concerns: [concern(CHILD, '2026-11-02T09:30:00Z')],
      }),
      NOW,
      POLICY,
    )
    assert.deepEqual(findings, [])
  })

  it('questions a forensic referral for abuse longer ago than the partnership’s recent window', () => {
    const findings = sg07HealthPathway(
      snapshotOf({
        concerns: [concern(CHILD, '2026-11-02T09:30:00Z')],
        healthDecisions: [decision({ lastAbuseOn: new Date('2026-10-20T00:00:00Z') })],
      }),
      NOW,
      POLICY,
    )
    assert.equal(findings.length, 1)
    assert.ok(findings[0])
    assert.equal(findings[0].severity, 'prompt')
    assert.equal(findings[0].recordId, 'decision-1')
    assert.deepEqual(findings[0].facts, [
      'the abuse was last thought to happen on 20 October 2026, 13 days before the decision on 2 November 2026; abuse counts as recent within 7 days',
    ])
    // Within the window, a forensic referral is what the rule asks for.
    const within = sg07HealthPathway(
      snapshotOf({ healthDecisions: [decision({ lastAbuseOn: new Date('2026-10-26T00:00:00Z') })] }),
      NOW,
      POLICY,
    )
    assert.deepEqual(within, [])
  })

  it('questions a health assessment for abuse within the recent window', () => {
    const findings = sg07HealthPathway(
      snapshotOf({
        healthDecisions: [decision({ pathway: 'health_non_recent', lastAbuseOn: new Date('2026-10-31T00:00:00Z') })],
      }),
      NOW,
      POLICY,
    )
    assert.equal(findings.length, 1)
    assert.ok(findings[0])
    assert.equal(findings[0].severity, 'prompt')
    assert.match(findings[0].message, /forensic \(SARC\) referral/)
    const older = sg07HealthPathway(
      snapshotOf({
        healthDecisions: [decision({ pathway: 'health_non_recent', lastAbuseOn: new Date('2026-10-01T00:00:00Z') })],
      }),
      NOW,
      POLICY,
    )
    assert.deepEqual(older, [])
  })

  it('reads the recent window from the policy, and questions nothing when nobody knows when the abuse happened', () => {
    const tenDaysAgo = decision({ lastAbuseOn: new Date('2026-10-23T00:00:00Z') })
    assert.equal(sg07HealthPathway(snapshotOf({ healthDecisions: [tenDaysAgo] }), NOW, POLICY).length, 1)
    assert.deepEqual(
      sg07HealthPathway(snapshotOf({ healthDecisions: [tenDaysAgo] }), NOW, { ...POLICY, recentAbuseDays: 13 }),
      [],
    )
    assert.deepEqual(sg07HealthPathway(snapshotOf({ healthDecisions: [decision()] }), NOW, POLICY), [])
  })
})
