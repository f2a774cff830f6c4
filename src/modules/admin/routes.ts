import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Invalid } from '../../kernel/errors.ts'
import { londonDateTime } from '../../web/dates.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { AGENCY_KINDS, ROLES, isRole } from '../../kernel/roles.ts'
import { findUser, listAccountChanges, listAgencies, listUsers } from '../directory/index.ts'
import { newAgencyForm, newUserApi, newUserForm } from './schema.ts'
import {
  addAgencyAsAdministrator,
  addUserAsAdministrator,
  deliverInvitation,
  disableUserAsAdministrator,
} from './service.ts'

const agencyOut = z.object({ id: z.string(), name: z.string(), kind: z.string() })

/** Pages and API for administrators: users and agencies. Nothing here reads case content. */
export function adminRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const roleItems = Object.entries(ROLES).map(([value, text]) => ({ value, text }))
  const kindItems = Object.entries(AGENCY_KINDS).map(([value, text]) => ({ value, text }))

  app.get('/admin/users', { config: { action: 'admin.users.list' } }, async (request, reply) => {
    const users = await listUsers(lantern.db)
    const query = request.query as Record<string, string | undefined>
    const added = users.find(u => u.id === query.added)
    const notice =
      query.disabled === '1'
        ? { text: 'Account disabled. Its sessions and API tokens have stopped working.', success: true }
        : added
          ? {
              text:
                query.emailed === '1'
                  ? `User added. An invitation was emailed to ${added.email}: with it they set their password and set up their authenticator app.`
                  : `User added, but no invitation was sent (email is not set up here, or the email failed). Ask someone who runs the Lantern server to send one with: lantern user invite --email ${added.email}`,
              success: query.emailed === '1',
            }
          : undefined
    return render(request, reply, 'admin/views/users.njk', { title: 'Users', users, roleNames: ROLES, notice })
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
    const values = { ...body, roles: ([] as unknown[]).concat(body.roles ?? []) }
    const parsed = newUserForm.safeParse(body)
    if (!parsed.success)
      return render(
        request,
        reply,
        'admin/views/new-user.njk',
        await userFormPage(values, fieldIssues(parsed.error.issues)),
        400,
      )
    const { csaClinicalExperience, roles, ...rest } = parsed.data
    const now = lantern.clock()
    let id: string
    try {
      id = await addUserAsAdministrator(
        lantern.db,
        request.actor,
        { ...rest, roles: roles.filter(isRole), csaClinicalExperience: csaClinicalExperience === 'yes' },
        request.ip,
        now,
      )
    } catch (error) {
      if (error instanceof Invalid)
        return render(request, reply, 'admin/views/new-user.njk', await userFormPage(values, error.fields), 400)
      throw error
    }
    const delivery = await deliverInvitation(
      lantern,
      request.actor,
      { id, email: rest.email.toLowerCase(), displayName: rest.displayName },
      request.ip,
      now,
      request.log,
    )
    return reply.redirect(`/admin/users?added=${id}&emailed=${delivery.emailed ? '1' : '0'}`, 303)
  })

  app.get('/admin/users/:id/disable', { config: { action: 'admin.users.disable' } }, async (request, reply) => {
    const user = await findUser(lantern.db, (request.params as { id: string }).id)
    return render(request, reply, 'admin/views/disable-user.njk', {
      title: `Disable ${user.displayName}'s account`,
      target: user,
      self: user.id === request.actor.userId,
    })
  })

  app.post('/admin/users/:id/disable', { config: { action: 'admin.users.disable' } }, async (request, reply) => {
    const user = await findUser(lantern.db, (request.params as { id: string }).id)
    try {
      await disableUserAsAdministrator(lantern.db, request.actor, user.id, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid)
        return render(
          request,
          reply,
          'admin/views/disable-user.njk',
          {
            title: `Disable ${user.displayName}'s account`,
            target: user,
            self: true,
            fieldErrors: { confirm: error.message },
          },
          400,
        )
      throw error
    }
    return reply.redirect('/admin/users?disabled=1', 303)
  })

  app.get('/partnership/accounts', { config: { action: 'accountChanges.list' } }, async (request, reply) => {
    const changes = (await listAccountChanges(lantern.db)).map(c => ({ ...c, when: londonDateTime(new Date(c.at)) }))
    return render(request, reply, 'admin/views/account-changes.njk', {
      title: 'New and changed accounts',
      changes,
      roleNames: ROLES,
    })
  })

  app.get('/admin/agencies', { config: { action: 'admin.agencies.list' } }, async (request, reply) => {
    const agencies = await listAgencies(lantern.db)
    const added = (request.query as Record<string, string | undefined>).added === '1'
    return render(request, reply, 'admin/views/agencies.njk', {
      title: 'Agencies',
      agencies,
      kindNames: AGENCY_KINDS,
      notice: added ? { text: 'Agency added.', success: true } : undefined,
    })
  })

  app.get('/admin/agencies/new', { config: { action: 'admin.agencies.add' } }, (request, reply) =>
    render(request, reply, 'admin/views/new-agency.njk', { title: 'Add an agency', values: {}, kindItems }),
  )

  app.post('/admin/agencies', { config: { action: 'admin.agencies.add' } }, async (request, reply) => {
    const values = formFields(request.body)
    const parsed = newAgencyForm.safeParse(values)
    const page = (fieldErrors: Record<string, string>) =>
      render(
        request,
        reply,
        'admin/views/new-agency.njk',
        { title: 'Add an agency', values, kindItems, fieldErrors },
        400,
      )
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
    {
      config: { action: 'agencies.list' },
      schema: {
        tags: ['directory'],
        summary: "The agencies of the caller's partnership",
        response: { 200: z.array(agencyOut) },
      },
    },
    () => listAgencies(lantern.db),
  )

  api.post(
    '/api/v1/agencies',
    {
      config: { action: 'admin.agencies.add' },
      schema: {
        tags: ['directory'],
        summary: 'Add an agency (administrators)',
        body: newAgencyForm,
        response: { 201: agencyOut },
      },
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
      schema: {
        tags: ['directory'],
        summary: 'Add a user (administrators); they activate the account through an invitation emailed to them',
        body: newUserApi,
        response: {
          201: z.object({
            id: z.string(),
            email: z.string(),
            invitation: z.object({ emailed: z.boolean(), expiresAt: z.string().nullable(), note: z.string() }),
          }),
        },
      },
    },
    async (request, reply) => {
      const { roles, csaClinicalExperience, ...rest } = request.body
      const now = lantern.clock()
      const id = await addUserAsAdministrator(
        lantern.db,
        request.actor,
        { ...rest, roles: roles.filter(isRole), csaClinicalExperience: csaClinicalExperience ?? false },
        request.ip,
        now,
      )
      const email = rest.email.toLowerCase()
      const delivery = await deliverInvitation(
        lantern,
        request.actor,
        { id, email, displayName: rest.displayName },
        request.ip,
        now,
        request.log,
      )
      return reply
        .code(201)
        .send({ id, email, invitation: { ...delivery, expiresAt: delivery.expiresAt?.toISOString() ?? null } })
    },
  )

  api.post(
    '/api/v1/users/:id/disable',
    {
      config: { action: 'admin.users.disable' },
      schema: {
        tags: ['directory'],
        summary: "Disable an account (administrators): its sessions and tokens stop working at once; not one's own",
        params: z.object({ id: z.string().max(100) }),
        response: { 200: z.object({ id: z.string(), disabled: z.boolean() }) },
      },
    },
    async request => {
      await disableUserAsAdministrator(lantern.db, request.actor, request.params.id, request.ip, lantern.clock())
      return { id: request.params.id, disabled: true }
    },
  )

  api.get(
    '/api/v1/account-changes',
    {
      config: { action: 'accountChanges.list' },
      schema: {
        tags: ['directory'],
        summary: 'Accounts created or given more roles, newest first (partnership managers)',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              roles: z.array(z.string()),
              at: z.string(),
              user: z.object({ id: z.string(), displayName: z.string(), email: z.string(), agency: z.string() }),
              by: z.object({ id: z.string(), displayName: z.string(), email: z.string() }).nullable(),
            }),
          ),
        },
      },
    },
    async () =>
      (await listAccountChanges(lantern.db)).map(c => ({
        id: c.id,
        kind: c.kind,
        roles: c.roles,
        at: new Date(c.at).toISOString(),
        user: { id: c.userId, displayName: c.displayName, email: c.email, agency: c.agencyName },
        by:
          c.byUserId && c.byDisplayName && c.byEmail
            ? { id: c.byUserId, displayName: c.byDisplayName, email: c.byEmail }
            : null,
      })),
  )
}
