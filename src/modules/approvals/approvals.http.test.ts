import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00. Sam Caseworth (sw) asks; Taylor (tm) decides.
const { app, handle } = await testApp()
const given = fixtures(app)
const { db } = handle

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

interface Approval {
  id: string
  caseId: string
  caseReference: string
  kind: string
  childId: string | null
  childName: string | null
  status: string
  askedByUserId: string
  decidedByName: string | null
  decisionReason: string | null
}

const REASON = 'The school counsellor already sees Wren weekly and the family asked for nothing more'

/** A case about a child, with the demo team manager on its team. */
const managedCase = (options: Parameters<typeof given.childInCase>[0] = {}) =>
  given.childInCase({ title: 'Approval case', members: ['tm@csc.example'], ...options })

async function ask(caseId: string, childId: string | null, who: Who = 'sw@csc.example') {
  const response = await call(who, 'POST', `/api/v1/cases/${caseId}/approvals`, {
    kind: 'no_support_plan',
    childId,
    reason: REASON,
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<Approval>()
}

const decide = (who: Who, id: string, verb: 'approve' | 'return', reason = 'Agreed: the counselling goes on') =>
  call(who, 'POST', `/api/v1/approvals/${id}/${verb}`, { reason })

const rowOf = (id: string) =>
  asSystem(() => db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirstOrThrow())

const eventsOf = (caseId: string) =>
  asSystem(() =>
    db
      .selectFrom('chronologyEvents')
      .select(['kind', 'childId'])
      .where('caseId', '=', caseId)
      .where('kind', 'like', 'approval.%')
      .orderBy('occurredAt')
      .execute(),
  )

const noticesTo = async (who: Who) => {
  const userId = await given.userId(who)
  return asSystem(() =>
    db
      .selectFrom('notifications')
      .select(['kind', 'text', 'link'])
      .where('userId', '=', userId)
      .where('kind', 'in', ['approval.asked', 'approval.decided'])
      .execute(),
  )
}

const auditActions = (objectId: string) =>
  asSystem(async () => {
    await app.lantern.audit.drain()
    return (
      await db.selectFrom('auditLog').select('action').where('objectId', '=', objectId).orderBy('at').execute()
    ).map(r => r.action)
  })

describe('asking for a manager’s approval through the API', () => {
  it('records a pending request on the child’s chronology and tells the case’s team managers, naming no child', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id)
    assert.equal(approval.status, 'pending')
    assert.equal(approval.childId, child.id)
    assert.equal(approval.caseReference, kase.reference)
    assert.deepEqual(await eventsOf(kase.id), [{ kind: 'approval.asked', childId: child.id }])
    const told = (await noticesTo('tm@csc.example')).filter(n => n.link === `/approvals/${approval.id}`)
    assert.equal(told.length, 1)
    assert.match(told[0]?.text ?? '', new RegExp(kase.reference))
    assert.doesNotMatch(told[0]?.text ?? '', new RegExp(child.givenName))
    assert.deepEqual(await auditActions(approval.id), ['approval.ask'])
  })

  it('refuses a second pending request of the same kind for the same child, naming the field', async () => {
    const { child, kase } = await managedCase()
    await ask(kase.id, child.id)
    const again = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/approvals`, {
      kind: 'no_support_plan',
      childId: child.id,
      reason: REASON,
    })
    assert.equal(again.statusCode, 400, again.body)
    assert.match(again.json<ErrorBody>().error.fields?.childId ?? '', /already waiting/)
  })

  it('refuses bad input naming the field, saving nothing', async () => {
    const { child, kase } = await managedCase()
    const other = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ kind: 'no_support_plan', childId: other.id, reason: REASON }, 'childId', /child on this case/],
      [{ kind: 'no_support_plan', reason: REASON }, 'childId', /Choose the child/],
      [{ kind: 'no_support_plan', childId: child.id, reason: '  ' }, 'reason', /why you are asking/],
      [{ kind: 'a_new_car', childId: child.id, reason: REASON }, 'kind', /Choose what/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/approvals`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    const saved = await asSystem(() => db.selectFrom('approvals').select('id').where('caseId', '=', kase.id).execute())
    assert.deepEqual(saved, [])
  })

  it('is asked only by a practitioner on the case team', async () => {
    const { child, kase } = await given.childInCase({ title: 'Approval case' })
    const refused = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/approvals`, {
      kind: 'no_support_plan',
      childId: child.id,
      reason: REASON,
    })
    assert.equal(refused.statusCode, 403)
  })
})

describe('a merge of the child’s records', () => {
  it('moves the approvals about the merged record to the record kept', async () => {
    const kept = await given.child()
    const { child: twice, kase } = await managedCase()
    const approval = await ask(kase.id, twice.id)
    const merged = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/merge`, {
      intoPersonId: kept.id,
      reason: 'Same NHS number on the GP letter',
    })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(merged.json<{ moved: { approvals?: string[] } }>().moved.approvals, [approval.id])
    assert.equal((await rowOf(approval.id)).childId, kept.id)
  })
})

