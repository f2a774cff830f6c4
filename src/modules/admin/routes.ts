import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AGENCY_KINDS, ROLES, isRole } from '../../kernel/roles.ts'
import { checkedItems, choicesOf, selectItems } from '../../web/choices.ts'
import { londonDateTime } from '../../web/dates.ts'
import { formPage } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { findUser, listAccountChanges, listAgencies, listUsers } from '../directory/index.ts'
import { disableUser, newAgency, newUser } from './forms.ts'
import { newAgencyForm, newUserApi } from './schema.ts'
import {
  addAgencyAsAdministrator,
  addUserAsAdministrator,
  deliverInvitation,
  disableUserAsAdministrator,
} from './service.ts'
import { accountChangesPage, agenciesPage, disableUserPage, newAgencyPage, newUserPage, usersPage } from './views.ts'

const agencyOut = z.object({ id: z.string(), name: z.string(), kind: z.string() })

/** Pages and API for administrators: users and agencies. Nothing here reads case content. */
export function adminRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  const roleChoices = choicesOf(ROLES)
  const kindItems = choicesOf(AGENCY_KINDS)

  pages.get(
    '/admin/users',
    {
      config: { action: 'admin.users.list' },
      schema: { querystring: z.object({ added: queryText, emailed: queryText, disabled: queryText }) },
    },
    async (request, reply) => {
      const users = await listUsers(lantern.db)
      const { query } = request
      const added = users.find(u => u.id === query.added)
      const notice =
        query.disabled === '1'
          ? { text: 'Account disabled. Its sessions and API tokens have stopped working.', success: true }
          : added
            ? {
                text:
                  query.emailed === '1'
                    ? `User added. An invitation was emailed to ${added.email}: with it they set their password and set up their authenticator app.`
                    : 'User added, but no invitation was sent (email is not set up here, or the email failed). ' +
                      `Ask someone who runs the Lantern server to send one with: lantern user invite --email ${added.email}`,
                success: query.emailed === '1',
              }
            : undefined
      return render(request, reply, usersPage, { title: 'Users', users, roleNames: ROLES, notice })
    },
  )

  formPage(app, {
    page: newUserPage,
    form: newUser,
    get: { url: '/admin/users/new', config: { action: 'admin.users.add' } },
    post: { url: '/admin/users', config: { action: 'admin.users.add' } },
    view: async (_request, { values }) => ({
      title: 'Add a user',
      agencyItems: selectItems(
        [
          { value: '', text: 'Select an agency' },
          ...(await listAgencies(lantern.db)).map(a => ({ value: a.id, text: a.name })),
        ],
        values.agencyId,
      ),
      roleItems: checkedItems(roleChoices, values.roles),
      clinicalItems: checkedItems(
        [{ value: 'yes', text: 'Has clinical experience of child sexual abuse (for strategy discussions)' }],
        values.csaClinicalExperience,
      ),
    }),
    submit: async (request, input) => {
      const now = lantern.clock()
      const id = await addUserAsAdministrator(lantern.db, request.actor, input, request.ip, now)
      const delivery = await deliverInvitation(
        lantern,
        request.actor,
        { id, email: input.email.toLowerCase(), displayName: input.displayName },
        request.ip,
        now,
        request.log,
      )
      return { id, emailed: delivery.emailed }
    },
    redirect: ({ id, emailed }) => urls.users({ added: id, emailed: emailed ? '1' : '0' }),
  })

  formPage(app, {
    page: disableUserPage,
    form: disableUser,
    params: idParams,
    get: { url: '/admin/users/:id/disable', config: { action: 'admin.users.disable' } },
    post: { url: '/admin/users/:id/disable', config: { action: 'admin.users.disable' } },
    load: (_request, { params }) => findUser(lantern.db, params.id),
    view: (request, { context: target }) => ({
      title: `Disable ${target.displayName}'s account`,
      target,
      self: target.id === request.actor.userId,
    }),
    submit: (request, _input, { context: target }) =>
      disableUserAsAdministrator(lantern.db, request.actor, target.id, request.ip, lantern.clock()),
    redirect: () => urls.users({ disabled: '1' }),
  })

  app.get('/partnership/accounts', { config: { action: 'accountChanges.list' } }, async (request, reply) => {
    const changes = (await listAccountChanges(lantern.db)).map(c => ({ ...c, when: londonDateTime(new Date(c.at)) }))
    return render(request, reply, accountChangesPage, {
      title: 'New and changed accounts',
      changes,
      roleNames: ROLES,
    })
  })

  pages.get(
    '/admin/agencies',
    { config: { action: 'admin.agencies.list' }, schema: { querystring: z.object({ added: queryText }) } },
    async (request, reply) =>
      render(request, reply, agenciesPage, {
        title: 'Agencies',
        agencies: await listAgencies(lantern.db),
        kindNames: AGENCY_KINDS,
        notice: request.query.added === '1' ? { text: 'Agency added.', success: true } : undefined,
      }),
  )

  formPage(app, {
    page: newAgencyPage,
    form: newAgency,
    get: { url: '/admin/agencies/new', config: { action: 'admin.agencies.add' } },
    post: { url: '/admin/agencies', config: { action: 'admin.agencies.add' } },
    view: () => ({ title: 'Add an agency', kindItems }),
    submit: (request, input) => addAgencyAsAdministrator(lantern.db, request.actor, input, request.ip, lantern.clock()),
    redirect: () => urls.agencies({ added: '1' }),
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
