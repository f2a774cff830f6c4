import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, NotFound } from '../../kernel/errors.ts'
import { CASE_LEADS } from '../../kernel/roles.ts'
import { recordOnCase, writeCase, type RecordRule } from '../cases/index.ts'

// Closing an agreed action's task by hand. A safeguard's task is never ticked: doing what the rule asks is what
// closes it, so a tick could never say the work was done when it was not. An agreed action has no rule behind
// it: its owner (or a case lead) says it is done, through the write pipeline, so it is in the chronology.

/** A task as the page that completes it reads it. */
export async function taskToComplete(db: Db, id: string) {
  const task = await db
    .selectFrom('tasks')
    .select(['id', 'caseId', 'childId', 'safeguard', 'title', 'ownerUserId', 'ownerAgencyId', 'dueAt', 'status'])
    .select(['doneAt', 'version'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!task) throw new NotFound('task')
  return task
}

export type TaskToComplete = Awaited<ReturnType<typeof taskToComplete>>

/** Tasks are reached through the case they belong to: whoever may read the case may read its tasks. */
export const taskResolver = recordOnCase('task', async (db, id) => {
  const task = await db.selectFrom('tasks').select('caseId').where('id', '=', id).executeTakeFirst()
  return task?.caseId
})

/** Who may say an agreed action is done: its owner, anyone in the agency that owns it, or the case's leads. */
export function mayCompleteTask(
  actor: Actor,
  task: Pick<TaskToComplete, 'ownerUserId' | 'ownerAgencyId'>,
  onTeam: boolean,
): boolean {
  return (
    task.ownerUserId === actor.userId ||
    (task.ownerAgencyId !== null && task.ownerAgencyId === actor.agencyId) ||
    (onTeam && actor.roles.some(r => (CASE_LEADS as readonly string[]).includes(r)))
  )
}

const completionRule = (task: TaskToComplete): RecordRule => ({
  may: (actor, kase) => mayCompleteTask(actor, task, kase.onTeam),
  refusal:
    'Only the person or agency the task is for, or a social worker or team manager on the case, can mark it done',
})

const SAFEGUARD_TASK =
  'This task closes by itself when what the safeguard asks is recorded on the case: record that, and it will close'

/** Marks an agreed action's task done, once. `version` is the task's as the person read it. */
export async function completeTask(
  db: Db,
  actor: Actor,
  id: string,
  version: number | undefined,
  ip: string,
  now: Date,
): Promise<TaskToComplete> {
  const task = await taskToComplete(db, id)
  return writeCase(
    db,
    { actor, action: 'task.complete', ip, now, caseIds: [task.caseId], rule: completionRule(task) },
    async work => {
      const current = await work.trx
        .selectFrom('tasks')
        .select(['status', 'version', 'safeguard', 'doneAt'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (current.safeguard !== null) throw new Conflict(SAFEGUARD_TASK)
      if (current.status === 'done') throw new Conflict('This task was already marked done: nothing was changed')
      if (version !== undefined && current.version !== version)
        throw new Conflict('Someone else changed this task after you opened it: check it, then try again')
      const done = await work.trx
        .updateTable('tasks')
        .set({ status: 'done', doneAt: now, doneByUserId: actor.userId, version: current.version + 1 })
        .where('id', '=', id)
        .returning(['status', 'doneAt', 'version'])
        .executeTakeFirstOrThrow()
      await work.event(task.caseId, {
        kind: 'task.done',
        summary: `Agreed action done: ${task.title}`,
        occurredAt: now,
        childId: task.childId,
      })
      work.describe({ objectType: 'task', objectId: id })
      return { ...task, ...done }
    },
  )
}
