import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { CASE_STATUSES } from '../../kernel/codes/cases.ts'
import { auditRead } from '../access/index.ts'
import { CASE_MEMBERSHIPS, type CaseListFilter, type CaseListItem } from './caseload.ts'
import { addAdult, addChild, linkEpisode, removeAdult, removeChild, reopenCase } from './family.ts'
import {
  addAdultSchema,
  addChildSchema,
  changeLeadSchema,
  linkEpisodeSchema,
  memberSchema,
  openCaseSchema,
  reasonSchema,
  removePersonSchema,
  reopenSchema,
} from './schema.ts'
import { breakGlass, closeCase, getCase, openCase } from './service.ts'
import { addTeamMember, changeLead, removeTeamMember } from './team.ts'

const id = z.object({ id: z.uuid() })
const member = z.object({ id: z.uuid(), memberId: z.uuid() })
const person = z.object({ id: z.uuid(), personId: z.uuid() })

const episode = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
})

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
  /** The referral whose decision opened the case, when the front door opened it. */
  referralId: z.string().nullable(),
  children: z.array(
    z.object({
      id: z.string(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string().nullable(),
      status: z.string(),
      role: z.string(),
      addedAt: z.date(),
    }),
  ),
  adults: z.array(
    z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), role: z.string(), addedAt: z.date() }),
  ),
  episodes: z.object({ earlier: z.array(episode), later: z.array(episode) }),
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

export const caseListQuery = z.strictObject({
  member: z.enum(CASE_MEMBERSHIPS, 'member must be me, agency or team').optional(),
  status: z.enum(CASE_STATUSES, 'status must be open or closed').optional(),
  childId: z.uuid('childId must be a person id').optional(),
  // At most 100 a page: the audit row of a list names every case it showed.
  limit: z.coerce.number().int().min(1, 'limit must be 1 or more').max(100, 'limit must be 100 or fewer').default(50),
  offset: z.coerce
    .number()
    .int()
    .min(0, 'offset must be 0 or more')
    .max(1_000_000, 'offset must be 1,000,000 or fewer')
    .default(0),
})

export const caseListItemOut = z.object({
  id: z.string(),
  reference: z.string(),
  title: z.string(),
  status: z.string(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  leadUserId: z.string(),
  leadName: z.string(),
  children: z.array(
    z.object({ id: z.string(), givenName: z.string(), familyName: z.string(), dateOfBirth: z.string().nullable() }),
  ),
  lastChange: z.object({ at: z.date(), kind: z.string() }).nullable(),
  lastViewedAt: z.date().nullable(),
  changedSinceViewed: z.boolean(),
})

/**
 * A list of cases names their children, so it is a read of their data: audited with what was asked and the
 * cases it showed, as a search is.
 */
export async function auditCaseList(
  request: FastifyRequest,
  filter: CaseListFilter,
  cases: readonly Pick<CaseListItem, 'id'>[],
): Promise<void> {
  const asked = Object.fromEntries(Object.entries(filter).filter(([, v]) => Boolean(v)))
  await auditRead(request, {
    action: 'cases.list',
    objectType: 'cases',
    detail: { filter: asked, caseIds: cases.map(c => c.id) },
  })
}

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

  // GET /api/v1/cases is the home module's (home/api.ts): each case says what is due, which concerns know.

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

  api.post(
    '/api/v1/cases/:id/children',
    {
      config: { action: 'case.addChild' },
      schema: {
        tags: ['cases'],
        summary: 'Add a child to an open case, with a reason; `role` is the child the case is about unless given',
        params: id,
        body: addChildSchema,
        response: { 201: caseOut },
      },
    },
    async (request, reply) => {
      await addChild(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return reply.code(201).send(await getCase(lantern.db, request.params.id))
    },
  )

  api.delete(
    '/api/v1/cases/:id/children/:personId',
    {
      config: { action: 'case.removeChild' },
      schema: {
        tags: ['cases'],
        summary: 'Take a child off an open case, with a reason; the last child cannot be removed',
        params: person,
        body: removePersonSchema,
        response: { 200: caseOut },
      },
    },
    async request => {
      const { id: caseId, personId } = request.params
      await removeChild(lantern.db, request.actor, caseId, personId, request.body, request.ip, lantern.clock())
      return getCase(lantern.db, caseId)
    },
  )

  api.post(
    '/api/v1/cases/:id/adults',
    {
      config: { action: 'case.addAdult' },
      schema: {
        tags: ['cases'],
        summary: 'Add an adult to an open case in a role, with a reason',
        params: id,
        body: addAdultSchema,
        response: { 201: caseOut },
      },
    },
    async (request, reply) => {
      await addAdult(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return reply.code(201).send(await getCase(lantern.db, request.params.id))
    },
  )

  api.delete(
    '/api/v1/cases/:id/adults/:personId',
    {
      config: { action: 'case.removeAdult' },
      schema: {
        tags: ['cases'],
        summary: 'Take an adult off an open case (in every role they had on it), with a reason',
        params: person,
        body: removePersonSchema,
        response: { 200: caseOut },
      },
    },
    async request => {
      const { id: caseId, personId } = request.params
      await removeAdult(lantern.db, request.actor, caseId, personId, request.body, request.ip, lantern.clock())
      return getCase(lantern.db, caseId)
    },
  )

  api.post(
    '/api/v1/cases/:id/reopen',
    {
      config: { action: 'case.reopen' },
      schema: {
        tags: ['cases'],
        summary: 'Reopen a closed case, with a reason; its team and lead are as they were',
        params: id,
        body: reopenSchema,
        response: { 200: caseOut },
      },
    },
    async request => {
      await reopenCase(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return getCase(lantern.db, request.params.id)
    },
  )

  api.post(
    '/api/v1/cases/:id/episodes',
    {
      config: { action: 'case.linkEpisode' },
      schema: {
        tags: ['cases'],
        summary: 'Name an earlier, closed case about one of the children as an earlier episode of this one',
        params: id,
        body: linkEpisodeSchema,
        response: { 201: caseOut },
      },
    },
    async (request, reply) => {
      await linkEpisode(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return reply.code(201).send(await getCase(lantern.db, request.params.id))
    },
  )
}
