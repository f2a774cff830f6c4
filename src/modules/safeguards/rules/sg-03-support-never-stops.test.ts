import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { UpdateTopic } from '../../../kernel/codes/families.ts'
import type { Finding } from '../../../kernel/findings.ts'
import type { ApprovalSeen } from '../../approvals/index.ts'
import type { FamilyUpdateSeen } from '../../families/index.ts'
import type { InvestigationSeen } from '../../investigations/index.ts'
import type { PlanSeen } from '../../plans/index.ts'
import type { PathwaySnapshot } from '../snapshot.ts'
import { sg03SupportNeverStops } from './sg-03-support-never-stops.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-12-18T12:00:00Z')
const MOTHER = '00000000-0000-4000-8000-00000000a0d1'
const DECIDED = '2026-12-04T15:30:00Z'

const investigation = (kind: string, childIds: string[] = [CHILD]): InvestigationSeen => ({
  id: 'i1',
  crimeReference: 'NS/30303/26',
  childIds,
  openedAt: new Date('2026-11-03T10:00:00Z'),
  officer: { userId: null, agencyId: 'police' },
  chargingAdviceSoughtAt: null,
  chargingAdviceOutcomeAt: null,
  chargingDecisionAt: null,
  outcome: { kind, code: '15', decidedAt: new Date(DECIDED), rationaleGiven: true, agenciesInformed: 1 },
})

const plan = (over: Partial<PlanSeen> = {}): PlanSeen => ({
  id: 'p1',
  childId: CHILD,
  kind: 'support',
  status: 'agreed',
  startsAt: new Date('2026-12-05T00:00:00Z'),
  reviewDueAt: null,
  endedAt: null,
  ...over,
})

const approval = (over: Partial<ApprovalSeen> = {}): ApprovalSeen => ({
  id: 'a1',
  kind: 'no_support_plan',
  childId: CHILD,
  status: 'approved',
  decidedAt: new Date('2026-12-06T10:00:00Z'),
  ...over,
})

const ALL: UpdateTopic[] = ['outcome', 'reasons', 'right_to_review', 'compensation']
const update = (over: Partial<FamilyUpdateSeen> = {}): FamilyUpdateSeen => ({
  id: 'u1',
  childId: CHILD,
  toPersonIds: [CHILD, MOTHER],
  at: new Date('2026-12-07T00:00:00Z'),
  topics: ALL,
  ...over,
})

/** A case about the child (and the mother), whose investigation closed with no further police action. */
const closed = (parts: Partial<PathwaySnapshot> = {}, kind = 'no_further_police_action_at_this_time') =>
  snapshotOf({
    adults: [{ personId: MOTHER, role: 'parent' }],
    investigations: [investigation(kind)],
    ...parts,
  })

const closing = (parts: Partial<PathwaySnapshot> = {}) =>
  closed({
    case: { ...snapshotOf().case, status: 'closed' },
    action: 'case.close',
    events: [{ kind: 'case.closed', childId: null }],
    ...parts,
  })

const run = (snapshot: PathwaySnapshot) => sg03SupportNeverStops(snapshot, NOW, POLICY)
const only = (findings: readonly Finding[]): Finding => {
  assert.equal(findings.length, 1, JSON.stringify(findings))
  return findings[0] ?? assert.fail('expected a finding')
}
const DONE = { plans: [plan()], familyUpdates: [update()] }