describe('a team manager’s list', () => {
  it('lists the approvals on the cases they may read, pending first, with X-Total-Count and paging', async () => {
    // A team manager of the health trust: only the cases whose team they are on are theirs to read.
    const reader = await given.user('team_manager', { agency: 'health' })
    const first = await managedCase({ members: [reader] })
    const second = await managedCase({ members: [reader] })
    const unseen = await managedCase()
    const decided = await ask(first.kase.id, first.child.id)
    assert.equal((await decide(reader, decided.id, 'approve')).statusCode, 200)
    const pending = await ask(second.kase.id, second.child.id)
    const hidden = await ask(unseen.kase.id, unseen.child.id)
    const all = await call(reader, 'GET', '/api/v1/approvals?limit=200')
    assert.equal(all.statusCode, 200, all.body)
    const ids = all.json<Approval[]>().map(a => a.id)
    assert.ok(ids.includes(decided.id) && ids.includes(pending.id))
    assert.ok(!ids.includes(hidden.id), 'not on that case’s team')
    assert.ok(ids.indexOf(pending.id) < ids.indexOf(decided.id), 'pending first')
    assert.equal(all.headers['x-total-count'], String(ids.length))
    const statuses = all.json<Approval[]>().map(a => a.status)
    assert.deepEqual(
      statuses,
      [...statuses].sort((a, b) => Number(a !== 'pending') - Number(b !== 'pending')),
    )
    const onlyPending = (await call(reader, 'GET', '/api/v1/approvals?status=pending&limit=200')).json<Approval[]>()
    assert.ok(onlyPending.every(a => a.status === 'pending'))
    const one = await call(reader, 'GET', '/api/v1/approvals?limit=1&offset=1')
    assert.equal(one.json<Approval[]>().length, 1)
    assert.equal(one.headers['x-total-count'], String(ids.length))
  })

  it('is refused to anyone but a team manager', async () => {
    assert.equal((await call('sw@csc.example', 'GET', '/api/v1/approvals')).statusCode, 403)
  })
})

