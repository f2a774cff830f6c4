import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../src/db/context.ts'
import { fixtures } from './given.ts'
import { bearer, page, testApp } from './helpers.ts'

// When the front door merges two records of one child, the pathway follows the child: the strategy discussion
// about them, its action, the investigation and interview, and the health decision then name the record kept,
// and undoing the merge moves back exactly those rows.

const { app } = await testApp()
const given = fixtures(app)
const { db } = app.lantern

type Who = 'sw@csc.example' | 'dc@police.example' | 'nurse@health.example'

async function ok(who: Who, url: string, payload: Record<string, unknown>) {
  const response = await app.inject({ method: 'POST', url, headers: bearer(await given.apiToken(who)), payload })
  assert.ok(response.statusCode < 300, `${url}: ${String(response.statusCode)} ${response.body}`)
  return response.json<{ id: string }>()
}

/** A child's case with a strategy discussion and its action, an investigation, an interview and a health decision. */
async function pathwayOf(child: { id: string }) {
  const kase = await given.case({ children: [child], agencies: ['police', 'health'] })
  const discussion = await ok('sw@csc.example', `/api/v1/cases/${kase.id}/strategy-discussions`, {
    heldAt: '2026-11-20T10:00:00Z',
    childIds: [child.id],
    categories: ['SAB'],
    attendees: [{ name: 'Ivy Testwell', agencyKind: 'health', role: 'Named nurse', csaClinicalExperience: true }],
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
      {
        title: 'Ring the school',
        childId: child.id,
        ownerUserId: await given.userId('sw@csc.example'),
        dueOn: '2026-11-27',
      },
    ],
    complete: true,
  })
  const investigation = await ok('dc@police.example', `/api/v1/cases/${kase.id}/investigations`, {
    crimeReference: `NS/MERGE/${child.id.slice(0, 8)}`,
    childIds: [child.id],
    suspectIds: [],
    openedAt: '2026-11-20',
    offences: 'Sexual assault of a child',
  })
  const interview = await ok('dc@police.example', `/api/v1/investigations/${investigation.id}/abe-interviews`, {
    childId: child.id,
    plannedAt: '2026-11-22',
    lead: {
      name: 'Dana Constable',
      role: 'Investigator',
      agencyId: await given.agencyId('police'),
      hasJointTraining: true,
    },
    intermediary: false,
    held: false,
  })
  const decision = await ok('nurse@health.example', `/api/v1/cases/${kase.id}/health-referrals`, {
    childId: child.id,
    pathway: 'health_non_recent',
    decidedAt: '2026-11-21T10:00:00Z',
  })
  return { discussion, investigation, interview, decision }
}

/** Whom each of the pathway's rows names now. */
async function childNamedBy(rows: Awaited<ReturnType<typeof pathwayOf>>) {
  return asSystem(async () => ({
    discussion: (
      await db
        .selectFrom('strategyDiscussionChildren')
        .select('childId')
        .where('discussionId', '=', rows.discussion.id)
        .executeTakeFirstOrThrow()
    ).childId,
    action: (
      await db
        .selectFrom('strategyActions')
        .select('childId')
        .where('discussionId', '=', rows.discussion.id)
        .executeTakeFirstOrThrow()
    ).childId,
    investigation: (
      await db
        .selectFrom('investigationChildren')
        .select('childId')
        .where('investigationId', '=', rows.investigation.id)
        .executeTakeFirstOrThrow()
    ).childId,
    interview: (
      await db
        .selectFrom('abeInterviews')
        .select('childId')
        .where('id', '=', rows.interview.id)
        .executeTakeFirstOrThrow()
    ).childId,
    decision: (
      await db
        .selectFrom('healthReferrals')
        .select('childId')
        .where('id', '=', rows.decision.id)
        .executeTakeFirstOrThrow()
    ).childId,
  }))
}

const everywhere = (id: string) => ({ discussion: id, action: id, investigation: id, interview: id, decision: id })

describe('a merge of two records of one child, and its undoing', () => {
  it('moves the merged record’s pathway to the record kept, and back when the merge is undone', async () => {
    const kept = await given.child()
    const twice = await given.child()
    const rows = await pathwayOf(twice)
    const sw = bearer(await given.apiToken('sw@csc.example'))
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${twice.id}/merge`,
      headers: sw,
      payload: { intoPersonId: kept.id, reason: 'Same child, confirmed with the school' },
    })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(await childNamedBy(rows), everywhere(kept.id))
    const check = page(await (await given.agent('sw@csc.example')).get(`/people/${twice.id}/unmerge`))
    for (const line of [
      '1 strategy discussion about the child',
      '1 strategy discussion action about the child',
      '1 police investigation about the child',
      '1 video-recorded \\(ABE\\) interview',
      '1 health pathway decision',
      '1 place on a case as a child',
    ])
      assert.match(check('main li').text(), new RegExp(line), `the page that undoes the merge lists ${line}`)
    const undone = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${twice.id}/unmerge`,
      headers: sw,
      payload: { reason: 'Twins: the school had them muddled' },
    })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.deepEqual(await childNamedBy(rows), everywhere(twice.id))
  })
})
