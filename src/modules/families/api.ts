import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { getCase } from '../cases/index.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { letterPdf } from './pdf.ts'
import {
  familyUpdateOut,
  familyUpdateSchema,
  letterEditSchema,
  letterOut,
  letterSchema,
  sendLetterSchema,
} from './schema.ts'
import {
  editLetter,
  familyUpdatesOfCase,
  getLetter,
  lettersOfCase,
  makeLetter,
  recordFamilyUpdate,
  sendLetter,
  type Letter,
} from './service.ts'

const idParams = z.object({ id: z.uuid() })
const tags = ['families']

/** The header a letter's PDF and printable page carry: the case reference and the day it was made or sent. */
export async function letterHeader(db: Parameters<typeof getCase>[0], letter: Letter): Promise<string> {
  const kase = await getCase(db, letter.caseId)
  return `${kase.reference} · ${inWords(letter.sentAt ?? letter.madeAt)}`
}

/** Family updates and letters through the API. */
export function familiesApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/v1/cases/:id/family-updates',
    {
      config: { action: 'family.update' },
      schema: {
        tags,
        summary: 'Record an update given to a child, parent or carer: who was told, when, how, about what',
        params: idParams,
        body: familyUpdateSchema,
        response: { 201: familyUpdateOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordFamilyUpdate(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await familyUpdatesOfCase(lantern.db, request.params.id)).find(u => u.id === id)
      if (!found) throw new Error('The update just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  api.get(
    '/api/v1/cases/:id/family-updates',
    {
      config: { action: 'case.family' },
      schema: {
        tags,
        summary: 'The updates given to the family of a case, newest first',
        params: idParams,
        response: { 200: z.array(familyUpdateOut) },
      },
    },
    async request => familyUpdatesOfCase(lantern.db, request.params.id),
  )

  api.post(
    '/api/v1/cases/:id/letters',
    {
      config: { action: 'letter.make' },
      schema: {
        tags,
        summary:
          'Make a letter for the family or the child, drafted from an outcome in English (another language needs its text)',
        params: idParams,
        body: letterSchema,
        response: { 201: letterOut },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const { id } = await makeLetter(lantern.db, request.actor, request.params.id, request.body, request.ip, now)
      return reply.code(201).send(await getLetter(lantern.db, id, now))
    },
  )

  api.get(
    '/api/v1/cases/:id/letters',
    {
      config: { action: 'case.family' },
      schema: {
        tags,
        summary: 'The letters of a case, drafted and sent, newest first',
        params: idParams,
        response: { 200: z.array(letterOut) },
      },
    },
    async request => lettersOfCase(lantern.db, request.params.id, lantern.clock()),
  )

  api.get(
    '/api/v1/letters/:id',
    {
      config: { action: 'letter.read' },
      schema: { tags, summary: 'A letter, with its reading level', params: idParams, response: { 200: letterOut } },
    },
    async request => getLetter(lantern.db, request.params.id, lantern.clock()),
  )

  api.patch(
    '/api/v1/letters/:id',
    {
      config: { action: 'letter.edit' },
      schema: {
        tags,
        summary: 'Edit a letter before it is sent (send the version you read)',
        params: idParams,
        body: letterEditSchema,
        response: { 200: letterOut },
      },
    },
    async request => {
      const now = lantern.clock()
      await editLetter(lantern.db, request.actor, request.params.id, request.body, request.ip, now)
      return getLetter(lantern.db, request.params.id, now)
    },
  )

  api.get(
    '/api/v1/letters/:id/pdf',
    {
      config: { action: 'letter.pdf' },
      schema: { tags, summary: 'A letter as a PDF', params: idParams, produces: ['application/pdf'] },
    },
    async (request, reply) => {
      const letter = await getLetter(lantern.db, request.params.id, lantern.clock())
      const pdf = await letterPdf(letter, await letterHeader(lantern.db, letter))
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="letter-${letter.id}.pdf"`)
        .type('application/pdf')
        .send(pdf)
    },
  )

  api.post(
    '/api/v1/letters/:id/send',
    {
      config: { action: 'letter.send' },
      schema: {
        tags,
        summary: 'Send a letter: records the family update it makes and marks the letter sent',
        params: idParams,
        body: sendLetterSchema,
        response: { 200: letterOut },
      },
    },
    async request => {
      const now = lantern.clock()
      await sendLetter(lantern.db, request.actor, request.params.id, request.body, request.ip, now)
      return getLetter(lantern.db, request.params.id, now)
    },
  )
}
