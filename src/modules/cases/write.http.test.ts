import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asPartnership, asSystem } from '../../db/context.ts'
import type { Finding } from '../../kernel/findings.ts'
import { setPolicy } from '../policy/index.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import { useSafeguards, type CaseSnapshot, type Safeguard } from './write.ts'

// The write pipeline, with safeguards defined here: the real ones come with the pathway.

const { app, handle, clock } = await testApp()
const db = handle.db
// After the app is built: buildApp hands the case layer the (empty) default list.
const sw = await apiToken(app, 'sw@csc.example')
const mash = await apiToken(app, 'mash@csc.example')

const SOURCE = { code: 'PR-3', title: 'A test recommendation', href: '/review/PR-3' }
/** What each rule saw, by the test that set it. */
let seen: CaseSnapshot[] = []

/** Blocks any chronology entry whose summary asks to be blocked; sees every change. */
const blockWhenAsked: Safeguard = snapshot => {
  seen.push(snapshot)
  return snapshot.action === 'case.recordEntry' && snapshot.events.some(e => e.kind === 'note.police')
    ? [
        {
          safeguard: 'SG-TEST',
          severity: 'block',
          message: 'Police notes are refused in this test',
          facts: ['a police note'],
          source: SOURCE,
        },
      ]
    : []
}
/** Always advises, never blocks. */
const alwaysPrompt: Safeguard = (): Finding[] => [
  { safeguard: 'SG-PROMPT', severity: 'prompt', message: 'Consider something', facts: [], source: SOURCE },
]
useSafeguards(db, [blockWhenAsked, alwaysPrompt])

async function newCase(familyName: string): Promise<{ caseId: string; childId: string }> {
  const child = await app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(sw),
    payload: { givenName: 'Pip', familyName, sex: 'unknown' },
  })
  const childId = child.json<{ id: string }>().id
  const opened = await app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: bearer(sw),
    payload: { title: `Pipeline ${familyName}`, childIds: [childId] },
  })
  return { caseId: opened.json<{ id: string }>().id, childId }
}

const entry = (kind: string, summary: string) => ({
  kind,
  summary,
  occurredAt: '2026-11-24T10:00:00.000Z',
})

async function countRows(caseId: string) {
  return asSystem(async () => ({
    events: (await db.selectFrom('chronologyEvents').select('id').where('caseId', '=', caseId).execute()).length,
    audit: (
      await db
        .selectFrom('auditLog')
        .select('seq')
        .where('caseId', '=', caseId)
        .where('action', '=', 'case.recordEntry')
        .execute()
    ).length,
  }))
}

/** Records an entry on a new case through the API, with the rows counted before it. */
async function recordOnNewCase(name: string, payload: ReturnType<typeof entry>) {
  const { caseId } = await newCase(name)
  await app.lantern.audit.drain()
  const before = await countRows(caseId)
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/chronology`,
    headers: bearer(sw),
    payload,
  })
  await app.lantern.audit.drain()
  return { caseId, before, response }
}

describe('the write pipeline', () => {
  it('refuses a change a safeguard blocks with 422 and the findings, and saves none of it', async () => {
    const { caseId, before, response } = await recordOnNewCase('Blockwell', entry('note.police', 'Arrest planned'))
    assert.equal(response.statusCode, 422)
    const body = response.json<{ error: { code: string; findings: Finding[] } }>()
    assert.equal(body.error.code, 'safeguard')
    assert.deepEqual(
      body.error.findings.map(f => [f.safeguard, f.severity, f.source.code]),
      [['SG-TEST', 'block', 'PR-3']],
    )
    assert.deepEqual(await countRows(caseId), before)
  })

  it('lets a change through when its findings only advise, with one chronology event and one audit row', async () => {
    const { caseId, before, response } = await recordOnNewCase('Promptley', entry('visit.home', 'Visited at home'))
    assert.equal(response.statusCode, 201)
    assert.deepEqual(await countRows(caseId), { events: before.events + 1, audit: before.audit + 1 })
  })

  it('shows the rules the case as the change leaves it, with the events the change wrote', async () => {
    const { caseId, childId } = await newCase('Snapshott')
    seen = []
    await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/chronology`,
      headers: bearer(sw),
      payload: { ...entry('child.seen', 'Seen alone'), childId },
    })
    const snapshot = seen.find(s => s.case.id === caseId)
    assert.ok(snapshot)
    assert.equal(snapshot.action, 'case.recordEntry')
    assert.deepEqual(snapshot.events, [{ kind: 'child.seen', childId }])
    assert.deepEqual(
      snapshot.children.map(c => c.personId),
      [childId],
    )
    assert.equal(snapshot.case.status, 'open')
  })

  it('shows the form again with each finding in the error summary, keeping what was typed, and saves nothing', async () => {
    const { caseId } = await newCase('Pagebloc')
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get(`/cases/${caseId}/chronology/new`)
    const before = await countRows(caseId)
    const response = await agent.post(`/cases/${caseId}/chronology`, {
      kind: 'note.police',
      summary: 'Arrest planned',
      'occurredAt-day': '24',
      'occurredAt-month': '11',
      'occurredAt-year': '2026',
      occurredAtTime: '10:00',
      visibility: 'normal',
    })
    assert.equal(response.statusCode, 422)
    const $ = page(response)
    const summary = $('.govuk-error-summary a')
    assert.match(summary.text(), /Police notes are refused in this test \(SG-TEST, PR-3\)/)
    assert.equal(summary.attr('href'), '/review/PR-3')
    assert.equal($('textarea[name="summary"]').val(), 'Arrest planned')
    assert.deepEqual(await countRows(caseId), before)
  })

  it('takes durations from the partnership policy, not from code', async () => {
    const { caseId } = await newCase('Policywright')
    const partnershipId = await northshire()
    await asPartnership(partnershipId, () =>
      setPolicy(db, { partnershipId, name: 'breakGlassHours', value: 2, userId: null, now: clock() }),
    )
    const granted = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/break-glass`,
      headers: bearer(await apiToken(app, 'dc@police.example')),
      payload: { reason: 'Child at risk tonight, lead unreachable' },
    })
    assert.equal(granted.statusCode, 201)
    const { expiresAt } = granted.json<{ expiresAt: string }>()
    assert.equal(new Date(expiresAt).getTime() - clock().getTime(), 2 * 3_600_000)
  })

  it('gives the front door the policy’s working days to decide on a referral', async () => {
    const partnershipId = await northshire()
    await asPartnership(partnershipId, () =>
      setPolicy(db, { partnershipId, name: 'referralDecisionWorkingDays', value: 3, userId: null, now: clock() }),
    )
    const { childId } = await newCase('Threedays')
    const concern = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: bearer(mash),
      payload: { childId, description: 'Worried after a visit' },
    })
    assert.equal(concern.statusCode, 201)
    const referralId = concern.json<{ referralId: string }>().referralId
    const referral = await asSystem(() =>
      db
        .selectFrom('referrals')
        .select(['receivedAt', 'decisionDueAt'])
        .where('id', '=', referralId)
        .executeTakeFirstOrThrow(),
    )
    // Wednesday 25 November 2026, 9am: three working days on is Monday 30 November.
    assert.equal(new Date(referral.decisionDueAt).toISOString().slice(0, 10), '2026-11-30')
  })
})

async function northshire(): Promise<string> {
  const row = await asSystem(() =>
    db.selectFrom('partnerships').select('partnershipId').where('name', '=', 'Northshire').executeTakeFirstOrThrow(),
  )
  return row.partnershipId
}
