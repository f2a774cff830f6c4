import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { pageQuery } from '../../web/api-contract.ts'
import { checkedItems, choicesOf } from '../../web/choices.ts'
import { londonDateTime, londonDue, sentence } from '../../web/dates.ts'
import { formPage, seeOther, type PageOf } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { DECISIONS, DECISIONS_THAT_OPEN_CASES, DISCLOSURES } from '../../kernel/codes/concerns.ts'
import { caseReference, leadChoices, openCaseForReferral, rightChild } from '../cases/index.ts'
import { INDICATOR_CATEGORIES, INDICATORS, indicatorList } from './indicators.ts'
import { concernAnswers, concernForm, decisionAnswers, decisionForm } from './forms.ts'
import { addsUpPrompt, concernsAbout } from './record.ts'
import { concernSchema, decisionSchema } from './schema.ts'
import {
  awaitingReferrals,
  countAwaitingReferrals,
  decideReferral,
  getConcern,
  getReferral,
  recordConcern,
  standingToConcern,
} from './service.ts'
import {
  concernPage,
  frontDoorPage,
  newConcernPage,
  referralPage,
  type ConcernChild,
  type ReferralPage,
} from './views.ts'

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

/** One concern as the API answers it: with the front door's reasons, for those who may read them. */
const oneConcernOut = concernOut.extend({
  referral: concernOut.shape.referral.unwrap().extend({ rationale: z.string().nullable() }).nullable(),
})

/** A concern as the API answers it, alone or in a child's list. */
function concernBody(c: {
  id: string
  childId: string
  caseId: string | null
  description: string
  childWords: string | null
  indicators: string[]
  disclosure: string
  recordedAt: Date
  recordedBy: string
  recordedByAgency: string
  referralId: string | null
  decisionDueAt: Date | null
  decision: string | null
  decidedAt: Date | null
}): z.infer<typeof concernOut> {
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
}

