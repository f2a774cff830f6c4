import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StrategyDiscussionSeen } from '../../strategy/index.ts'
import { sg17InitialConference } from './sg-17-initial-conference.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const NOW = new Date('2026-12-14T09:00:00Z')
const enquiry = (
  more: Partial<{
    completedAt: Date | null
    outcome: 'significant_harm_conference' | 'not_substantiated_support' | null
  }> = {},
) => ({
  id: 'e1',
  childId: CHILD,
  startedAt: day('2026-12-14'),
  category: 'SAB' as const,
  completedAt: null,
  outcome: null,
  ...more,
})
const discussion = (heldAt: string, more: Partial<StrategyDiscussionSeen> = {}): StrategyDiscussionSeen => ({
  id: `sd-${heldAt}`,
  heldAt: new Date(heldAt),
  childIds: [CHILD],
  aboutSexualAbuse: true,
  completedAt: new Date(heldAt),
  healthExpertiseAttended: true,
  healthConsultationRecorded: false,
  decisions: {
    section47: true,
    policeInvestigation: true,
    abeInterview: false,
    healthAssessment: true,
    immediateProtection: false,
  },
  ...more,
})
const initial = (heldOn: string, childId = CHILD) => ({
  id: 'c1',
  childId,
  kind: 'initial' as const,
  heldAt: day(heldOn),
  planMade: true,
})

const missing = (): never => assert.fail('expected a finding')

describe('SG-17: an initial conference within 15 working days of the strategy discussion', () => {
  it('counts from the strategy discussion that started the enquiry, across the Christmas bank holidays', () => {
    const [finding = missing(), ...rest] = sg17InitialConference(
      snapshotOf({
        section47Enquiries: [enquiry()],
        strategyDiscussions: [
          discussion('2026-11-30T10:00:00Z'),
          discussion('2026-12-11T10:00:00Z'),
          // Not the one: after the enquiry started, about another child, or still a draft.
          discussion('2026-12-15T10:00:00Z'),
          discussion('2026-12-12T10:00:00Z', { childIds: [SIBLING] }),
          discussion('2026-12-13T10:00:00Z', { completedAt: null }),
        ],
      }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-17')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'e1')
    // Friday 11 December plus 15 working days, skipping 25 and 28 December and 1 January: 6 January.
    assert.equal(finding.dueAt?.toISOString(), '2027-01-06T23:59:00.000Z')
    assert.deepEqual(finding.facts, [
      'section 47 enquiry started on 14 December 2026 after the strategy discussion on 11 December 2026',
      'no initial child protection conference about the child has been recorded',
    ])
  })

  it("counts from the enquiry's own start when no strategy discussion came before it", () => {
    const [finding = missing()] = sg17InitialConference(snapshotOf({ section47Enquiries: [enquiry()] }), NOW, {
      ...POLICY,
      initialConferenceWorkingDays: 5,
    })
    assert.equal(finding.dueAt?.toISOString(), '2026-12-21T23:59:00.000Z')
    assert.match(finding.facts[0] ?? '', /with no strategy discussion recorded before it/)
  })

  it('clears when an initial conference about the child is recorded', () => {
    const snapshot = (conferences: ReturnType<typeof initial>[]) =>
      snapshotOf({ section47Enquiries: [enquiry()], conferences })
    assert.deepEqual(sg17InitialConference(snapshot([initial('2026-12-20')]), NOW, POLICY), [])
    assert.equal(sg17InitialConference(snapshot([initial('2026-12-20', SIBLING)]), NOW, POLICY).length, 1)
    assert.equal(sg17InitialConference(snapshot([initial('2026-01-20')]), NOW, POLICY).length, 1, 'an old one')
  })

  it('asks nothing once the enquiry concluded that no conference is needed, but keeps asking when it is', () => {
    const notNeeded = enquiry({ completedAt: day('2026-12-20'), outcome: 'not_substantiated_support' })
    assert.deepEqual(sg17InitialConference(snapshotOf({ section47Enquiries: [notNeeded] }), NOW, POLICY), [])
    const needed = enquiry({ completedAt: day('2026-12-20'), outcome: 'significant_harm_conference' })
    assert.equal(sg17InitialConference(snapshotOf({ section47Enquiries: [needed] }), NOW, POLICY).length, 1)
  })
})
