import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Finding } from '../../kernel/findings.ts'
import { notifyAll } from '../notifications/index.ts'
import type { AgreedAction } from './snapshot.ts'

// Tasks: what someone must do on a case by when. The engine keeps those of `due` findings in step with the rules,
// inside each change to a case: a new finding opens its task, a finding whose due time moved moves it (and, if
// it is no longer past, un-raises it), a finding that cleared closes its task by itself. Nobody ticks a
// safeguard's task done: doing what the rule asks is what closes it.

/** What makes two findings the same task: the safeguard, the child and the record it is about. */
export function taskKey(finding: Pick<Finding, 'safeguard' | 'childId' | 'recordId'>): string {
  return `${finding.safeguard}:${finding.childId ?? '-'}:${finding.recordId ?? '-'}`
}

/** A case whose tasks are kept, as the engine read it. */
interface TaskCase {
  partnershipId: string
  id: string
  leadUserId: string
}

/**
 * Opens, moves and closes the safeguard tasks of each of these cases to match its `due` findings now, in a fixed
 * number of queries however many cases a change touched. A finding that asks for others to be told (`notify`)
 * tells them when its task first opens, not each time it moves.
 */
export async function keepTasks(
  trx: Transaction<Database>,
  cases: readonly { kase: TaskCase; findings: readonly Finding[] }[],
  now: Date,
): Promise<void> {
  if (cases.length === 0) return
  const dueOf = cases.map(({ kase, findings }) => {
    const due = new Map<string, Finding & { dueAt: Date }>()
    for (const f of findings) if (f.severity === 'due' && f.dueAt) due.set(taskKey(f), { ...f, dueAt: f.dueAt })
    return { kase, due }
  })
  const opening = await tasksOpening(trx, dueOf)
  // What cleared: each case's open safeguard tasks no finding asks for any more.
  await trx
    .updateTable('tasks')
    .set(eb => ({ status: 'done', doneAt: now, doneByUserId: null, version: eb('version', '+', 1) }))
    .where(
      'caseId',
      'in',
      cases.map(c => c.kase.id),
    )
    .where('status', '=', 'open')
    .where('safeguard', 'is not', null)
    .where(eb =>
      eb.not(
        eb.or(
          dueOf
            .filter(({ due }) => due.size > 0)
            .map(({ kase, due }) => eb.and([eb('caseId', '=', kase.id), eb('key', 'in', [...due.keys()])])),
        ),
      ),
    )
    .execute()
  const rows = dueOf.flatMap(({ kase, due }) =>
    [...due].map(([key, f]) => {
      const owner = f.owner ?? { userId: kase.leadUserId, agencyId: null }
      return {
        partnershipId: kase.partnershipId,
        caseId: kase.id,
        childId: f.childId ?? null,
        safeguard: f.safeguard,
        key,
        title: f.message,
        ownerUserId: owner.userId,
        ownerAgencyId: owner.agencyId,
        dueAt: f.dueAt,
        status: 'open' as const,
        createdAt: now,
      }
    }),
  )
  if (rows.length > 0)
    await trx
      .insertInto('tasks')
      .values(rows)
      .onConflict(oc =>
        oc
          .columns(['partnershipId', 'caseId', 'key'])
          // A literal, not a parameter: PostgreSQL matches the partial index's predicate by its text.
          .where(sql.ref('status'), '=', sql.lit('open'))
          // Only when something changed: an unchanged task is left as it is (and its version with it).
          .doUpdateSet(eb => ({
            title: eb.ref('excluded.title'),
            dueAt: eb.ref('excluded.dueAt'),
            ownerUserId: eb.ref('excluded.ownerUserId'),
            ownerAgencyId: eb.ref('excluded.ownerAgencyId'),
            overdueAt: sql<Date | null>`case when excluded.due_at > ${now} then null else tasks.overdue_at end`,
            escalateAt: sql<Date | null>`case when excluded.due_at > ${now} then null else tasks.escalate_at end`,
            escalatedAt: sql<Date | null>`case when excluded.due_at > ${now} then null else tasks.escalated_at end`,
            version: eb('tasks.version', '+', 1),
          }))
          .where(eb =>
            eb.or([
              eb('tasks.title', '<>', eb.ref('excluded.title')),
              eb('tasks.dueAt', '<>', eb.ref('excluded.dueAt')),
              sql<boolean>`tasks.owner_user_id is distinct from excluded.owner_user_id`,
              sql<boolean>`tasks.owner_agency_id is distinct from excluded.owner_agency_id`,
            ]),
          ),
      )
      .execute()
  await notifyAll(
    trx,
    dueOf.flatMap(({ kase, due }) =>
      [...due].flatMap(([key, f]) => {
        if (!f.notify || !opening.has(`${kase.id} ${key}`)) return []
        const notify = f.notify
        return notify.userIds.map(userId => ({
          partnershipId: kase.partnershipId,
          userId,
          kind: notify.kind,
          text: notify.text,
          link: notify.link,
          // The engine does not know who made the change; whoever it was, the one named is told (a probation
          // contact recording a conviction still hears which case it reached).
          causedBy: '',
          now,
        }))
      }),
    ),
  )
}

/**
 * The tasks (as `<case id> <key>`) of findings that ask for someone to be told and have no open task yet: one
 * query, only if any ask.
 */
