import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { londonDateTime } from '../../web/dates.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { auditRows, countAudit, type AuditFilter } from '../audit/index.ts'
import { listUsers } from '../directory/index.ts'
import { casePeople, getCase } from './service.ts'
import { auditLogPage, caseAuditPage } from './views.ts'

// What auditors read: who has looked at a case and its people (including searches that found them), and any
// row of the partnership's log (sign-ins, searches, account changes), a page at a time.

const PAGE_SIZE = 100

/** Kinds of activity an auditor filters the page by; the API takes any action name or dotted prefix. */
const ACTIVITIES: Record<string, { text: string; action: string }> = {
  signIn: { text: 'Signing in and out', action: 'signIn.' },
  search: { text: 'Searches for people', action: 'people.search' },
  accounts: { text: 'Changes to accounts and agencies', action: 'admin.' },
  person: { text: 'Reading or changing a person', action: 'person.' },
  case: { text: 'Reading or changing a case', action: 'case.' },
}

const auditQuery = z.strictObject({
  caseId: z.uuid('caseId must be a case id').optional(),
  userId: z.uuid('userId must be a user id').optional(),
  action: z
    .string()
    .max(100)
    .regex(/^[A-Za-z.]+$/, 'action must be an action name, or a prefix ending in a dot')
    .optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime({ offset: true, error: 'from must be a date and time like 2026-03-01T10:00:00Z' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be a date and time like 2026-03-01T10:00:00Z' }).optional(),
  limit: z.coerce.number().int().min(1).max(1000, 'limit must be 1,000 or fewer').default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

const auditRow = z.object({
  seq: z.number(),
  at: z.date(),
  action: z.string(),
  outcome: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  caseId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.unknown(),
  userId: z.string().nullable(),
  who: z.string().nullable(),
  email: z.string().nullable(),
  agency: z.string().nullable(),
})

export function auditRoutes(app: FastifyInstance): void {
  const { lantern } = app

  /** The filter with the case's people filled in, so reads of them and searches that found them count. */
  async function withCasePeople(filter: AuditFilter): Promise<AuditFilter> {
    return filter.caseId ? { ...filter, casePeople: await casePeople(lantern.db, filter.caseId) } : filter
  }

  /** An auditor's reading of the log is itself in the log, with what they asked for. */
  async function auditTheAuditor(request: FastifyRequest, filter: AuditFilter, shown: number) {
    const { casePeople: _people, ...asked } = filter
    await lantern.audit.record({
      partnershipId: request.actor.partnershipId,
      userId: request.actor.userId,
      agencyId: request.actor.agencyId,
      action: 'audit.search',
      objectType: filter.caseId ? 'caseAudit' : 'audit',
      objectId: filter.caseId ?? null,
      caseId: filter.caseId ?? null,
      ip: request.ip,
      at: lantern.clock(),
      detail: { filter: JSON.parse(JSON.stringify(asked)) as unknown, shown },
    })
  }

  const view = (rows: Awaited<ReturnType<typeof auditRows>>) =>
    rows.map(r => ({
      ...r,
      when: londonDateTime(r.at),
      terms: r.action === 'people.search' ? (r.detail as { terms?: Record<string, string> } | null)?.terms : undefined,
    }))

  /** The page of rows `?page=` asks for (kept within the pages there are), counted first to know how many. */
  async function onePage(filter: AuditFilter, asked: unknown) {
    const total = await countAudit(lantern.db, filter)
    const pages = Math.ceil(total / PAGE_SIZE)
    const current = currentPage(asked, pages)
    const rows = await auditRows(lantern.db, filter, { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE })
    return { rows, total, current, pages }
  }

  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/cases/:id/audit',
    { config: { action: 'case.audit' }, schema: { params: idParams, querystring: z.object({ page: queryText }) } },
    async (request, reply) => {
      const { id } = request.params
      const found = await getCase(lantern.db, id)
      const filter = await withCasePeople({ caseId: id })
      const { rows, total, current, pages: count } = await onePage(filter, request.query.page)
      return render(request, reply, caseAuditPage, {
        title: `Who has looked at ${found.reference}`,
        kase: { id, reference: found.reference, title: found.title },
        rows: view(rows),
        total,
        pagination: pagination(urls.caseAudit(id), {}, current, count),
      })
    },
  )

  pages.get(
    '/audit',
    {
      config: { action: 'audit.search' },
      schema: { querystring: z.object({ activity: queryText, userId: queryText, page: queryText }) },
    },
    async (request, reply) => {
      const { query } = request
      // Only values the form offers are taken: anything else shows everything, as an empty filter does.
      const activity = query.activity && query.activity in ACTIVITIES ? query.activity : undefined
      const users = await listUsers(lantern.db)
      const userId = users.some(u => u.id === query.userId) ? query.userId : undefined
      const filter: AuditFilter = { userId, action: activity ? ACTIVITIES[activity]?.action : undefined }
      const { rows, total, current, pages: count } = await onePage(filter, query.page)
      await auditTheAuditor(request, filter, rows.length)
      const kept = { userId, activity }
      return render(request, reply, auditLogPage, {
        title: 'Audit log',
        rows: view(rows),
        total,
        first: (current - 1) * PAGE_SIZE + 1,
        pagination: pagination(urls.audit(), kept, current, count),
        userItems: [
          { value: '', text: 'Everyone' },
          ...users.map(u => ({ value: u.id, text: `${u.displayName} (${u.email})`, selected: u.id === userId })),
        ],
        activityItems: [
          { value: '', text: 'Everything' },
          ...Object.entries(ACTIVITIES).map(([value, a]) => ({ value, text: a.text, selected: value === activity })),
        ],
      })
    },
  )

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      config: { action: 'audit.search' },
      schema: {
        tags: ['audit'],
        summary:
          'The audit log, oldest first (auditors). `caseId` gives who read or changed a case, its children and ' +
          'adults, and the searches that found them; `userId`, `action` (a name or a prefix ending in a dot), ' +
          '`outcome`, `from` and `to` narrow it. Pages with limit and offset; X-Total-Count says how many rows match',
        querystring: auditQuery,
        response: { 200: z.array(auditRow) },
      },
    },
    async (request, reply) => {
      const { limit, offset, from, to, ...rest } = request.query
      const filter = await withCasePeople({
        ...rest,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      })
      const [rows, total] = await Promise.all([
        auditRows(lantern.db, filter, { limit, offset }),
        countAudit(lantern.db, filter),
      ])
      await auditTheAuditor(request, filter, rows.length)
      return reply.header('x-total-count', String(total)).send(rows)
    },
  )
}
