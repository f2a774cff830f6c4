import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixtures } from '../../../test/given.ts'
import { bearer, testApp } from '../../../test/helpers.ts'

// Issue 12's "done when", through the API on one case: referral to conclusion discussion. Each step is the
// agency's who does it; the safeguards prompt, time and refuse as the table says and clear when the work is done,
// their tasks open and close by themselves, and every step is in the chronology.

const { app } = await testApp()
const given = fixtures(app)

type Who = 'sw@csc.example' | 'dc@police.example' | 'nurse@health.example'

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function ok<T = { id: string; version: number }>(
  who: Who,
  method: 'GET' | 'POST',
  url: string,
  payload?: Record<string, unknown>,
): Promise<T> {
  const response = await call(who, method, url, payload)
  assert.ok(response.statusCode < 300, `${method} ${url}: ${String(response.statusCode)} ${response.body}`)
  return response.json<T>()
}

interface Task {
  safeguard: string | null
  childId: string | null
  status: string
}

describe('the joint response, from referral to the conclusion discussion', () => {
  it('carries one case through every step, each safeguard asking and clearing as the work is done', async () => {
    const { child, kase } = await given.childInCase({ agencies: ['police', 'health'] })
    const openTasks = async () =>
      (await ok<Task[]>('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/tasks`)).map(t => t.safeguard)
    await given.concern({ child, caseId: kase.id, by: 'sw@csc.example' })
    assert.ok((await openTasks()).includes('SG-07'), 'a concern makes the health pathway decision due')

    // The strategy discussion: health expertise attended, so SG-06 lets it complete.
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/strategy-discussions`, {
      heldAt: '2026-11-20T10:00:00Z',
      childIds: [child.id],
      categories: ['SAB'],
      attendees: [
        { name: 'Ivy Testwell', agencyKind: 'health', role: 'Named nurse', csaClinicalExperience: true },
        { name: 'Dana Constable', agencyKind: 'police', role: 'Investigator', csaClinicalExperience: false },
      ],
      informationShared: 'School shared what the child said.',
      decisions: {
        section47: true,
        policeInvestigation: true,
        abeInterview: true,
        healthAssessment: true,
        immediateProtection: false,
      },
      rationale: 'Reasonable cause to suspect significant harm.',
      actions: [
        { title: 'Visit the family at home', ownerUserId: await given.userId('sw@csc.example'), dueOn: '2026-11-27' },
      ],
      complete: true,
    })
    assert.ok((await openTasks()).includes(null), 'the agreed action is a task')

    // Health: the nurse decides the pathway, and SG-07's task closes by itself.
    await ok('nurse@health.example', 'POST', `/api/v1/cases/${kase.id}/health-referrals`, {
      childId: child.id,
      pathway: 'health_non_recent',
      decidedAt: '2026-11-21T10:00:00Z',
    })
    assert.ok(!(await openTasks()).includes('SG-07'))

    // Social care enquires; the police investigate, and SG-05 asks for early advice until it is sought.
    const enquiry = await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/section47`, {
      childId: child.id,
      startedAt: '2026-11-20',
      category: 'SAB',
    })
    const investigation = await ok('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
      crimeReference: 'NS/JOINT/26',
      childIds: [child.id],
      suspectIds: [],
      openedAt: '2026-11-20',
      offences: 'Sexual assault of a child',
    })
    assert.equal((await openTasks()).filter(s => s === 'SG-05').length, 2, 'early advice and a charging decision')
    await ok('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/charging-advice`, {
      version: investigation.version,
      soughtAt: '2026-11-21',
    })
    assert.equal((await openTasks()).filter(s => s === 'SG-05').length, 1, 'only the charging decision is left')

    // The interview: refused as held before the child was told (SG-12), recorded once they were.
    const police = (await ok<{ id: string; kind: string }[]>('sw@csc.example', 'GET', '/api/v1/agencies')).find(
      a => a.kind === 'police',
    )?.id
    const interview = await ok(
      'dc@police.example',
      'POST',
      `/api/v1/investigations/${investigation.id}/abe-interviews`,
      {
        childId: child.id,
        plannedAt: '2026-11-22',
        lead: { name: 'Dana Constable', role: 'Investigator', agencyId: police, hasJointTraining: true },
        intermediary: false,
        held: false,
      },
    )
    const untold = await call('dc@police.example', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: interview.version,
      heldAt: '2026-11-22',
    })
    assert.equal(untold.statusCode, 422, untold.body)
    assert.equal(untold.json<{ error: { code: string } }>().error.code, 'safeguard')
    await ok('dc@police.example', 'POST', `/api/v1/abe-interviews/${interview.id}/held`, {
      version: interview.version,
      heldAt: '2026-11-22',
      childInformedAt: '2026-11-21',
      informedBy: { name: 'Sam Caseworth', role: 'Social worker' },
      childWillingness: 'willing',
    })

    // The outcome: "NFA" is refused; no further police action at this time, with reasons and agencies told.
    const current = await ok('dc@police.example', 'GET', `/api/v1/investigations/${investigation.id}`)
    const outcome = {
      version: current.version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '16',
      agenciesInformed: [await given.agencyId('childrens_social_care')],
      decidedAt: '2026-11-24',
    }
    const nfa = await call('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      ...outcome,
      rationale: 'NFA',
    })
    assert.equal(nfa.statusCode, 400, nfa.body)
    await ok('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      ...outcome,
      rationale: 'The evidence does not support a charge now; the child is believed and support continues.',
    })
    assert.ok(!(await openTasks()).includes('SG-05'), 'an outcome ends the charging deadlines')
    assert.ok((await openTasks()).includes('SG-02'), 'a conclusion discussion is due')

    // The child's views are heard before the enquiry ends: SG-11 clears.
    assert.ok((await openTasks()).includes('SG-11'), "the child's views are due in the enquiry")
    await given.childViews(kase, child)
    assert.ok(!(await openTasks()).includes('SG-11'))

    // The enquiry ends, and the agencies hold the conclusion discussion: SG-02 clears.
    await ok('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
      version: enquiry.version,
      completedAt: '2026-11-24',
      outcome: 'not_substantiated_support',
    })
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/conclusion-discussions`, {
      heldAt: '2026-11-25',
      childIds: [child.id],
      attendees: [
        { name: 'Sam Caseworth', agencyKind: 'childrens_social_care', role: 'Social worker' },
        { name: 'Dana Constable', agencyKind: 'police', role: 'Investigator' },
      ],
      riskConsidered: 'Contact with the uncle is supervised.',
      protection: 'A safety plan with mother.',
      support: 'Therapeutic support through the school counsellor.',
    })
    assert.ok(!(await openTasks()).includes('SG-02'))

    const kinds = (await ok<{ kind: string }[]>('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/chronology`)).map(
      e => e.kind,
    )
    for (const kind of [
      'concern.recorded',
      'strategy.held',
      'health.decided',
      'section47.started',
      'investigation.opened',
      'investigation.chargingAdviceSought',
      'abe.planned',
      'abe.held',
      'investigation.outcome',
      'section47.completed',
      'conclusion.held',
    ])
      assert.ok(kinds.includes(kind), `the chronology has ${kind}`)

    const pathway = await ok<{ children: { steps: { key: string; status: string }[] }[] }>(
      'sw@csc.example',
      'GET',
      `/api/v1/cases/${kase.id}/pathway`,
    )
    const status = Object.fromEntries(pathway.children[0]?.steps.map(s => [s.key, s.status]) ?? [])
    assert.deepEqual(
      [status.strategy, status.enquiry, status.investigation, status.abe, status.conclusion],
      ['done', 'done', 'done', 'done', 'done'],
    )
  })
})
