import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DISABILITIES, ETHNICITIES, OFFENDING_KINDS, RELATIONSHIP_KINDS, SEXES } from '../../kernel/codes/people.ts'
import { checkedItems, choicesOf, selectItems } from '../../web/choices.ts'
import { todayIso } from '../../web/dates.ts'
import { formPage } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { peopleApi } from './api.ts'
import { correctionForm, newPersonForm, offendingHistoryForm, personFormValues, relationshipForm } from './forms.ts'
import { auditSearch, searchRateLimit } from './search.ts'
import { loadSections, type RecordSection } from './sections.ts'
import type { PeopleNeedToKnow } from './service.ts'
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
import {
  offendingHistoryPage,
  personFormPage,
  personPage,
  relationshipPage,
  searchPage,
  type PersonFormPage,
} from './views.ts'

/** The most people one search page lists: a search that finds more is to be narrowed, not scrolled. */
const PAGE_RESULTS = 50

const sexItems = choicesOf(SEXES)
const ethnicityChoices = [
  { value: '', text: 'Not recorded' },
  ...Object.entries(ETHNICITIES).map(([value, text]) => ({ value, text: `${text} (${value})` })),
]
const disabilityChoices = choicesOf(DISABILITIES)
const kindChoices = [
  { value: '', text: 'Select' },
  ...Object.entries(RELATIONSHIP_KINDS).map(([value, k]) => ({ value, text: k.label })),
]
const offendingKindItems = choicesOf(OFFENDING_KINDS)

/** The person form's choices, each chosen one marked, for a new person or a correction. */
function personChoices(
  values: Readonly<Record<string, unknown>>,
): Pick<PersonFormPage, 'sexItems' | 'ethnicityItems' | 'disabilityItems' | 'estimatedItems'> {
  return {
    sexItems,
    ethnicityItems: selectItems(ethnicityChoices, values.ethnicity),
    disabilityItems: checkedItems(disabilityChoices, values.disabilities),
    estimatedItems: checkedItems(
      [{ value: 'yes', text: 'The date of birth is an estimate' }],
      values.dateOfBirthEstimated,
    ),
  }
}

/**
 * Pages to find, record and correct people, and to see the family around a child; `sections` are the parts of
 * the child's record the modules above contribute (their cases, concerns and chronology), in page order.
 */
