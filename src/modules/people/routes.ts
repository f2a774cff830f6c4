import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DISABILITIES, ETHNICITIES, OFFENDING_KINDS, RELATIONSHIP_KINDS, SEXES } from '../../kernel/codes/people.ts'
import { REGISTRATION_PERIODS } from '../../kernel/codes/risk.ts'
import { checkedItems, choicesOf, selectItems } from '../../web/choices.ts'
import { ageOn, londonDateTime, londonParts, todayIso } from '../../web/dates.ts'
import { formPage, Instead, seeOther } from '../../web/form-page.ts'
import { NotFound, Forbidden } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { idParams, queryText, recordId } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { listAgencies } from '../directory/index.ts'
import { peopleApi } from './api.ts'
import { addressesOf, addAddress, endAddress, possibleReaders, readableAddress } from './addresses.ts'
import { addressForm, endAddressForm } from './address-forms.ts'
import { identityBar, identityOf, offendingNearby } from './identity.ts'
import {
  correctionForm,
  endRelationshipForm,
  mergeForm,
  newPersonForm,
  notDuplicateForm,
  offendingHistoryAnswers,
  offendingHistoryForm,
  personFormValues,
  relationshipForm,
  unmergeForm,
} from './forms.ts'
import {
  currentMerge,
  markNotDuplicate,
  mergePerson,
  mergesInto,
  unmergePerson,
  type Moved,
  type PersonMerge,
} from './merge.ts'
import { endRelationship, getRelationship } from './relationships.ts'
import { auditSearch, pageSearchLimit, searchRateLimit } from './search.ts'
import { loadSections, type RecordSection } from './sections.ts'
import type { PeopleNeedToKnow } from './service.ts'
import {
  addRelationship,
  correctPerson,
  countPeople,
  getPerson,
  householdWithHistory,
  offendingHistoryInFull,
  possibleDuplicates,
  recordOffendingHistory,
  recordPerson,
  searchPeople,
  siblingsOf,
} from './service.ts'
import {
  addressPage,
  endAddressPage,
  endRelationshipPage,
  mergePage,
  notDuplicatePage,
  offendingHistoryPage,
  personFormPage,
  personPage,
  relationshipPage,
  searchPage,
  type PersonFormPage,
  unmergePage,
} from './views.ts'

const addressParams = z.object({ id: recordId, addressId: recordId })

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
const periodItems = choicesOf(REGISTRATION_PERIODS)

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

/** Roles that may merge records or say two are not the same person (see RECORD_KEEPERS in actions.ts). */
const resolvesDuplicates = (roles: readonly string[]) =>
  roles.some(r => r === 'front_door' || r === 'social_worker' || r === 'team_manager')

/** What each kind of row the people module moves is, as a practitioner reads it (one and many). */
const MOVED_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  relationships: ['family or household relationship', 'family or household relationships'],
  relationshipsEnded: [
    'relationship the merge ended as recorded twice (it will be current again)',
    'relationships the merge ended as recorded twice (they will be current again)',
  ],
  offendingHistory: ['offending history record', 'offending history records'],
  addresses: ['address', 'addresses'],
}

/**
 * "2 concerns", for each kind of row a merge moved, named by this module and by each module above that moved some
 * (the row ids a module also kept for itself are not listed).
 */
function movingBack(moved: Moved, mergers: readonly PersonMerge[]): string[] {
  return [MOVED_NAMES, ...mergers.map(m => m.names)].flatMap(names =>
    Object.entries(names).flatMap(([key, [one, many]]) => {
      const n = moved[key]?.length ?? 0
      return n ? [`${String(n)} ${n === 1 ? one : many}`] : []
    }),
  )
}