/** Recording a worry about a child, and the front door's decisions on referrals. */
export function concernsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  const indicatorGroups = Object.entries(INDICATOR_CATEGORIES).map(([prefix, title]) => ({
    prefix,
    title,
    choices: Object.entries(INDICATORS)
      .filter(([code]) => code.startsWith(`${prefix}-`))
      .map(([value, text]) => ({ value, text })),
  }))
  const disclosureItems = choicesOf(DISCLOSURES)
  const decisionItems = choicesOf(DECISIONS)

  async function childFor(childId: unknown): Promise<ConcernChild | undefined> {
    return isUuid(childId)
      ? lantern.db
          .selectFrom('personDirectory')
          .select(['personId as id', 'givenName', 'familyName', 'dateOfBirth'])
          .where('personId', '=', childId)
          .executeTakeFirst()
      : undefined
  }

  // On the GET the authorising hook has found the child named by ?childId= (404 if there is none) and audits
  // the read; on the POST the child is named in the form.
  formPage(app, {
    page: newConcernPage,
    form: concernForm,
    load: async (_request, { query, values }) => {
      const childId = query ? query.childId : values.childId
      const child = await childFor(childId)
      if (child) return child
      if (query || childId) throw new NotFound('child')
      return seeOther(urls.people())
    },
    get: {
      url: '/concerns/new',
      config: { action: 'concerns.form' },
      querystring: z.object({ childId: queryText }),
      // Nothing is pre-answered (issue 11): whether the child told anyone, and whether to refer, are asked.
      values: () => ({ indicators: [] }),
    },
    post: { url: '/concerns', config: { action: 'concerns.record' } },
    view: (_request, { context: child, values }) => ({
      title: `Record a concern about ${child.givenName} ${child.familyName}`,
      child,
      groups: indicatorGroups.map(({ choices, ...group }) => ({
        ...group,
        items: checkedItems(choices, values.indicators),
      })),
      disclosureItems,
    }),
    // Nothing is recorded until the practitioner has seen the child's facts and their answers in words.
    check: async (request, { context: child, input }) => ({
      title: 'Check your answers before recording the concern',
      subject: (await rightChild(request, child.id, 'concern')).subject,
      answers: concernAnswers(input),
      outcome: input.referToChildrensSocialCare
        ? "It goes to children's social care's front door, who decide what happens next within one working day."
        : "It is recorded without a referral to children's social care.",
      confirm: 'Record the concern',
    }),
    submit: (request, concern) => recordConcern(lantern.db, request.actor, concern, request.ip, lantern.clock()),
    // Redirected, so refreshing the page that says it was recorded cannot record it (and its referral) twice.
    redirect: ({ id }) => urls.concern(id, { recorded: '1' }),
  })

  pages.get(
    '/concerns/:id',
    {
      config: { action: 'concern.read' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText }) },
    },
    async (request, reply) => {
      const [concern, standing] = await Promise.all([
        getConcern(lantern.db, request.params.id),
        standingToConcern(lantern.db, request.actor, request.params.id, lantern.clock()),
      ])
      const recorded = request.query.recorded === '1'
      return render(request, reply, concernPage, {
        title: recorded ? 'Concern recorded' : `Concern about ${concern.givenName} ${concern.familyName}`,
        recorded,
        concern,
        reasons: standing.reasons,
        // The case it is on, for those who work it (or read it by break-glass): back to its chronology.
        onCase:
          standing.reasons && concern.caseId
            ? { id: concern.caseId, reference: (await caseReference(lantern.db, concern.caseId)) ?? '' }
            : undefined,
        when: {
          recorded: londonDateTime(concern.recordedAt),
          // Until it is decided, how near the deadline is; once it is, when it was.
          due:
            concern.decisionDueAt &&
            (concern.decision
              ? londonDateTime(concern.decisionDueAt)
              : londonDue(concern.decisionDueAt, lantern.clock())),
          decided: concern.decidedAt && londonDateTime(concern.decidedAt),
        },
        indicatorNames: INDICATORS,
        disclosureNames: DISCLOSURES,
        decisionNames: DECISIONS,
        overdue: !concern.decision && concern.decisionDueAt !== null && concern.decisionDueAt < lantern.clock(),
      })
    },
  )

  app.get('/front-door', { config: { action: 'referrals.list' } }, async (request, reply) => {
    const now = lantern.clock()
    const referrals = (await awaitingReferrals(lantern.db)).map(r => ({
      ...r,
      overdue: r.decisionDueAt < now,
      received: londonDateTime(r.receivedAt),
      due: sentence(londonDue(r.decisionDueAt, now)),
    }))
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
    return render(request, reply, frontDoorPage, { title: 'Referrals awaiting a decision', referrals })
  })

  /** The referral, and the front door's decision on it (the form, until it is made). */
  async function referralView(
    request: FastifyRequest,
    id: string,
    values: Record<string, unknown> = {},
  ): Promise<PageOf<ReferralPage>> {
    const referral = await getReferral(lantern.db, id)
    const now = lantern.clock()
    // Until it is decided: the child's open case the work would go on, or else whom the front door may make lead.
    const openCase = referral.decision ? undefined : await openCaseForReferral(lantern.db, referral.childId)
    const leads = referral.decision || openCase ? [] : await leadChoices(lantern.db)
    return {
      caseReference: referral.caseId ? await caseReference(lantern.db, referral.caseId) : undefined,
      openCase,
      leadItems: leads.length
        ? [
            { value: '', text: 'Select the lead practitioner', selected: false },
            ...leads.map(p => ({
              value: p.id,
              text: `${p.displayName}, ${p.agencyName}`,
              selected: p.id === values.leadUserId,
            })),
          ]
        : [],
      title: `Referral about ${referral.givenName} ${referral.familyName}`,
      referral,
      decisionItems,
      indicatorNames: INDICATORS,
      disclosureNames: DISCLOSURES,
      decisionNames: DECISIONS,
      overdue: !referral.decision && referral.decisionDueAt < now,
      when: {
        received: londonDateTime(referral.receivedAt),
        due: referral.decision
          ? londonDateTime(referral.decisionDueAt)
          : sentence(londonDue(referral.decisionDueAt, now)),
        decided: referral.decidedAt && londonDateTime(referral.decidedAt),
      },
      prompt: await addsUpPrompt(lantern.db, request.actor, referral.childId, now),
    }
  }

  pages.get(
    '/referrals/:id',
    { config: { action: 'referral.read' }, schema: { params: idParams } },
    async (request, reply) =>
      render(request, reply, referralPage, { ...(await referralView(request, request.params.id)), values: {} }),
  )

  formPage(app, {
    page: referralPage,
    form: decisionForm,
    params: idParams,
    post: { url: '/referrals/:id/decision', config: { action: 'referral.decide' } },
    // After someone else's decision the page shows it, with what this user chose kept.
    view: (request, { params, values }) => referralView(request, params.id, values),
    // Nothing is decided until the front door has seen the child's facts and what the decision will do.
    check: async (request, { params, input }) => {
      const referral = await getReferral(lantern.db, params.id)
      const openCase = await openCaseForReferral(lantern.db, referral.childId)
      const opens = (DECISIONS_THAT_OPEN_CASES as readonly string[]).includes(input.decision)
      const lead = opens && !openCase ? (await leadChoices(lantern.db)).find(p => p.id === input.leadUserId) : undefined
      // As deciding would refuse it (caseFromReferral): a new case needs its lead; the child's open case has one.
      if (opens && !openCase && !lead)
        throw new Invalid({ leadUserId: 'Choose the lead practitioner: a social worker or team manager' })
      if (openCase && input.leadUserId !== undefined)
        throw new Invalid({
          leadUserId: `This child is on the open case ${openCase.reference}, led by ${openCase.leadName}: the work goes on it`,
        })
      const name = `${referral.givenName} ${referral.familyName}`
      return {
        title: 'Check your answers before recording the decision',
        subject: (await rightChild(request, referral.childId, 'referral')).subject,
        answers: decisionAnswers(input, lead && `${lead.displayName}, ${lead.agencyName}`),
        outcome: !opens
          ? `This decides the referral about ${name}; the practitioner who raised it is told the decision.`
          : openCase
            ? `The work and the concern go on the open case ${openCase.reference}, led by ${openCase.leadName}.`
            : `This opens a case about ${name}, with the concern on it, led by ${lead?.displayName ?? ''}.`,
        confirm: 'Record the decision',
      }
    },
    submit: (request, decision, { params }) =>
      decideReferral(lantern.db, request.actor, params.id, decision, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.referral(id),
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

  api.get(
    '/api/v1/concerns/:id',
    {
      config: { action: 'concern.read' },
      schema: {
        tags: ['concerns'],
        summary:
          'A concern as recorded, and where its referral stands: for the agency that raised it and whoever may read the child',
        params: z.object({ id: z.uuid() }),
        response: { 200: oneConcernOut },
      },
    },
    async request => {
      const [concern, { reasons }] = await Promise.all([
        getConcern(lantern.db, request.params.id),
        standingToConcern(lantern.db, request.actor, request.params.id, lantern.clock()),
      ])
      const body = concernBody(concern)
      return {
        ...body,
        referral: body.referral && { ...body.referral, rationale: reasons ? concern.rationale : null },
      }
    },
  )

  api.get(
    '/api/v1/people/:id/concerns',
    {
      config: { action: 'person.concerns' },
      schema: {
        tags: ['people'],
        summary:
          'Every concern about a person, on a case or on none, newest first, each with its referral and the ' +
          "front door's decision: for whoever may read the person",
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(concernOut) },
      },
    },
    async request => (await concernsAbout(lantern.db, request.params.id)).map(concernBody),
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
        response: {
          200: z.object({
            decided: z.boolean(),
            /** The case the decision's work goes on: opened by it (caseOpened), or the child's open case. */
            caseId: z.string().nullable(),
            caseOpened: z.boolean(),
          }),
        },
      },
    },
    async request => {
      const worked = await decideReferral(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return { decided: true, ...worked }
    },
  )
}
