import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { isUuid } from '../../kernel/ids.ts'
import { csvCell } from '../../web/csv.ts'
import { londonDate, londonDateTime, todayIso } from '../../web/dates.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { describePeriod, moments, periodQuery, readPeriod } from '../../web/period.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import {
  ACTIVITY_GROUPS,
  auditBatches,
  auditRows,
  countAudit,
  describeRow,
  nameKey,
  OUTCOMES,
  outcomeText,
  recordsNamed,
  type ActivityGroup,
  type AuditFilter,
  type AuditRow,
} from '../audit/index.ts'
import { listUsers } from '../directory/index.ts'
import { casesEverAbout, namesFor, peopleNamed, type AuditRecords } from './audit-names.ts'
import { casePeople, getCase } from './service.ts'
import { auditLogPage, caseAuditPage } from './views.ts'

// What auditors read: who has looked at a case and its people (including searches that found them), everything
// about one child or adult across cases, and any row of the partnership's log (sign-ins, searches, account
// changes), in plain English, newest first, a page at a time or as a CSV download.

const PAGE_SIZE = 100
/** The page counts no further: offsets stay small, and an auditor narrows the filter to go back further. */
const PAGE_COUNT_CAP = 10_000
/** A download holds at most this many rows, newest first: enough for any one child or user, never the whole log. */
export const CSV_CAP = 50_000
/** The API counts no further than this for X-Total-Count. */
const API_COUNT_CAP = 100_000

const OUTCOME_NAMES = Object.keys(OUTCOMES) as (keyof typeof OUTCOMES)[]