/** What the modules above people hand it at composition (app.ts), as people must not import them. */
export interface PeopleComposition {
  /** Who may see a person's full record, and change it: decided by cases, which knows the case teams. */
  needToKnow: PeopleNeedToKnow
  /** How each module above moves what it holds about a person when two records are merged. */
  mergers: readonly PersonMerge[]
  /** The parts of a child's record the modules above contribute (their cases, concerns, chronology), in order. */
  sections: readonly RecordSection[]
}

/**
 * Pages to find, record and correct people, to see the family around a child over time, to resolve possible
 * duplicates, and the child's whole record with the sections the modules above contribute.
 */
export function peopleRoutes(app: FastifyInstance, { needToKnow, mergers, sections }: PeopleComposition): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  // Dates of birth and of history are checked against today on the app's clock, read when each form is sent.
  const today = () => todayIso(lantern.clock())
  const limitSearch = pageSearchLimit(app)

  pages.get(
    '/people',
    {
      config: { action: 'people.search' },
      schema: { querystring: z.object({ q: queryText, nhsNumber: queryText }) },
    },
    async (request, reply) => {
      const values = { q: request.query.q ?? '', nhsNumber: request.query.nhsNumber ?? '' }
      const searched = Boolean(values.q.trim() || values.nhsNumber.trim())
      if (searched) await limitSearch(request)
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
        querystring: z.object({
          recorded: queryText,
          corrected: queryText,
          recordedHistory: queryText,
          ended: queryText,
          merged: queryText,
          notDuplicate: queryText,
          unmerged: queryText,
          addressAdded: queryText,
          addressEnded: queryText,
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const person = await getPerson(lantern.db, id)
      // A merged record's address keeps working: it leads to the record kept (this read is audited as of it).
      if (person.mergedIntoId !== null) return reply.redirect(urls.person(person.mergedIntoId, { merged: '1' }), 303)
      // Independent reads, side by side on the pool: the page waits for the slowest, not for their sum.
      const now = lantern.clock()
      const mayResolve = request.relationship === 'full' && resolvesDuplicates(request.actor.roles)
      const [members, duplicates, own, parts, merges, siblings] = await Promise.all([
        householdWithHistory(lantern.db, request.actor, id, now, needToKnow),
        possibleDuplicates(lantern.db, person),
        offendingHistoryInFull(lantern.db, id),
        // The person.read rule has already refused anyone with only the identifying minimum: they see no section.
        loadSections(sections, lantern.db, request.actor, id, now),
        mayResolve ? mergesInto(lantern.db, id) : Promise.resolve([]),
        siblingsOf(lantern.db, request.actor, id, now, needToKnow),
      ])
      // Addresses: the person's own, and each current member's whose record this reader may open; a confidential
      // one only to those it names (the rest are told who holds it).
      const current = members.filter(m => m.endedOn === null)
      const open = current.filter(m => m.mayOpen).map(m => m.personId)
      const addresses = await addressesOf(lantern.db, request.actor, [id, ...open])
      const { query } = request
      const notice = query.recorded
        ? { text: 'Person recorded.', success: true }
        : query.corrected
          ? { text: 'Record corrected.', success: true }
          : query.recordedHistory
            ? { text: 'Offending history recorded.', success: true }
            : query.ended
              ? { text: 'Relationship ended. It is kept under past members.', success: true }
              : query.merged
                ? { text: 'Another record was merged into this one. Its old address leads here.', success: true }
                : query.notDuplicate
                  ? { text: 'Recorded as not the same person. They will not be flagged again.', success: true }
                  : query.unmerged
                    ? { text: 'Merge undone. What the merge moved is back on this record.', success: true }
                    : query.addressAdded
                      ? { text: 'Address added.', success: true }
                      : query.addressEnded
                        ? { text: 'Address ended. It is kept under past addresses.', success: true }
                        : undefined
      return render(request, reply, personPage, {
        title: `${person.givenName} ${person.familyName}`,
        person,
        identity: identityBar(person, londonParts(now)[0], {
          offendingNearby: offendingNearby(members),
          linked: false,
        }),
        addresses: addresses.filter(a => a.personId === id),
        memberAddresses: Object.fromEntries(
          open.map(personId => [
            personId,
            addresses.find(a => a.personId === personId && (a.kind === 'held' || a.to === null)) ?? null,
          ]),
        ),
        siblings: siblings.map(s => ({ ...s, age: ageOn(s.dateOfBirth, londonParts(now)[0]) })),
        current,
        past: members.filter(m => m.endedOn !== null),
        duplicates,
        canResolveDuplicates: mayResolve,
        mergedIntoThis: merges.map(m => ({
          fromPersonId: m.fromPersonId,
          name: `${m.givenName} ${m.familyName}`,
          dateOfBirth: m.dateOfBirth,
          mergedAt: londonDateTime(m.mergedAt),
        })),
        notice,
        own,
        sections: parts,
        offendingNames: OFFENDING_KINDS,
        periodNames: REGISTRATION_PERIODS,
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
    view: async (request, { context: person, values, conflict }) => ({
      identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
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
    view: async (request, { context: person, values }) => ({
      title: `Record sexual-offending history for ${person.givenName} ${person.familyName}`,
      person,
      identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
      offendingKindItems,
      periodItems,
      agencyItems: selectItems(
        [
          { value: '', text: 'Select an agency' },
          ...(await listAgencies(lantern.db)).map(a => ({ value: a.id, text: a.name })),
        ],
        values.sourceAgencyId,
      ),
    }),
    check: async (_request, { context: person, input }) => {
      const agency = (await listAgencies(lantern.db)).find(a => a.id === input.sourceAgencyId)
      return {
        title: `Check the history before recording it for ${person.givenName} ${person.familyName}`,
        answers: offendingHistoryAnswers(input, agency?.name ?? 'An agency not of this partnership'),
        outcome:
          'It is kept on their record, noted (restricted) on the chronology of their open cases and of the children ' +
          'they live with or see, whose safeguards then ask for a risk discussion.',
        confirm: 'Record the history',
      }
    },
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
    form: relationshipForm(today),
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
        identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
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

  formPage(app, {
    page: endRelationshipPage,
    form: endRelationshipForm(today),
    params: idParams,
    load: async (_request, { params, query, values }) => {
      const relationship = await getRelationship(lantern.db, params.id)
      // Back to the page of whichever of the two the user came from.
      const asked = query ? query.from : typeof values.from === 'string' ? values.from : undefined
      const from = asked === relationship.otherPersonId ? relationship.otherPersonId : relationship.personId
      const [person, other] = await Promise.all([
        getPerson(lantern.db, relationship.personId),
        getPerson(lantern.db, relationship.otherPersonId),
      ])
      return { relationship, person, other, from }
    },
    get: {
      url: '/relationships/:id/end',
      config: { action: 'relationship.endForm' },
      querystring: z.object({ from: queryText }),
      values: (_r, { context }) => ({ version: String(context.relationship.version), from: context.from }),
    },
    post: { url: '/relationships/:id/end', config: { action: 'relationship.end' } },
    view: async (request, { context: { relationship, person, other, from }, values, conflict }) => ({
      identity: await identityOf(lantern.db, request.actor, from, lantern.clock(), needToKnow),
      title: `End the relationship between ${person.givenName} ${person.familyName} and ${other.givenName} ${other.familyName}`,
      action: urls.endRelationship(relationship.id),
      relationship,
      person,
      other,
      kindLabel: RELATIONSHIP_KINDS[relationship.kind].label,
      from,
      version: conflict
        ? relationship.version
        : typeof values.version === 'string'
          ? values.version
          : relationship.version,
    }),
    submit: async (request, end, { context }) => {
      await endRelationship(
        lantern.db,
        request.actor,
        context.relationship.id,
        end,
        request.ip,
        lantern.clock(),
        needToKnow,
      )
      return context.from
    },
    redirect: from => `${urls.person(from, { ended: '1' })}#household`,
  })

  /**
   * The other record of a pair, named in the address (`?into=`, `?otherPersonId=`) or the form: one in this
   * partnership that is not this one, not merged, and that the actor may see in full. Anything else is no page.
   */
  async function otherRecord(request: FastifyRequest, id: string, otherId: unknown) {
    if (typeof otherId !== 'string' || !isUuid(otherId) || otherId === id) return seeOther(urls.person(id))
    const other = await getPerson(lantern.db, otherId)
    if (other.mergedIntoId !== null) throw new NotFound('person')
    const visible = await needToKnow.fullRecordOf(lantern.db, request.actor, [other], lantern.clock())
    if (!visible.has(other.id))
      throw new Forbidden('no_legitimate_relationship', 'You can compare only records you can see in full')
    return other
  }

  /** Both records of a pair as the confirmation pages show them: name, age, date of birth and identifiers. */
  function pair(person: Awaited<ReturnType<typeof getPerson>>, other: Awaited<ReturnType<typeof getPerson>>) {
    const day = today()
    const describe = (p: typeof person) => ({ ...p, age: ageOn(p.dateOfBirth, day) })
    return { person: describe(person), other: describe(other), sexNames: SEXES }
  }

  // Merge: a check-your-answers page naming both people, then the merge itself (undone from the record kept).
  formPage(app, {
    page: mergePage,
    form: mergeForm,
    params: idParams,
    load: async (request, { params, query, values }) => {
      const person = await getPerson(lantern.db, params.id)
      if (person.mergedIntoId !== null) return seeOther(urls.person(person.mergedIntoId, { merged: '1' }))
      const into = await otherRecord(request, params.id, query ? query.into : values.intoPersonId)
      return into instanceof Instead ? into : { person, into }
    },
    get: {
      url: '/people/:id/merge',
      config: { action: 'person.mergeForm' },
      querystring: z.object({ into: queryText }),
    },
    post: { url: '/people/:id/merge', config: { action: 'person.merge' } },
    view: async (request, { context: { person, into }, values }) => ({
      identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
      title: `Merge ${person.givenName} ${person.familyName}'s record into another`,
      action: urls.mergePerson(person.id),
      ...pair(person, into),
      version: typeof values.version === 'string' ? values.version : person.version,
    }),
    submit: (request, merge, { context: { person } }) =>
      mergePerson(lantern.db, request.actor, person.id, merge, request.ip, lantern.clock(), needToKnow, mergers),
    redirect: ({ mergedIntoId }) => urls.person(mergedIntoId, { merged: '1' }),
  })

  // Undo a merge: a check page saying what moves back and asking why, then the undo itself.
  formPage(app, {
    page: unmergePage,
    form: unmergeForm,
    params: idParams,
    load: async (_request, { params }) => {
      const person = await getPerson(lantern.db, params.id)
      const merge = await currentMerge(lantern.db, params.id)
      if (person.mergedIntoId === null || !merge) return seeOther(urls.person(person.id))
      return { person, into: await getPerson(lantern.db, merge.intoPersonId), merge }
    },
    get: { url: '/people/:id/unmerge', config: { action: 'person.unmergeForm' } },
    post: { url: '/people/:id/unmerge', config: { action: 'person.unmerge' } },
    view: async (request, { context: { person, into, merge }, values }) => ({
      identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
      title: `Undo the merge of ${person.givenName} ${person.familyName}'s record`,
      action: urls.unmergePerson(person.id),
      ...pair(person, into),
      merged: { at: londonDateTime(merge.mergedAt), by: merge.mergedBy, reason: merge.reason },
      movingBack: movingBack(merge.moved as Moved, mergers),
      version: typeof values.version === 'string' ? values.version : person.version,
    }),
    submit: (request, undo, { context: { person } }) =>
      unmergePerson(lantern.db, request.actor, person.id, undo, request.ip, lantern.clock(), mergers),
    redirect: ({ id }) => urls.person(id, { unmerged: '1' }),
  })

  formPage(app, {
    page: notDuplicatePage,
    form: notDuplicateForm,
    params: idParams,
    load: async (request, { params, query, values }) => {
      const person = await getPerson(lantern.db, params.id)
      const other = await otherRecord(request, params.id, query ? query.otherPersonId : values.otherPersonId)
      return other instanceof Instead ? other : { person, other }
    },
    get: {
      url: '/people/:id/not-duplicate',
      config: { action: 'person.notDuplicateForm' },
      querystring: z.object({ otherPersonId: queryText }),
    },
    post: { url: '/people/:id/not-duplicate', config: { action: 'person.notDuplicate' } },
    view: (_request, { context: { person, other } }) => ({
      title: `Are these two records different people?`,
      action: urls.notDuplicate(person.id),
      ...pair(person, other),
    }),
    submit: async (request, otherPersonId, { context: { person } }) => {
      await markNotDuplicate(
        lantern.db,
        request.actor,
        person.id,
        otherPersonId,
        request.ip,
        lantern.clock(),
        needToKnow,
      )
      return person.id
    },
    redirect: personId => urls.person(personId, { notDuplicate: '1' }),
  })

  // Addresses: add one, and end one when they move out. Whoever may change the person may do both; a
  // confidential address can be ended only by those it names (to everyone else it is no address at all).
  formPage(app, {
    page: addressPage,
    form: addressForm(today),
    params: idParams,
    get: { url: '/people/:id/addresses/new', config: { action: 'person.addressForm' } },
    post: { url: '/people/:id/addresses', config: { action: 'person.addAddress' } },
    load: async (_request, { params }) => {
      const person = await getPerson(lantern.db, params.id)
      return person.mergedIntoId === null ? person : seeOther(urls.person(person.mergedIntoId, { merged: '1' }))
    },
    view: async (request, { context: person, values }) => {
      const readers = await possibleReaders(lantern.db, request.actor)
      const chosen = Array.isArray(values.readerUserIds) ? values.readerUserIds : []
      return {
        title: `Add an address for ${person.givenName} ${person.familyName}`,
        person,
        identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
        readerItems: readers.map(r => ({
          value: r.userId,
          text: `${r.displayName}, ${r.agencyName}`,
          checked: chosen.includes(r.userId),
        })),
      }
    },
    submit: (request, address, { context: person }) =>
      addAddress(lantern.db, request.actor, person.id, address, request.ip, lantern.clock()),
    redirect: (_result, { id }) => `${urls.person(id, { addressAdded: '1' })}#addresses`,
  })

  formPage(app, {
    page: endAddressPage,
    form: endAddressForm(today),
    params: addressParams,
    load: async (request, { params }) => {
      const [person, address] = await Promise.all([
        getPerson(lantern.db, params.id),
        readableAddress(lantern.db, request.actor, params.id, params.addressId),
      ])
      return { person, address }
    },
    get: {
      url: '/people/:id/addresses/:addressId/end',
      config: { action: 'person.endAddressForm' },
      values: (_r, { context }) => ({ version: String(context.address.version) }),
    },
    post: { url: '/people/:id/addresses/:addressId/end', config: { action: 'person.endAddress' } },
    view: async (request, { context: { person, address }, values, conflict }) => ({
      title: `${person.givenName} ${person.familyName} has moved out`,
      person,
      address,
      identity: await identityOf(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
      version: conflict ? address.version : typeof values.version === 'string' ? values.version : address.version,
    }),
    submit: (request, end, { context: { person, address } }) =>
      endAddress(lantern.db, request.actor, person.id, address.id, end, request.ip, lantern.clock()),
    redirect: (_result, { id }) => `${urls.person(id, { addressEnded: '1' })}#addresses`,
  })

  peopleApi(app, needToKnow, mergers)
}
