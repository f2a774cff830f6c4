import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Invalid } from '../../kernel/errors.ts'
import { fromLondon, isoDate, londonDateTime, londonParts, readDateInput } from '../../web/dates.ts'
import { fieldIssues, formFields, formList } from '../../web/forms.ts'
import { INT4_MAX } from '../../web/input.ts'
import { pageHref, pagination } from '../../web/pagination.ts'
import { render } from '../../web/render.ts'
import { listAgencies } from '../directory/index.ts'
import {
  type ChronologyEvent,
  type ChronologyFilter,
  ENTRY_KINDS,
  KIND_NAMES,
  changeEntryVisibility,
  chronology,
  chronologyCount,
  chronologyEntry,
  chronologyFilter,
  entrySchema,
  recordEntry,
  teamUsers,
  visibilitySchema,
} from './chronology.ts'
import { VISIBILITIES } from '../../kernel/codes/cases.ts'
import { getCase } from './service.ts'

/**
 * On the pages the people to name sit inside the "sealed" choice, and stay ticked when another is chosen
 * (hidden, or pre-ticked on an entry sealed before): only a sealed choice means them. The API refuses them.
 */
function namedIfSealed(visibility: unknown, sealedFor: string[]): string[] {
  return visibility === 'sealed' ? sealedFor : []
}

const caseParams = z.object({ id: z.uuid() })
const apiChronologyQuery = chronologyFilter.extend({
  limit: z.coerce.number().int().min(1).max(5000, 'limit must be 5,000 or fewer').default(5000),
  offset: z.coerce.number().int().min(0).max(INT4_MAX, 'offset is too large').default(0),
})
const entryParams = z.object({ id: z.uuid(), eventId: z.uuid() })

const eventOut = z.object({
  id: z.string(),
  occurredAt: z.date(),
  recordedAt: z.date(),
  agency: z.string(),
  agencyId: z.string(),
  author: z.string(),
  kind: z.string(),
  summary: z.string(),
  childId: z.string().nullable(),
  visibility: z.string(),
})

/** Entries on one page of the timeline: enough to read a few months of a busy case, small enough to load at once. */
const PAGE_SIZE = 100

/** The new-entry form's fields from top to bottom: the error summary lists problems in the order the form asks. */
const ENTRY_FIELDS = ['kind', 'occurredAt', 'occurredAtTime', 'childId', 'summary', 'visibility', 'sealedFor']
const rank = (field: string) => (ENTRY_FIELDS.includes(field) ? ENTRY_FIELDS.indexOf(field) : ENTRY_FIELDS.length)
const inFormOrder = (errors: Record<string, string>) =>
  Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)))

/** The timeline's rows, formatted once here: a loop of 2,000 in the template must stay cheap. */
function timelineRows(events: ChronologyEvent[]) {
  return events.map(e => ({
    id: e.id,
    kind: KIND_NAMES[e.kind] ?? e.kind,
    author: e.author,
    agency: e.agency,
    summary: e.summary,
    visibility: e.visibility,
    occurredIso: e.occurredAt.toISOString(),
    occurred: londonDateTime(e.occurredAt),
    recorded: e.recordedAt.getTime() === e.occurredAt.getTime() ? null : londonDateTime(e.recordedAt),
  }))
}

