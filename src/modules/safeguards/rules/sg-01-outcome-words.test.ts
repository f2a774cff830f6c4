import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvestigationSeen } from '../../investigations/index.ts'
import { refuseNfaWording, usesNfaWording } from '../../investigations/index.ts'
import { z } from 'zod'
import { sg01OutcomeWords } from './sg-01-outcome-words.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-25T09:00:00Z')

function closed(outcome: Partial<NonNullable<InvestigationSeen['outcome']>>): InvestigationSeen {
  return {
    id: '00000000-0000-4000-8000-0000000001a1',
    crimeReference: 'NS/1/26',
    childIds: [CHILD],
    openedAt: new Date('2026-11-02T10:00:00Z'),
    officer: { userId: null, agencyId: null },
    chargingAdviceSoughtAt: null,
    chargingAdviceOutcomeAt: null,
    chargingDecisionAt: null,
    outcome: {
      kind: 'no_further_police_action_at_this_time',
      code: '15',
      decidedAt: new Date('2026-11-20T10:00:00Z'),
      rationaleGiven: true,
      agenciesInformed: 2,
      ...outcome,
    },
  }
}

const run = (i: InvestigationSeen) => sg01OutcomeWords(snapshotOf({ investigations: [i] }), NOW, POLICY)

describe('SG-01: no further police action at this time, never “NFA”', () => {
  it('lets a close without charge with its rationale, code and agencies told stand', () => {
    assert.deepEqual(run(closed({})), [])
  })

  it('blocks one with no agency told, naming the fact', () => {
    const [finding] = run(closed({ agenciesInformed: 0 }))
    assert.equal(finding?.severity, 'block')
    assert.equal(finding.source.code, 'PR-3')
    assert.match(
      finding.facts[0] ?? '',
      /NS\/1\/26 is no further police action at this time, with no agency recorded as told/,
    )
  })

  it('blocks one with no rationale, or no code', () => {
    assert.equal(run(closed({ rationaleGiven: false }))[0]?.severity, 'block')
    assert.equal(run(closed({ code: '' }))[0]?.severity, 'block')
  })

  it('asks nothing of a charge with no agency told', () => {
    assert.deepEqual(run(closed({ kind: 'charged', code: '1', agenciesInformed: 0 })), [])
  })
})

describe('refuseNfaWording', () => {
  const outcome = refuseNfaWording(z.string())
  for (const words of [
    'NFA',
    'nfa',
    'N.F.A.',
    'N F A',
    'No further action',
    'no_further_action',
    'NFA’d',
    "NFA'd",
    'Outcome: NFA.',
  ])
    it(`refuses “${words}”`, () => {
      assert.equal(usesNfaWording(words), true)
      const parsed = outcome.safeParse(words)
      assert.equal(parsed.success, false)
      assert.match(parsed.error.issues[0]?.message ?? '', /no further police action at this time/)
    })
  for (const words of [
    'No further police action at this time',
    'no_further_police_action_at_this_time',
    'Infant',
    'Sainsbury’s',
    'CONFAB',
  ])
    it(`lets “${words}” stand`, () => {
      assert.equal(outcome.safeParse(words).success, true)
    })
})
