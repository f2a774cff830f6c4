import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import { addWorkingDays } from '../../kernel/working-days.ts'
import { urls } from '../../web/urls.ts'
import { notifyAll, type Notice } from '../notifications/index.ts'
import { policyOfPartnership } from '../policy/index.ts'

// The sweep: raises tasks that went past due and, after the partnership's grace in working days, tells the owner's
// managers. It claims rows with `for update skip locked` and stamps them in the same transaction as the
// notifications, so copies of the service sweeping at once never tell anyone twice, and a failed batch tells
// nobody and is claimed again next time. It runs as the system (the system pool, apart from practitioners'
// requests), in small batches, each its own short transaction.

const BATCH = 1000
/** Who manages an agency's work: told when a task in it stays overdue. */
const MANAGER_ROLES = ['team_manager', 'police_supervisor']

export interface SweepResult {
  raised: number
  escalated: number
}

interface Claimed {
  partnershipId: string
  id: string
  caseId: string
  title: string
  ownerUserId: string | null
  ownerAgencyId: string | null
}

/** The enabled managers of each agency these tasks belong to (the owner's, or the owning agency). */
async function managersOf(db: Db, tasks: readonly Claimed[]): Promise<Map<string, string[]>> {
  if (tasks.length === 0) return new Map()
  const rows = await sql<{ taskId: string; userId: string }>`
    select t.id as task_id, m.user_id
    from tasks t
    left join user_directory o on o.partnership_id = t.partnership_id and o.user_id = t.owner_user_id
    join user_directory m on m.partnership_id = t.partnership_id
      and m.agency_id = coalesce(t.owner_agency_id, o.agency_id)
      and m.roles && ${MANAGER_ROLES}::text[] and m.disabled_at is null
    where (t.partnership_id, t.id) in (select * from unnest(${tasks.map(t => t.partnershipId)}::uuid[], ${tasks.map(t => t.id)}::uuid[]))`.execute(
    db,
  )
  const found = new Map<string, string[]>()
  for (const r of rows.rows) found.set(r.taskId, [...(found.get(r.taskId) ?? []), r.userId])
  return found
}

/** The sweep's two queues: what is waiting (its time column passed, its stamp unset), and the stamp claiming it. */
const QUEUES = {
  raise: { waitsFor: 'due_at', stamp: 'overdue_at' },
  escalate: { waitsFor: 'escalate_at', stamp: 'escalated_at' },
} as const

/** Claims one batch of a queue: stamps the rows, which no other sweep can then claim (skip locked, then stamped). */
function claim(db: Db, queue: keyof typeof QUEUES, now: Date) {
  const waitsFor = sql.id(QUEUES[queue].waitsFor)
  const stamp = sql.id(QUEUES[queue].stamp)
  return sql<Claimed>`
    with waiting as (
      select partnership_id, id from tasks
      where status = 'open' and ${stamp} is null and ${waitsFor} <= ${now}
      order by ${waitsFor} limit ${BATCH}
      for update skip locked
    )
    update tasks t set ${stamp} = ${now}
    from waiting where t.partnership_id = waiting.partnership_id and t.id = waiting.id
    returning t.partnership_id, t.id, t.case_id, t.title, t.owner_user_id, t.owner_agency_id`.execute(db)
}

/** Raises one batch of tasks past due: stamps them overdue, sets when to escalate, tells each owner. */
async function raiseBatch(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async trx => {
    const claimed = await claim(trx, 'raise', now)
    const tasks = claimed.rows
    // When to escalate: the same moment for every task of a partnership in the batch, so worked out once each.
    const byPartnership = new Map<string, string[]>()
    for (const t of tasks) byPartnership.set(t.partnershipId, [...(byPartnership.get(t.partnershipId) ?? []), t.id])
    for (const [partnershipId, ids] of byPartnership) {
      const grace = (await policyOfPartnership(trx, partnershipId)).taskEscalationWorkingDays
      await trx
        .updateTable('tasks')
        .set({ escalateAt: addWorkingDays(now, grace) })
        .where('partnershipId', '=', partnershipId)
        .where('id', 'in', ids)
        .execute()
    }
    // A task for an agency rather than a person is for that agency's managers from the start.
    const managers = await managersOf(
      trx,
      tasks.filter(t => t.ownerUserId === null),
    )
    await notifyAll(
      trx,
      tasks.flatMap(t =>
        (t.ownerUserId ? [t.ownerUserId] : (managers.get(t.id) ?? [])).map((userId): Notice => ({
          partnershipId: t.partnershipId,
          userId,
          kind: 'task.overdue',
          text: `A task is overdue: ${t.title}`,
          link: urls.caseTasks(t.caseId),
          causedBy: 'the sweep',
          now,
        })),
      ),
    )
    return tasks.length
  })
}

/** Escalates one batch of tasks still overdue after the grace: tells the owner's managers. */
async function escalateBatch(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async trx => {
    const claimed = await claim(trx, 'escalate', now)
    const managers = await managersOf(trx, claimed.rows)
    await notifyAll(
      trx,
      claimed.rows.flatMap(t =>
        (managers.get(t.id) ?? []).map((userId): Notice => ({
          partnershipId: t.partnershipId,
          userId,
          kind: 'task.escalated',
          text: `A task in your team is still overdue: ${t.title}`,
          link: urls.caseTasks(t.caseId),
          causedBy: 'the sweep',
          now,
        })),
      ),
    )
    return claimed.rows.length
  })
}

/** One sweep: every batch of tasks to raise, then every batch to escalate, until none is left. */
export async function sweepTasks(db: Db, now: Date): Promise<SweepResult> {
  return asSystem(async () => {
    const result: SweepResult = { raised: 0, escalated: 0 }
    for (let n = await raiseBatch(db, now); n > 0; n = await raiseBatch(db, now)) result.raised += n
    for (let n = await escalateBatch(db, now); n > 0; n = await escalateBatch(db, now)) result.escalated += n
    return result
  })
}

/** Runs the sweep in the service every `intervalMs`, never two at once in one process. Returns what stops it. */
export function startTaskSweep(
  db: Db,
  clock: () => Date,
  log: { error(detail: Record<string, unknown>, message: string): void },
  intervalMs = 60_000,
): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    sweepTasks(db, clock())
      .catch((error: unknown) => {
        log.error({ err: error }, 'the task sweep failed')
      })
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
  }
}
