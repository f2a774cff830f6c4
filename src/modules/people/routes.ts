import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Conflict, Invalid } from '../../kernel/errors.ts'
import { readDateInput, todayIso } from '../../web/dates.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { auditSearch, searchRateLimit } from './search.ts'
import type { PeopleNeedToKnow } from './service.ts'
import { peopleApi } from './api.ts'
import { DISABILITIES, ETHNICITIES, OFFENDING_KINDS, RELATIONSHIP_KINDS, SEXES } from '../../kernel/codes/people.ts'
import { personFormValues, readPersonForm, type PersonFormValues } from './forms.ts'
import { offendingHistorySchema, relationshipSchema } from './schema.ts'
import {
  addRelationship,
  correctPerson,
  countPeople,
  getPerson,
  householdWithHistory,
  offendingHistory,
  possibleDuplicates,
  recordOffendingHistory,
  recordPerson,
  searchPeople,
} from './service.ts'

const options = (record: Record<string, string>) => Object.entries(record).map(([value, text]) => ({ value, text }))

/** The most people one search page lists: a search that finds more is to be narrowed, not scrolled. */
const PAGE_RESULTS = 50

/** Pages to find, record and correct people, and to see the family around a child. */
export function peopleRoutes(app: FastifyInstance, needToKnow: PeopleNeedToKnow): void {
  const { lantern } = app
  const formLists = {
    sexItems: options(SEXES),
    ethnicityItems: [
      { value: '', text: 'Not recorded' },
      ...Object.entries(ETHNICITIES).map(([value, text]) => ({ value, text: `${text} (${value})` })),
    ],
    disabilityItems: options(DISABILITIES),
    kindItems: Object.entries(RELATIONSHIP_KINDS).map(([value, k]) => ({ value, text: k.label })),
  }

  app.get(
    '/people',
    { config: { action: 'people.search', rateLimit: searchRateLimit(lantern.config) } },
    async (request, reply) => {
      const query = request.query as Record<string, string | undefined>
      const values = { q: query.q ?? '', nhsNumber: query.nhsNumber ?? '' }
      const searched = Boolean(values.q.trim() || values.nhsNumber.trim())
      const terms = { q: values.q, nhsNumber: values.nhsNumber || undefined }
      const results = searched
        ? await searchPeople(lantern.db, request.actor, terms, lantern.clock(), needToKnow, {
            limit: PAGE_RESULTS,
            offset: 0,
          })
        : []
      // A full page may not be everything: say how many matched, rather than stop silently.
      const total = results.length === PAGE_RESULTS ? await countPeople(lantern.db, terms) : results.length
      if (searched) await auditSearch(request, terms, results)
      return render(request, reply, 'people/views/search.njk', {
        title: 'Find a person',
        values,
        results,
        total,
        searched,
      })
    },
  )

  function personPage(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    values: PersonFormValues,
    extra: Record<string, unknown> = {},
    fieldErrors?: Record<string, string>,
  ) {
    return render(
      request,
      reply,
      template,
      { title, values, ...formLists, ...extra, fieldErrors, anchors: { dateOfBirth: 'dateOfBirth-day' } },
      fieldErrors ? 400 : 200,
    )
  }

  app.get('/people/new', { config: { action: 'people.record' } }, (request, reply) =>
    personPage(request, reply, 'people/views/person-form.njk', 'Add a person', readPersonForm({}, '').values, {
      action: '/people',
    }),
  )

  app.post('/people', { config: { action: 'people.record' } }, async (request, reply) => {
    const { values, person, errors } = readPersonForm(request.body, todayIso(lantern.clock()))
    if (!person)
      return personPage(
        request,
        reply,
        'people/views/person-form.njk',
        'Add a person',
        values,
        { action: '/people' },
        errors,
      )
    const { id } = await recordPerson(lantern.db, request.actor, person, request.ip, lantern.clock())
    return reply.redirect(`/people/${id}?recorded=1`, 303)
  })

  app.get('/people/:id', { config: { action: 'person.read' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const person = await getPerson(lantern.db, id)
    const members = await householdWithHistory(lantern.db, request.actor, id, lantern.clock(), needToKnow)
    const duplicates = await possibleDuplicates(lantern.db, person)
    const own = await offendingHistory(lantern.db, [id])
    const query = request.query as Record<string, string | undefined>
    const notice = query.recorded
      ? { text: 'Person recorded.', success: true }
      : query.corrected
        ? { text: 'Record corrected.', success: true }
        : query.recordedHistory
          ? { text: 'Offending history recorded.', success: true }
          : undefined
    return render(request, reply, 'people/views/person.njk', {
      title: `${person.givenName} ${person.familyName}`,
      person,
      members,
      duplicates,
      notice,
      own,
      offendingNames: OFFENDING_KINDS,
      sexNames: SEXES,
      ethnicityNames: ETHNICITIES,
      disabilityNames: DISABILITIES,
      canChange: request.relationship === 'full',
      readOnly: request.relationship === 'readOnly',
    })
  })

  app.get('/people/:id/edit', { config: { action: 'person.correctForm' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const person = await getPerson(lantern.db, id)
    return personPage(
      request,
      reply,
      'people/views/person-form.njk',
      `Correct ${person.givenName} ${person.familyName}'s record`,
      personFormValues(person),
      { action: `/people/${id}/edit`, version: person.version, personId: id },
    )
  })

  app.post('/people/:id/edit', { config: { action: 'person.correct' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const version = Number(body.version)
    const { values, person, errors } = readPersonForm(body, todayIso(lantern.clock()))
    const current = await getPerson(lantern.db, id)
    const title = `Correct ${current.givenName} ${current.familyName}'s record`
    const extra = { action: `/people/${id}/edit`, version, personId: id }
    if (!person || !Number.isInteger(version))
      return personPage(
        request,
        reply,
        'people/views/person-form.njk',
        title,
        values,
        extra,
        errors ?? { givenName: 'Reload the page and try again' },
      )
    try {
      await correctPerson(lantern.db, request.actor, id, { ...person, version }, request.ip, lantern.clock())
    } catch (error) {
      if (!(error instanceof Conflict)) throw error
      const latest = await getPerson(lantern.db, id)
      return render(
        request,
        reply,
        'people/views/person-form.njk',
        {
          title,
          values,
          ...formLists,
          ...extra,
          version: latest.version,
          conflict: { changedFields: error.changedFields },
          fieldErrors: {
            givenName:
              'Someone else changed this record while you were editing it. Check the changes listed, then save again',
          },
          anchors: { dateOfBirth: 'dateOfBirth-day' },
        },
        409,
      )
    }
    return reply.redirect(`/people/${id}?corrected=1`, 303)
  })

  const offendingKindItems = Object.entries(OFFENDING_KINDS).map(([value, text]) => ({ value, text }))

  app.get(
    '/people/:id/offending-history/new',
    { config: { action: 'person.offendingHistoryForm' } },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const person = await getPerson(lantern.db, id)
      return render(request, reply, 'people/views/offending-history-form.njk', {
        title: `Record sexual-offending history for ${person.givenName} ${person.familyName}`,
        person,
        offendingKindItems,
        values: { date: { day: '', month: '', year: '' } },
      })
    },
  )

  app.post(
    '/people/:id/offending-history',
    { config: { action: 'person.recordOffendingHistory' } },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const person = await getPerson(lantern.db, id)
      const body = formFields(request.body)
      const date = readDateInput(body, 'date', 'Date')
      const parsed = offendingHistorySchema(todayIso(lantern.clock())).safeParse({
        kind: body.kind,
        description: body.description,
        date: date.iso,
      })
      const errors = parsed.success ? {} : fieldIssues(parsed.error.issues)
      if (date.error) errors.date = date.error
      else if (!date.iso) errors.date = 'Enter the date'
      if (!parsed.success || Object.keys(errors).length) {
        return render(
          request,
          reply,
          'people/views/offending-history-form.njk',
          {
            title: `Record sexual-offending history for ${person.givenName} ${person.familyName}`,
            person,
            offendingKindItems,
            values: { ...body, date: date.parts },
            fieldErrors: errors,
            anchors: { date: 'date-day' },
          },
          400,
        )
      }
      await recordOffendingHistory(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock(), needToKnow)
      return reply.redirect(`/people/${id}?recordedHistory=1`, 303)
    },
  )

  /** Whom a relationship can be recorded with: anyone recorded, but only those whose record the actor can read can be chosen. */
  async function candidatesFor(request: FastifyRequest, id: string, q: string) {
    if (!q.trim()) return []
    const found = await searchPeople(lantern.db, request.actor, { q }, lantern.clock(), needToKnow)
    await auditSearch(request, { q }, found)
    return found.filter(c => c.id !== id)
  }

  app.get(
    '/people/:id/relationships/new',
    { config: { action: 'person.relationshipForm', rateLimit: searchRateLimit(lantern.config) } },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const person = await getPerson(lantern.db, id)
      const q = (request.query as Record<string, string | undefined>).q ?? ''
      const candidates = await candidatesFor(request, id, q)
      return render(request, reply, 'people/views/relationship-form.njk', {
        title: `Add someone to ${person.givenName} ${person.familyName}'s family or household`,
        person,
        q,
        candidates,
        searched: Boolean(q.trim()),
        values: {},
        ...formLists,
      })
    },
  )

  app.post('/people/:id/relationships', { config: { action: 'person.addRelationship' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const person = await getPerson(lantern.db, id)
    const yesNo = (v: unknown) => (v === 'yes' ? true : v === 'no' ? false : undefined)
    const { q: _q, ...fields } = body
    const parsed = relationshipSchema.safeParse({
      ...fields,
      livesWith: yesNo(fields.livesWith),
      hasContact: yesNo(fields.hasContact),
    })
    const again = async (fieldErrors: Record<string, string>) => {
      const q = typeof body.q === 'string' ? body.q : ''
      const candidates = await candidatesFor(request, id, q)
      return render(
        request,
        reply,
        'people/views/relationship-form.njk',
        {
          title: `Add someone to ${person.givenName} ${person.familyName}'s family or household`,
          person,
          q,
          candidates,
          searched: true,
          values: body,
          ...formLists,
          fieldErrors,
        },
        400,
      )
    }
    if (!parsed.success) return again(fieldIssues(parsed.error.issues))
    try {
      await addRelationship(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock(), needToKnow)
    } catch (error) {
      if (error instanceof Invalid) return again(error.fields)
      throw error
    }
    return reply.redirect(`/people/${id}#household`, 303)
  })

  peopleApi(app, needToKnow)
}
