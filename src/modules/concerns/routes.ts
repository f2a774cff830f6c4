import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { pageQuery } from '../../web/api-contract.ts'
import { fieldIssues, formFields, formList } from '../../web/forms.ts'
import { londonDateTime } from '../../web/dates.ts'
import { render } from '../../web/render.ts'
import { DECISIONS, DISCLOSURES } from '../../kernel/codes/concerns.ts'
import { INDICATOR_CATEGORIES, INDICATORS, indicatorList } from './indicators.ts'
import { concernSchema, decisionSchema } from './schema.ts'
import {
  awaitingReferrals,
  countAwaitingReferrals,
  decideReferral,
  getConcern,
  getReferral,
  recordConcern,
} from './service.ts'

/** `indicators.3` and the like become `indicators`, the name the form's fields share. */
function onePerField(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, text] of Object.entries(errors)) out[key.split('.')[0] ?? key] ??= text
  return out
}

/** Recording a worry about a child, and the front door's decisions on referrals. */
export function concernsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const groups = Object.entries(INDICATOR_CATEGORIES).map(([prefix, title]) => ({
    prefix,
    title,
    items: Object.entries(INDICATORS)
      .filter(([code]) => code.startsWith(`${prefix}-`))
      .map(([value, text]) => ({ value, text })),
  }))
  const disclosureItems = Object.entries(DISCLOSURES).map(([value, text]) => ({ value, text }))
  const decisionItems = Object.entries(DECISIONS).map(([value, text]) => ({ value, text }))

  async function childFor(childId: string) {
    return isUuid(childId)
      ? lantern.db
          .selectFrom('personDirectory')
          .select(['personId as id', 'givenName', 'familyName', 'dateOfBirth'])
          .where('personId', '=', childId)
          .executeTakeFirst()
      : undefined
  }

  // The authorising hook has found the child named by ?childId= (404 if there is none) and audits the read.
  app.get('/concerns/new', { config: { action: 'concerns.form' } }, async (request, reply) => {
    const child = await childFor((request.query as Record<string, string | undefined>).childId ?? '')
    if (!child) throw new NotFound('child')
    return render(request, reply, 'concerns/views/new-concern.njk', {
      title: `Record a concern about ${child.givenName} ${child.familyName}`,
      child,
      groups,
      disclosureItems,
      values: { disclosure: 'none', refer: 'yes', indicators: [] },
    })
  })

  app.post('/concerns', { config: { action: 'concerns.record' } }, async (request, reply) => {
    const body = formFields(request.body)
    const childId = typeof body.childId === 'string' ? body.childId : ''
    const child = await childFor(childId)
    if (!child && childId) throw new NotFound('child')
    if (!child) return reply.redirect('/people', 303)
    const values = { ...body, indicators: formList(body.indicators) }
    const parsed = concernSchema.safeParse({
      childId: body.childId,
      description: body.description,
      childWords: body.childWords,
      indicators: values.indicators,
      disclosure: body.disclosure,
      referToChildrensSocialCare: body.refer === 'yes',
    })
    const again = (fieldErrors: Record<string, string>) =>
      render(
        request,
        reply,
        'concerns/views/new-concern.njk',
        {
          title: `Record a concern about ${child.givenName} ${child.familyName}`,
          child,
          groups,
          disclosureItems,
          values,
          fieldErrors: onePerField(fieldErrors),
          anchors: { indicators: 'indicators-phy' },
        },
        400,
      )
    if (!parsed.success) return again(fieldIssues(parsed.error.issues))
    try {
      // Redirected, so refreshing the page that says it was recorded cannot record it (and its referral) twice.
      const { id } = await recordConcern(lantern.db, request.actor, parsed.data, request.ip, lantern.clock())
      return await reply.redirect(`/concerns/${id}?recorded=1`, 303)
    } catch (error) {
      if (error instanceof Invalid) return again(error.fields)
      throw error
    }
  })

  app.get('/concerns/:id', { config: { action: 'concern.read' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const concern = await getConcern(lantern.db, id)
    const recorded = (request.query as Record<string, string | undefined>).recorded === '1'
    return render(request, reply, 'concerns/views/concern.njk', {
      title: recorded ? 'Concern recorded' : `Concern about ${concern.givenName} ${concern.familyName}`,
      recorded,
      concern,
      when: {
        recorded: londonDateTime(concern.recordedAt),
        due: concern.decisionDueAt && londonDateTime(concern.decisionDueAt),
        decided: concern.decidedAt && londonDateTime(concern.decidedAt),
      },
      indicatorNames: INDICATORS,
      disclosureNames: DISCLOSURES,
      decisionNames: DECISIONS,
      overdue: !concern.decision && concern.decisionDueAt !== null && concern.decisionDueAt < lantern.clock(),
    })
  })

  app.get('/front-door', { config: { action: 'referrals.list' } }, async (request, reply) => {
    const now = lantern.clock()
    const referrals = (await awaitingReferrals(lantern.db)).map(r => ({ ...r, overdue: r.decisionDueAt < now }))
    await lantern.audit.record({
      partnershipId: request.actor.partnershipId,
      userId: request.actor.userId,
      agencyId: request.actor.agencyId,
      action: 'referrals.list',
      objectType: 'referrals',
      ip: request.ip,
      at: now,
      detail: { count: referrals.length },
    })
    return render(request, reply, 'concerns/views/front-door.njk', {
      title: 'Referrals awaiting a decision',
      referrals,
    })
  })

  async function referralPage(id: string, extra: Record<string, unknown> = {}) {
    const referral = await getReferral(lantern.db, id)
    return {
      title: `Referral about ${referral.givenName} ${referral.familyName}`,
      referral,
      decisionItems,
      indicatorNames: INDICATORS,
      disclosureNames: DISCLOSURES,
      decisionNames: DECISIONS,
      overdue: !referral.decision && referral.decisionDueAt < lantern.clock(),
      values: {},
      ...extra,
    }
  }

  app.get('/referrals/:id', { config: { action: 'referral.read' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    return render(request, reply, 'concerns/views/referral.njk', await referralPage(id))
  })

  app.post('/referrals/:id/decision', { config: { action: 'referral.decide' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const parsed = decisionSchema.safeParse({ ...body, version: Number(body.version) })
    try {
      if (!parsed.success) throw new Invalid(fieldIssues(parsed.error.issues))
      await decideReferral(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid)
        return render(
          request,
          reply,
          'concerns/views/referral.njk',
          await referralPage(id, { values: body, fieldErrors: error.fields }),
          400,
        )
      if (error instanceof Conflict)
        return render(
          request,
          reply,
          'concerns/views/referral.njk',
          await referralPage(id, { values: body, fieldErrors: { decision: error.message } }),
          409,
        )
      throw error
    }
    return reply.redirect(`/referrals/${id}`, 303)
  })

  const api = app.withTypeProvider<ZodTypeProvider>()
  const referralOut = z.object({
    id: z.string(),
    childId: z.string(),
    receivedAt: z.date(),
    decisionDueAt: z.date(),
    overdue: z.boolean(),
    decision: z.string().nullable(),
    version: z.number(),
  })

  api.get(
    '/api/v1/indicators',
    {
      config: { action: 'indicators.list' },
      schema: {
        tags: ['concerns'],
        summary: 'The signs-and-indicators code list',
        response: { 200: z.array(z.object({ code: z.string(), category: z.string(), label: z.string() })) },
      },
    },
    () => indicatorList(),
  )

  api.post(
    '/api/v1/concerns',
    {
      config: { action: 'concerns.record' },
      schema: {
        tags: ['concerns'],
        summary: 'Record a concern about a child; a disclosure is never required',
        body: concernSchema,
        response: { 201: z.object({ id: z.string(), referralId: z.string().nullable() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordConcern(lantern.db, request.actor, request.body, request.ip, lantern.clock())),
  )

  const concernOut = z.object({
    id: z.string(),
    childId: z.string(),
    caseId: z.string().nullable(),
    description: z.string(),
    childWords: z.string().nullable(),
    indicators: z.array(z.string()),
    disclosure: z.string(),
    recordedAt: z.date(),
    recordedBy: z.string(),
    recordedByAgency: z.string(),
    referral: z
      .object({
        id: z.string(),
        decisionDueAt: z.date(),
        decision: z.string().nullable(),
        decidedAt: z.date().nullable(),
      })
      .nullable(),
  })

  api.get(
    '/api/v1/concerns/:id',
    {
      config: { action: 'concern.read' },
      schema: {
        tags: ['concerns'],
        summary:
          'A concern as recorded, and where its referral stands: for the agency that raised it and whoever may read the child',
        params: z.object({ id: z.uuid() }),
        response: { 200: concernOut },
      },
    },
    async request => {
      const c = await getConcern(lantern.db, request.params.id)
      return {
        id: c.id,
        childId: c.childId,
        caseId: c.caseId,
        description: c.description,
        childWords: c.childWords,
        indicators: c.indicators,
        disclosure: c.disclosure,
        recordedAt: c.recordedAt,
        recordedBy: c.recordedBy,
        recordedByAgency: c.recordedByAgency,
        referral:
          c.referralId && c.decisionDueAt
            ? { id: c.referralId, decisionDueAt: c.decisionDueAt, decision: c.decision, decidedAt: c.decidedAt }
            : null,
      }
    },
  )

  api.get(
    '/api/v1/referrals',
    {
      config: { action: 'referrals.list' },
      schema: {
        tags: ['concerns'],
        summary:
          'Referrals awaiting a decision, soonest due first; `limit` and `offset` page through them, and the X-Total-Count header says how many there are',
        querystring: z.strictObject(pageQuery),
        response: { 200: z.array(referralOut.omit({ decision: true, version: true })) },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const [page, total] = await Promise.all([
        awaitingReferrals(lantern.db, request.query),
        countAwaitingReferrals(lantern.db),
      ])
      return reply.header('x-total-count', String(total)).send(
        page.map(r => ({
          id: r.id,
          childId: r.childId,
          receivedAt: r.receivedAt,
          decisionDueAt: r.decisionDueAt,
          overdue: r.decisionDueAt < now,
        })),
      )
    },
  )

  api.get(
    '/api/v1/referrals/:id',
    {
      config: { action: 'referral.read' },
      schema: {
        tags: ['concerns'],
        summary: 'A referral and its decision, with the version to send back when deciding',
        params: z.object({ id: z.uuid() }),
        response: { 200: referralOut },
      },
    },
    async request => {
      const r = await getReferral(lantern.db, request.params.id)
      return {
        id: r.id,
        childId: r.childId,
        receivedAt: r.receivedAt,
        decisionDueAt: r.decisionDueAt,
        overdue: !r.decision && r.decisionDueAt < lantern.clock(),
        decision: r.decision,
        version: r.version,
      }
    },
  )

  api.post(
    '/api/v1/referrals/:id/decision',
    {
      config: { action: 'referral.decide' },
      schema: {
        tags: ['concerns'],
        summary: "The front door's decision, with reasons",
        params: z.object({ id: z.uuid() }),
        body: decisionSchema,
        response: { 200: z.object({ decided: z.boolean() }) },
      },
    },
    async request => {
      await decideReferral(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return { decided: true }
    },
  )
}