describe('deciding', () => {
  it('approves with a reason: on the chronology, audited, and the one who asked is told', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id)
    const approved = await decide('tm@csc.example', approval.id, 'approve')
    assert.equal(approved.statusCode, 200, approved.body)
    const body = approved.json<Approval>()
    assert.equal(body.status, 'approved')
    assert.equal(body.decisionReason, 'Agreed: the counselling goes on')
    assert.deepEqual(await eventsOf(kase.id), [
      { kind: 'approval.asked', childId: child.id },
      { kind: 'approval.approved', childId: child.id },
    ])
    assert.deepEqual(await auditActions(approval.id), ['approval.ask', 'approval.approve'])
    const told = (await noticesTo('sw@csc.example')).filter(n => n.link === `/approvals/${approval.id}`)
    assert.equal(told.length, 1)
    assert.equal(told[0]?.kind, 'approval.decided')
    const read = await call('sw@csc.example', 'GET', `/api/v1/approvals/${approval.id}`)
    assert.equal(read.json<Approval>().status, 'approved')
  })

  it('returns with a reason, and the practitioner may then ask again', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id)
    const returned = await decide('tm@csc.example', approval.id, 'return', 'Say what the counsellor offers')
    assert.equal(returned.statusCode, 200, returned.body)
    assert.equal(returned.json<Approval>().status, 'returned')
    assert.equal((await eventsOf(kase.id)).at(-1)?.kind, 'approval.returned')
    await ask(kase.id, child.id)
  })

  it('needs a reason', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id)
    const refused = await decide('tm@csc.example', approval.id, 'approve', ' ')
    assert.equal(refused.statusCode, 400)
    assert.ok(refused.json<ErrorBody>().error.fields?.reason)
    assert.equal((await rowOf(approval.id)).status, 'pending')
  })

  it('never lets the one who asked decide, saying so and saving nothing', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id, 'tm@csc.example')
    const refused = await decide('tm@csc.example', approval.id, 'approve')
    assert.equal(refused.statusCode, 403, refused.body)
    assert.match(refused.json<ErrorBody>().error.message, /You asked for this approval/)
    assert.equal((await rowOf(approval.id)).status, 'pending')
    const other = await given.user('team_manager')
    await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, { userId: other.id })
    assert.equal((await decide(other, approval.id, 'approve')).statusCode, 200)
  })

  it('refuses a decided request a second time (409)', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id)
    assert.equal((await decide('tm@csc.example', approval.id, 'approve')).statusCode, 200)
    const again = await decide('tm@csc.example', approval.id, 'return', 'Changed my mind')
    assert.equal(again.statusCode, 409, again.body)
    assert.match(again.json<ErrorBody>().error.message, /already approved/)
    assert.equal((await rowOf(approval.id)).status, 'approved')
  })

  it('is refused to a practitioner who is not a team manager, and to a team manager off the case', async () => {
    const { child, kase } = await managedCase({ members: ['tm@csc.example', 'dc@police.example'] })
    const approval = await ask(kase.id, child.id)
    assert.equal((await decide('dc@police.example', approval.id, 'approve')).statusCode, 403)
    const stranger = await given.user('team_manager', { agency: 'health' })
    assert.equal((await decide(stranger, approval.id, 'approve')).statusCode, 403)
    assert.equal((await rowOf(approval.id)).status, 'pending')
  })
})

