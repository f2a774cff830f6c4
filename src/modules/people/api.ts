import type { FastifyInstance } from 'fastify'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { pageQuery } from '../../web/api-contract.ts'
import { todayIso } from '../../web/dates.ts'
import { auditSearch, searchRateLimit } from './search.ts'
import {
  addAddress,
  addressesOf,
  addressSchema,
  endAddress,
  endAddressSchema,
  readableAddress,
  type Address,
} from './addresses.ts'
import type { PeopleNeedToKnow } from './service.ts'
import { markNotDuplicate, mergePerson, unmergePerson, type PersonMerge } from './merge.ts'
import { endRelationship } from './relationships.ts'
import {
  endRelationshipSchema,
  mergeSchema,
  newPersonSchema,
  notDuplicateSchema,
  unmergeSchema,
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
  /** Set when this record was merged into another: that record is the one to read and change. */
  mergedIntoId: z.string().nullable(),
})

/** An address the caller may read; a confidential one names who may read it (the caller among them). */
const addressOut = z.object({
  id: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  town: z.string().nullable(),
  postcode: z.string().nullable(),
  from: z.string(),
  to: z.string().nullable(),
  confidential: z.boolean(),
  readers: z.array(z.string()),
  recordedBy: z.string(),
  version: z.number(),
})

const addressParams = z.object({ id: z.uuid(), addressId: z.uuid() })

/** The addresses this caller may read, as the API returns them: a confidential one they are not named on is left out. */
async function readableAddresses(db: Db, actor: Actor, personId: string) {
  return (await addressesOf(db, actor, [personId])).filter((a): a is Address => a.kind === 'shown').map(asSent)
}

const asSent = ({ kind: _kind, personId: _personId, ...address }: Address) => address

