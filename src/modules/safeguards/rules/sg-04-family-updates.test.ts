import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvestigationSeen } from '../../investigations/index.ts'
import type { FamilyUpdateSeen } from '../../families/index.ts'
import { sg04FamilyUpdates } from './sg-04-family-updates.ts'
import { CHILD, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const day = (iso: string) => new Date(`${iso}T00:00:00Z`) // London midnight in winter
const NOW = new Date('2026-12-18T12:00:00Z')

const openEnquiry = (startedOn = '2026-11-02') => ({
  id: 'e1',
  childId: CHILD,
  startedAt: day(startedOn),
  category: 'SAB' as const,
  completedAt: null,
  outcome: null,
})

const investigation = (outcome: InvestigationSeen['outcome'] = null): InvestigationSeen => ({
  id: 'i1',
  crimeReference: 'NS/12345/26',
  childIds: [CHILD, SIBLING],
  openedAt: new Date('2026-11-03T10:00:00Z'),
  officer: { userId: null, agencyId: 'police' },
  chargingAdviceSoughtAt: null,
  chargingAdviceOutcomeAt: null,
  chargingDecisionAt: null,
  outcome,
})

const update = (at: string, parts: Partial<FamilyUpdateSeen> = {}): FamilyUpdateSeen => ({
  id: `u-${at}`,
  childId: CHILD,
  toPersonIds: [CHILD],
  at: new Date(at),
  topics: ['progress'],
  ...parts,
})

const missing = (): never => assert.fail('expected a finding')

describe('SG-04: progress updates to the child and family while an enquiry or investigation is open', () => {
  it('is due 28 calendar days after an open enquiry started, at the end of that day in England', () => {
    const [finding = missing(), ...rest] = sg04FamilyUpdates(
      snapshotOf({ section47Enquiries: [openEnquiry()] }),
      NOW,
      POLICY,
    )
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-04')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, 'e1')
    assert.equal(finding.dueAt?.toISOString(), '2026-11-30T23:59:00.000Z')
    assert.deepEqual(finding.facts, [
      'section 47 enquiry open since 2 November 2026',
      'no progress update about the child has been recorded',
    ])
    assert.equal(finding.source.code, 'PI-2')
  })

  it('moves to 28 days after the last progress update about the child, or about every child', () => {
    const enquiries = [openEnquiry()]
    const after = (updates: FamilyUpdateSeen[]) =>
      sg04FamilyUpdates(snapshotOf({ section47Enquiries: enquiries, familyUpdates: updates }), NOW, POLICY)[0]?.dueAt
    assert.equal(after([update('2026-12-01T10:00:00Z')])?.toISOString(), '2026-12-29T23:59:00.000Z')
    assert.equal(
      after([update('2026-12-01T10:00:00Z', { childId: null })])?.toISOString(),
      '2026-12-29T23:59:00.000Z',
      'an update about every child counts for each',
    )
    assert.equal(
      after([update('2026-12-01T10:00:00Z', { childId: SIBLING })])?.toISOString(),
      '2026-11-30T23:59:00.000Z',
      'one about another child does not',
    )
    assert.equal(
      after([update('2026-12-01T10:00:00Z', { topics: ['support'] })])?.toISOString(),
      '2026-11-30T23:59:00.000Z',
      'one that did not say how it is going does not',
    )
  })

  it('takes the interval from the policy, in calendar days across the end of British Summer Time', () => {
    const [finding = missing()] = sg04FamilyUpdates(
      snapshotOf({ section47Enquiries: [openEnquiry('2026-10-20')] }),
      NOW,
      { ...POLICY, familyUpdateIntervalDays: 7 },
    )
    assert.equal(finding.dueAt?.toISOString(), '2026-10-27T23:59:00.000Z')
  })

  it('asks for each child of an open investigation on the case, and nothing once it has an outcome', () => {
    const children = [
      { personId: CHILD, status: 'open' as const, role: 'subject' },
      { personId: SIBLING, status: 'open' as const, role: 'sibling' },
    ]
    const findings = sg04FamilyUpdates(snapshotOf({ children, investigations: [investigation()] }), NOW, POLICY)
    assert.deepEqual(
      findings.map(f => [f.childId, f.recordId, f.dueAt?.toISOString()]),
      [
        [CHILD, 'i1', '2026-12-01T23:59:00.000Z'],
        [SIBLING, 'i1', '2026-12-01T23:59:00.000Z'],
      ],
    )
    const closed = investigation({
      kind: 'no_further_police_action_at_this_time',
      code: '15',
      decidedAt: day('2026-12-10'),
      rationaleGiven: true,
      agenciesInformed: 1,
    })
    assert.deepEqual(sg04FamilyUpdates(snapshotOf({ children, investigations: [closed] }), NOW, POLICY), [])
  })

  it('asks nothing once the enquiry is completed, or when the case is closed', () => {
    const done = { ...openEnquiry(), completedAt: day('2026-12-10'), outcome: 'not_substantiated_support' as const }
    assert.deepEqual(sg04FamilyUpdates(snapshotOf({ section47Enquiries: [done] }), NOW, POLICY), [])
    const closed = snapshotOf({ section47Enquiries: [openEnquiry()] })
    assert.deepEqual(sg04FamilyUpdates({ ...closed, case: { ...closed.case, status: 'closed' } }, NOW, POLICY), [])
  })
})