describe('SG-03 with approvals', () => {
  /** A case whose child's police investigation closed with no further police action on 20 November. */
  async function closedWithoutCharge() {
    const { child, kase } = await managedCase({ agencies: ['police'] })
    const suspect = await given.adult()
    const opened = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
      crimeReference: `NS/${String(Math.floor(Math.random() * 90000) + 10000)}/26`,
      childIds: [child.id],
      suspectIds: [suspect.id],
      openedAt: '2026-11-02T10:00:00Z',
      offences: 'Sexual assault of a child under 13',
    })
    assert.equal(opened.statusCode, 201, opened.body)
    const investigation = opened.json<{ id: string; version: number }>()
    const csc = await given.agencyId('childrens_social_care')
    const outcome = await call('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      version: investigation.version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '15',
      rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
      agenciesInformed: [csc],
      decidedAt: '2026-11-20T10:00:00Z',
    })
    assert.equal(outcome.statusCode, 200, outcome.body)
    return { child, kase }
  }

  const sg03 = async (caseId: string) =>
    (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/findings`))
      .json<{ safeguard: string; severity: string; message: string; childId: string }[]>()
      .filter(f => f.safeguard === 'SG-03')

  it('refuses to close the case after no further police action (422 safeguard), saving nothing', async () => {
    const { child, kase } = await closedWithoutCharge()
    const [prompt, ...rest] = await sg03(kase.id)
    assert.equal(rest.length, 0)
    assert.equal(prompt?.severity, 'prompt')
    assert.equal(prompt.childId, child.id)
    const close = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/close`, { reason: 'Work finished' })
    assert.equal(close.statusCode, 422, close.body)
    const problem = close.json<ErrorBody & { error: { findings?: { safeguard: string; message: string }[] } }>()
    assert.equal(problem.error.code, 'safeguard')
    const [block] = problem.error.findings ?? []
    assert.equal(block?.safeguard, 'SG-03')
    assert.match(block.message, /^The case cannot close yet: /)
    assert.match(block.message, /support plan/)
    const read = await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}`)
    assert.equal(read.json<{ status: string }>().status, 'open')
  })

  it('an approved no-support-plan reason clears that part of the finding, and only once approved', async () => {
    const { child, kase } = await closedWithoutCharge()
    const approval = await ask(kase.id, child.id)
    assert.match((await sg03(kase.id))[0]?.message ?? '', /support plan/, 'pending is not approved')
    assert.equal((await decide('tm@csc.example', approval.id, 'approve')).statusCode, 200)
    const [finding] = await sg03(kase.id)
    assert.ok(finding, 'the family has still to be told')
    assert.doesNotMatch(finding.message, /support plan/)
    assert.match(finding.message, /told/)
  })
})

describe('approvals through the pages', () => {
  it('asks through check your answers, then a team manager returns it through a check page', async () => {
    const { child, kase } = await managedCase()
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(`/cases/${kase.id}/approvals/new?kind=no_support_plan&childId=${child.id}`)
    assert.equal(form.statusCode, 200, form.body)
    assert.equal(page(form)(`input[name="childId"][value="${child.id}"]`).attr('checked'), 'checked')
    const empty = await sam.post(`/cases/${kase.id}/approvals`, { kind: 'no_support_plan', childId: child.id })
    assert.equal(empty.statusCode, 400)
    assert.match(page(empty)('.govuk-error-summary').text(), /Enter why you are asking/)
    const checking = await sam.post(`/cases/${kase.id}/approvals`, {
      kind: 'no_support_plan',
      childId: child.id,
      reason: REASON,
    })
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /Check your answers/)
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303, done.body)
    const shown = await sam.get(String(done.headers.location))
    assert.match(shown.body, /Your request was sent/)
    assert.match(shown.body, /another team manager decides it|Waiting for a team manager/)
    const id = String(done.headers.location).split('/')[2]?.split('?')[0] ?? ''

    const taylor = await given.agent('tm@csc.example')
    const list = await taylor.get('/approvals')
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/approvals/${id}"]`).length)
    const request = await taylor.get(`/approvals/${id}`)
    assert.ok(page(request)(`a[href="/approvals/${id}/return"]`).length)
    await taylor.get(`/approvals/${id}/return`)
    const check = await taylor.post(`/approvals/${id}/return`, { reason: 'Say what the counsellor offers' })
    assert.equal(check.statusCode, 200, check.body)
    assert.equal((await rowOf(id)).status, 'pending')
    const returned = await taylor.confirm()
    assert.equal(returned.statusCode, 303, returned.body)
    assert.equal((await rowOf(id)).status, 'returned')
    const seen = await sam.get(`/approvals/${id}`)
    assert.match(seen.body, /Say what the counsellor offers/)
  })

  it('does not offer the one who asked a way to decide, and refuses them the form', async () => {
    const { child, kase } = await managedCase()
    const approval = await ask(kase.id, child.id, 'tm@csc.example')
    const taylor = await given.agent('tm@csc.example')
    const request = await taylor.get(`/approvals/${approval.id}`)
    assert.equal(page(request)(`a[href="/approvals/${approval.id}/approve"]`).length, 0)
    const form = await taylor.get(`/approvals/${approval.id}/approve`)
    assert.equal(form.statusCode, 403)
    assert.match(form.body, /You asked for this approval/)
  })
})