const auditQuery = z.strictObject({
  caseId: z.uuid('caseId must be a case id').optional(),
  personId: z.uuid('personId must be a person id').optional(),
  userId: z.uuid('userId must be a user id').optional(),
  action: z
    .string()
    .max(100)
    .regex(/^[A-Za-z.]+$/, 'action must be an action name, or a prefix ending in a dot')
    .optional(),
  activity: z.enum(Object.keys(ACTIVITY_GROUPS) as [ActivityGroup, ...ActivityGroup[]]).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: z.iso.datetime({ offset: true, error: 'from must be a date and time like 2026-03-01T10:00:00Z' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be a date and time like 2026-03-01T10:00:00Z' }).optional(),
  order: z.enum(['oldest', 'newest']).default('oldest'),
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER, 'cursor must be the seq of a row').optional(),
  limit: z.coerce.number().int().min(1).max(1000, 'limit must be 1,000 or fewer').default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

const auditRowOut = z.object({
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
  description: z.string().describe('What was done, in plain English, naming the record'),
})

/** The page's filter as the query has it, the date boxes kept for readPeriod: only values the form offers are taken. */
const pageQuery = z.looseObject({
  personId: queryText,
  userId: queryText,
  activity: queryText,
  outcome: queryText,
  page: queryText,
})

export function auditRoutes(app: FastifyInstance, others: readonly AuditRecords[] = []): void {
  const { lantern } = app
  const db: Db = lantern.db

  /** The filter with the people a case or person brings in, so reads of them and searches that found them count. */
  async function complete(filter: AuditFilter): Promise<AuditFilter> {
    const withCase = filter.caseId ? { ...filter, casePeople: await casePeople(db, filter.caseId) } : filter
    if (!filter.personId) return withCase
    const personId = filter.personId
    const [personCases, ...records] = await Promise.all([
      casesEverAbout(db, personId),
      ...others.map(o => o.about(db, personId)),
    ])
    return { ...withCase, personCases, personRecords: records.flat() }
  }

  /** An auditor's reading of the log is itself in the log, with what they asked for. */
  async function auditTheAuditor(request: FastifyRequest, action: string, filter: AuditFilter, shown: number) {
    const { casePeople: _people, personCases: _cases, personRecords: _records, ...asked } = filter
    await lantern.audit.record({
      partnershipId: request.actor.partnershipId,
      userId: request.actor.userId,
      agencyId: request.actor.agencyId,
      action,
      objectType: filter.caseId ? 'caseAudit' : 'audit',
      objectId: filter.caseId ?? filter.personId ?? null,
      caseId: filter.caseId ?? null,
      ip: request.ip,
      at: lantern.clock(),
      detail: { filter: JSON.parse(JSON.stringify(asked)) as unknown, shown },
    })
  }

  /** The rows in words, each with the people it names, for a link to everything about them. */
  async function described(rows: AuditRow[]) {
    const names = await namesFor(db, rows, others)
    return rows.map(r => ({
      ...r,
      when: londonDateTime(r.at),
      what: describeRow(r, names, londonDate),
      outcomeText: outcomeText(r.outcome),
      people: recordsNamed(r)
        .filter(n => n.kind === 'person' && names.has(nameKey('person', n.id)))
        .map(n => ({ id: n.id, name: names.get(nameKey('person', n.id)) ?? '' })),
    }))
  }

  /** The page of rows `?page=` asks for (kept within the pages there are), newest first, counted up to a cap. */
  async function onePage(filter: AuditFilter, asked: unknown) {
    const total = await countAudit(db, filter, PAGE_COUNT_CAP)
    const pages = Math.ceil(total / PAGE_SIZE)
    const current = currentPage(asked, pages)
    const rows = await auditRows(db, filter, {
      limit: PAGE_SIZE,
      offset: (current - 1) * PAGE_SIZE,
      order: 'newest',
    })
    return { rows, total, capped: total >= PAGE_COUNT_CAP, current, pages }
  }

  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/cases/:id/audit',
    { config: { action: 'case.audit' }, schema: { params: idParams, querystring: z.object({ page: queryText }) } },
    async (request, reply) => {
      const { id } = request.params
      const found = await getCase(db, id)
      const filter = await complete({ partnershipId: request.actor.partnershipId, caseId: id })
      const { rows, total, capped, current, pages: count } = await onePage(filter, request.query.page)
      return render(request, reply, caseAuditPage, {
        title: `Who has looked at ${found.reference}`,
        kase: { id, reference: found.reference, title: found.title },
        rows: await described(rows),
        total,
        capped,
        first: (current - 1) * PAGE_SIZE + 1,
        people: await peopleNamed(db, filter.casePeople ?? []),
        pagination: pagination(urls.caseAudit(id), {}, current, count),
      })
    },
  )

  /** What the page's filter form asks for, or the errors in its dates. */
  async function readPageFilter(request: FastifyRequest, query: z.output<typeof pageQuery>) {
    const users = await listUsers(db)
    const userId = users.some(u => u.id === query.userId) ? query.userId : undefined
    const activity = query.activity && Object.hasOwn(ACTIVITY_GROUPS, query.activity) ? query.activity : undefined
    const outcome = OUTCOME_NAMES.find(o => o === query.outcome)
    const personId = query.personId && isUuid(query.personId) ? query.personId : undefined
    const dated = readPeriod(request.query as Record<string, unknown>)
    const period = dated.period ?? { from: null, to: null }
    const { from, to } = moments(period)
    const filter: AuditFilter = {
      partnershipId: request.actor.partnershipId,
      personId,
      userId,
      group: activity as ActivityGroup | undefined,
      outcome,
      from: period.from ? from : undefined,
      to: period.to ? to : undefined,
    }
    const kept = { personId, userId, activity, outcome, ...(dated.period ? periodQuery(dated.period) : {}) }
    return { users, filter, kept, period, dated }
  }

  pages.get(
    '/audit',
    { config: { action: 'audit.search' }, schema: { querystring: pageQuery } },
    async (request, reply) => {
      const { users, filter, kept, period, dated } = await readPageFilter(request, request.query)
      const asked = await complete(filter)
      const person = filter.personId ? (await peopleNamed(db, [filter.personId]))[0]?.name : undefined
      const {
        rows,
        total,
        capped,
        current,
        pages: count,
      } = dated.errors
        ? { rows: [], total: 0, capped: false, current: 1, pages: 0 }
        : await onePage(asked, request.query.page)
      await auditTheAuditor(request, 'audit.search', asked, rows.length)
      const chosen = (value: string | undefined) => (item: { value: string; text: string }) => ({
        ...item,
        selected: item.value === (value ?? ''),
      })
      return render(
        request,
        reply,
        auditLogPage,
        {
          title: person ? `Audit of ${person}` : 'Audit log',
          values: dated.values,
          errors: dated.errors,
          person: filter.personId ? { id: filter.personId, name: person ?? 'a person not found' } : undefined,
          periodText: describePeriod(period),
          rows: await described(rows),
          total,
          capped,
          first: (current - 1) * PAGE_SIZE + 1,
          pagination: pagination(urls.audit(), kept, current, count),
          csvHref: urls.auditCsv(kept),
          withoutPersonHref: urls.audit({ ...kept, personId: undefined }),
          userItems: [
            { value: '', text: 'Everyone' },
            ...users.map(u => ({ value: u.id, text: `${u.displayName} (${u.email})` })),
          ].map(chosen(filter.userId)),
          activityItems: [
            { value: '', text: 'Everything' },
            ...Object.entries(ACTIVITY_GROUPS).map(([value, text]) => ({ value, text })),
          ].map(chosen(filter.group)),
          outcomeItems: [
            { value: '', text: 'Any outcome' },
            ...Object.entries(OUTCOMES).map(([value, text]) => ({ value, text })),
          ].map(chosen(filter.outcome)),
        },
        dated.errors ? 400 : 200,
      )
    },
  )

  pages.get(
    '/audit.csv',
    { config: { action: 'audit.export' }, schema: { querystring: pageQuery } },
    async (request, reply) => {
      const { filter, dated } = await readPageFilter(request, request.query)
      if (dated.errors)
        return reply
          .code(400)
          .type('text/plain; charset=utf-8')
          .send(dated.errors.list.map(e => e.text).join('\n'))
      const asked = await complete(filter)
      // Audited before a row is sent: a download cut short was still a read of the log.
      await auditTheAuditor(request, 'audit.export', asked, await countAudit(db, asked, CSV_CAP))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${todayIso(lantern.clock())}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csvLines(asked)))
    },
  )

  /** The CSV, a batch of rows at a time, newest first, ISO 8601 times beside UK ones. */
  async function* csvLines(filter: AuditFilter) {
    const line = (cells: readonly string[]) => cells.map(csvCell).join(',') + '\r\n'
    yield line(['When (UK time)', 'When (ISO 8601)', 'Who', 'Email', 'Agency', 'What', 'Outcome', 'From address'])
    for await (const batch of auditBatches(db, filter, CSV_CAP)) {
      let text = ''
      for (const r of await described(batch))
        text += line([
          r.when,
          r.at.toISOString(),
          r.who ?? 'Nobody signed in',
          r.email ?? '',
          r.agency ?? '',
          r.what,
          r.outcomeText,
          r.ip ?? '',
        ])
      yield text
    }
  }

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/audit',
    {
      config: { action: 'audit.search' },
      schema: {
        tags: ['audit'],
        summary:
          'The audit log (auditors), each row with a plain-English `description`. `caseId` gives who read or changed ' +
          'a case, its children and adults, and the searches that found them; `personId` everything about a child ' +
          'or adult (their record, their cases, concerns and referrals about them, searches that found them); ' +
          '`userId`, `action` (a name or a prefix ending in a dot), `activity` (a kind of activity as the page ' +
          'offers), `outcome`, `from` and `to` narrow it. Oldest first, or `order=newest`. Pages with limit and ' +
          'offset, or with `cursor`: the seq of the last row seen, which X-Next-Cursor gives while there may be ' +
          `more. X-Total-Count says how many rows match, counting up to ${API_COUNT_CAP.toLocaleString('en-GB')}`,
        querystring: auditQuery,
        response: { 200: z.array(auditRowOut) },
      },
    },
    async (request, reply) => {
      const { limit, offset, from, to, order, cursor, activity, ...rest } = request.query
      const filter = await complete({
        ...rest,
        partnershipId: request.actor.partnershipId,
        group: activity,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
      })
      const [rows, total] = await Promise.all([
        auditRows(db, filter, { limit, offset, order, after: cursor }),
        countAudit(db, filter, API_COUNT_CAP),
      ])
      await auditTheAuditor(request, 'audit.search', filter, rows.length)
      const last = rows.at(-1)
      if (rows.length === limit && last) reply.header('x-next-cursor', String(last.seq))
      const names = await namesFor(db, rows, others)
      return reply
        .header('x-total-count', String(total))
        .send(rows.map(r => ({ ...r, description: describeRow(r, names, londonDate) })))
    },
  )
}
