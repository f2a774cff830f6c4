import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Finding } from '../../kernel/findings.ts'
import { pageQuery } from '../../web/api-contract.ts'
import { londonDue } from '../../web/dates.ts'
import type { Actor } from '../../kernel/actor.ts'
import { render, view, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { casesTheyMayOpen, getCase, type CaseSection } from '../cases/index.ts'
import { policyOf } from '../policy/index.ts'
import { pathwaySnapshot, type Rule } from './snapshot.ts'
import { listTasks, type TaskFilter, type TaskStatus } from './tasks.ts'

// Tasks and findings, for people and systems: my tasks, my team's, a case's; and a case's open findings, worked
// out from the case as it stands by the same rules the write pipeline runs.

const taskOut = z.object({
  id: z.string(),
  safeguard: z.string().nullable(),
  title: z.string(),
  caseId: z.string(),
  childId: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerAgencyId: z.string().nullable(),
  dueAt: z.date(),
  status: z.enum(['open', 'overdue', 'done']),
  doneAt: z.date().nullable(),
})

export const findingOut = z.object({
  safeguard: z.string(),
  severity: z.enum(['block', 'due', 'prompt']),
  message: z.string(),
  childId: z.string().nullable(),
  recordId: z.string().nullable(),
  dueAt: z.date().nullable(),
  facts: z.array(z.string()),
  source: z.object({ code: z.string(), title: z.string(), href: z.string() }),
})

/** A finding as the API answers it. */
export function findingBody(f: Finding): z.input<typeof findingOut> {
  return {
    safeguard: f.safeguard,
    severity: f.severity,
    message: f.message,
    childId: f.childId ?? null,
    recordId: f.recordId ?? null,
    dueAt: f.dueAt ?? null,
    facts: [...f.facts],
    source: f.source,
  }
}

const statusQuery = z.enum(['open', 'overdue', 'done'], 'status must be open, overdue or done').default('open')

type TaskRow = Awaited<ReturnType<typeof listTasks>>[number]

/** A task as systems and pages read it: `overdue` is an open task past its due time. */
function shown(task: TaskRow, now: Date) {
  const status: TaskStatus = task.status === 'done' ? 'done' : task.dueAt <= now ? 'overdue' : 'open'
  return {
    id: task.id,
    safeguard: task.safeguard,
    title: task.title,
    caseId: task.caseId,
    childId: task.childId,
    ownerUserId: task.ownerUserId,
    ownerAgencyId: task.ownerAgencyId,
    dueAt: task.dueAt,
    status,
    doneAt: task.doneAt,
  }
}

/** A case as it stands now, with its findings: the rules over its pathway snapshot, read in one short transaction. */
export async function caseNow(db: Db, rules: readonly Rule[], caseId: string, now: Date) {
  const [snapshot, policy] = await db
    .transaction()
    .execute(async trx => Promise.all([pathwaySnapshot(trx, caseId), policyOf(trx)]))
  return { snapshot, findings: rules.flatMap(rule => rule(snapshot, now, policy)) }
}

/** A case's findings now. */
export async function findingsOf(db: Db, rules: readonly Rule[], caseId: string, now: Date): Promise<Finding[]> {
  if (rules.length === 0) return []
  return (await caseNow(db, rules, caseId, now)).findings
}

export interface TasksPage extends PageData {
  heading: string
  /** Set on a case's tasks: the case they belong to, and its children's names for the findings about them. */
  kase?: {
    id: string
    reference: string
    title: string
    status: string
    leadName: string
    childNames: Readonly<Record<string, string>>
  }
  tasks: (ReturnType<typeof shown> & { due: string; reference: string })[]
  status: TaskStatus
  tabs: { href: string; text: string; active: boolean }[]
  /** On a case's tasks: the case's open findings, by child. */
  findings?: readonly Finding[]
  owners?: { href: string; text: string; active: boolean }[]
}

const tasksPage = view<TasksPage>('safeguards/views/tasks.njk')

const STATUS_NAMES: Readonly<Record<TaskStatus, string>> = { open: 'To do', overdue: 'Overdue', done: 'Done' }

type Owner = 'me' | 'team'

/**
 * The tasks a filter finds, narrowed to those on cases the actor may open now (as the case list is: a task of a
 * colleague's on a case I am not on is not mine to read), each with its case's reference.
 */
async function tasksTheyMayRead(db: Db, actor: Actor, filter: TaskFilter, now: Date, page: Page) {
  const rows = await listTasks(db, filter, now, page)
  const open = await casesTheyMayOpen(db, actor, [...new Set(rows.map(r => r.caseId))], now)
  return rows.flatMap(t => {
    const kase = open.get(t.caseId)
    return kase ? [{ ...shown(t, now), due: londonDue(t.dueAt, now), reference: kase.reference }] : []
  })
}

interface Page {
  limit: number
  offset: number
}

const ownerFilter = (actor: Actor, owner: Owner): TaskFilter =>
  owner === 'me' ? { ownerUserId: actor.userId } : { agencyId: actor.agencyId }

export function taskRoutes(app: FastifyInstance, rules: readonly Rule[]): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  const ownerQuery = z.enum(['me', 'team'], 'owner must be me or team').default('me')

  api.get(
    '/tasks',
    {
      config: { action: 'tasks.list' },
      schema: { querystring: z.object({ status: statusQuery.catch('open'), owner: ownerQuery.catch('me') }) },
    },
    async (request, reply) => {
      const { status, owner } = request.query
      const now = lantern.clock()
      const heading = owner === 'me' ? 'My tasks' : 'My team’s tasks'
      const tasks = await tasksTheyMayRead(
        lantern.db,
        request.actor,
        { ...ownerFilter(request.actor, owner), status },
        now,
        {
          limit: 200,
          offset: 0,
        },
      )
      const query = (extra: Record<string, string>) => urls.tasks({ ...(owner === 'team' ? { owner } : {}), ...extra })
      return render(request, reply, tasksPage, {
        title: `${heading}: ${STATUS_NAMES[status].toLowerCase()}`,
        heading,
        tasks,
        status,
        tabs: (Object.keys(STATUS_NAMES) as TaskStatus[]).map(s => ({
          href: query(s === 'open' ? {} : { status: s }),
          text: STATUS_NAMES[s],
          active: s === status,
        })),
        owners: (['me', 'team'] as const).map(o => ({
          href: urls.tasks(o === 'team' ? { owner: o } : {}),
          text: o === 'me' ? 'Mine' : 'My team’s',
          active: o === owner,
        })),
      })
    },
  )

  api.get(
    '/cases/:id/tasks',
    {
      config: { action: 'case.tasks' },
      schema: { params: z.object({ id: z.uuid() }), querystring: z.object({ status: statusQuery.catch('open') }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const { status } = request.query
      const now = lantern.clock()
      const [kase, tasks, findings] = await Promise.all([
        getCase(lantern.db, id),
        tasksTheyMayRead(lantern.db, request.actor, { caseId: id, status }, now, { limit: 200, offset: 0 }),
        findingsOf(lantern.db, rules, id, now),
      ])
      return render(request, reply, tasksPage, {
        title: `Tasks and findings: ${kase.reference}`,
        heading: 'Tasks and findings',
        kase: {
          id: kase.id,
          reference: kase.reference,
          title: kase.title,
          status: kase.status,
          leadName: kase.leadName,
          childNames: Object.fromEntries(kase.children.map(c => [c.id, `${c.givenName} ${c.familyName}`])),
        },
        tasks,
        status,
        findings,
        tabs: (Object.keys(STATUS_NAMES) as TaskStatus[]).map(s => ({
          href: urls.caseTasks(id, s === 'open' ? {} : { status: s }),
          text: STATUS_NAMES[s],
          active: s === status,
        })),
      })
    },
  )

  api.get(
    '/api/v1/tasks',
    {
      config: { action: 'tasks.list' },
      schema: {
        tags: ['safeguards'],
        summary:
          'My tasks (`owner=me`), or my agency’s (`owner=team`), on cases I may open: `open` (to do, soonest due first), `overdue` (past due) or `done` (most recent first)',
        querystring: z.strictObject({ owner: ownerQuery, status: statusQuery, ...pageQuery }),
        response: { 200: z.array(taskOut) },
      },
    },
    async request => {
      const { owner, status, limit, offset } = request.query
      const tasks = await tasksTheyMayRead(
        lantern.db,
        request.actor,
        { ...ownerFilter(request.actor, owner), status },
        lantern.clock(),
        { limit, offset },
      )
      return tasks.map(({ due: _due, reference: _reference, ...task }) => task)
    },
  )

  api.get(
    '/api/v1/cases/:id/tasks',
    {
      config: { action: 'case.tasks' },
      schema: {
        tags: ['safeguards'],
        summary: 'A case’s tasks: `open`, `overdue` or `done`',
        params: z.object({ id: z.uuid() }),
        querystring: z.strictObject({ status: statusQuery, ...pageQuery }),
        response: { 200: z.array(taskOut) },
      },
    },
    async request => {
      const { status, limit, offset } = request.query
      const rows = await listTasks(lantern.db, { caseId: request.params.id, status }, lantern.clock(), {
        limit,
        offset,
      })
      const now = lantern.clock()
      return rows.map(t => shown(t, now))
    },
  )

  api.get(
    '/api/v1/cases/:id/findings',
    {
      config: { action: 'case.findings' },
      schema: {
        tags: ['safeguards'],
        summary:
          'A case’s open findings now: each safeguard’s prompt, deadline or refusal, with the facts that raised it and its source in the national review',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(findingOut) },
      },
    },
    async request => (await findingsOf(lantern.db, rules, request.params.id, lantern.clock())).map(findingBody),
  )
}

/**
 * The safeguards' part of a case page: how many findings are open and how many tasks are overdue, leading to the
 * case's tasks and findings, so a tired practitioner sees at once that something is asked of them.
 */
export function findingsCaseSection(
  rules: readonly Rule[],
): CaseSection<{ caseId: string; findings: number; blocking: number; overdue: number }> {
  return {
    template: 'safeguards/views/case-findings.njk',
    load: async (db, _actor, kase, now) => {
      const [findings, overdue] = await Promise.all([
        findingsOf(db, rules, kase.id, now),
        listTasks(db, { caseId: kase.id, status: 'overdue' }, now, { limit: 100, offset: 0 }),
      ])
      return {
        caseId: kase.id,
        findings: findings.length,
        blocking: findings.filter(f => f.severity === 'block').length,
        overdue: overdue.length,
      }
    },
  }
}
