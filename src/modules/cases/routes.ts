import type { FastifyInstance } from 'fastify'
import { Forbidden, Invalid, NotFound } from '../../errors.ts'
import { isUuid } from '../../ids.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { getPerson, household, relationshipToPerson } from '../people/index.ts'
import { casesApi } from './api.ts'
import { chronologyRoutes } from './chronology-routes.ts'
import { ADULT_ROLES, openCaseSchema, reasonSchema } from './schema.ts'
import { breakGlass, breakGlassGrants, caseAudit, closeCase, getCase, openCase } from './service.ts'
import { caseTeamRoutes, teamNotice, teamSection } from './team-routes.ts'

export function casesRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const roleItems = [{ value: '', text: 'Not part of this case' }, ...Object.entries(ADULT_ROLES).map(([value, text]) => ({ value, text }))]

  async function newCaseView(childId: string, values: Record<string, unknown>) {
    const child = await getPerson(lantern.db, childId)
    const members = await household(lantern.db, childId)
    return { title: `Open a case about ${child.givenName} ${child.familyName}`, child, members, values, roleItems }
  }

  async function requireChild(actorRequest: Parameters<typeof render>[0], childId: string) {
    const access = await relationshipToPerson(lantern.db, actorRequest.actor, childId, lantern.clock())
    // No such child here (another partnership's, or none): 404 like every record route, never a hint that it exists.
    if (access === 'missing') throw new NotFound('child')
    if (access !== 'full') throw new Forbidden('no_legitimate_relationship', 'You can open a case only about a child whose record you can see')
  }

  app.get('/cases/new', { config: { action: 'cases.open' } }, async (request, reply) => {
    const childId = (request.query as Record<string, string | undefined>).childId ?? ''
    if (!isUuid(childId)) return reply.redirect('/people', 303)
    await requireChild(request, childId)
    return render(request, reply, 'cases/views/new-case.njk', await newCaseView(childId, {}))
  })

  app.post('/cases', { config: { action: 'cases.open' } }, async (request, reply) => {
    const body = formFields(request.body)
    const childId = typeof body.childId === 'string' ? body.childId : ''
    await requireChild(request, childId)
    const people = Object.entries(body)
      .filter(([k, v]) => k.startsWith('role-') && typeof v === 'string' && v !== '')
      .map(([k, v]) => ({ personId: k.slice('role-'.length), role: v }))
    const parsed = openCaseSchema.safeParse({ title: body.title, childIds: [childId], people })
    const again = async (fieldErrors: Record<string, string>) => {
      // Role and people errors belong to the first role select; the child is fixed by the page, so its errors go to the title.
      const merged: Record<string, string> = {}
      for (const [key, text] of Object.entries(fieldErrors)) merged[key.startsWith('people') ? 'people' : key.startsWith('childIds') ? 'title' : key] ??= text
      const view = await newCaseView(childId, body)
      const firstRole = view.members[0] ? `role-${view.members[0].personId}` : 'title'
      return render(request, reply, 'cases/views/new-case.njk', { ...view, fieldErrors: merged, anchors: { people: firstRole } }, 400)
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
    const notice = query.opened ? { text: `Case ${found.reference} opened. You are its lead practitioner.`, success: true } : query.closed ? { text: 'Case closed.', success: true } : teamNotice(query)
    return {
      title: `${found.reference}: ${found.title}`, kase: found, onTeam, grants, notice, roleNames: ADULT_ROLES,
      ...(await teamSection(lantern.db, request.actor, found, onTeam)),
      canClose: request.actor.roles.some((r) => r === 'social_worker' || r === 'team_manager') && found.status === 'open' && onTeam,
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
      if (error instanceof Invalid) return render(request, reply, 'cases/views/case.njk', await casePage(request, id, { fieldErrors: error.fields, values: body }), 400)
      throw error
    }
    return reply.redirect(`/cases/${id}?closed=1`, 303)
  })

  app.get('/cases/:id/break-glass', { config: { action: 'case.breakGlass' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const found = await getCase(lantern.db, id)
    return render(request, reply, 'cases/views/break-glass.njk', { title: `Emergency access to ${found.reference}`, kase: { id, reference: found.reference }, values: {} })
  })

  app.post('/cases/:id/break-glass', { config: { action: 'case.breakGlass' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const parsed = reasonSchema('you need to see this case').safeParse(body)
    if (!parsed.success) {
      const found = await getCase(lantern.db, id)
      return render(request, reply, 'cases/views/break-glass.njk', { title: `Emergency access to ${found.reference}`, kase: { id, reference: found.reference }, values: body, fieldErrors: fieldIssues(parsed.error.issues) }, 400)
    }
    await breakGlass(lantern.db, request.actor, id, parsed.data.reason, request.ip, lantern.clock())
    return reply.redirect(`/cases/${id}`, 303)
  })

  app.get('/cases/:id/audit', { config: { action: 'case.audit' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const found = await getCase(lantern.db, id)
    const rows = await caseAudit(lantern.db, id)
    return render(request, reply, 'cases/views/audit.njk', { title: `Who has looked at ${found.reference}`, kase: { id, reference: found.reference, title: found.title }, rows })
  })

  chronologyRoutes(app)
  casesApi(app)
}
