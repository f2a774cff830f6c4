import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding } from '../../kernel/findings.ts'
import { pathwayOf } from './pathway.ts'
import { CHILD, OPENED, snapshotOf } from './rules/snapshot-fixture.ts'
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
})
