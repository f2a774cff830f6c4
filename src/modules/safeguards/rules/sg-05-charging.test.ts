import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvestigationSeen } from '../../investigations/index.ts'
import { sg05Charging } from './sg-05-charging.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const OFFICER = '00000000-0000-4000-8000-0000000000d1'
const POLICE = '00000000-0000-4000-8000-0000000000e1'
const NOW = new Date('2026-11-25T09:00:00Z')

function investigation(parts: Partial<InvestigationSeen> = {}): InvestigationSeen {
  return {
    id: '00000000-0000-4000-8000-0000000001a1',
    crimeReference: 'NS/1/26',
    childIds: [CHILD],
    // A Friday: calendar days, so the weekend after it counts.
    openedAt: new Date('2026-11-06T10:00:00Z'),
    officer: { userId: null, agencyId: POLICE },
    chargingAdviceSoughtAt: null,
    chargingAdviceOutcomeAt: null,
    chargingDecisionAt: null,
    outcome: null,
    ...parts,
  }
}

const run = (i: InvestigationSeen, policy = POLICY) => sg05Charging(snapshotOf({ investigations: [i] }), NOW, policy)

describe('SG-05: early charging advice and a charging decision', () => {
  it('is due: advice 28 calendar days after opening (weekends counted), a decision at 90', () => {
    const findings = run(investigation())
    assert.deepEqual(
      findings.map(f => [f.severity, f.dueAt?.toISOString()]),
      [
        ['due', '2026-12-04T10:00:00.000Z'],
        ['due', '2027-02-04T10:00:00.000Z'],
      ],
    )
    assert.match(findings[0]?.facts[0] ?? '', /NS\/1\/26 opened on 6 November 2026, and no early charging advice/)
    assert.equal(findings[0]?.source.code, 'NR-7')
  })

  it('takes its durations from the policy', () => {
    const findings = run(investigation(), { ...POLICY, earlyChargingAdviceDays: 14, chargingDecisionDays: 60 })
    assert.deepEqual(
      findings.map(f => f.dueAt?.toISOString()),
      ['2026-11-20T10:00:00.000Z', '2027-01-05T10:00:00.000Z'],
    )
  })

  it('is the named officer’s task, else the police agency’s', () => {
    assert.deepEqual(run(investigation())[0]?.owner, { userId: null, agencyId: POLICE })
    assert.deepEqual(run(investigation({ officer: { userId: OFFICER, agencyId: POLICE } }))[0]?.owner, {
      userId: OFFICER,
      agencyId: null,
    })
  })

  it('gives each task its own key', () => {
    const [advice, decision] = run(investigation())
    assert.notEqual(advice?.recordId, decision?.recordId)
  })

  it('clears the advice task once advice is sought', () => {
    const findings = run(investigation({ chargingAdviceSoughtAt: new Date('2026-11-10T10:00:00Z') }))
    assert.deepEqual(
      findings.map(f => f.message),
      ['Make a charging decision on investigation NS/1/26'],
    )
  })

  it('clears both once a charging decision is made', () => {
    assert.deepEqual(run(investigation({ chargingDecisionAt: new Date('2026-11-20T10:00:00Z') })), [])
  })

  it('asks nothing of a closed investigation', () => {
    const outcome = {
      kind: 'charged',
      code: '1',
      decidedAt: new Date('2026-11-20T10:00:00Z'),
      rationaleGiven: true,
      agenciesInformed: 1,
    }
    assert.deepEqual(run(investigation({ outcome })), [])
  })

  it('never names a child in its message', () => {
    for (const f of run(investigation())) assert.doesNotMatch(f.message, /child/i)
  })
})