const relationshipOut = z.object({
  id: z.string(),
  personId: z.string(),
  otherPersonId: z.string(),
  kind: z.string(),
  livesWith: z.boolean(),
  hasContact: z.boolean(),
  startedOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endedReason: z.string().nullable(),
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
export function peopleApi(app: FastifyInstance, needToKnow: PeopleNeedToKnow, mergers: readonly PersonMerge[]): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  // Schemas read today's date from the app's clock each time they check a value.
  const today = () => todayIso(lantern.clock())
  const newPerson = newPersonSchema(today)
  const personChanges = personChangesSchema(today)
  const offending = offendingHistorySchema(today)
  const newRelationship = relationshipSchema(today)
  const endRelationshipBody = endRelationshipSchema(today)

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
              age: z.number().nullable(),
              otherNames: z.array(z.string()),
              area: z.string().nullable(),
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
        summary:
          'A person, with the version to send back when correcting; a merged record answers as it was, with ' +
          '`mergedIntoId` naming the record kept. `addresses` are those the caller may read, current first: a ' +
          'confidential address is returned only to the users it names',
        params: id,
        response: { 200: personOut.extend({ addresses: z.array(addressOut) }) },
      },
    },
    async request => {
      const person = await getPerson(lantern.db, request.params.id)
      return { ...person, addresses: await readableAddresses(lantern.db, request.actor, person.id) }
    },
  )

  api.post(
    '/api/v1/people/:id/addresses',
    {
      config: { action: 'person.addAddress' },
      schema: {
        tags: ['people'],
        summary:
          'Add an address from the date they moved in. `confidential` restricts it to the caller and the users in ' +
          '`readerUserIds` (named readers without `confidential` are refused); a postcode or a town is needed',
        params: id,
        body: addressSchema(today),
        response: { 201: addressOut },
      },
    },
    async (request, reply) => {
      const addressId = await addAddress(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply
        .code(201)
        .send(asSent(await readableAddress(lantern.db, request.actor, request.params.id, addressId)))
    },
  )

  // A POST to an action, as ending a relationship is: moving out sets the end, and nothing else about an
  // address changes (a wrong address is ended and the right one added, so what was believed stays on record).
  api.post(
    '/api/v1/people/:id/addresses/:addressId/end',
    {
      config: { action: 'person.endAddress' },
      schema: {
        tags: ['people'],
        summary:
          'They moved out: `to` is the last day they lived there (not before they moved in); 409 `conflict` when ' +
          'already ended or `version` is stale; 404 for an address the caller may not read',
        params: addressParams,
        body: endAddressSchema(today),
        response: { 200: addressOut },
      },
    },
    async request => {
      const { id: personId, addressId } = request.params
      await endAddress(lantern.db, request.actor, personId, addressId, request.body, request.ip, lantern.clock())
      return asSent(await readableAddress(lantern.db, request.actor, personId, addressId))
    },
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
        summary:
          'Every adult and child around the person, now and in the past: each relationship with its `id`, ' +
          '`startedOn` and `endedOn` (null while it goes on)',
        params: id,
        response: {
          200: z.object({
            person: z.object({ id: z.string() }),
            members: z.array(
              z.object({
                id: z.string(),
                personId: z.string(),
                givenName: z.string(),
                familyName: z.string(),
                dateOfBirth: z.string().nullable(),
                relationship: z.string(),
                kind: z.string(),
                direction: z.string(),
                livesWith: z.boolean(),
                hasContact: z.boolean(),
                startedOn: z.string().nullable(),
                endedOn: z.string().nullable(),
                endedReason: z.string().nullable(),
                endedBy: z.string().nullable(),
                version: z.number(),
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
        summary:
          'Record an allegation, caution, conviction, civil order or registration for sexual offending: ' +
          '`sourceAgencyId` is the agency the information came from (the recorder’s when absent), `endsOn` when ' +
          'it ends, and `registrationPeriod` how long a registration’s notification requirements last (for a ' +
          'registration only)',
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
        summary: 'Relate another person to this one, from `startedOn` when it is known',
        params: id,
        body: newRelationship,
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

  api.post(
    '/api/v1/relationships/:id/end',
    {
      config: { action: 'relationship.end' },
      schema: {
        tags: ['people'],
        summary:
          'End a relationship on `endedOn`, with a reason; it is kept as history. 409 when it has already ' +
          'ended or `version` is stale',
        params: id,
        body: endRelationshipBody,
        response: { 200: relationshipOut },
      },
    },
    request =>
      endRelationship(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
        needToKnow,
      ),
  )

  api.post(
    '/api/v1/people/:id/merge',
    {
      config: { action: 'person.merge' },
      schema: {
        tags: ['people'],
        summary:
          'Merge this record into `intoPersonId`: relationships, cases, concerns and chronology move to it; this ' +
          'record keeps answering, with `mergedIntoId`. Fully audited with every row moved; undone by `unmerge`',
        params: id,
        body: mergeSchema,
        response: {
          200: z.object({ id: z.string(), mergedIntoId: z.string(), moved: z.record(z.string(), z.array(z.string())) }),
        },
      },
    },
    request =>
      mergePerson(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
        needToKnow,
        mergers,
      ),
  )

  api.post(
    '/api/v1/people/:id/unmerge',
    {
      config: { action: 'person.unmerge' },
      schema: {
        tags: ['people'],
        summary:
          'Undo the merge of this record (the one merged away) into another: exactly the rows the merge moved go ' +
          'back, `mergedIntoId` is cleared, and the merge is kept with who undid it, when and why. 409 when it is ' +
          'not merged (or already undone), when `version` is stale, when the record kept has since been merged ' +
          'itself, or when a moved row no longer names the record kept',
        params: id,
        body: unmergeSchema,
        response: {
          200: z.object({
            id: z.string(),
            wasMergedIntoId: z.string(),
            movedBack: z.record(z.string(), z.array(z.string())),
          }),
        },
      },
    },
    request =>
      unmergePerson(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock(), mergers),
  )

  api.post(
    '/api/v1/people/:id/not-duplicate',
    {
      config: { action: 'person.notDuplicate' },
      schema: {
        tags: ['people'],
        summary: 'Say that this record and `otherPersonId` are not the same person: neither is flagged again',
        params: id,
        body: notDuplicateSchema,
        response: { 201: z.object({ personId: z.string(), otherPersonId: z.string() }) },
      },
    },
    async (request, reply) => {
      const { otherPersonId } = request.body
      await markNotDuplicate(
        lantern.db,
        request.actor,
        request.params.id,
        otherPersonId,
        request.ip,
        lantern.clock(),
        needToKnow,
      )
      return reply.code(201).send({ personId: request.params.id, otherPersonId })
    },
  )
}
