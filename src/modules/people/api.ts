import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pageQuery } from '../../web/api-contract.ts'
import { todayIso } from '../../web/dates.ts'
import { auditSearch, searchRateLimit } from './search.ts'
import type { PeopleNeedToKnow } from './service.ts'
import {
  newPersonSchema,
  offendingHistorySchema,
  personChangesSchema,
  relationshipSchema,
  searchQuery,
} from './schema.ts'
import {
  addRelationship,
  correctPerson,
  countPeople,
  getPerson,
  householdWithHistory,
  possibleDuplicates,
  recordOffendingHistory,
  recordPerson,
  searchPeople,
} from './service.ts'

const id = z.object({ id: z.uuid() })

const personOut = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  otherNames: z.array(z.string()),
  dateOfBirth: z.string().nullable(),
  dateOfBirthEstimated: z.boolean(),
  sex: z.string(),
  ethnicity: z.string().nullable(),
  firstLanguage: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  communicationNeeds: z.string().nullable(),
  disabilities: z.array(z.string()),
  nhsNumber: z.string().nullable(),
  uniquePupilNumber: z.string().nullable(),
  version: z.number(),
})

const duplicateOut = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  reason: z.string(),
})

/** The people resources of API.md. Bodies are validated against the same schemas as the pages. */
export function peopleApi(app: FastifyInstance, needToKnow: PeopleNeedToKnow): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  // Schemas read today's date from the app's clock each time they check a value.
  const today = () => todayIso(lantern.clock())
  const newPerson = newPersonSchema(today)
  const personChanges = personChangesSchema(today)
  const offending = offendingHistorySchema(today)

  api.post(
    '/api/v1/people',
    {
      config: { action: 'people.record' },
      schema: {
        tags: ['people'],
        summary: 'Record a child or adult; possible duplicates are flagged, not refused',
        body: newPerson,
        response: { 201: personOut.extend({ possibleDuplicates: z.array(duplicateOut) }) },
      },
    },
    async (request, reply) => {
      const created = await recordPerson(lantern.db, request.actor, request.body, request.ip, lantern.clock())
      const person = await getPerson(lantern.db, created.id)
      return reply.code(201).send({ ...person, possibleDuplicates: created.possibleDuplicates })
    },
  )

  api.get(
    '/api/v1/people',
    {
      config: { action: 'people.search', rateLimit: searchRateLimit(lantern.config) },
      schema: {
        tags: ['people'],
        summary:
          'Search by name (typo-tolerant, other names included), date of birth or NHS number; `limit` and ' +
          '`offset` page through the results, and the X-Total-Count header says how many there are',
        querystring: searchQuery.extend(pageQuery),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              givenName: z.string(),
              familyName: z.string(),
              dateOfBirth: z.string().nullable(),
              access: z.enum(['full', 'minimum']),
            }),
          ),
        },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...query } = request.query
      const [results, total] = await Promise.all([
        searchPeople(lantern.db, request.actor, query, lantern.clock(), needToKnow, { limit, offset }),
        countPeople(lantern.db, query),
      ])
      await auditSearch(request, query, results)
      return reply.header('x-total-count', String(total)).send(results)
    },
  )

  api.get(
    '/api/v1/people/:id',
    {
      config: { action: 'person.read' },
      schema: {
        tags: ['people'],
        summary: 'A person, with the version to send back when correcting',
        params: id,
        response: { 200: personOut },
      },
    },
    request => getPerson(lantern.db, request.params.id),
  )

  api.patch(
    '/api/v1/people/:id',
    {
      config: { action: 'person.correct' },
      schema: {
        tags: ['people'],
        summary: 'Correct a person; 409 conflict when version is stale',
        params: id,
        body: personChanges,
        response: { 200: personOut },
      },
    },
    async request => {
      await correctPerson(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return getPerson(lantern.db, request.params.id)
    },
  )

  api.get(
    '/api/v1/people/:id/household',
    {
      config: { action: 'person.read' },
      schema: {
        tags: ['people'],
        summary: 'Every adult and child around the person',
        params: id,
        response: {
          200: z.object({
            person: z.object({ id: z.string() }),
            members: z.array(
              z.object({
                personId: z.string(),
                givenName: z.string(),
                familyName: z.string(),
                dateOfBirth: z.string().nullable(),
                relationship: z.string(),
                kind: z.string(),
                direction: z.string(),
                livesWith: z.boolean(),
                hasContact: z.boolean(),
                offendingHistory: z.array(z.object({ kind: z.string(), date: z.string() })).nullable(),
              }),
            ),
            possibleDuplicates: z.array(duplicateOut),
          }),
        },
      },
    },
    async request => {
      const person = await getPerson(lantern.db, request.params.id)
      return {
        person: { id: person.id },
        members: await householdWithHistory(lantern.db, request.actor, person.id, lantern.clock(), needToKnow),
        possibleDuplicates: await possibleDuplicates(lantern.db, person),
      }
    },
  )

  api.post(
    '/api/v1/people/:id/offending-history',
    {
      config: { action: 'person.recordOffendingHistory' },
      schema: {
        tags: ['people'],
        summary: 'Record an allegation, caution, conviction, civil order or registration for sexual offending',
        params: id,
        body: offending,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      return reply.code(201).send({
        id: await recordOffendingHistory(
          lantern.db,
          request.actor,
          request.params.id,
          request.body,
          request.ip,
          lantern.clock(),
          needToKnow,
        ),
      })
    },
  )

  api.post(
    '/api/v1/people/:id/relationships',
    {
      config: { action: 'person.addRelationship' },
      schema: {
        tags: ['people'],
        summary: 'Relate another person to this one',
        params: id,
        body: relationshipSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await addRelationship(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
        needToKnow,
      )
      return reply.code(201).send({ id: created })
    },
  )
}
