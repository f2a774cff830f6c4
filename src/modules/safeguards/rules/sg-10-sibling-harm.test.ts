import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InvestigationSeen } from '../../investigations/index.ts'
import type { PlanSeen } from '../../plans/index.ts'
import { sg10SiblingHarm } from './sg-10-sibling-harm.ts'
import { CHILD, OPENED, POLICY, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-20T12:00:00Z')
const ADULT_BROTHER = '00000000-0000-4000-8000-00000000a002'
const STRANGER = '00000000-0000-4000-8000-00000000a003'

const subject = { personId: CHILD, status: 'open' as const, role: 'subject' }
const sibling = { personId: SIBLING, status: 'open' as const, role: 'sibling' }
const children = [subject, sibling]
/** The sibling is the child who harmed. */
const withHarmer = [subject, { ...sibling, role: 'harmed_another_child' }]
const names = { [CHILD]: 'Wren Tallow', [SIBLING]: 'Rook Tallow' }

const investigation = (suspectIds: string[]): InvestigationSeen => ({
  id: 'i1',
  crimeReference: 'NS/55555/26',
  childIds: [CHILD],
  suspectIds,
  openedAt: new Date('2026-11-04T10:00:00Z'),
  officer: { userId: null, agencyId: 'police' },
  chargingAdviceSoughtAt: null,
  chargingAdviceOutcomeAt: null,
  chargingDecisionAt: null,
  outcome: null,
})

const plan = (childId: string, kind: PlanSeen['kind'] = 'child_protection', status: PlanSeen['status'] = 'draft') => ({
  id: `p-${childId}-${kind}`,
  childId,
  kind,
  status,
  startsAt: OPENED,
  reviewDueAt: null,
  endedAt: status === 'ended' ? OPENED : null,
})

const run = (parts: Parameters<typeof snapshotOf>[0]) =>
  sg10SiblingHarm(snapshotOf({ children, childNames: names, ...parts }), NOW, POLICY)

describe('SG-10: a plan for every child when a sibling harmed', () => {
  it('asks nothing when nobody who harmed is of the family', () => {
    assert.deepEqual(run({}), [])
    assert.deepEqual(run({ investigations: [investigation([STRANGER])] }), [])
  })

  it('tells harm by a child of the case who harmed another child, and asks a plan of each child, the harmer an HSB plan', () => {
    const found = run({ children: withHarmer })
    assert.deepEqual(
      found.map(f => [f.severity, f.childId]),
      [
        ['due', CHILD],
        ['due', SIBLING],
      ],
    )
    assert.match(found[1]?.message ?? '', /harmful sexual behaviour plan/)
    // Ten working days from Monday 2 November: Monday 16 November, end of the day.
    assert.equal(found[0]?.dueAt?.toISOString(), '2026-11-16T23:59:00.000Z')
  })

  it('tells harm by an investigation’s suspect who is a child of the case, due from the investigation', () => {
    const found = run({ investigations: [investigation([SIBLING])] })
    assert.equal(found.length, 2)
    assert.match(found.find(f => f.childId === SIBLING)?.message ?? '', /harmful sexual behaviour/)
    assert.equal(found[0]?.dueAt?.toISOString(), '2026-11-18T23:59:00.000Z')
  })

  it('tells harm by a suspect who is a sibling of a child of the case, though not on it', () => {
    const found = run({
      investigations: [investigation([ADULT_BROTHER])],
      siblingLinks: [{ personId: CHILD, siblingId: ADULT_BROTHER }],
    })
    assert.deepEqual(
      found.map(f => f.childId),
      [CHILD, SIBLING],
    )
    assert.ok(found.every(f => !f.message.includes('harmful sexual')))
  })

  it('tells harm by an alleged perpetrator on the case who is a sibling of a child', () => {
    const adults = [{ personId: ADULT_BROTHER, role: 'alleged_perpetrator' }]
    assert.deepEqual(run({ adults }), [], 'not a sibling: not harm by a sibling')
    const found = run({ adults, siblingLinks: [{ personId: SIBLING, siblingId: ADULT_BROTHER }] })
    assert.equal(found.length, 2)
  })

  it('clears when each child has a plan not ended, and the child who harmed a harmful sexual behaviour plan', () => {
    const harmed = withHarmer
    assert.equal(run({ children: harmed, plans: [plan(CHILD), plan(SIBLING)] }).length, 1, 'the harmer needs HSB')
    assert.equal(
      run({ children: harmed, plans: [plan(CHILD, 'support', 'ended'), plan(SIBLING, 'harmful_sexual_behaviour')] })
        .length,
      1,
      'an ended plan is no plan',
    )
    assert.deepEqual(
      run({ children: harmed, plans: [plan(CHILD, 'support', 'agreed'), plan(SIBLING, 'harmful_sexual_behaviour')] }),
      [],
    )
  })

  it('blocks only the change that agrees a plan, naming the children still without one', () => {
    const parts = {
      children: withHarmer,
      plans: [plan(CHILD)],
    }
    assert.ok(run(parts).every(f => f.severity === 'due'))
    const drafting = run({ ...parts, events: [{ kind: 'plan.drafted', childId: CHILD }] })
    assert.ok(drafting.every(f => f.severity === 'due'))
    const agreeing = run({ ...parts, events: [{ kind: 'plan.agreed', childId: CHILD }] })
    const [block, more] = agreeing
    assert.ok(block && !more)
    assert.equal(block.severity, 'block')
    assert.match(
      block.message,
      /^The plan stage waits for a plan for every child: Rook Tallow needs a harmful sexual behaviour plan/,
    )
    assert.doesNotMatch(block.message, /Wren/)
    assert.deepEqual(
      run({
        ...parts,
        plans: [plan(CHILD), plan(SIBLING, 'harmful_sexual_behaviour')],
        events: [{ kind: 'plan.agreed', childId: CHILD }],
      }),
      [],
    )
  })
})
