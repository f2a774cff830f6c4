import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ADULT_ROLES, CHILD_ROLES } from '../../kernel/codes/cases.ts'
import { NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { checkedItems, choicesOf, type Choice } from '../../web/choices.ts'
import { readDateInputs } from '../../web/date-input.ts'
import { ageOn, londonDate, todayIso } from '../../web/dates.ts'
import { formPage, Instead, seeOther, type PageOf } from '../../web/form-page.ts'
import { fieldIssues, govukErrors } from '../../web/forms.ts'
import { idParams, queryText, recordId } from '../../web/page-schemas.ts'
import { render, type FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { auditRead } from '../access/index.ts'
import {
  auditSearch,
  countPeople,
  getPerson,
  household,
  nameSearchForm,
  pageSearchLimit,
  searchPeople,
} from '../people/index.ts'
import {
  addAdult,
  addChild,
  earlierEpisodeChoices,
  linkEpisode,
  mayChangePeople,
  mayReopen,
  removeAdult,
  removeChild,
  reopenCase,
} from './family.ts'
import { addAdultForm, addChildForm, linkEpisodeForm, removePersonForm, reopenForm } from './forms.ts'
import { peopleNeedToKnow, peopleWithFullRecord } from './need-to-know.ts'
import type { CaseView } from './routes.ts'
import { getCase } from './service.ts'
import { addPersonPage, casePage, removePersonPage, reopenPage, type AddPersonPage, type FoundPerson } from './views.ts'

// The pages of a case that changes as families do: add a child or an adult, remove one (a confirmation page with
// the reason), reopen a closed case (a page of its own, with the reason), and name an earlier episode.

type Case = Awaited<ReturnType<typeof getCase>>

const dateOf = (d: Date | null) => (d ? londonDate(d) : 'not closed')

/**
 * What the case pages offer for its people, its reopening and its earlier episodes: what the route's action allows
 * (`request.can`) and the record-level rule the write pipeline applies.
 */
export async function familySection(request: FastifyRequest, db: Db, kase: Case) {
  const { actor } = request
  const onTeam = request.relationship === 'full'
  const open = kase.status === 'open'
  const canChangePeople = open && request.can('case.peopleForm') && mayChangePeople(actor, { onTeam })
  const choices = canChangePeople ? await earlierEpisodeChoices(db, kase.id) : []
  return {
    canChangePeople,
    canReopen: !open && request.can('case.reopenForm') && mayReopen(actor, { onTeam }),
    episodeItems: choices.length
      ? [
          { value: '', text: 'Select an earlier case' },
          ...choices.map(c => ({
            value: c.id,
            text: `${c.reference}, ${dateOf(c.openedAt)} to ${dateOf(c.closedAt)}`,
          })),
        ]
      : [],
  }
}

/** The banner after a change to the case's people, its reopening or its episodes, as the redirect names it. */
export const FAMILY_NOTICES = {
  childAdded: 'Child added to the case.',
  adultAdded: 'Adult added to the case.',
  childRemoved: 'Child removed from the case.',
  adultRemoved: 'Adult removed from the case.',
  reopened: 'Case reopened.',
  episodeLinked: 'Earlier episode linked.',
} as const

/** Everyone on the case now, as a child or an adult. */
const onCaseIds = (kase: Case) => new Set([...kase.children.map(c => c.id), ...kase.adults.map(a => a.id)])

/**
 * The people around the case's children (their households) whom the actor may add: not on the case already, and
 * only those whose full record the actor can read, since adding someone opens their record to the whole team.
 */
async function peopleAround(db: Db, actor: Actor, kase: Case, now: Date) {
  const onCase = onCaseIds(kase)
  const around = new Map<string, Awaited<ReturnType<typeof household>>[number] & { of: string }>()
  for (const child of kase.children)
    for (const member of await household(db, child.id))
      if (!onCase.has(member.personId) && !around.has(member.personId))
        around.set(member.personId, { ...member, of: child.givenName })
  const readable = await peopleWithFullRecord(
    db,
    actor,
    [...around.values()].map(m => ({ id: m.personId, recordedByAgencyId: m.recordedByAgencyId })),
    now,
  )
  return [...around.values()]
    .filter(m => readable.has(m.personId))
    .map(m => ({
      value: m.personId,
      text: `${m.givenName} ${m.familyName}`,
      hint: {
        text: `${m.relationship} (${m.of})${m.dateOfBirth ? `, born ${londonDate(m.dateOfBirth)}` : ''}`,
      },
    }))
}

/** The most people the page's search lists, as on /people: a search that finds more is narrowed, not scrolled. */
const PAGE_RESULTS = 50

/** The date of birth's three boxes and the name, as the page's search form sends them. */
const SEARCH_BOXES = ['q', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'] as const

const searchQuerystring = z.object({
  q: queryText,
  'dateOfBirth-day': queryText,
  'dateOfBirth-month': queryText,
  'dateOfBirth-year': queryText,
  personId: queryText,
})

/** "Born 4 March 2016, age 10", or that nobody knows: the child must be unmistakable among others of one name. */
function bornText(dateOfBirth: string | null, today: string): string {
  const age = ageOn(dateOfBirth, today)
  return dateOfBirth ? `Born ${londonDate(dateOfBirth)}, age ${String(age)}` : 'Date of birth not known'
}

const caseSummary = (kase: Case) => ({
  id: kase.id,
  reference: kase.reference,
  title: kase.title,
  version: kase.version,
})

export function caseFamilyRoutes(app: FastifyInstance, caseView: CaseView): void {
  const { lantern } = app
  const personParams = z.object({ id: recordId, personId: recordId })

  /** A closed case cannot change: its pages go back to the case, which offers reopening. */
  async function openCase(caseId: string) {
    const kase = await getCase(lantern.db, caseId)
    return kase.status === 'open' ? kase : seeOther(urls.case(caseId))
  }

  const pages = app.withTypeProvider<ZodTypeProvider>()
  const limitSearch = pageSearchLimit(app)
  const searchForm = nameSearchForm(() => todayIso(lantern.clock()))

  /**
   * The person chosen from the page's search (`?personId=`, or the form sent back), as one more choice above the
   * household: only someone recorded, not merged away, not on the case already, whose full record the actor can
   * read (the same rules addChild and addAdult apply). Anyone else is not offered; the search said why.
   */
  async function chosenPerson(request: FastifyRequest, kase: Case, personId: unknown): Promise<Choice | null> {
    if (!isUuid(personId) || onCaseIds(kase).has(personId)) return null
    const person = await getPerson(lantern.db, personId).catch((error: unknown) => {
      if (error instanceof NotFound) return null
      throw error
    })
    // Not found, or merged into another record (whose own search result is the one to choose).
    if (person?.mergedIntoId !== null) return null
    const now = lantern.clock()
    if (!(await peopleWithFullRecord(lantern.db, request.actor, [person], now)).has(person.id)) return null
    return {
      value: person.id,
      text: `${person.givenName} ${person.familyName}`,
      hint: { text: `Found by search. ${bornText(person.dateOfBirth, todayIso(now))}` },
    }
  }

  async function addPersonView(
    request: FastifyRequest,
    kase: Case,
    joining: 'child' | 'adult',
    values: FormValues,
    search: { searched: boolean; results: FoundPerson[]; total: number } = { searched: false, results: [], total: 0 },
  ): Promise<PageOf<AddPersonPage>> {
    const around = await peopleAround(lantern.db, request.actor, kase, lantern.clock())
    const chosen = around.some(c => c.value === values.personId)
      ? null
      : await chosenPerson(request, kase, values.personId)
    // Choosing from the search shows their name and age again: a read of them, audited as the search was.
    if (chosen)
      await auditRead(request, {
        action: 'case.choosePerson',
        objectType: 'person',
        objectId: chosen.value,
        detail: { caseId: kase.id, joining },
      })
    return {
      title: joining === 'child' ? `Add a child to ${kase.reference}` : `Add an adult to ${kase.reference}`,
      kase: caseSummary(kase),
      joining,
      candidates: checkedItems(chosen ? [chosen, ...around] : around, values.personId),
      chosen: chosen !== null,
      roleItems: checkedItems(choicesOf(joining === 'child' ? CHILD_ROLES : ADULT_ROLES), values.role),
      ...search,
    }
  }

  /**
   * The page's search for someone not in the children's households, audited and limited as /people's is (one
   * count with it). What was typed comes back in the boxes; a refused search names the field, finding no one.
   */
  async function searchFor(request: FastifyRequest, kase: Case, typed: Record<string, string>) {
    const searched = SEARCH_BOXES.some(box => typed[box]?.trim())
    if (!searched) return { searched, results: [], total: 0 }
    const parsed = searchForm.safeParse(readDateInputs(typed, ['dateOfBirth']))
    if (!parsed.success)
      return {
        searched: false,
        results: [],
        total: 0,
        errors: govukErrors(fieldIssues(parsed.error.issues), {
          order: ['q', 'dateOfBirth'],
          dateInputs: ['dateOfBirth'],
        }),
      }
    await limitSearch(request)
    const terms = { q: parsed.data.q, dateOfBirth: parsed.data.dateOfBirth ?? undefined }
    const now = lantern.clock()
    const found = await searchPeople(lantern.db, request.actor, terms, now, peopleNeedToKnow, {
      limit: PAGE_RESULTS,
      offset: 0,
    })
    const total = found.length === PAGE_RESULTS ? await countPeople(lantern.db, terms) : found.length
    await auditSearch(request, terms, found)
    const onCase = onCaseIds(kase)
    const today = todayIso(now)
    const results: FoundPerson[] = found.map(p => ({
      id: p.id,
      name: `${p.givenName} ${p.familyName}`,
      dateOfBirth: p.dateOfBirth,
      age: ageOn(p.dateOfBirth, today),
      offer: onCase.has(p.id) ? 'onCase' : p.access === 'full' ? 'choose' : 'notOpen',
    }))
    return { searched, results, total }
  }

  for (const joining of ['child', 'adult'] as const)
    pages.get(
      joining === 'child' ? '/cases/:id/children/new' : '/cases/:id/adults/new',
      { config: { action: 'case.peopleForm' }, schema: { params: idParams, querystring: searchQuerystring } },
      async (request, reply) => {
        const kase = await openCase(request.params.id)
        if (kase instanceof Instead) return kase.answer(request, reply)
        const { personId, ...boxes } = request.query
        const typed = Object.fromEntries(SEARCH_BOXES.map(box => [box, boxes[box] ?? '']))
        const { errors, ...search } = await searchFor(request, kase, typed)
        const { anchors: _anchors, ...page } = await addPersonView(request, kase, joining, { personId }, search)
        const data = { ...page, values: { ...typed, personId }, errors: errors }
        return render(request, reply, addPersonPage, data, errors ? 400 : 200)
      },
    )

  formPage(app, {
    page: addPersonPage,
    form: addChildForm,
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    post: { url: '/cases/:id/children', config: { action: 'case.addChild' } },
    view: (request, { context, values }) => addPersonView(request, context, 'child', values),
    submit: (request, input, { params }) =>
      addChild(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.casePeople(id, { changed: 'childAdded' }),
  })

  formPage(app, {
    page: addPersonPage,
    form: addAdultForm,
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    post: { url: '/cases/:id/adults', config: { action: 'case.addAdult' } },
    view: (request, { context, values }) => addPersonView(request, context, 'adult', values),
    submit: (request, input, { params }) =>
      addAdult(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.casePeople(id, { changed: 'adultAdded' }),
  })

  /** The person leaving, as the case names them now; gone already (someone else removed them) is not found. */
  async function leaving(caseId: string, personId: string, who: 'child' | 'adult') {
    const kase = await openCase(caseId)
    if (!('id' in kase)) return kase
    const found =
      who === 'child'
        ? kase.children.filter(c => c.id === personId).map(c => ({ ...c, role: CHILD_ROLES[c.role] }))
        : kase.adults.filter(a => a.id === personId).map(a => ({ ...a, role: ADULT_ROLES[a.role] }))
    const [first] = found
    if (!first) throw new NotFound(`${who} on this case`)
    const person = {
      id: first.id,
      name: `${first.givenName} ${first.familyName}`,
      role: found.map(p => p.role).join(', '),
    }
    return { kase, person }
  }

  formPage(app, {
    page: removePersonPage,
    form: removePersonForm,
    params: personParams,
    load: (_request, { params }) => leaving(params.id, params.personId, 'child'),
    get: { url: '/cases/:id/children/:personId/remove', config: { action: 'case.peopleForm' } },
    post: { url: '/cases/:id/children/:personId/remove', config: { action: 'case.removeChild' } },
    view: (_request, { context: { kase, person } }) => ({
      title: `Remove ${person.name} from ${kase.reference}`,
      kase: caseSummary(kase),
      person,
      leaving: 'child' as const,
      action: urls.removeChild(kase.id, person.id),
    }),
    submit: (request, input, { params }) =>
      removeChild(lantern.db, request.actor, params.id, params.personId, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.casePeople(id, { changed: 'childRemoved' }),
  })

  formPage(app, {
    page: removePersonPage,
    form: removePersonForm,
    params: personParams,
    load: (_request, { params }) => leaving(params.id, params.personId, 'adult'),
    get: { url: '/cases/:id/adults/:personId/remove', config: { action: 'case.peopleForm' } },
    post: { url: '/cases/:id/adults/:personId/remove', config: { action: 'case.removeAdult' } },
    view: (_request, { context: { kase, person } }) => ({
      title: `Remove ${person.name} from ${kase.reference}`,
      kase: caseSummary(kase),
      person,
      leaving: 'adult' as const,
      action: urls.removeAdult(kase.id, person.id),
    }),
    submit: (request, input, { params }) =>
      removeAdult(lantern.db, request.actor, params.id, params.personId, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.casePeople(id, { changed: 'adultRemoved' }),
  })

  formPage(app, {
    page: reopenPage,
    form: reopenForm,
    params: idParams,
    // On the GET an open case goes back to its page; a post on a case someone else reopened is told at the reason.
    load: async (_request, { params, query }) => {
      const kase = await getCase(lantern.db, params.id)
      return query && kase.status === 'open' ? seeOther(urls.case(kase.id)) : kase
    },
    get: { url: '/cases/:id/reopen', config: { action: 'case.reopenForm' } },
    post: { url: '/cases/:id/reopen', config: { action: 'case.reopen' } },
    view: (_request, { context: kase }) => ({
      title: `Reopen ${kase.reference}`,
      kase: { ...caseSummary(kase), closedReason: kase.closedReason },
    }),
    submit: (request, input, { params }) =>
      reopenCase(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.case(id, { changed: 'reopened' }),
  })

  // On the case page, beside its list of episodes: comes back as the case page with what was refused.
  formPage(app, {
    page: casePage,
    form: linkEpisodeForm,
    params: idParams,
    post: { url: '/cases/:id/episodes', config: { action: 'case.linkEpisode' } },
    view: (request, { params }) => caseView(request, params.id),
    submit: (request, input, { params }) =>
      linkEpisode(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => `${urls.case(id, { changed: 'episodeLinked' })}#episodes`,
  })
}
