import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { changeLeadSchema, memberSchema, openCaseSchema, reasonSchema } from './schema.ts'
import { breakGlass, closeCase, getCase, openCase } from './service.ts'
import { addTeamMember, changeLead, removeTeamMember } from './team.ts'

const id = z.object({ id: z.uuid() })
const member = z.object({ id: z.uuid(), memberId: z.uuid() })

const caseOut = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  status: z.string(),
  version: z.number(),
  leadUserId: z.string(),
  leadName: z.string(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  closedReason: z.string().nullable(),
  children: z.array(
    z.object({
      id: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable(),
      status: z.string(),
    }),
  ),
  adults: z.array(z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), role: z.string() })),
  team: z.array(
    z.object({
      id: z.string(),
      userId: z.string().nullable(),
      agencyId: z.string().nullable(),
      userName: z.string().nullable(),
      agencyName: z.string().nullable(),
      userAgencyName: z.string().nullable(),
      addedAt: z.date(),
    }),
  ),
})

export function casesApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/v1/cases',
    {
      config: { action: 'cases.open' },
      schema: {
        tags: ['cases'],
        summary: 'Open a case about one or more children',
        body: openCaseSchema,
        response: { 201: caseOut },
      },
    },
    async (request, reply) => {
      const { id: caseId } = await openCase(lantern.db, request.actor, request.body, request.ip, lantern.clock())
      return reply.code(201).send(await getCase(lantern.db, caseId))
    },
  )

  api.get(
    '/api/v1/cases/:id',
    {
      config: { action: 'case.read' },
      schema: {
        tags: ['cases'],
        summary: 'A case with its children, adults and team',
        params: id,
        response: { 200: caseOut },
      },
    },
    request => getCase(lantern.db, request.params.id),
  )

  api.post(
    '/api/v1/cases/:id/members',
    {
      config: { action: 'case.addMember' },
      schema: {
        tags: ['cases'],
        summary: 'Add an agency or a user to the case team',
        params: id,
        body: memberSchema,
        response: { 201: caseOut },
      },
    },
    async (request, reply) => {
      await addTeamMember(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return reply.code(201).send(await getCase(lantern.db, request.params.id))
    },
  )

  api.delete(
    '/api/v1/cases/:id/members/:memberId',
    {
      config: { action: 'case.removeMember' },
      schema: {
        tags: ['cases'],
        summary: 'Take a user or an agency off the case team (the `id` of its team entry); their access ends at once',
        params: member,
        response: { 200: caseOut },
      },
    },
    async request => {
      await removeTeamMember(
        lantern.db,
        request.actor,
        request.params.id,
        request.params.memberId,
        request.ip,
        lantern.clock(),
      )
      return getCase(lantern.db, request.params.id)
    },
  )

  api.patch(
    '/api/v1/cases/:id',
    {
      config: { action: 'case.changeLead' },
      schema: {
        tags: ['cases'],
        summary: 'Make a social worker or team manager the lead practitioner; 409 when `version` is stale',
        params: id,
        body: changeLeadSchema,
        response: { 200: caseOut },
      },
    },
    async request => {
      await changeLead(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return getCase(lantern.db, request.params.id)
    },
  )

  api.post(
    '/api/v1/cases/:id/break-glass',
    {
      config: { action: 'case.breakGlass' },
      schema: {
        tags: ['cases'],
        summary: 'Time-boxed read access for someone outside the team; shown to the case lead and auditors',
        params: id,
        body: reasonSchema('you need to see this case'),
        response: { 201: z.object({ expiresAt: z.date() }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await breakGlass(
            lantern.db,
            request.actor,
            request.params.id,
            request.body.reason,
            request.ip,
            lantern.clock(),
          ),
        ),
  )

  api.post(
    '/api/v1/cases/:id/close',
    {
      config: { action: 'case.close' },
      schema: {
        tags: ['cases'],
        summary: 'Close a case',
        params: id,
        body: reasonSchema('the case is closing'),
        response: { 200: caseOut },
      },
    },
    async request => {
      await closeCase(lantern.db, request.actor, request.params.id, request.body.reason, request.ip, lantern.clock())
      return getCase(lantern.db, request.params.id)
    },
  )
}
