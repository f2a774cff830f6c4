import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ADULT_ROLES } from '../../kernel/codes/cases.ts'
import { londonDateTime } from '../../web/dates.ts'
import { INT4_MAX } from '../../web/input.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getPerson, identityOf, type RecordSection } from '../people/index.ts'
import { peopleNeedToKnow } from './need-to-know.ts'
import { timelineRow } from './chronology-routes.ts'
import type { EventKinds } from './chronology.ts'
import {
  casesAboutPerson,
  personChronology,
  personChronologyCount,
  type PersonCase,
  type PersonChronologyEntry,
} from './record.ts'
import { personChronologyPage, type CasesSection, type ChronologySection, type PersonTimelineRow } from './views.ts'

/** Entries on one page of a person's chronology, as on a case's. */
const PAGE_SIZE = 100

/** The latest entries the child's record shows, with a link to the rest. */
const RECORD_ENTRIES = 10

const personParams = z.object({ id: z.uuid() })

const personCaseOut = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  status: z.string(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  leadName: z.string(),
  asChild: z.boolean(),
  adultRoles: z.array(z.string()),
  standing: z.enum(['team', 'breakGlass']),
})

const personEntryOut = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
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

function personRow(e: PersonChronologyEntry, kinds: EventKinds): PersonTimelineRow {
  return { ...timelineRow(e, kinds), caseId: e.caseId, caseReference: e.caseReference }
}

/** How the person takes part in a case, in words: as a child, or as an adult in their roles. */
function partIn(c: PersonCase): string {
  const roles = c.adultRoles.map(r => (Object.hasOwn(ADULT_ROLES, r) ? ADULT_ROLES[r as keyof typeof ADULT_ROLES] : r))
  return [...(c.asChild ? ['Child'] : []), ...roles].join(', ')
}

/**
 * The case layer's parts of the child's record, for the person page: the cases about them, and the latest of
 * their chronology across those cases. Each shows only what the reader may read on each case.
 */
export function caseRecordSections(kinds: EventKinds): RecordSection[] {
  // Both sections need the cases the reader may read; the page loads its sections with one `now`, so the cases
  // are looked up once a page, kept only as long as that moment is.
  const looked = new WeakMap<Date, Map<string, Promise<PersonCase[]>>>()
  const casesFor: typeof casesAboutPerson = (db, actor, personId, now) => {
    const page = looked.get(now) ?? new Map<string, Promise<PersonCase[]>>()
    looked.set(now, page)
    const key = `${actor.userId} ${personId}`
    const found = page.get(key) ?? casesAboutPerson(db, actor, personId, now)
    page.set(key, found)
    return found
  }
  const cases: RecordSection<CasesSection> = {
    template: 'cases/views/record-cases.njk',
    load: async (db, actor, personId, now) => ({
      personId,
      cases: (await casesFor(db, actor, personId, now)).map(c => ({
        id: c.id,
        reference: c.reference,
        title: c.title,
        open: c.status === 'open',
        opened: londonDateTime(c.openedAt),
        closed: c.closedAt && londonDateTime(c.closedAt),
        leadName: c.leadName,
        part: partIn(c),
        breakGlass: c.standing === 'breakGlass',
      })),
    }),
  }
  const chronology: RecordSection<ChronologySection> = {
    template: 'cases/views/record-chronology.njk',
    load: async (db, actor, personId, now) => {
      const about = await casesFor(db, actor, personId, now)
      // The newest entries and how many there are, side by side: the count is cheap, a second round trip is not.
      const [entries, total] = await Promise.all([
        personChronology(db, actor, personId, about, { limit: RECORD_ENTRIES, offset: 0 }),
        personChronologyCount(db, actor, personId, about),
      ])
      return { personId, entries: entries.map(e => personRow(e, kinds)), total }
    },
  }
  return [cases, chronology]
}

/** The child's cases and chronology across them: a page and the API, both reads of the child's record. */
export function recordRoutes(app: FastifyInstance, kinds: EventKinds): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/people/:id/chronology',
    {
      config: { action: 'person.chronology' },
      schema: { params: idParams, querystring: z.object({ page: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const now = lantern.clock()
      const person = await getPerson(lantern.db, id)
      const about = await casesAboutPerson(lantern.db, request.actor, id, now)
      const total = await personChronologyCount(lantern.db, request.actor, id, about)
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
      const current = currentPage(request.query.page, pages)
      const events = await personChronology(lantern.db, request.actor, id, about, {
        limit: PAGE_SIZE,
        offset: (current - 1) * PAGE_SIZE,
      })
      return render(request, reply, personChronologyPage, {
        title: `Chronology: ${person.givenName} ${person.familyName}`,
        person: { id: person.id, givenName: person.givenName, familyName: person.familyName },
        identity: await identityOf(lantern.db, request.actor, id, now, peopleNeedToKnow),
        events: events.map(e => personRow(e, kinds)),
        total,
        first: (current - 1) * PAGE_SIZE + 1,
        pagination: pagination(urls.personChronology(id), {}, current, pages),
      })
    },
  )

  api.get(
    '/api/v1/people/:id/cases',
    {
      config: { action: 'person.cases' },
      schema: {
        tags: ['people'],
        summary:
          'The cases about a person, open and closed, that the caller is on the team of or reading by break-glass; ' +
          'open ones first',
        params: personParams,
        response: { 200: z.array(personCaseOut) },
      },
    },
    request => casesAboutPerson(lantern.db, request.actor, request.params.id, lantern.clock()),
  )

  api.get(
    '/api/v1/people/:id/chronology',
    {
      config: { action: 'person.chronology' },
      schema: {
        tags: ['people'],
        summary:
          "The person's chronology across their cases: from each case, the entries about them or the whole case " +
          'that the caller may read there, newest first; `limit` and `offset` page, X-Total-Count says how many',
        params: personParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(5000, 'limit must be 5,000 or fewer').default(5000),
          offset: z.coerce.number().int().min(0).max(INT4_MAX, 'offset is too large').default(0),
        }),
        response: { 200: z.array(personEntryOut) },
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const about = await casesAboutPerson(lantern.db, request.actor, id, lantern.clock())
      const [total, entries] = await Promise.all([
        personChronologyCount(lantern.db, request.actor, id, about),
        personChronology(lantern.db, request.actor, id, about, request.query),
      ])
      return reply.header('x-total-count', String(total)).send(entries)
    },
  )
}
