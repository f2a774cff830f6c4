import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import type { Finding } from '../../kernel/findings.ts'
import { addWorkingDays } from '../../kernel/working-days.ts'
import { fixtures } from '../../../test/given.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import type { ApiBody } from '../../../test/types.ts'
import type { Safeguard } from '../cases/index.ts'
import { sweepTasks } from './sweep.ts'

// The engine, tasks and the sweep, with a rule defined here (the real ones come with the pathway): a case with no
// non-abusing parent on it is due to have one within two working days of opening. Adding one clears it.

type Task = ApiBody<'caseTasks', 200>[number]
type FindingBody = ApiBody<'caseFindings', 200>[number]

const SOURCE = { code: 'RQ-6', title: 'The views of children and non-abusing parents', href: '/review/RQ-6' }
const MESSAGE = 'Ask the parent or carer who did not harm the child for their views'

const parentAsked: Safeguard = (snapshot): Finding[] =>
  snapshot.case.status === 'open' && !snapshot.adults.some(a => a.role === 'non_abusing_parent')
    ? [
        {
          safeguard: 'SG-T1',
          severity: 'due',
          message: MESSAGE,
          dueAt: addWorkingDays(snapshot.case.openedAt, 2),
          facts: ['no non-abusing parent or carer is on the case'],
          source: SOURCE,
        },
      ]
    : []

const { app, clock } = await testApp({}, { safeguards: [parentAsked] })
const given = fixtures(app)
const { db } = app.lantern

async function get<T>(who: string, url: string): Promise<T> {
  const response = await app.inject({ method: 'GET', url, headers: bearer(await given.apiToken(who as never)) })
  assert.equal(response.statusCode, 200, `${url}: ${response.body}`)
  return response.json<T>()
}

