import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Invalid } from '../../errors.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { AGENCY_KINDS, ROLES, isRole } from '../access/roles.ts'
import { listAgencies, listUsers } from '../auth/index.ts'
import { newAgencyForm, newUserApi, newUserForm } from './schema.ts'
import { addAgencyAsAdministrator, addUserAsAdministrator } from './service.ts'

const agencyOut = z.object({ id: z.string(), name: z.string(), kind: z.string() })

/** Pages and API for administrators: users and agencies. Nothing here reads case content. */
export function adminRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const roleItems = Object.entries(ROLES).map(([value, text]) => ({ value, text }))
  const kindItems = Object.entries(AGENCY_KINDS).map(([value, text]) => ({ value, text }))

  app.get('/admin/users', { config: { action: 'admin.users.list' } }, async (request, reply) => {
    const users = await listUsers(lantern.db)
    const added = (request.query as Record<string, string | undefined>).added === '1'
    return render(request, reply, 'admin/views/users.njk', {
      title: 'Users', users, roleNames: ROLES,
      notice: added ? { text: 'User added. They will set up their authenticator app when they first sign in.', success: true } : undefined,
    })
  })

  async function userFormPage(values: Record<string, unknown>, fieldErrors?: Record<string, string>) {
    const agencies = await listAgencies(lantern.db)
    return { title: 'Add a user', values, agencies, roleItems, fieldErrors }
  }

  app.get('/admin/users/new', { config: { action: 'admin.users.add' } }, async (request, reply) =>
    render(request, reply, 'admin/views/new-user.njk', await userFormPage({ roles: [] })),
  )

  app.post('/admin/users', { config: { action: 'admin.users.add' } }, async (request, reply) => {
    const body = formFields(request.body)
    const values = { ...body, roles: ([] as unknown[]).concat(body.roles ?? []), password: undefined }
    const parsed = newUserForm.safeParse(body)
    if (!parsed.success) return render(request, reply, 'admin/views/new-user.njk', await userFormPage(values, fieldIssues(parsed.error.issues)), 400)
    try {
      const { csaClinicalExperience, roles, ...rest } = parsed.data
      await addUserAsAdministrator(lantern.db, request.actor, { ...rest, roles: roles.filter(isRole), csaClinicalExperience: csaClinicalExperience === 'yes' }, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid) return render(request, reply, 'admin/views/new-user.njk', await userFormPage(values, error.fields), 400)
      throw error
    }
    return reply.redirect('/admin/users?added=1', 303)
  })

  app.get('/admin/agencies', { config: { action: 'admin.agencies.list' } }, async (request, reply) => {
    const agencies = await listAgencies(lantern.db)
    const added = (request.query as Record<string, string | undefined>).added === '1'
    return render(request, reply, 'admin/views/agencies.njk', {
      title: 'Agencies', agencies, kindNames: AGENCY_KINDS, notice: added ? { text: 'Agency added.', success: true } : undefined,
    })
  })

  app.get('/admin/agencies/new', { config: { action: 'admin.agencies.add' } }, (request, reply) =>
    render(request, reply, 'admin/views/new-agency.njk', { title: 'Add an agency', values: {}, kindItems }),
  )

  app.post('/admin/agencies', { config: { action: 'admin.agencies.add' } }, async (request, reply) => {
    const values = formFields(request.body)
    const parsed = newAgencyForm.safeParse(values)
    const page = (fieldErrors: Record<string, string>) =>
      render(request, reply, 'admin/views/new-agency.njk', { title: 'Add an agency', values, kindItems, fieldErrors }, 400)
    if (!parsed.success) return page(fieldIssues(parsed.error.issues))
    try {
      await addAgencyAsAdministrator(lantern.db, request.actor, parsed.data, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid) return page(error.fields)
      throw error
    }
    return reply.redirect('/admin/agencies?added=1', 303)
  })

  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/v1/agencies',
    { config: { action: 'agencies.list' }, schema: { tags: ['directory'], summary: "The agencies of the caller's partnership", response: { 200: z.array(agencyOut) } } },
    () => listAgencies(lantern.db),
  )

  api.post(
    '/api/v1/agencies',
    {
      config: { action: 'admin.agencies.add' },
      schema: { tags: ['directory'], summary: 'Add an agency (administrators)', body: newAgencyForm, response: { 201: agencyOut } },
    },
    async (request, reply) => {
      const id = await addAgencyAsAdministrator(lantern.db, request.actor, request.body, request.ip, lantern.clock())
      return reply.code(201).send({ id, name: request.body.name, kind: request.body.kind })
    },
  )

  api.post(
    '/api/v1/users',
    {
      config: { action: 'admin.users.add' },
      schema: { tags: ['directory'], summary: 'Add a user (administrators)', body: newUserApi, response: { 201: z.object({ id: z.string(), email: z.string() }) } },
    },
    async (request, reply) => {
      const { roles, csaClinicalExperience, ...rest } = request.body
      const id = await addUserAsAdministrator(lantern.db, request.actor, { ...rest, roles: roles.filter(isRole), csaClinicalExperience: csaClinicalExperience ?? false }, request.ip, lantern.clock())
      return reply.code(201).send({ id, email: rest.email.toLowerCase() })
    },
  )
}