export function chronologyRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  const onTeam = (request: FastifyRequest) => request.relationship === 'full'

  app.get('/cases/:id/chronology', { config: { action: 'case.chronology' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const query = request.query as Record<string, string | undefined>
    const parsed = chronologyFilter.safeParse({ agencyId: query.agencyId, childId: query.childId, kind: query.kind })
    const filter: ChronologyFilter = parsed.success ? parsed.data : {}
    // A page at a time, newest first; `all` shows every entry, for printing.
    const all = query.all === '1'
    const wanted = Math.max(1, Math.floor(Number(query.page)) || 1)
    const [found, total, agencies] = await Promise.all([
      getCase(lantern.db, id),
      chronologyCount(lantern.db, request.actor, id, onTeam(request), filter),
      listAgencies(lantern.db),
    ])
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
    const current = Math.min(wanted, pages)
    const events = await chronology(
      lantern.db,
      request.actor,
      id,
      onTeam(request),
      filter,
      all ? { limit: total, offset: 0 } : { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE },
    )
    return render(request, reply, 'cases/views/chronology.njk', {
      title: `Chronology: ${found.reference}`,
      kase: found,
      events: timelineRows(events),
      filter,
      canWrite: onTeam(request),
      total,
      all,
      first: all ? 1 : (current - 1) * PAGE_SIZE + 1,
      pagination: all ? null : pagination(`/cases/${id}/chronology`, filter, current, pages),
      allHref: pageHref(`/cases/${id}/chronology`, filter, { all: '1' }),
      notice: query.recorded
        ? { text: 'Entry added to the chronology.', success: true }
        : query.changed
          ? { text: 'Who can see the entry has changed.', success: true }
          : undefined,
      agencyItems: [
        { value: '', text: 'All agencies' },
        ...agencies.map(a => ({ value: a.id, text: a.name, selected: a.id === filter.agencyId })),
      ],
      childItems: [
        { value: '', text: 'All children' },
        ...found.children.map(c => ({
          value: c.id,
          text: `${c.givenName} ${c.familyName}`,
          selected: c.id === filter.childId,
        })),
      ],
      kindItems: [
        { value: '', text: 'All kinds' },
        ...Object.entries(KIND_NAMES).map(([value, text]) => ({ value, text, selected: value === filter.kind })),
      ],
    })
  })

  async function entryForm(
    request: FastifyRequest,
    id: string,
    values: Record<string, unknown>,
    fieldErrors?: Record<string, string>,
  ) {
    const [found, users] = await Promise.all([getCase(lantern.db, id), teamUsers(lantern.db, id)])
    return {
      title: 'Add to the chronology',
      kase: found,
      values,
      fieldErrors,
      anchors: { occurredAt: 'occurredAt-day', kind: 'kind', visibility: 'visibility', sealedFor: 'sealedFor' },
      kindItems: [
        { value: '', text: 'Choose a kind' },
        ...Object.entries(ENTRY_KINDS).map(([value, text]) => ({ value, text, selected: values.kind === value })),
      ],
      childItems: [
        { value: '', text: 'The whole case' },
        ...found.children.map(c => ({
          value: c.id,
          text: `${c.givenName} ${c.familyName}`,
          selected: values.childId === c.id,
        })),
      ],
      ...visibilityChoices(request, users, values),
    }
  }

  function visibilityChoices(
    request: FastifyRequest,
    users: Awaited<ReturnType<typeof teamUsers>>,
    values: Record<string, unknown>,
  ) {
    const chosen = formList(values.sealedFor)
    return {
      visibilityItems: Object.entries(VISIBILITIES).map(([value, text]) => ({
        value,
        text,
        checked: (values.visibility ?? 'normal') === value,
      })),
      sealedItems: users
        .filter(u => u.id !== request.actor.userId)
        .map(u => ({ value: u.id, text: `${u.displayName}, ${u.agencyName}`, checked: chosen.includes(u.id) })),
    }
  }

  app.get('/cases/:id/chronology/new', { config: { action: 'case.entryForm' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const [date, time] = londonParts(lantern.clock())
    const [year = '', month = '', day = ''] = date.split('-')
    const values = {
      'occurredAt-day': String(Number(day)),
      'occurredAt-month': String(Number(month)),
      'occurredAt-year': year,
      occurredAtTime: time,
      visibility: 'normal',
    }
    return render(request, reply, 'cases/views/new-entry.njk', await entryForm(request, id, values))
  })

  app.post('/cases/:id/chronology', { config: { action: 'case.recordEntry' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const values = { ...body, sealedFor: formList(body.sealedFor) }
    const again = async (fieldErrors: Record<string, string>) =>
      render(
        request,
        reply,
        'cases/views/new-entry.njk',
        await entryForm(request, id, values, inFormOrder(fieldErrors)),
        400,
      )
    const date = readDateInput(body, 'occurredAt', 'The date it happened')
    const time = typeof body.occurredAtTime === 'string' ? body.occurredAtTime.trim() : ''
    const errors: Record<string, string> = {}
    const realDate = isoDate('The date it happened').safeParse(date.iso)
    if (date.error) errors.occurredAt = date.error
    else if (!date.iso) errors.occurredAt = 'Enter the date it happened'
    else if (!realDate.success)
      errors.occurredAt = realDate.error.issues[0]?.message ?? 'The date it happened must be a real date'
    if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(time))
      errors.occurredAtTime = 'Enter the time it happened on the 24-hour clock, like 14:30'
    const occurredAt =
      date.iso && !errors.occurredAt && !errors.occurredAtTime ? fromLondon(date.iso, time.padStart(5, '0')) : undefined
    const parsed = entrySchema(lantern.clock).safeParse({
      kind: body.kind,
      summary: body.summary,
      visibility: body.visibility,
      sealedFor: namedIfSealed(body.visibility, values.sealedFor),
      occurredAt: occurredAt && !Number.isNaN(occurredAt.getTime()) ? occurredAt.toISOString() : undefined,
      ...(typeof body.childId === 'string' && body.childId !== '' ? { childId: body.childId } : {}),
    })
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error.issues)
      // The date and time fields say what is wrong with them; the schema's message matters only once both read.
      if (errors.occurredAt || errors.occurredAtTime) delete issues.occurredAt
      return again({ ...errors, ...issues })
    }
    if (Object.keys(errors).length) return again(errors)
    try {
      await recordEntry(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid) return again(error.fields)
      throw error
    }
    return reply.redirect(`/cases/${id}/chronology?recorded=1`, 303)
  })

  async function visibilityForm(
    request: FastifyRequest,
    id: string,
    eventId: string,
    values: Record<string, unknown> | null,
    fieldErrors?: Record<string, string>,
  ) {
    const [found, entry, users] = await Promise.all([
      getCase(lantern.db, id),
      chronologyEntry(lantern.db, request.actor, id, true, eventId),
      teamUsers(lantern.db, id),
    ])
    const shown = values ?? { visibility: entry.visibility, sealedFor: entry.sealedFor }
    return {
      title: 'Change who can see this entry',
      kase: found,
      entry: timelineRows([entry])[0],
      values: shown,
      fieldErrors,
      anchors: { visibility: 'visibility', sealedFor: 'sealedFor' },
      ...visibilityChoices(request, users, shown),
    }
  }

  app.get(
    '/cases/:id/chronology/:eventId/visibility',
    { config: { action: 'case.entryVisibilityForm' } },
    async (request, reply) => {
      const { id, eventId } = request.params as { id: string; eventId: string }
      return render(
        request,
        reply,
        'cases/views/entry-visibility.njk',
        await visibilityForm(request, id, eventId, null),
      )
    },
  )

  app.post(
    '/cases/:id/chronology/:eventId/visibility',
    { config: { action: 'case.entryVisibility' } },
    async (request, reply) => {
      const { id, eventId } = request.params as { id: string; eventId: string }
      const body = formFields(request.body)
      const values = { ...body, sealedFor: formList(body.sealedFor) }
      const again = async (fieldErrors: Record<string, string>) =>
        render(
          request,
          reply,
          'cases/views/entry-visibility.njk',
          await visibilityForm(request, id, eventId, values, fieldErrors),
          400,
        )
      const parsed = visibilitySchema.safeParse({
        ...values,
        sealedFor: namedIfSealed(body.visibility, values.sealedFor),
      })
      if (!parsed.success) return again(fieldIssues(parsed.error.issues))
      try {
        await changeEntryVisibility(lantern.db, request.actor, id, eventId, parsed.data, request.ip, lantern.clock())
      } catch (error) {
        if (error instanceof Invalid) return again(error.fields)
        throw error
      }
      return reply.redirect(`/cases/${id}/chronology?changed=1`, 303)
    },
  )

  api.get(
    '/api/v1/cases/:id/chronology',
    {
      config: { action: 'case.chronology' },
      schema: {
        tags: ['cases'],
        summary:
          "Every agency's entries on the case that the caller may read, newest first; `limit` and `offset` page through a long one, and the X-Total-Count header says how many there are",
        params: caseParams,
        querystring: apiChronologyQuery,
        response: { 200: z.array(eventOut) },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...filter } = request.query
      const [total, entries] = await Promise.all([
        chronologyCount(lantern.db, request.actor, request.params.id, onTeam(request), filter),
        chronology(lantern.db, request.actor, request.params.id, onTeam(request), filter, { limit, offset }),
      ])
      return reply.header('x-total-count', String(total)).send(entries)
    },
  )

  api.post(
    '/api/v1/cases/:id/chronology',
    {
      config: { action: 'case.recordEntry' },
      schema: {
        tags: ['cases'],
        summary:
          'Add an entry to the chronology (case team); restricted to the team or sealed for named team members if need be',
        params: caseParams,
        body: entrySchema(lantern.clock),
        response: { 201: eventOut },
      },
    },
    async (request, reply) => {
      const eventId = await recordEntry(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply.code(201).send(await chronologyEntry(lantern.db, request.actor, request.params.id, true, eventId))
    },
  )

  api.get(
    '/api/v1/cases/:id/chronology/:eventId',
    {
      config: { action: 'case.chronology' },
      schema: {
        operationId: 'caseChronologyEntry',
        tags: ['cases'],
        summary: 'One entry of the chronology, if the caller may read it',
        params: entryParams,
        response: { 200: eventOut },
      },
    },
    request => chronologyEntry(lantern.db, request.actor, request.params.id, onTeam(request), request.params.eventId),
  )

  api.post(
    '/api/v1/cases/:id/chronology/:eventId/visibility',
    {
      config: { action: 'case.entryVisibility' },
      schema: {
        tags: ['cases'],
        summary: 'Restrict an entry to the case team, seal it for named team members, or open it again, with a reason',
        params: entryParams,
        body: visibilitySchema,
        response: { 200: eventOut },
      },
    },
    async request => {
      await changeEntryVisibility(
        lantern.db,
        request.actor,
        request.params.id,
        request.params.eventId,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return chronologyEntry(lantern.db, request.actor, request.params.id, true, request.params.eventId)
    },
  )
}
