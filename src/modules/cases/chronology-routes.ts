import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { VISIBILITIES } from '../../kernel/codes/cases.ts'
import { checkedItems, choicesOf, selectItems } from '../../web/choices.ts'
import { londonDateTime } from '../../web/dates.ts'
import { answersTyped, confirmable, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { formPage } from '../../web/form-page.ts'
import { INT4_MAX } from '../../web/input.ts'
import { idParams, queryText, recordId } from '../../web/page-schemas.ts'
import { pagination } from '../../web/pagination.ts'
import { render, type FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { listAgencies } from '../directory/index.ts'
import {
  type ChronologyEvent,
  type ChronologyFilter,
  ENTRY_KINDS,
  type EventKinds,
  changeEntryVisibility,
  chronology,
  chronologyCount,
  chronologyEntry,
  chronologyFilter,
  entrySchema,
  recordEntry,
  seenBy,
  teamUsers,
  visibilitySchema,
} from './chronology.ts'
import { newEntryForm, visibilityForm } from './forms.ts'
import type { EntryLinks } from './sections.ts'
import { getCase } from './service.ts'
import { chronologyPage, entryVisibilityPage, newEntryPage, type TimelineRow, type VisibilityChoices } from './views.ts'

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

/** A timeline row, formatted once here: a loop of 2,000 in the template must stay cheap. */
export function timelineRow(e: ChronologyEvent, kinds: EventKinds): TimelineRow {
  return {
    id: e.id,
    kind: kinds[e.kind] ?? e.kind,
    author: e.author,
    agency: e.agency,
    summary: e.summary,
    visibility: e.visibility,
    seenBy: seenBy(e),
    occurredIso: e.occurredAt.toISOString(),
    occurred: londonDateTime(e.occurredAt),
    recorded: e.recordedAt.getTime() === e.occurredAt.getTime() ? null : londonDateTime(e.recordedAt),
  }
}

export function chronologyRoutes(app: FastifyInstance, kinds: EventKinds, links: EntryLinks): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  const pages = api
  const onTeam = (request: FastifyRequest) => request.relationship === 'full'

  pages.get(
    '/cases/:id/chronology',
    {
      config: { action: 'case.chronology' },
      schema: {
        params: idParams,
        querystring: z.object({
          agencyId: queryText,
          childId: queryText,
          kind: queryText,
          all: queryText,
          page: queryText,
          recorded: queryText,
          changed: queryText,
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const { query } = request
      // A filter that cannot be read shows everything, as an empty one does.
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
      return render(request, reply, chronologyPage, {
        title: `Chronology: ${found.reference}`,
        caseNav: 'chronology',
        kase: found,
        events: await linkedRows(events),
        filter,
        canWrite: request.can('case.entryForm'),
        total,
        all,
        first: all ? 1 : (current - 1) * PAGE_SIZE + 1,
        pagination: all ? null : pagination(urls.chronology(id), filter, current, pages),
        allHref: urls.chronology(id, { ...filter, all: '1' }),
        notice: await savedNotice(request, id, query),
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
          ...Object.entries(kinds).map(([value, text]) => ({ value, text, selected: value === filter.kind })),
        ],
      })
    },
  )

  /** The page's timeline rows, each with its link to the record it tells of, if a module gives one. */
  async function linkedRows(events: ChronologyEvent[]): Promise<TimelineRow[]> {
    const found = await links(lantern.db, events)
    return events.map(e => ({ ...timelineRow(e, kinds), link: found.get(e.id) }))
  }

  /**
   * The banner after an entry is added or who can see it changed: it says who can see it now, in the words the
   * timeline uses, so a wrong choice is caught at once. The entry is named in the address the form redirects to.
   */
  async function savedNotice(
    request: FastifyRequest,
    caseId: string,
    query: { recorded?: string | undefined; changed?: string | undefined },
  ): Promise<{ text: string; success: true } | undefined> {
    const said = query.recorded
      ? 'Entry added to the chronology.'
      : query.changed
        ? 'Who can see the entry has changed.'
        : ''
    if (!said) return undefined
    const eventId = query.recorded ?? query.changed ?? ''
    const entry = isUuid(eventId)
      ? await chronologyEntry(lantern.db, request.actor, caseId, onTeam(request), eventId).catch((e: unknown) => {
          if (e instanceof NotFound) return undefined
          throw e
        })
      : undefined
    return { text: entry ? `${said} Who can see it: ${seenBy(entry)}.` : said, success: true }
  }

  /** Who can see an entry: the choice made, and the case team to name for a sealed one (never the actor). */
  function visibilityChoices(
    request: FastifyRequest,
    users: Awaited<ReturnType<typeof teamUsers>>,
    values: FormValues,
  ): VisibilityChoices {
    return {
      visibilityItems: checkedItems(choicesOf(VISIBILITIES), values.visibility),
      sealedItems: checkedItems(
        users
          .filter(u => u.id !== request.actor.userId)
          .map(u => ({ value: u.id, text: `${u.displayName}, ${u.agencyName}` })),
        values.sealedFor,
      ),
    }
  }

  formPage(app, {
    page: newEntryPage,
    form: newEntryForm(lantern.clock),
    params: idParams,
    get: {
      url: '/cases/:id/chronology/new',
      config: { action: 'case.entryForm' },
      // Nothing is pre-answered (issue 11): when it happened and who can see it are asked, never assumed to be now
      // and everyone.
      values: () => ({}),
    },
    post: { url: '/cases/:id/chronology', config: { action: 'case.recordEntry' } },
    view: async (request, { params, values }) => {
      const [found, users] = await Promise.all([getCase(lantern.db, params.id), teamUsers(lantern.db, params.id)])
      return {
        title: 'Add to the chronology',
        kase: found,
        kindItems: selectItems([{ value: '', text: 'Choose a kind' }, ...choicesOf(ENTRY_KINDS)], values.kind),
        childItems: selectItems(
          [
            { value: '', text: 'The whole case' },
            ...found.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}` })),
          ],
          values.childId,
        ),
        ...visibilityChoices(request, users, values),
      }
    },
    submit: (request, entry, { params }) =>
      recordEntry(lantern.db, request.actor, params.id, entry, request.ip, lantern.clock()),
    redirect: (eventId, { id }) => urls.chronology(id, { recorded: eventId }),
  })

  /**
   * What changing who can see an entry will mean, in plain words: asked before an entry is sealed (or opened again),
   * since the wrong choice hides what the team needs or shows a refuge address to everyone. The people named must be
   * on the team, checked here so a wrong name comes back to the form rather than to the confirmation.
   */
  function visibilityChange(
    request: FastifyRequest,
    kase: Awaited<ReturnType<typeof getCase>>,
    entry: TimelineRow,
    users: Awaited<ReturnType<typeof teamUsers>>,
    change: { visibility: keyof typeof VISIBILITIES; sealedFor: string[]; reason: string },
    typed: Record<string, string | string[]>,
  ): Confirmation {
    if (change.sealedFor.some(id => !users.some(u => u.id === id)))
      throw new Invalid({ sealedFor: 'Choose people on the case team' })
    const named = users.filter(u => change.sealedFor.includes(u.id) && u.id !== request.actor.userId)
    const names = [...named.map(u => `${u.displayName} (${u.agencyName})`), 'you']
    const readers = `${names.slice(0, -1).join(', ')}${names.length > 1 ? ' and ' : ''}${names.at(-1) ?? ''}`
    const lead = users.find(u => u.id === kase.leadUserId)
    const happens = {
      sealed: [
        `Only ${readers} will see this entry.`,
        `No one else will see it${lead && !change.sealedFor.includes(lead.id) && lead.id !== request.actor.userId ? `, not even ${lead.displayName}, the lead practitioner` : ''}; anyone reading the case by emergency access will not see it either.`,
        'The people it is sealed for can change who sees it later.',
      ],
      restricted: ['Only the case team will see this entry: anyone reading the case by emergency access will not.'],
      normal: ['Everyone who can read the case will see this entry, including anyone reading it by emergency access.'],
    }[change.visibility]
    return {
      title: change.visibility === 'sealed' ? 'Seal this entry?' : 'Change who can see this entry?',
      caption: kase.reference,
      answers: [
        { key: 'Entry', value: `${entry.kind}, ${entry.occurred}, by ${entry.author}` },
        { key: 'Who can see it now', value: entry.seenBy },
        { key: 'Who will see it', value: VISIBILITIES[change.visibility] },
        { key: 'Why', value: change.reason },
      ],
      happens: [
        ...happens,
        'The chronology tells the case team that you changed who can see an entry, and why; never what it says.',
      ],
      action: urls.entryVisibility(kase.id, entry.id),
      button: change.visibility === 'sealed' ? 'Seal the entry' : 'Change who can see it',
      back: { href: urls.entryVisibility(kase.id, entry.id), text: 'No, go back and change it' },
      carry: typed,
    }
  }

  formPage(app, {
    page: entryVisibilityPage,
    form: confirmable(visibilityForm),
    params: z.object({ id: recordId, eventId: recordId }),
    load: async (request, { params }) => {
      const [found, entry, users] = await Promise.all([
        getCase(lantern.db, params.id),
        chronologyEntry(lantern.db, request.actor, params.id, true, params.eventId),
        teamUsers(lantern.db, params.id),
      ])
      return { found, entry, users }
    },
    get: {
      url: '/cases/:id/chronology/:eventId/visibility',
      config: { action: 'case.entryVisibilityForm' },
      values: (_request, { context: { entry } }) => ({ visibility: entry.visibility, sealedFor: entry.sealedFor }),
    },
    post: { url: '/cases/:id/chronology/:eventId/visibility', config: { action: 'case.entryVisibility' } },
    view: (request, { context: { found, entry, users }, values }) => ({
      title: 'Change who can see this entry',
      kase: found,
      entry: timelineRow(entry, kinds),
      ...visibilityChoices(request, users, values),
    }),
    submit: (request, change, { params, context: { found, entry, users }, values }) =>
      confirmFirst(
        values,
        () => visibilityChange(request, found, timelineRow(entry, kinds), users, change, answersTyped(values)),
        () =>
          changeEntryVisibility(
            lantern.db,
            request.actor,
            params.id,
            params.eventId,
            change,
            request.ip,
            lantern.clock(),
          ),
      ),
    redirect: (_result, { id, eventId }) => urls.chronology(id, { changed: eventId }),
  })

  api.get(
    '/api/v1/cases/:id/chronology',
    {
      config: { action: 'case.chronology' },
      schema: {
        tags: ['cases'],
        summary:
          "Every agency's entries on the case that the caller may read, newest first; `limit` and `offset` page " +
          'through a long one, and the X-Total-Count header says how many there are',
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
