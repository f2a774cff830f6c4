import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { getPerson, household } from '../people/index.ts'
import { peopleWithFullRecord, relationshipToPerson } from './need-to-know.ts'
import { casesApi } from './api.ts'
import { auditRoutes } from './audit-routes.ts'
import { chronologyRoutes } from './chronology-routes.ts'
import { ADULT_ROLES } from '../../kernel/codes/cases.ts'
import { openCaseSchema, reasonSchema } from './schema.ts'
import { breakGlass, breakGlassGrants, closeCase, getCase, mayCloseCase, openCase } from './service.ts'
import { caseTeamRoutes, teamNotice, teamSection } from './team-routes.ts'

export function casesRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const roleItems = [
    { value: '', text: 'Not part of this case' },
    ...Object.entries(ADULT_ROLES).map(([value, text]) => ({ value, text })),
  ]

  /** The form: the child and the people around them; only those whose records the actor can read can be named. */
  async function newCaseView(request: FastifyRequest, childId: string, values: Record<string, unknown>) {
    const child = await getPerson(lantern.db, childId)
    const around = await household(lantern.db, childId)
    const readable = await peopleWithFullRecord(
      lantern.db,
      request.actor,
      around.map(m => ({ id: m.personId, recordedByAgencyId: m.recordedByAgencyId })),
      lantern.clock(),
    )
    const members = around.map(m => ({ ...m, canName: readable.has(m.personId) }))
    const firstNameable = members.find(m => m.canName)?.personId
    return {
      title: `Open a case about ${child.givenName} ${child.familyName}`,
      child,
      members,
      firstNameable,
      values,
      roleItems,
    }
  }

  async function requireChild(actorRequest: Parameters<typeof render>[0], childId: string) {
    const access = await relationshipToPerson(lantern.db, actorRequest.actor, childId, lantern.clock())
    // No such child here (another partnership's, or none): 404 like every record route, never a hint that it exists.
    if (access === 'missing') throw new NotFound('child')
    if (access !== 'full')
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can open a case only about a child whose record you can see. Record a concern for the front door instead',
      )
  }

  // The authorising hook has checked the actor may read the child named by ?childId= (404 for no such child).
  app.get('/cases/new', { config: { action: 'cases.openForm' } }, async (request, reply) => {
    const childId = (request.query as Record<string, string | undefined>).childId ?? ''
    return render(request, reply, 'cases/views/new-case.njk', await newCaseView(request, childId, {}))
  })

  app.post('/cases', { config: { action: 'cases.open' } }, async (request, reply) => {
    const body = formFields(request.body)
    const childId = typeof body.childId === 'string' ? body.childId : ''
    if (!isUuid(childId)) return reply.redirect('/people', 303)
    // Before anything is shown again: a refused form must not show the child to someone who may not read them.
    await requireChild(request, childId)
    const people = Object.entries(body)
      .filter(([k, v]) => k.startsWith('role-') && typeof v === 'string' && v !== '')
      .map(([k, v]) => ({ personId: k.slice('role-'.length), role: v }))
    const parsed = openCaseSchema.safeParse({ title: body.title, childIds: [childId], people })
    const again = async (fieldErrors: Record<string, string>) => {
      // Role and people errors belong to the first role select; the child is fixed by the page, so its errors go to the title.
      const merged: Record<string, string> = {}
      for (const [key, text] of Object.entries(fieldErrors))
        merged[key.startsWith('people') ? 'people' : key.startsWith('childIds') ? 'title' : key] ??= text
      const view = await newCaseView(request, childId, body)
      const firstRole = view.firstNameable ? `role-${view.firstNameable}` : 'title'
      return render(
        request,
        reply,
        'cases/views/new-case.njk',
        { ...view, fieldErrors: merged, anchors: { people: firstRole } },
        400,
      )
    }
    if (!parsed.success) return again(fieldIssues(parsed.error.issues))
    try {
      const { id } = await openCase(lantern.db, request.actor, parsed.data, request.ip, lantern.clock())
      return await reply.redirect(`/cases/${id}?opened=1`, 303)
    } catch (error) {
      if (error instanceof Invalid) return again(error.fields)
      throw error
    }
  })

  async function casePage(request: Parameters<typeof render>[0], id: string, extra: Record<string, unknown> = {}) {
    const found = await getCase(lantern.db, id)
    const onTeam = request.relationship === 'full'
    const grants = found.leadUserId === request.actor.userId ? await breakGlassGrants(lantern.db, id) : []
    const query = request.query as Record<string, string | undefined>
    const notice = query.opened
      ? { text: `Case ${found.reference} opened. You are its lead practitioner.`, success: true }
      : query.closed
        ? { text: 'Case closed.', success: true }
        : teamNotice(query)
    return {
      title: `${found.reference}: ${found.title}`,
      kase: found,
      onTeam,
      grants,
      notice,
      roleNames: ADULT_ROLES,
      ...(await teamSection(lantern.db, request.actor, found, onTeam)),
      canClose: found.status === 'open' && mayCloseCase(request.actor, { onTeam }),
      ...extra,
    }
  }

  app.get('/cases/:id', { config: { action: 'case.read' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    return render(request, reply, 'cases/views/case.njk', await casePage(request, id))
  })

  caseTeamRoutes(app, casePage)

  app.post('/cases/:id/close', { config: { action: 'case.close' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const parsed = reasonSchema('the case is closing').safeParse(body)
    try {
      if (!parsed.success) throw new Invalid(fieldIssues(parsed.error.issues))
      await closeCase(lantern.db, request.actor, id, parsed.data.reason, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid)
        return render(
          request,
          reply,
          'cases/views/case.njk',
          await casePage(request, id, { fieldErrors: error.fields, values: body }),
          400,
        )
      throw error
    }
    return reply.redirect(`/cases/${id}?closed=1`, 303)
  })

  app.get('/cases/:id/break-glass', { config: { action: 'case.breakGlass' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const found = await getCase(lantern.db, id)
    return render(request, reply, 'cases/views/break-glass.njk', {
      title: `Emergency access to ${found.reference}`,
      kase: { id, reference: found.reference },
      values: {},
    })
  })

  app.post('/cases/:id/break-glass', { config: { action: 'case.breakGlass' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const parsed = reasonSchema('you need to see this case').safeParse(body)
    if (!parsed.success) {
      const found = await getCase(lantern.db, id)
      return render(
        request,
        reply,
        'cases/views/break-glass.njk',
        {
          title: `Emergency access to ${found.reference}`,
          kase: { id, reference: found.reference },
          values: body,
          fieldErrors: fieldIssues(parsed.error.issues),
        },
        400,
      )
    }
    await breakGlass(lantern.db, request.actor, id, parsed.data.reason, request.ip, lantern.clock())
    return reply.redirect(`/cases/${id}`, 303)
  })

  auditRoutes(app)
  chronologyRoutes(app)
  casesApi(app)
}
