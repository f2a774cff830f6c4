import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ADULT_ROLES, CHILD_ROLES } from '../../kernel/codes/cases.ts'
import { Forbidden, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { selectItems } from '../../web/choices.ts'
import { confirmable, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { ageOn, londonDateTime, londonDue, londonRelative, todayIso } from '../../web/dates.ts'
import { formPage, seeOther, type PageOf } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render, type FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getPerson, household } from '../people/index.ts'
import { policyOf } from '../policy/index.ts'
import { casesApi } from './api.ts'
import type { AuditRecords } from './audit-names.ts'
import { auditRoutes } from './audit-routes.ts'
import { chronology, chronologyCount } from './chronology.ts'
import { chronologyRoutes, timelineRow } from './chronology-routes.ts'
import { recordRoutes } from './record-routes.ts'
import type { EventKinds } from './chronology.ts'
import type { CaseDue, CaseSection, EntryLinks } from './sections.ts'
import { caseFamilyRoutes, FAMILY_NOTICES, familySection } from './family-routes.ts'
import { breakGlassForm, closeCaseForm, newCaseForm } from './forms.ts'
import { peopleWithFullRecord, relationshipToPerson } from './need-to-know.ts'
import { rightChild } from './right-child.ts'
import { breakGlass, breakGlassGrants, closeCase, getCase, mayCloseCase, openCase, peopleOfNewCase } from './service.ts'
import { caseTeamRoutes } from './team-routes.ts'
import {
  breakGlassPage,
  casePage,
  casePeoplePage,
  closeCasePage,
  newCasePage,
  type CaseChildRow,
  type CasePage,
  type NewCasePage,
} from './views.ts'

const roleChoices = [
  { value: '', text: 'Not part of this case' },
  ...Object.entries(ADULT_ROLES).map(([value, text]) => ({ value, text })),
]

/** The redirects after a change to a case name the banner its page shows. */
const caseQuery = z.object({ opened: queryText, closed: queryText, changed: queryText })

/** The latest entries the overview shows, with a link to the whole chronology. */
const RECENT_ENTRIES = 5

type Case = Awaited<ReturnType<typeof getCase>>
type Grants = Awaited<ReturnType<typeof breakGlassGrants>>

/** The case page, built the same for a look at the case and for each of its forms sent back. */
export type CaseView = (
  request: FastifyRequest,
  caseId: string,
  query?: z.output<typeof caseQuery>,
) => Promise<PageOf<CasePage>>

/**
 * The case pages and API; `eventKinds` names every chronology event any module writes (merged in app.ts), and
 * `sections` are the parts of the case page the modules above contribute, `links` their links from chronology
 * entries to the records they tell of, `auditRecords` name their records in the audit and find them for a person,
 * and `due` what is due on a case that they know of (a referral decision).
 */
export function casesRoutes(
  app: FastifyInstance,
  eventKinds: EventKinds,
  sections: readonly CaseSection[] = [],
  links: EntryLinks = () => Promise.resolve(new Map()),
  auditRecords: readonly AuditRecords[] = [],
  due: CaseDue = () => Promise.resolve([]),
): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  /** The form: the child and the people around them; only those whose records the actor can read can be named. */
  async function newCaseView(
    request: FastifyRequest,
    childId: string,
    values: FormValues,
  ): Promise<PageOf<NewCasePage>> {
    const child = await getPerson(lantern.db, childId)
    const around = await household(lantern.db, childId)
    const readable = await peopleWithFullRecord(
      lantern.db,
      request.actor,
      around.map(m => ({ id: m.personId, recordedByAgencyId: m.recordedByAgencyId })),
      lantern.clock(),
    )
    const members = around.map(m => ({
      ...m,
      canName: readable.has(m.personId),
      roleItems: selectItems(roleChoices, values[`role-${m.personId}`]),
    }))
    const firstNameable = members.find(m => m.canName)?.personId
    return {
      title: `Open a case about ${child.givenName} ${child.familyName}`,
      child,
      members,
      firstNameable,
      // An error about the people links to the first role that can be chosen.
      anchors: { people: firstNameable ? `role-${firstNameable}` : 'title' },
    }
  }

  async function requireChild(request: FastifyRequest, childId: string) {
    const access = await relationshipToPerson(lantern.db, request.actor, childId, lantern.clock())
    // No such child here (another partnership's, or none): 404 like every record route, never a hint that it exists.
    if (access === 'missing') throw new NotFound('child')
    if (access !== 'full')
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can open a case only about a child whose record you can see. Record a concern for the front door instead',
      )
  }

  // On the GET, the authorising hook has checked the actor may read the child named by ?childId= (404 for no
  // such child). On the POST the child is in the form, checked here before anything is shown again: a refused
  // form must not show the child to someone who may not read them.
  formPage(app, {
    page: newCasePage,
    form: newCaseForm,
    get: {
      url: '/cases/new',
      config: { action: 'cases.openForm' },
      querystring: z.object({ childId: queryText }),
    },
    post: { url: '/cases', config: { action: 'cases.open' } },
    load: async (request, { query, values }) => {
      if (query) return query.childId ?? ''
      const { childId } = values
      if (!isUuid(childId)) return seeOther(urls.people())
      await requireChild(request, childId)
      return childId
    },
    view: (request, { context: childId, values }) => newCaseView(request, childId, values),
    // Nothing opens until the practitioner has seen the child's facts; a second open case is a ticked choice.
    check: async (request, { context: childId, input }) => {
      // Refused here as opening it would refuse it (someone whose record the user may not read), before any name shows.
      const people = await peopleOfNewCase(lantern.db, request.actor, input, lantern.clock())
      const child = await rightChild(request, childId, 'case')
      const named = input.people.map(p => {
        const m = people.find(a => a.id === p.personId)
        return `${m ? `${m.givenName} ${m.familyName}` : ''}: ${ADULT_ROLES[p.role]}`
      })
      const open = child.openCases.map(c => c.reference).join(' and ')
      return {
        title: 'Check your answers before opening the case',
        subject: child.subject,
        answers: [
          { key: 'Case title', value: input.title, field: 'title' },
          { key: 'People on the case', value: named.length ? named : 'None named', field: 'people' },
        ],
        outcome: "You will be the case's lead practitioner, and you and your agency its first team.",
        acknowledge: child.openCases.length
          ? {
              label: `Open a second case about ${child.name} anyway`,
              hint: `Only when case ${open} cannot hold this work`,
              error: `Tick to open a second case about ${child.name} anyway, or go to case ${open}`,
            }
          : undefined,
        confirm: 'Open the case',
      }
    },
    submit: (request, input) => openCase(lantern.db, request.actor, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.case(id, { opened: '1' }),
  })

  /** The children of the case, each with their age today: unmistakable among others of one name. */
  function childRows(kase: Case, now: Date): CaseChildRow[] {
    const today = todayIso(now)
    return kase.children.map(c => ({
      id: c.id,
      name: `${c.givenName} ${c.familyName}`,
      dateOfBirth: c.dateOfBirth,
      age: ageOn(c.dateOfBirth, today),
      status: c.status === 'open' ? 'Open' : 'Closed',
      role: CHILD_ROLES[c.role],
    }))
  }

  /**
   * What is due on the case, soonest first: what the modules above say (a referral decision), and emergency access
   * that ends: every grant for the lead, who sees who reads their case; the reader's own for someone reading by it.
   */
  async function dueOn(request: FastifyRequest, kase: Case, grants: Grants, now: Date) {
    const isLead = kase.leadUserId === request.actor.userId
    const ending = grants
      .filter(g => g.expiresAt > now && (isLead || g.userId === request.actor.userId))
      .map(g => ({
        name:
          g.userId === request.actor.userId
            ? 'Your emergency access to this case ends'
            : `Emergency access for ${g.displayName}, ${g.agencyName}, ends`,
        dueAt: g.expiresAt,
        overdue: false,
      }))
    const items = [...(await due(lantern.db, kase, now)), ...ending].sort(
      (a, b) => a.dueAt.getTime() - b.dueAt.getTime(),
    )
    // "Referral decision: due tomorrow at 9:00am"; "Your emergency access to this case ends today at 1:00pm".
    return items.map(d => ({
      text: ending.includes(d) ? `${d.name} ${londonRelative(d.dueAt, now)}` : `${d.name}: ${londonDue(d.dueAt, now)}`,
      overdue: d.overdue,
    }))
  }

  const caseView: CaseView = async (request, id, query = {}) => {
    const found = await getCase(lantern.db, id)
    const now = lantern.clock()
    const onTeam = request.relationship === 'full'
    const allGrants = await breakGlassGrants(lantern.db, id)
    const parts: CasePage['sections'] = []
    for (const s of sections)
      parts.push({ template: s.template, data: await s.load(lantern.db, request.actor, found, now) })
    const [events, recentTotal] = await Promise.all([
      chronology(lantern.db, request.actor, id, onTeam, {}, { limit: RECENT_ENTRIES, offset: 0 }),
      chronologyCount(lantern.db, request.actor, id, onTeam, {}),
    ])
    const linked = await links(lantern.db, events)
    const notice = query.opened
      ? { text: `Case ${found.reference} opened. You are its lead practitioner.`, success: true }
      : query.closed
        ? { text: 'Case closed.', success: true }
        : query.changed && Object.hasOwn(FAMILY_NOTICES, query.changed)
          ? { text: FAMILY_NOTICES[query.changed as keyof typeof FAMILY_NOTICES], success: true }
          : undefined
    const open = found.status === 'open'
    return {
      title: `${found.reference}: ${found.title}`,
      caseNav: 'overview',
      kase: found,
      onTeam,
      grants: found.leadUserId === request.actor.userId ? allGrants : [],
      notice,
      sections: parts,
      children: childRows(found, now),
      due: await dueOn(request, found, allGrants, now),
      recent: events.map(e => ({ ...timelineRow(e, eventKinds), link: linked.get(e.id) })),
      recentTotal,
      ...(await familySection(request, lantern.db, found)),
      canAddEntry: open && request.can('case.entryForm'),
      canClose: open && request.can('case.closeForm') && mayCloseCase(request.actor, { onTeam }),
    }
  }

  pages.get(
    '/cases/:id',
    { config: { action: 'case.read' }, schema: { params: idParams, querystring: caseQuery } },
    async (request, reply) =>
      render(request, reply, casePage, {
        ...(await caseView(request, request.params.id, request.query)),
        values: {},
      }),
  )

  pages.get(
    '/cases/:id/people',
    { config: { action: 'case.people' }, schema: { params: idParams, querystring: z.object({ changed: queryText }) } },
    async (request, reply) => {
      const found = await getCase(lantern.db, request.params.id)
      const { changed } = request.query
      return render(request, reply, casePeoplePage, {
        title: `People: ${found.reference}`,
        caseNav: 'people',
        kase: found,
        children: childRows(found, lantern.clock()),
        roleNames: ADULT_ROLES,
        notice:
          changed && Object.hasOwn(FAMILY_NOTICES, changed)
            ? { text: FAMILY_NOTICES[changed as keyof typeof FAMILY_NOTICES], success: true }
            : undefined,
        canChangePeople: (await familySection(request, lantern.db, found)).canChangePeople,
      })
    },
  )

  caseTeamRoutes(app)
  caseFamilyRoutes(app, caseView)

  /** What closing the case means, in plain words, with the reason given: asked before it happens. */
  function closing(kase: Case, reason: string): Confirmation {
    const team = kase.team.map(t => t.userName ?? t.agencyName ?? '').filter(n => n !== '')
    return {
      title: `Close case ${kase.reference}?`,
      caption: kase.reference,
      answers: [
        { key: 'Case', value: kase.title },
        { key: 'Why it is closing', value: reason },
      ],
      happens: [
        `The case closes, and so does its work for ${kase.children.map(c => `${c.givenName} ${c.familyName}`).join(', ')}.`,
        'Nothing on it can be changed while it is closed: no entries, no changes to its people or its team.',
        `The case team (${team.join(', ')}) still read it; the chronology says it closed, and why.`,
        'A social worker or team manager on its team can reopen it later, with a reason.',
      ],
      action: urls.closeCase(kase.id),
      button: 'Close the case',
      back: { href: urls.case(kase.id), text: 'No, go back to the case' },
      carry: { reason },
    }
  }

  formPage(app, {
    page: closeCasePage,
    form: confirmable(closeCaseForm),
    params: idParams,
    // Refused before the form is shown to anyone the pipeline would refuse; a closed case goes back to its page.
    load: async (request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.case(kase.id, { closed: '1' }))
      if (!mayCloseCase(request.actor, { onTeam: request.relationship === 'full' }))
        throw new Forbidden('forbidden', 'Only a social worker or team manager on the case team can close the case')
      return kase
    },
    get: { url: '/cases/:id/close', config: { action: 'case.closeForm' } },
    post: { url: '/cases/:id/close', config: { action: 'case.close' } },
    view: (_request, { context: kase }) => ({ title: `Close case ${kase.reference}`, kase }),
    submit: (request, reason, { params, context: kase, values }) =>
      confirmFirst(
        values,
        () => closing(kase, reason),
        () => closeCase(lantern.db, request.actor, params.id, reason, request.ip, lantern.clock()),
      ),
    redirect: (_result, { id }) => urls.case(id, { closed: '1' }),
  })

  /** What emergency access means, in plain words, with the reason given: asked before it is granted. */
  async function breakingGlass(request: FastifyRequest, kase: Case, reason: string): Promise<Confirmation> {
    const { breakGlassHours } = await policyOf(lantern.db)
    const until = new Date(lantern.clock().getTime() + breakGlassHours * 3_600_000)
    return {
      title: `Get emergency access to ${kase.reference}?`,
      caption: kase.reference,
      answers: [{ key: 'Why you need to see it now', value: reason }],
      happens: [
        `You will be able to read the case, but not change it, until ${londonDateTime(until)} (${String(breakGlassHours)} hours).`,
        `${kase.leadName}, its lead practitioner, is told at once that you, ${request.actor.displayName} of ${request.actor.agencyName}, used emergency access, and reads your reason on the case.`,
        'Auditors see it in the audit log, with everything you read.',
        'It cannot be undone. If a child is not at risk now, ask the lead practitioner to add you to the team instead.',
      ],
      action: urls.breakGlass(kase.id),
      button: 'Get emergency access',
      back: { href: urls.home(), text: 'No, go back' },
      carry: { reason },
    }
  }

  formPage(app, {
    page: breakGlassPage,
    form: confirmable(breakGlassForm),
    params: idParams,
    load: (_request, { params }) => getCase(lantern.db, params.id),
    get: { url: '/cases/:id/break-glass', config: { action: 'case.breakGlass' } },
    post: { url: '/cases/:id/break-glass', config: { action: 'case.breakGlass' } },
    view: (_request, { context: found }) => ({
      title: `Emergency access to ${found.reference}`,
      kase: { id: found.id, reference: found.reference },
    }),
    submit: (request, reason, { params, context: found, values }) =>
      confirmFirst(
        values,
        () => breakingGlass(request, found, reason),
        () => breakGlass(lantern.db, request.actor, params.id, reason, request.ip, lantern.clock()),
      ),
    redirect: (_result, { id }) => urls.case(id),
  })

  auditRoutes(app, auditRecords)
  chronologyRoutes(app, eventKinds, links)
  recordRoutes(app, eventKinds)
  casesApi(app)
}