describe('SG-03: support never stops after a close without charge', () => {
  it('asks nothing while no investigation has closed, or after a charge', () => {
    assert.deepEqual(run(snapshotOf()), [])
    assert.deepEqual(run(closed({}, 'charged')), [])
  })

  it('prompts per child for everything missing, naming no child', () => {
    const finding = only(run(closed()))
    assert.equal(finding.safeguard, 'SG-03')
    assert.equal(finding.severity, 'prompt')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'i1')
    assert.match(finding.message, /support plan/)
    assert.match(finding.message, /the child told the reasons for the decision, their right to ask for a review/)
    assert.match(finding.message, /the family told/)
    assert.equal(finding.facts[0], 'police investigation NS/30303/26 closed without charge on 4 December 2026')
    assert.equal(finding.source.code, 'PI-2')
  })

  it('clears when there is an agreed plan and child and family were told everything', () => {
    assert.deepEqual(run(closed(DONE)), [])
  })

  it('clears the plan part with an approved no-support-plan reason instead of a plan', () => {
    assert.deepEqual(run(closed({ approvals: [approval()], familyUpdates: [update()] })), [])
  })

  it('still asks for a plan when the plan is a draft or ended, or the approval is pending, returned or for another child', () => {
    for (const parts of [
      { plans: [plan({ status: 'draft' })] },
      { plans: [plan({ status: 'ended', endedAt: new Date('2026-12-10T00:00:00Z') })] },
      { approvals: [approval({ status: 'pending', decidedAt: null })] },
      { approvals: [approval({ status: 'returned' })] },
      { approvals: [approval({ childId: SIBLING })] },
    ]) {
      const finding = only(run(closed({ familyUpdates: [update()], ...parts })))
      assert.match(finding.message, /support plan/)
      assert.doesNotMatch(finding.message, /told/)
    }
  })

  it('asks for each topic missing, for the child and the family apart', () => {
    const withTopics = (topics: UpdateTopic[], toPersonIds = [CHILD, MOTHER]) =>
      only(run(closed({ plans: [plan()], familyUpdates: [update({ topics, toPersonIds })] }))).message
    assert.match(withTopics(['reasons', 'right_to_review']), /child told how to claim criminal injuries compensation/)
    assert.match(withTopics(['reasons', 'compensation']), /family told their right to ask for a review/)
    assert.match(withTopics(['right_to_review', 'compensation']), /child told the reasons for the decision/)
    const toMotherOnly = withTopics(ALL, [MOTHER])
    assert.match(toMotherOnly, /the child told/)
    assert.doesNotMatch(toMotherOnly, /the family told/)
    const toChildOnly = withTopics(ALL, [CHILD])
    assert.match(toChildOnly, /the family told/)
    assert.doesNotMatch(toChildOnly, /the child told/)
  })

  it('counts updates about the whole case, and several updates together, but none from before the outcome', () => {
    assert.deepEqual(run(closed({ plans: [plan()], familyUpdates: [update({ childId: null })] })), [])
    const split = [
      update({ id: 'u1', topics: ['reasons'] }),
      update({ id: 'u2', topics: ['right_to_review', 'compensation'] }),
    ]
    assert.deepEqual(run(closed({ plans: [plan()], familyUpdates: split })), [])
    const sameDay = update({ at: new Date('2026-12-04T00:00:00Z') })
    assert.deepEqual(run(closed({ plans: [plan()], familyUpdates: [sameDay] })), [], 'the day of the decision counts')
    const before = update({ at: new Date('2026-12-03T00:00:00Z') })
    assert.match(only(run(closed({ plans: [plan()], familyUpdates: [before] }))).message, /told/)
    const sibling = update({ childId: SIBLING })
    assert.match(only(run(closed({ plans: [plan()], familyUpdates: [sibling] }))).message, /told/)
  })

  it('does not ask for the right to review after an out-of-court disposal', () => {
    const noReview = update({ topics: ['reasons', 'compensation'] })
    assert.deepEqual(run(closed({ plans: [plan()], familyUpdates: [noReview] }, 'out_of_court_resolution')), [])
    assert.equal(run(closed({ plans: [plan()], familyUpdates: [noReview] })).length, 1)
  })

  it('does not ask for the right to review where the scheme excludes the outcome (no suspect identified)', () => {
    const noReview = update({ topics: ['reasons', 'compensation'] })
    const noSuspect = closed({ plans: [plan()], familyUpdates: [noReview] })
    const [first] = noSuspect.investigations
    if (!first?.outcome) throw new Error('the fixture has an outcome')
    const snapshot = { ...noSuspect, investigations: [{ ...first, outcome: { ...first.outcome, code: '18' } }] }
    assert.deepEqual(run(snapshot), [])
  })

  it('asks for each child of the investigation still on the case', () => {
    const both = run(
      closed({
        children: [
          { personId: CHILD, status: 'open', role: 'subject' },
          { personId: SIBLING, status: 'open', role: 'sibling' },
        ],
        investigations: [investigation('no_further_police_action_at_this_time', [CHILD, SIBLING])],
        ...DONE,
      }),
    )
    assert.deepEqual(
      both.map(f => f.childId),
      [SIBLING],
    )
    assert.deepEqual(
      run(closed({ investigations: [investigation('no_further_police_action_at_this_time', [SIBLING])] })),
      [],
    )
  })

  it('blocks only the change that closes the case, saying what is missing', () => {
    const finding = only(run(closing()))
    assert.equal(finding.severity, 'block')
    assert.match(finding.message, /^The case cannot close yet: /)
    assert.match(finding.message, /support plan/)
    assert.deepEqual(run(closing(DONE)), [])
    assert.deepEqual(
      run(closed({ case: { ...snapshotOf().case, status: 'closed' } })),
      [],
      'a case closed before is not prompted',
    )
  })
})