export function peopleRoutes(
  app: FastifyInstance,
  needToKnow: PeopleNeedToKnow,
  sections: readonly RecordSection[] = [],
): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  // Dates of birth and of history are checked against today on the app's clock, read when each form is sent.
  const today = () => todayIso(lantern.clock())

  pages.get(
    '/people',
    {
      config: { action: 'people.search', rateLimit: searchRateLimit(lantern.config) },
      schema: { querystring: z.object({ q: queryText, nhsNumber: queryText }) },
    },
    async (request, reply) => {
      const values = { q: request.query.q ?? '', nhsNumber: request.query.nhsNumber ?? '' }
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
      return render(request, reply, searchPage, { title: 'Find a person', values, results, total, searched })
    },
  )

  formPage(app, {
    page: personFormPage,
    form: newPersonForm(today),
    get: { url: '/people/new', config: { action: 'people.record' } },
    post: { url: '/people', config: { action: 'people.record' } },
    view: (_request, { values }) => ({ title: 'Add a person', action: urls.people(), ...personChoices(values) }),
    submit: (request, person) => recordPerson(lantern.db, request.actor, person, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.person(id, { recorded: '1' }),
  })

  pages.get(
    '/people/:id',
    {
      config: { action: 'person.read' },
      schema: {
        params: idParams,
        querystring: z.object({ recorded: queryText, corrected: queryText, recordedHistory: queryText }),
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const person = await getPerson(lantern.db, id)
      const members = await householdWithHistory(lantern.db, request.actor, id, lantern.clock(), needToKnow)
      const duplicates = await possibleDuplicates(lantern.db, person)
      const own = await offendingHistory(lantern.db, [id])
      // The person.read rule has already refused anyone with only the identifying minimum: they see no section.
      const parts = await loadSections(sections, lantern.db, request.actor, id, lantern.clock())
      const { query } = request
      const notice = query.recorded
        ? { text: 'Person recorded.', success: true }
        : query.corrected
          ? { text: 'Record corrected.', success: true }
          : query.recordedHistory
            ? { text: 'Offending history recorded.', success: true }
            : undefined
      return render(request, reply, personPage, {
        title: `${person.givenName} ${person.familyName}`,
        person,
        members,
        duplicates,
        notice,
        own,
        sections: parts,
        offendingNames: OFFENDING_KINDS,
        sexNames: SEXES,
        ethnicityNames: ETHNICITIES,
        disabilityNames: DISABILITIES,
        canChange: request.relationship === 'full',
        readOnly: request.relationship === 'readOnly',
      })
    },
  )

  formPage(app, {
    page: personFormPage,
    form: correctionForm(today),
    params: idParams,
    load: (_request, { params }) => getPerson(lantern.db, params.id),
    get: {
      url: '/people/:id/edit',
      config: { action: 'person.correctForm' },
      values: (_r, s) => personFormValues(s.context),
    },
    post: { url: '/people/:id/edit', config: { action: 'person.correct' } },
    view: (_request, { context: person, values, conflict }) => ({
      title: `Correct ${person.givenName} ${person.familyName}'s record`,
      action: urls.correctPerson(person.id),
      personId: person.id,
      // After someone else's change the form moves to the record as it now is, keeping what this user typed.
      version: conflict ? person.version : typeof values.version === 'string' ? values.version : person.version,
      conflict: conflict && { changedFields: conflict.changedFields },
      ...personChoices(values),
    }),
    submit: (request, changes, { context: person }) =>
      correctPerson(lantern.db, request.actor, person.id, changes, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.person(id, { corrected: '1' }),
  })

  formPage(app, {
    page: offendingHistoryPage,
    form: offendingHistoryForm(today),
    params: idParams,
    get: { url: '/people/:id/offending-history/new', config: { action: 'person.offendingHistoryForm' } },
    post: { url: '/people/:id/offending-history', config: { action: 'person.recordOffendingHistory' } },
    load: (_request, { params }) => getPerson(lantern.db, params.id),
    view: (_request, { context: person }) => ({
      title: `Record sexual-offending history for ${person.givenName} ${person.familyName}`,
      person,
      offendingKindItems,
    }),
    submit: (request, history, { context: person }) =>
      recordOffendingHistory(lantern.db, request.actor, person.id, history, request.ip, lantern.clock(), needToKnow),
    redirect: (_result, { id }) => urls.person(id, { recordedHistory: '1' }),
  })

  /** Whom a relationship can be recorded with: anyone recorded, but only those whose record the actor can read can be chosen. */
  async function candidatesFor(request: FastifyRequest, id: string, q: string) {
    if (!q.trim()) return []
    const found = await searchPeople(lantern.db, request.actor, { q }, lantern.clock(), needToKnow)
    await auditSearch(request, { q }, found)
    return found.filter(c => c.id !== id)
  }

  formPage(app, {
    page: relationshipPage,
    form: relationshipForm,
    params: idParams,
    get: {
      url: '/people/:id/relationships/new',
      config: { action: 'person.relationshipForm', rateLimit: searchRateLimit(lantern.config) },
      querystring: z.object({ q: queryText }),
    },
    post: { url: '/people/:id/relationships', config: { action: 'person.addRelationship' } },
    load: (_request, { params }) => getPerson(lantern.db, params.id),
    view: async (request, { context: person, query, values }) => {
      // The search comes from the address when the form is first shown, and from the form when it comes back.
      const q = query ? (query.q ?? '') : typeof values.q === 'string' ? values.q : ''
      return {
        title: `Add someone to ${person.givenName} ${person.familyName}'s family or household`,
        person,
        q,
        candidates: await candidatesFor(request, person.id, q),
        searched: query ? Boolean(q.trim()) : true,
        kindItems: selectItems(kindChoices, values.kind),
      }
    },
    submit: (request, relationship, { context: person }) =>
      addRelationship(lantern.db, request.actor, person.id, relationship, request.ip, lantern.clock(), needToKnow),
    redirect: (_result, { id }) => `${urls.person(id)}#household`,
  })

  peopleApi(app, needToKnow)
}
