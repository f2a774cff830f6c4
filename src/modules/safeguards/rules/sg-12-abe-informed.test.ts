import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AbeInterviewSeen } from '../../investigations/index.ts'
import { sg12AbeInformed } from './sg-12-abe-informed.ts'
import { CHILD, POLICY, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-25T09:00:00Z')

function interview(parts: Partial<AbeInterviewSeen> = {}): AbeInterviewSeen {
  return {
    id: '00000000-0000-4000-8000-0000000002a1',
    investigationId: '00000000-0000-4000-8000-0000000001a1',
    childId: CHILD,
    plannedAt: new Date('2026-11-12T10:00:00Z'),
    childInformedAt: new Date('2026-11-10T10:00:00Z'),
    informedBy: 'Sam Caseworth',
    willingness: 'willing',
    toldDecliningHarms: null,
    heldAt: new Date('2026-11-12T10:00:00Z'),
    notHeldReason: null,
    leadHasJointTraining: true,
    ...parts,
  }
}

const run = (i: AbeInterviewSeen) => sg12AbeInformed(snapshotOf({ abeInterviews: [i] }), NOW, POLICY)
const severities = (i: AbeInterviewSeen) => run(i).map(f => f.severity)

describe('SG-12: the child is told, and it is their choice', () => {
  it('lets an interview held with a willing child who was told beforehand stand', () => {
    assert.deepEqual(run(interview()), [])
  })

  for (const [name, parts, fact] of [
    ['the child was never told', { childInformedAt: null }, /no record of the child being told/],
    [
      'the child was told after it',
      { childInformedAt: new Date('2026-11-13T10:00:00Z') },
      /told on 13 November 2026, after it was held/,
    ],
    ['nobody is named as telling them', { informedBy: null }, /no record of who told the child/],
    ['their willingness is not recorded', { willingness: null }, /no record of the child's willingness/],
  ] as const)
    it(`blocks an interview recorded as held when ${name}`, () => {
      const [finding] = run(interview(parts))
      assert.equal(finding?.severity, 'block')
      assert.equal(finding.source.code, 'PI-3')
      assert.equal(finding.childId, CHILD)
      assert.match(finding.facts[0] ?? '', fact)
    })

  it('blocks one held with an unsure child when nobody answered whether they were told declining harms it', () => {
    assert.deepEqual(severities(interview({ willingness: 'unsure' })), ['block'])
    assert.deepEqual(severities(interview({ willingness: 'unwilling' })), ['block'])
  })

  it('records the truth when the unsure child was told declining harms it, and prompts the team', () => {
    const findings = run(interview({ willingness: 'unsure', toldDecliningHarms: true }))
    assert.deepEqual(
      findings.map(f => [f.severity, f.message]),
      [['prompt', 'The child was told declining would harm the investigation: talk it through with your supervisor']],
    )
  })

  it('asks nothing when the unsure child was not told that', () => {
    assert.deepEqual(run(interview({ willingness: 'unsure', toldDecliningHarms: false })), [])
  })

  it('prompts for a planned interview the child has not been told about yet', () => {
    const [finding] = run(interview({ heldAt: null, childInformedAt: null, informedBy: null, willingness: null }))
    assert.equal(finding?.severity, 'prompt')
    assert.match(finding.facts[0] ?? '', /planned for 12 November 2026/)
  })

  it('asks nothing of an interview that did not go ahead', () => {
    assert.deepEqual(
      run(interview({ heldAt: null, childInformedAt: null, notHeldReason: 'The child chose not to take part' })),
      [],
    )
  })
})
