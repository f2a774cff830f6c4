import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ADULT_ROLES } from '../../kernel/codes/cases.ts'
import { Forbidden, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { selectItems } from '../../web/choices.ts'
import { formPage, seeOther, type PageOf } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render, type FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getPerson, household } from '../people/index.ts'
import { casesApi } from './api.ts'
import type { AuditRecords } from './audit-names.ts'
import { auditRoutes } from './audit-routes.ts'
import { chronologyRoutes } from './chronology-routes.ts'
import { recordRoutes } from './record-routes.ts'
import type { EventKinds } from './chronology.ts'
import type { CaseSection, EntryLinks } from './sections.ts'
import { caseFamilyRoutes, FAMILY_NOTICES, familySection } from './family-routes.ts'
import { breakGlassForm, closeCaseForm, newCaseForm } from './forms.ts'
import { peopleWithFullRecord, relationshipToPerson } from './need-to-know.ts'
import { rightChild } from './right-child.ts'
import { breakGlass, breakGlassGrants, closeCase, getCase, mayCloseCase, openCase, peopleOfNewCase } from './service.ts'
import { caseTeamRoutes, teamNotice, teamSection } from './team-routes.ts'
import { breakGlassPage, casePage, newCasePage, type CasePage, type NewCasePage } from './views.ts'

const roleChoices = [
  { value: '', text: 'Not part of this case' },
  ...Object.entries(ADULT_ROLES).map(([value, text]) => ({ value, text })),
]

/** The redirects after a change to a case name the banner its page shows. */
const caseQuery = z.object({
  opened: queryText,
  closed: queryText,
  added: queryText,
  removed: queryText,
  leadChanged: queryText,
  changed: queryText,
})

/** The case page, built the same for a look at the case and for each of its forms sent back. */
export type CaseView = (
  request: FastifyRequest,
  caseId: string,
  query?: z.output<typeof caseQuery>,
) => Promise<PageOf<CasePage>>

/**
 * The case pages and API; `eventKinds` names every chronology event any module writes (merged in app.ts), and
 * `sections` are the parts of the case page the modules above contribute, and `links` their links from chronology
 * entries to the records they tell of; `auditRecords` name their records in the audit and find them for a person.
 */
export function casesRoutes(
  app: FastifyInstance,
  eventKinds: EventKinds,
  sections: readonly CaseSection[] = [],
  links: EntryLinks = () => Promise.resolve(new Map()),
  auditRecords: readonly AuditRecords[] = [],
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

  const caseView: CaseView = async (request, id, query = {}) => {
    const found = await getCase(lantern.db, id)
    const onTeam = request.relationship === 'full'
    const grants = found.leadUserId === request.actor.userId ? await breakGlassGrants(lantern.db, id) : []
    const parts: CasePage['sections'] = []
    for (const s of sections)
      parts.push({ template: s.template, data: await s.load(lantern.db, request.actor, found, lantern.clock()) })
    const notice = query.opened
      ? { text: `Case ${found.reference} opened. You are its lead practitioner.`, success: true }
      : query.closed
        ? { text: 'Case closed.', success: true }
        : query.changed && Object.hasOwn(FAMILY_NOTICES, query.changed)
          ? { text: FAMILY_NOTICES[query.changed as keyof typeof FAMILY_NOTICES], success: true }
          : teamNotice(query)
    return {
      title: `${found.reference}: ${found.title}`,
      kase: found,
      onTeam,
      grants,
      notice,
      sections: parts,
      roleNames: ADULT_ROLES,
      ...(await teamSection(lantern.db, request.actor, found, onTeam)),
      ...(await familySection(request.actor, lantern.db, found, onTeam)),
      canClose: found.status === 'open' && mayCloseCase(request.actor, { onTeam }),
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

  caseTeamRoutes(app, caseView)
  caseFamilyRoutes(app, caseView)

  formPage(app, {
    page: casePage,
    form: closeCaseForm,
    params: idParams,
    post: { url: '/cases/:id/close', config: { action: 'case.close' } },
    view: (request, { params }) => caseView(request, params.id),
    submit: (request, reason, { params }) =>
      closeCase(lantern.db, request.actor, params.id, reason, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.case(id, { closed: '1' }),
  })

  formPage(app, {
    page: breakGlassPage,
    form: breakGlassForm,
    params: idParams,
    load: (_request, { params }) => getCase(lantern.db, params.id),
    get: { url: '/cases/:id/break-glass', config: { action: 'case.breakGlass' } },
    post: { url: '/cases/:id/break-glass', config: { action: 'case.breakGlass' } },
    view: (_request, { context: found }) => ({
      title: `Emergency access to ${found.reference}`,
      kase: { id: found.id, reference: found.reference },
    }),
    submit: (request, reason, { params }) =>
      breakGlass(lantern.db, request.actor, params.id, reason, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.case(id),
  })

  auditRoutes(app, auditRecords)
  chronologyRoutes(app, eventKinds, links)
  recordRoutes(app, eventKinds)
  casesApi(app)
}
