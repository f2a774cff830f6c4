import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { fixtures } from '../../../test/given.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import type { CaseBody } from '../../../test/types.ts'
import { agreedActionKey } from './tasks.ts'

// Marking an agreed action's task done by hand: once, by whoever it is for or a case lead, never a safeguard's.
// The tasks are made here as the engine makes them from an action agreed on the case.

const { app, clock } = await testApp()
const given = fixtures(app)
const { db } = app.lantern

async function agreedTask(kase: CaseBody, owner: { userId?: string; agencyId?: string }, safeguard?: string) {
  const partnershipId = await asSystem(
    async () =>
      (await db.selectFrom('cases').select('partnershipId').where('id', '=', kase.id).executeTakeFirstOrThrow())
        .partnershipId,
  )
  return asSystem(() =>
    db
      .insertInto('tasks')
      .values({
        partnershipId,
        caseId: kase.id,
        safeguard: safeguard ?? null,
        key: safeguard ? `${safeguard}:-:-` : agreedActionKey(randomUUID()),
        title: 'Ask the school for the attendance record',
        ownerUserId: owner.userId ?? null,
        ownerAgencyId: owner.agencyId ?? null,
        dueAt: new Date('2026-12-10T17:00:00Z'),
        status: 'open',
        createdAt: clock(),
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow(),
  )
}

async function complete(who: string, id: string, version: number) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/tasks/${id}/complete`,
    headers: bearer(await given.apiToken(who as never)),
    payload: { version },
  })
}

describe('marking an agreed action done', () => {
  it('lets its owner mark it done once, and writes it on the chronology', async () => {
    const { kase } = await given.childInCase({ agencies: ['police'], members: ['dc@police.example'] })
    const task = await agreedTask(kase, { userId: await given.userId('dc@police.example') })
    const done = await complete('dc@police.example', task.id, task.version)
    assert.equal(done.statusCode, 200, done.body)
    assert.equal(done.json<{ status: string }>().status, 'done')
    const again = await complete('dc@police.example', task.id, task.version + 1)
    assert.equal(again.statusCode, 409)
    assert.match(again.json<{ error: { message: string } }>().error.message, /already marked done/)
    const entries = await app.inject({
      method: 'GET',
      url: `/api/v1/cases/${kase.id}/chronology`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.ok(entries.json<{ kind: string }[]>().some(e => e.kind === 'task.done'))
  })

  it('refuses a stale version', async () => {
    const { kase } = await given.childInCase()
    const task = await agreedTask(kase, { userId: await given.userId('sw@csc.example') })
    assert.equal((await complete('sw@csc.example', task.id, task.version + 3)).statusCode, 409)
  })

  it('never ticks a safeguard’s task, which closes by itself', async () => {
    const { kase } = await given.childInCase()
    const task = await agreedTask(kase, { userId: await given.userId('sw@csc.example') }, 'SG-05')
    const refused = await complete('sw@csc.example', task.id, task.version)
    assert.equal(refused.statusCode, 409)
    assert.match(refused.json<{ error: { message: string } }>().error.message, /closes by itself/)
  })

  it('refuses a team member it is not for, who leads nothing', async () => {
    const { kase } = await given.childInCase({ agencies: ['police'], members: ['dc@police.example'] })
    const task = await agreedTask(kase, { agencyId: await given.agencyId('education') })
    assert.equal((await complete('dc@police.example', task.id, task.version)).statusCode, 403)
    assert.equal((await complete('sw@csc.example', task.id, task.version)).statusCode, 200, 'the lead may')
  })

  it('is refused to someone off the case, as if there were no such task', async () => {
    const { kase } = await given.childInCase()
    const task = await agreedTask(kase, { userId: await given.userId('sw@csc.example') })
    const refused = await complete('dc@police.example', task.id, task.version)
    assert.ok([403, 404].includes(refused.statusCode), String(refused.statusCode))
  })

  it('is marked done from the case’s tasks page, and shows there as done', async () => {
    const { kase } = await given.childInCase()
    const task = await agreedTask(kase, { userId: await given.userId('sw@csc.example') })
    const agent = await given.agent('sw@csc.example')
    const tasks = page(await agent.get(`/cases/${kase.id}/tasks`))
    assert.equal(tasks(`a[href="/tasks/${task.id}/complete"]`).length, 1)
    const form = page(await agent.get(`/tasks/${task.id}/complete`))
    assert.equal(form('h1').text().trim(), 'Mark the task as done')
    const posted = await agent.post(`/tasks/${task.id}/complete`, { version: String(task.version) })
    assert.equal(posted.statusCode, 303, posted.body)
    assert.equal(posted.headers.location, `/cases/${kase.id}/tasks?status=done`)
    const done = page(await agent.get(`/cases/${kase.id}/tasks?status=done`))
    assert.match(done('tbody').text(), /Ask the school for the attendance record/)
  })
})
