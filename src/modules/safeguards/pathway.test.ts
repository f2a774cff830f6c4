import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding } from '../../kernel/findings.ts'
import { pathwayOf } from './pathway.ts'
import { CHILD, OPENED, snapshotOf } from './rules/snapshot-fixture.ts'
import type { InvestigationSeen } from '../investigations/index.ts'
import type { StrategyDiscussionSeen } from '../strategy/index.ts'

const NOW = new Date('2026-11-04T09:00:00Z')

const discussion = (decisions: Partial<StrategyDiscussionSeen['decisions']>): StrategyDiscussionSeen => ({
  id: 'sd-1',
  heldAt: OPENED,
  childIds: [CHILD],
  aboutSexualAbuse: true,
  completedAt: OPENED,
  healthExpertiseAttended: true,
  healthConsultationRecorded: false,
  decisions: {
    section47: false,
    policeInvestigation: false,
    abeInterview: false,
    healthAssessment: false,
    immediateProtection: false,
    ...decisions,
  },
})

const stepOf = (pathway: ReturnType<typeof pathwayOf>, key: string) => pathway[0]?.steps.find(s => s.key === key)

describe('the pathway of each child', () => {
  it('asks for a strategy discussion before anything the discussion decides', () => {
    const pathway = pathwayOf(snapshotOf(), [], NOW)
    assert.equal(stepOf(pathway, 'strategy')?.status, 'to_do')
    assert.equal(stepOf(pathway, 'investigation')?.status, 'not_decided')
  })

  it('turns what the strategy discussion decided into steps to do', () => {
    const pathway = pathwayOf(snapshotOf({ strategyDiscussions: [discussion({ policeInvestigation: true })] }), [], NOW)
    assert.equal(stepOf(pathway, 'strategy')?.status, 'done')
    assert.match(stepOf(pathway, 'strategy')?.facts.join(' ') ?? '', /Decided: a police investigation/)
    assert.equal(stepOf(pathway, 'investigation')?.status, 'to_do')
    assert.equal(stepOf(pathway, 'abe')?.status, 'not_decided')
  })

  it('shows a due finding on the step it watches, in working days, and as the child’s next thing', () => {
    const due: Finding = {
      safeguard: 'SG-05',
      severity: 'due',
      message: 'Seek early charging advice',
      childId: CHILD,
      dueAt: new Date('2026-11-09T09:00:00Z'),
      facts: [],
      source: { code: 'NR-7', title: 'x', href: '/review/NR-7' },
    }
    const pathway = pathwayOf(snapshotOf(), [due], NOW)
    assert.equal(stepOf(pathway, 'investigation')?.due?.workingDays, 3, 'Wednesday to the next Monday')
    assert.equal(pathway[0]?.next?.message, 'Seek early charging advice')
  })

  it('asks for the child’s views until they are recorded, and says when one is not in their own words', () => {
    assert.equal(stepOf(pathwayOf(snapshotOf(), [], NOW), 'views')?.status, 'to_do')
    const view = { id: 'cv-1', childId: CHILD, stage: 'enquiry' as const, givenAt: OPENED, inOwnWords: false }
    const pathway = pathwayOf(snapshotOf({ childViews: [view] }), [], NOW)
    assert.equal(stepOf(pathway, 'views')?.status, 'done')
    assert.match(stepOf(pathway, 'views')?.facts.join(' ') ?? '', /not in their own words/)
  })

  it('keeps telling the family in progress while an investigation is open, and lists the letters', () => {
    const update = { id: 'fu-1', childId: null, toPersonIds: [CHILD], at: OPENED, topics: ['progress' as const] }
    const letter = { id: 'l-1', childId: CHILD, audience: 'child' as const, sentAt: null }
    const pathway = pathwayOf(
      snapshotOf({ familyUpdates: [update], letters: [letter], investigations: [investigation(null)] }),
      [],
      NOW,
    )
    assert.equal(stepOf(pathway, 'family')?.status, 'in_progress')
    assert.match(stepOf(pathway, 'family')?.facts.join(' ') ?? '', /Letter for the child .* drafted, not yet sent/)
  })

  it('asks for a plan after an outcome, and counts a manager-approved reason for none', () => {
    const ended = snapshotOf({ investigations: [investigation(OPENED)] })
    assert.equal(stepOf(pathwayOf(ended, [], NOW), 'plan')?.status, 'to_do')
    const approval = {
      id: 'ap-1',
      kind: 'no_support_plan' as const,
      childId: CHILD,
      status: 'approved' as const,
      decidedAt: NOW,
    }
    const approved = pathwayOf({ ...ended, approvals: [approval] }, [], NOW)
    assert.equal(stepOf(approved, 'plan')?.status, 'done')
  })

  it('shows a drafted plan as in progress until it is agreed', () => {
    const plan = {
      id: 'p-1',
      childId: CHILD,
      kind: 'support' as const,
      status: 'draft' as const,
      startsAt: OPENED,
      reviewDueAt: null,
      endedAt: null,
    }
    assert.equal(stepOf(pathwayOf(snapshotOf({ plans: [plan] }), [], NOW), 'plan')?.status, 'in_progress')
    const agreed = pathwayOf(snapshotOf({ plans: [{ ...plan, status: 'agreed' }] }), [], NOW)
    assert.equal(stepOf(agreed, 'plan')?.status, 'done')
  })
})