async function addParent(kase: { id: string }, by = 'sw@csc.example') {
  const parent = await given.adult()
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/cases/${kase.id}/adults`,
    headers: bearer(await given.apiToken(by as never)),
    payload: { personId: parent.id, role: 'non_abusing_parent', reason: 'Mother, living apart from the father' },
  })
  assert.equal(response.statusCode, 201, response.body)
}

async function notificationsOf(userId: string, kind: string) {
  return asSystem(() =>
    db
      .selectFrom('notifications')
      .select(['text', 'link'])
      .where('userId', '=', userId)
      .where('kind', '=', kind as never)
      .execute(),
  )
}

describe('tasks kept by the safeguards', () => {
  it('opens a task for the lead practitioner when a change leaves a due finding', async () => {
    clock.set('2026-12-01T10:00:00.000Z')
    const { kase } = await given.childInCase()
    const tasks = await get<Task[]>('sw@csc.example', `/api/v1/cases/${kase.id}/tasks`)
    assert.equal(tasks.length, 1)
    const [task] = tasks
    assert.ok(task)
    assert.equal(task.safeguard, 'SG-T1')
    assert.equal(task.title, MESSAGE)
    assert.equal(task.status, 'open')
    assert.equal(task.ownerUserId, await given.userId('sw@csc.example'))
    assert.equal(task.dueAt, '2026-12-03T10:00:00.000Z', 'two working days after the case opened')
    const mine = await get<Task[]>('sw@csc.example', '/api/v1/tasks?owner=me')
    assert.ok(mine.some(t => t.id === task.id))
  })

  it('keeps one task however many changes find the same thing', async () => {
    const { kase } = await given.childInCase()
    await given.entry(kase)
    await given.entry(kase)
    assert.equal((await get<Task[]>('sw@csc.example', `/api/v1/cases/${kase.id}/tasks`)).length, 1)
  })

  it('closes the task by itself when the step the rule asks for is done', async () => {
    const { kase } = await given.childInCase()
    await addParent(kase)
    assert.deepEqual(await get<Task[]>('sw@csc.example', `/api/v1/cases/${kase.id}/tasks`), [])
    const done = await get<Task[]>('sw@csc.example', `/api/v1/cases/${kase.id}/tasks?status=done`)
    assert.equal(done.length, 1)
    assert.equal(done[0]?.status, 'done')
  })

  it('answers a case’s open findings, with the facts and the source', async () => {
    const { kase } = await given.childInCase()
    const findings = await get<FindingBody[]>('sw@csc.example', `/api/v1/cases/${kase.id}/findings`)
    assert.deepEqual(
      findings.map(f => [f.safeguard, f.severity, f.facts, f.source.href]),
      [['SG-T1', 'due', ['no non-abusing parent or carer is on the case'], '/review/RQ-6']],
    )
    await addParent(kase)
    assert.deepEqual(await get<FindingBody[]>('sw@csc.example', `/api/v1/cases/${kase.id}/findings`), [])
  })

  it('keeps a case’s tasks and findings from someone off its team', async () => {
    const { kase } = await given.childInCase()
    const token = await given.apiToken('dc@police.example')
    for (const url of [`/api/v1/cases/${kase.id}/tasks`, `/api/v1/cases/${kase.id}/findings`])
      assert.equal((await app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode, 403, url)
    const team = await get<Task[]>('dc@police.example', '/api/v1/tasks?owner=team')
    assert.ok(!team.some(t => t.caseId === kase.id))
  })

  it('lists my agency’s tasks on the cases I may open', async () => {
    const manager = await given.user('team_manager')
    // The lead's agency joins the team when the case opens.
    const { kase } = await given.childInCase()
    const team = await get<Task[]>(manager.email, '/api/v1/tasks?owner=team')
    assert.ok(team.some(t => t.caseId === kase.id))
    assert.ok(!(await get<Task[]>(manager.email, '/api/v1/tasks?owner=me')).some(t => t.caseId === kase.id))
  })

  it('shows my tasks on a page, each with its case, and a case’s findings and tasks on the case’s', async () => {
    clock.set('2026-12-01T10:00:00.000Z')
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    const agent = await given.agent(worker)
    const mine = page(await agent.get('/tasks'))
    assert.equal(mine('h1').text().trim(), 'My tasks')
    assert.match(mine('tbody').text(), new RegExp(MESSAGE))
    assert.equal(mine(`tbody a[href="/cases/${kase.id}/tasks"]`).text().trim(), kase.reference)
    const onCase = page(await agent.get(`/cases/${kase.id}/tasks`))
    assert.match(onCase('.lantern-findings').text(), /Because: no non-abusing parent or carer is on the case/)
    assert.equal(onCase('.lantern-findings a').attr('href'), '/review/RQ-6')
  })

  it('says on the case page what the safeguards ask, leading to the case’s tasks and findings', async () => {
    const { kase } = await given.childInCase()
    const agent = await given.agent('sw@csc.example')
    const summary = page(await agent.get(`/cases/${kase.id}`))('#safeguards-summary')
    assert.match(summary.text().replace(/\s+/g, ' '), /1 open finding from the safeguards\./)
    assert.equal(summary.find('a').attr('href'), `/cases/${kase.id}/tasks`)
  })
})

describe('the sweep', () => {
  it('tells the owner once when a task goes past due, then their managers after the grace', async () => {
    clock.set('2026-12-01T10:00:00.000Z')
    const worker = await given.user('social_worker')
    const manager = await given.user('team_manager')
    await given.childInCase({ by: worker })
    const overdue = new Date('2026-12-03T10:30:00.000Z')
    assert.ok((await sweepTasks(db, overdue)).raised >= 1)
    const told = await notificationsOf(worker.id, 'task.overdue')
    assert.equal(told.length, 1)
    assert.match(told[0]?.text ?? '', new RegExp(`A task is overdue: ${MESSAGE}`))
    await sweepTasks(db, new Date('2026-12-03T11:00:00.000Z'))
    assert.equal((await notificationsOf(worker.id, 'task.overdue')).length, 1, 'told once, not at every sweep')
    assert.equal((await notificationsOf(manager.id, 'task.escalated')).length, 0, 'not yet: the grace runs')
    await sweepTasks(db, new Date('2026-12-07T11:00:00.000Z'))
    assert.ok((await notificationsOf(manager.id, 'task.escalated')).length >= 1, 'two working days on')
  })

  it('tells each owner once when two sweeps run at once', async () => {
    clock.set('2026-12-01T10:00:00.000Z')
    const worker = await given.user('social_worker')
    for (let n = 0; n < 5; n++) await given.childInCase({ by: worker })
    const at = new Date('2026-12-03T12:00:00.000Z')
    await Promise.all([sweepTasks(db, at), sweepTasks(db, at)])
    assert.equal((await notificationsOf(worker.id, 'task.overdue')).length, 5)
  })

  it('no longer raises a task whose finding cleared', async () => {
    clock.set('2026-12-01T10:00:00.000Z')
    const worker = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: worker })
    await addParent(kase, worker.email)
    await sweepTasks(db, new Date('2026-12-04T12:00:00.000Z'))
    assert.equal((await notificationsOf(worker.id, 'task.overdue')).length, 0)
  })
})
