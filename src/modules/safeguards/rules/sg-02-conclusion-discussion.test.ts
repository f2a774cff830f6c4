import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvestigationSeen } from '../../investigations/index.ts'
import { sg02ConclusionDiscussion } from './sg-02-conclusion-discussion.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`) // London midnight in winter
const NOW = new Date('2026-12-18T12:00:00Z')

const completed = (completedOn: string) => ({
  id: 'e1',
  childId: CHILD,
  startedAt: day('2026-11-02'),
  category: 'SAB' as const,
  completedAt: day(completedOn),
  outcome: 'not_substantiated_support' as const,
})

const closedInvestigation = (decidedAt: string): InvestigationSeen => ({
  id: 'i1',
  crimeReference: 'NS/12345/26',
  childIds: [CHILD, SIBLING],
  openedAt: day('2026-11-03'),
  officer: { userId: null, agencyId: 'police' },
  chargingAdviceSoughtAt: null,
  chargingAdviceOutcomeAt: null,
  chargingDecisionAt: null,
  outcome: {
    kind: 'no_further_police_action_at_this_time',
    code: '16',
    decidedAt: new Date(decidedAt),
    rationaleGiven: true,
    agenciesInformed: 1,
  },
})

const missing = (): never => assert.fail('expected a finding')

describe('SG-02: a conclusion discussion after an enquiry or investigation ends', () => {
  it('asks nothing while the enquiry is open', () => {
    const open = { ...completed('2026-12-18'), completedAt: null, outcome: null }
    assert.deepEqual(sg02ConclusionDiscussion(snapshotOf({ section47Enquiries: [open] }), NOW, POLICY), [])
  })

  it('is due 10 working days after a completed enquiry, across Christmas and New Year bank holidays', () => {
    const [finding = missing(), ...rest] = sg02ConclusionDiscussion(
      snapshotOf({ section47Enquiries: [completed('2026-12-18')] }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-02')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'e1')
    // 21–24 December, 29–31 December, 4–6 January: the 25th, 28th and 1st are bank holidays.
    assert.equal(finding.dueAt?.toISOString(), '2027-01-06T23:59:00.000Z')
    assert.deepEqual(finding.facts, [
      'section 47 enquiry completed on 18 December 2026',
      'no conclusion discussion about the child has been held since',
    ])
    assert.equal(finding.source.code, 'PR-3')
    assert.doesNotMatch(finding.message, /Linnet|child's name/)
  })

  it('takes its time from the policy', () => {
    const [finding = missing()] = sg02ConclusionDiscussion(
      snapshotOf({ section47Enquiries: [completed('2026-11-06')] }),
      NOW,
      {
        ...POLICY,
        conclusionDiscussionWorkingDays: 1,
      },
    )
    // Friday 6 November plus one working day is Monday 9 November.
    assert.equal(finding.dueAt?.toISOString(), '2026-11-09T23:59:00.000Z')
  })

  it('clears when a discussion about the child is held on or after the day it ended', () => {
    const held = (heldOn: string, childIds = [CHILD]) => [{ id: 'd1', heldAt: day(heldOn), childIds }]
    const enquiries = [completed('2026-12-10')]
    assert.deepEqual(
      sg02ConclusionDiscussion(
        snapshotOf({ section47Enquiries: enquiries, conclusionDiscussions: held('2026-12-10') }),
        NOW,
        POLICY,
      ),
      [],
    )
    assert.equal(
      sg02ConclusionDiscussion(
        snapshotOf({ section47Enquiries: enquiries, conclusionDiscussions: held('2026-12-09') }),
        NOW,
        POLICY,
      ).length,
      1,
      'one held before the enquiry ended is not its conclusion',
    )
    assert.equal(
      sg02ConclusionDiscussion(
        snapshotOf({ section47Enquiries: enquiries, conclusionDiscussions: held('2026-12-11', [SIBLING]) }),
        NOW,
        POLICY,
      ).length,
      1,
      'one about another child is not about this one',
    )
  })

  it('asks for each child of an investigation with an outcome, from the day the outcome was decided', () => {
    const findings = sg02ConclusionDiscussion(
      snapshotOf({
        children: [
          { personId: CHILD, status: 'open', role: 'subject' },
          { personId: SIBLING, status: 'open', role: 'sibling' },
        ],
        investigations: [closedInvestigation('2026-12-04T15:30:00Z')],
      }),
      NOW,
      POLICY,
    )
    assert.deepEqual(
      findings.map(f => [f.childId, f.recordId, f.dueAt?.toISOString()]),
      [
        [CHILD, 'i1', '2026-12-18T23:59:00.000Z'],
        [SIBLING, 'i1', '2026-12-18T23:59:00.000Z'],
      ],
    )
    assert.deepEqual(findings[0]?.facts, [
      'police investigation NS/12345/26 outcome recorded on 4 December 2026',
      'no conclusion discussion about the child has been held since',
    ])
  })

  it('asks nothing of an investigation still open, and clears for the child a discussion covered', () => {
    const open = { ...closedInvestigation('2026-12-04T15:30:00Z'), outcome: null }
    assert.deepEqual(sg02ConclusionDiscussion(snapshotOf({ investigations: [open] }), NOW, POLICY), [])
    const findings = sg02ConclusionDiscussion(
      snapshotOf({
        investigations: [closedInvestigation('2026-12-04T15:30:00Z')],
        conclusionDiscussions: [{ id: 'd1', heldAt: day('2026-12-04'), childIds: [CHILD] }],
      }),
      NOW,
      POLICY,
    )
    // The sibling is not on this case's snapshot (only CHILD is), so nothing is asked about them here either.
    assert.deepEqual(findings, [])
  })
})
