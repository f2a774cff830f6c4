import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixtures } from '../../../test/given.ts'
import { bearer, testApp } from '../../../test/helpers.ts'

// Issue 14's "done when", through the API: a step-father's conviction is recorded, then his moving in with two
// children who are on an open case. SG-08 appears for each child with its due date, and his probation contact is
// told; the discussion, the assessment and the sharing decision clear it. The assessment ages past twelve months
// while he still lives with them, and SG-09 is overdue; ending the contact clears it.

const { app, clock } = await testApp()
const given = fixtures(app)

type Who = 'sw@csc.example' | 'po@probation.example' | 'dc@police.example'

async function call(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function ok<T = { id: string; version: number }>(
  who: Who,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: Record<string, unknown>,
): Promise<T> {
  const response = await call(who, method, url, payload)
  assert.ok(response.statusCode < 300, `${method} ${url}: ${String(response.statusCode)} ${response.body}`)
  return response.json<T>()
}

interface Finding {
  safeguard: string
  severity: string
  childId?: string | null
  recordId?: string | null
  dueAt?: string | null
}

describe('a person who presents a risk of sexual harm moves in with two children', () => {
  it('raises SG-08 in their case, clears it with the discussion and assessment, then SG-09 as the assessment ages', async () => {
    const girl = await given.child({ dateOfBirth: '2016-03-14' })
    const boy = await given.child({ dateOfBirth: '2019-09-02' })
    const stepfather = await given.adult()
    const kase = await given.case({ children: [girl, boy], agencies: ['police', 'probation'] })
    const findings = async (at = kase.id) => ok<Finding[]>('sw@csc.example', 'GET', `/api/v1/cases/${at}/findings`)
    const about = async (safeguard: string) =>
      (await findings()).filter(f => f.safeguard === safeguard && f.recordId === stepfather.id)

    // Probation manage him: his probation contact is recorded.
    const probationOfficer = await given.userId('po@probation.example')
    await ok('po@probation.example', 'PATCH', `/api/v1/people/${stepfather.id}/risk-management`, {
      version: 0,
      mappaCategory: '1',
      mappaLevel: '2',
      probationContactUserId: probationOfficer,
    })

    // Monday 30 November: his conviction is recorded, then his moving in with both children.
    clock.set('2026-11-30T10:00:00Z')
    // The social worker who keeps his record enters it, as the police told her.
    await ok('sw@csc.example', 'POST', `/api/v1/people/${stepfather.id}/offending-history`, {
      kind: 'conviction',
      date: '2018-06-12',
      sourceAgencyId: await given.agencyId('police'),
      description: 'Convicted of a sexual offence against a child (synthetic record)',
    })
    assert.deepEqual(await about('SG-08'), [], 'no child is linked to him yet')
    for (const child of [girl, boy])
      await ok('sw@csc.example', 'POST', `/api/v1/people/${child.id}/relationships`, {
        otherPersonId: stepfather.id,
        kind: 'step_parent',
        livesWith: true,
        hasContact: true,
      })

    // SG-08 for each child, due in five working days (Monday 7 December), and his probation contact is told.
    const raised = await about('SG-08')
    assert.deepEqual(raised.map(f => f.childId).sort(), [girl.id, boy.id].sort())
    for (const f of raised) {
      assert.equal(f.severity, 'due')
      assert.equal(f.dueAt?.slice(0, 10), '2026-12-07')
    }
    const told = await ok<{ kind: string; link: string }[]>('po@probation.example', 'GET', '/api/v1/notifications')
    assert.equal(told.filter(n => n.kind === 'register.childLinked').length, 2)

    // The discussion (two agencies, a civil order considered), the assessment and the sharing decision.
    clock.set('2026-12-02T15:00:00Z')
    const discussion = await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/risk-discussions`, {
      heldAt: '2026-12-02T10:00:00Z',
      personId: stepfather.id,
      attendees: [
        { name: 'Sam Invented', agencyKind: 'childrens_social_care', role: 'Social worker' },
        { name: 'Pat Madeup', agencyKind: 'probation', role: 'Probation officer' },
        { name: 'Alex Fictional', agencyKind: 'police', role: 'Detective constable' },
      ],
      summary: 'He has moved in with two children; contact is to be supervised while the risk is assessed.',
      civilOrderConsidered: true,
      civilOrderReason: 'The police will apply for a Sexual Harm Prevention Order.',
    })
    assert.equal((await about('SG-08')).length, 2, 'a discussion alone is not enough: the assessment is missing')
    await ok('po@probation.example', 'POST', `/api/v1/people/${stepfather.id}/risk-assessments`, {
      tool: 'arms',
      assessedOn: '2026-12-02',
      assessorAgencyId: await given.agencyId('probation'),
      level: 'high',
      summary: 'High risk of sexual harm to children in the household.',
      nextReviewOn: '2027-06-02',
    })
    await ok('sw@csc.example', 'POST', '/api/v1/information-sharing', {
      personId: stepfather.id,
      caseId: kase.id,
      discussionId: discussion.id,
      shared: true,
      what: 'His conviction and the risk assessment',
      withAgencyIds: [await given.agencyId('probation'), await given.agencyId('police')],
      lawfulBasis: 'safeguarding',
      reason: 'To protect the children he lives with',
      at: '2026-12-02T14:00:00Z',
    })
    assert.deepEqual(await about('SG-08'), [], 'the discussion and a current assessment clear SG-08')

    // A year and more on, he still lives with them: the assessment is out of date and SG-09 is overdue.
    clock.set('2027-12-06T10:00:00Z')
    const aged = await about('SG-09')
    assert.equal(aged.length, 2)
    for (const f of aged) assert.ok(f.dueAt && new Date(f.dueAt) < new Date('2027-12-06T10:00:00Z'), 'overdue')

    // He moves out: ending the contact clears SG-09.
    for (const child of [girl, boy]) {
      const { members } = await ok<{ members: { id: string; personId: string; version: number }[] }>(
        'sw@csc.example',
        'GET',
        `/api/v1/people/${child.id}/household`,
      )
      const relationship = members.find(m => m.personId === stepfather.id) ?? assert.fail('the move was recorded')
      await ok('sw@csc.example', 'POST', `/api/v1/relationships/${relationship.id}/end`, {
        endedOn: '2027-12-06',
        reason: 'He moved out',
        version: relationship.version,
      })
    }
    assert.deepEqual(await about('SG-09'), [])
    assert.deepEqual(await about('SG-08'), [])
  })
})