/** A police investigation of the child, closed without charge on `decidedAt` (or open, when null). */
function investigation(decidedAt: Date | null): InvestigationSeen {
  return {
    id: 'inv-1',
    crimeReference: 'NS/26/0001',
    childIds: [CHILD],
    openedAt: OPENED,
    officer: { userId: null, agencyId: null },
    chargingAdviceSoughtAt: null,
    chargingAdviceOutcomeAt: null,
    chargingDecisionAt: null,
    outcome: decidedAt
      ? {
          kind: 'no_further_police_action_at_this_time',
          code: 'OC15',
          decidedAt,
          rationaleGiven: true,
          agenciesInformed: 1,
        }
      : null,
  }
}

describe('the step for people who may present a risk of sexual harm', () => {
  const link = {
    childId: CHILD,
    personId: 'p-1',
    personName: 'Farrow Mockley',
    link: 'lives_with' as const,
    linkedAt: new Date('2026-11-02T10:00:00Z'),
    known: ['conviction'],
    knownAt: new Date('2026-11-03T10:00:00Z'),
    probationContactUserId: null,
    assessedAt: null,
  }

  it('is not shown for a child linked to nobody known', () => {
    assert.equal(stepOf(pathwayOf(snapshotOf(), [], NOW), 'risk'), undefined)
  })

  it('asks for a risk discussion about each person linked, and shows SG-08’s due date on it', () => {
    const due: Finding = {
      safeguard: 'SG-08',
      severity: 'due',
      message: 'Farrow Mockley may present a risk of sexual harm: arrange a multi-agency risk discussion',
      childId: CHILD,
      recordId: 'p-1',
      dueAt: new Date('2026-11-10T23:59:00Z'),
      facts: [],
      source: { code: 'PR-4', title: '', href: '' },
    }
    const step = stepOf(pathwayOf(snapshotOf({ riskLinks: [link] }), [due], NOW), 'risk')
    assert.equal(step?.status, 'to_do')
    assert.deepEqual(step.facts, [
      'Farrow Mockley lives with the child: no risk discussion since they were linked or more became known',
    ])
    assert.equal(step.due?.message, due.message)
  })

  it('is done once a discussion about each person is held since', () => {
    const held = { id: 'd-1', personId: 'p-1', heldAt: new Date('2026-11-04T10:00:00Z'), recordedAt: NOW }
    const step = stepOf(pathwayOf(snapshotOf({ riskLinks: [link], riskDiscussions: [held] }), [], NOW), 'risk')
    assert.equal(step?.status, 'done')
    assert.deepEqual(step.facts, ['Farrow Mockley lives with the child: risk discussion held on 4 November 2026'])
  })
})