async function tasksOpening(
  trx: Transaction<Database>,
  cases: readonly { kase: TaskCase; due: ReadonlyMap<string, Finding> }[],
): Promise<Set<string>> {
  const asking = cases.flatMap(({ kase, due }) =>
    [...due].filter(([, f]) => f.notify && f.notify.userIds.length > 0).map(([key]) => ({ caseId: kase.id, key })),
  )
  if (asking.length === 0) return new Set()
  const open = await trx
    .selectFrom('tasks')
    .select(['caseId', 'key'])
    .where('caseId', 'in', [...new Set(asking.map(a => a.caseId))])
    .where('status', '=', 'open')
    .where('key', 'in', [...new Set(asking.map(a => a.key))])
    .execute()
  const already = new Set(open.map(t => `${t.caseId} ${t.key}`))
  return new Set(asking.map(a => `${a.caseId} ${a.key}`).filter(task => !already.has(task)))
}

/** The task key of an action agreed on a case: never a safeguard's, so the engine never closes it by itself. */
export const agreedActionKey = (actionId: string) => `action:${actionId}`

/**
 * Opens a task for each agreed action that has never had one. Once opened, the task is the person's to close:
 * a done task is not opened again, and a later change to the case does not move it.
 */
export async function keepAgreedActions(
  trx: Transaction<Database>,
  kase: { partnershipId: string; id: string },
  actions: readonly AgreedAction[],
  now: Date,
): Promise<void> {
  if (actions.length === 0) return
  const keys = actions.map(a => agreedActionKey(a.id))
  const opened = await trx
    .selectFrom('tasks')
    .select('key')
    .where('caseId', '=', kase.id)
    .where('key', 'in', keys)
    .execute()
  const known = new Set(opened.map(t => t.key))
  const fresh = actions.filter(a => !known.has(agreedActionKey(a.id)))
  if (fresh.length === 0) return
  await trx
    .insertInto('tasks')
    .values(
      fresh.map(a => ({
        partnershipId: kase.partnershipId,
        caseId: kase.id,
        childId: a.childId,
        safeguard: null,
        key: agreedActionKey(a.id),
        title: a.title,
        ownerUserId: a.owner.userId,
        ownerAgencyId: a.owner.agencyId,
        dueAt: a.dueAt,
        status: 'open' as const,
        createdAt: now,
      })),
    )
    .execute()
}

export type TaskStatus = 'open' | 'overdue' | 'done'

export interface TaskFilter {
  caseId?: string
  /** Tasks for this person. */
  ownerUserId?: string
  /** Tasks for this agency, or for anyone in it: a manager's team. */
  agencyId?: string
  status?: TaskStatus
}

/** Tasks, soonest due first (done ones most recently done first), with the case's reference. */
export function listTasks(db: Db, filter: TaskFilter, now: Date, page: { limit: number; offset: number }) {
  return db
    .selectFrom('tasks as t')
    .select([
      't.id',
      't.caseId',
      't.childId',
      't.safeguard',
      't.title',
      't.ownerUserId',
      't.ownerAgencyId',
      't.dueAt',
      't.status',
      't.doneAt',
      't.doneByUserId',
      't.overdueAt',
    ])
    .$if(filter.caseId !== undefined, qb => qb.where('t.caseId', '=', filter.caseId ?? ''))
    .$if(filter.ownerUserId !== undefined, qb => qb.where('t.ownerUserId', '=', filter.ownerUserId ?? ''))
    .$if(filter.agencyId !== undefined, qb =>
      qb.where(eb =>
        eb.or([
          eb('t.ownerAgencyId', '=', filter.agencyId ?? ''),
          eb(
            't.ownerUserId',
            'in',
            eb
              .selectFrom('userDirectory')
              .select('userId')
              .where('agencyId', '=', filter.agencyId ?? ''),
          ),
        ]),
      ),
    )
    .$if(filter.status === 'open', qb => qb.where('t.status', '=', 'open'))
    .$if(filter.status === 'overdue', qb => qb.where('t.status', '=', 'open').where('t.dueAt', '<=', now))
    .$if(filter.status === 'done', qb => qb.where('t.status', '=', 'done'))
    .orderBy(filter.status === 'done' ? 't.doneAt' : 't.dueAt', filter.status === 'done' ? 'desc' : 'asc')
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** The safeguards whose tasks are about a person who presents a risk of sexual harm: key `SG-0n:<childId>:<personId>`. */
const ABOUT_A_PERSON = ['SG-08', 'SG-09'] as const

export interface TaskAboutPerson {
  personId: string
  id: string
  caseId: string
  childId: string | null
  safeguard: string
  title: string
  dueAt: Date
}

/**
 * The open SG-08 and SG-09 tasks about these people, soonest due first: what the register shows as each person's
 * open findings. The person is the record the finding is about, the last part of the task's key.
 */
export async function openTasksAbout(db: Db, personIds: readonly string[]): Promise<TaskAboutPerson[]> {
  if (personIds.length === 0) return []
  const aboutPerson = sql<string>`split_part(${sql.ref('key')}, ':', 3)`
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'caseId', 'childId', 'safeguard', 'title', 'dueAt', aboutPerson.as('personId')])
    // Literals, not parameters: the partial index of migration 0042 is matched by its predicate's text.
    .where(sql.ref('status'), '=', sql.lit('open'))
    .where(sql<boolean>`${sql.ref('safeguard')} in (${sql.join(ABOUT_A_PERSON.map(s => sql.lit(s)))})`)
    .where(sql<boolean>`${aboutPerson} = any(${[...personIds]}::text[])`)
    .orderBy('dueAt')
    .execute()
  return rows.map(r => ({ ...r, safeguard: r.safeguard ?? '', dueAt: new Date(r.dueAt) }))
}
