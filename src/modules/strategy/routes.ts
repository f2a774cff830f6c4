import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { STRATEGY_DECISIONS } from '../../kernel/codes/strategy.ts'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { checkedItems, choicesOf } from '../../web/choices.ts'
import { confirmationData, confirmationPage, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { londonDate, londonDateTime } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render, type FormValues } from '../../web/render.ts'
import { getCase } from '../cases/index.ts'
import { listAgencies } from '../directory/index.ts'
import { completeForm, DECISION_FIELDS, rowCounts, strategyAnswers, strategyForm } from './forms.ts'
import { completeSchema, strategySchema, type StrategyInput } from './schema.ts'
import {
  actionOwners,
  completeStrategyDiscussion,
  discussions,
  getDiscussion,
  recordStrategyDiscussion,
  type DiscussionView,
} from './service.ts'
import { discussionPage, discussionsPage, newDiscussionPage, type NewDiscussionPage } from './views.ts'

export const strategyUrls = {
  list: (caseId: string, query = '') => `/cases/${caseId}/strategy-discussions${query}`,
  form: (caseId: string) => `/cases/${caseId}/strategy-discussions/new`,
  one: (id: string, query = '') => `/strategy-discussions/${id}${query}`,
  complete: (id: string) => `/strategy-discussions/${id}/complete`,
}

const discussionOut = z.object({
  id: z.string(),
  caseId: z.string(),
  heldAt: z.date(),
  childIds: z.array(z.string()),
  categories: z.array(z.string()),
  attendees: z.array(
    z.object({ name: z.string(), agencyKind: z.string(), role: z.string(), csaClinicalExperience: z.boolean() }),
  ),
  healthConsultation: z.object({ name: z.string(), role: z.string(), at: z.date(), advice: z.string() }).nullable(),
  informationShared: z.string(),
  decisions: z.object({
    section47: z.boolean(),
    policeInvestigation: z.boolean(),
    abeInterview: z.boolean(),
    healthAssessment: z.boolean(),
    immediateProtection: z.boolean(),
  }),
  rationale: z.string(),
  actions: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      childId: z.string().nullable(),
      ownerUserId: z.string().nullable(),
      ownerAgencyId: z.string().nullable(),
      dueOn: z.string(),
    }),
  ),
  status: z.enum(['draft', 'completed']),
  completedAt: z.date().nullable(),
  recordedAt: z.date(),
  recordedBy: z.string(),
  recordedByAgency: z.string(),
  version: z.number(),
})

function discussionBody(d: DiscussionView): z.infer<typeof discussionOut> {
  return { ...d, actions: d.actions.map(({ ownerName: _name, ...a }) => a) }
}

type Case = Awaited<ReturnType<typeof getCase>>
const childName = (kase: Case) => (id: string) => {
  const c = kase.children.find(x => x.id === id)
  return c ? `${c.givenName} ${c.familyName}` : 'A child no longer on the case'
}

/** The discussion as a page shows it: names for the codes, the children and the owners. */
function shown(d: DiscussionView, kase: Case) {
  const child = childName(kase)
  return {
    ...d,
    children: d.childIds.map(child),
    categoryNames: d.categories.map(k => ABUSE_CATEGORIES[k]),
    attendees: d.attendees.map(a => ({ ...a, agency: AGENCY_KINDS[a.agencyKind] })),
    decisionRows: DECISION_FIELDS.map(k => ({
      question: STRATEGY_DECISIONS[k],
      answer: d.decisions[k] ? 'Yes' : 'No',
    })),
    actions: d.actions.map(a => ({ ...a, child: a.childId ? child(a.childId) : '' })),
  }
}

export type ShownDiscussion = ReturnType<typeof shown>

/** Strategy discussions: on a case, one by one, recorded through check your answers, completed by confirmation. */
export function strategyRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()
  const now = () => lantern.clock()

  routes.get(
    '/cases/:id/strategy-discussions',
    {
      config: { action: 'strategy.list' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText }) },
    },
    async (request, reply) => {
      const kase = await getCase(lantern.db, request.params.id)
      const found = await discussions(lantern.db, { caseId: kase.id })
      return render(request, reply, discussionsPage, {
        title: `Strategy discussions: ${kase.reference}`,
        caseNav: 'strategy',
        kase,
        discussions: found.map(d => shown(d, kase)),
        canRecord: kase.status === 'open' && request.can('strategy.form'),
        formUrl: strategyUrls.form(kase.id),
      })
    },
  )

  routes.get(
    '/strategy-discussions/:id',
    {
      config: { action: 'strategy.read' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText, completed: queryText }) },
    },
    async (request, reply) => {
      const d = await getDiscussion(lantern.db, request.params.id)
      const kase = await getCase(lantern.db, d.caseId)
      const { recorded, completed } = request.query
      return render(request, reply, discussionPage, {
        title: `Strategy discussion on ${londonDate(d.heldAt)}: ${kase.reference}`,
        caseNav: 'strategy',
        kase,
        discussion: shown(d, kase),
        notice: completed
          ? { text: 'Strategy discussion completed.', success: true }
          : recorded
            ? { text: 'Strategy discussion recorded.', success: true }
            : undefined,
        canComplete: d.status === 'draft' && kase.status === 'open' && request.can('strategy.completeForm'),
        completeUrl: strategyUrls.complete(d.id),
        listUrl: strategyUrls.list(kase.id),
      })
    },
  )

  // The form's choices: the case's children, the abuse categories, agency kinds, and owners for actions.
  async function formView(request: FastifyRequest, kase: Case, values: FormValues) {
    const body = request.body as Record<string, unknown> | undefined
    const rows = rowCounts(values, typeof body?.change === 'string' ? body.change : undefined)
    const [people, agencies] = await Promise.all([actionOwners(lantern.db), listAgencies(lantern.db)])
    return {
      title: `Record a strategy discussion: ${kase.reference}`,
      kase,
      action: strategyUrls.form(kase.id),
      back: strategyUrls.list(kase.id),
      attendeeRows: Array.from({ length: rows.attendees }, (_v, i) => i + 1),
      actionRows: Array.from({ length: rows.actions }, (_v, i) => i + 1),
      childItems: checkedItems(
        kase.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}` })),
        values.childIds,
      ),
      categoryItems: checkedItems(choicesOf(ABUSE_CATEGORIES), values.categories),
      agencyKindItems: [{ value: '', text: 'Choose an agency' }, ...choicesOf(AGENCY_KINDS)],
      actionChildItems: [
        { value: '', text: 'The whole family' },
        ...kase.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}` })),
      ],
      ownerItems: [
        { value: '', text: 'Choose who owns it' },
        ...agencies.map(a => ({ value: `agency:${a.id}`, text: `${a.name} (the agency)` })),
        ...people.map(p => ({ value: `user:${p.id}`, text: `${p.displayName}, ${p.agencyName}` })),
      ],
      decisions: DECISION_FIELDS.map(name => ({ name, question: STRATEGY_DECISIONS[name] })),
    }
  }

  formPage(app, {
    page: newDiscussionPage,
    form: strategyForm(now),
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      return kase.status === 'open' ? kase : seeOther(strategyUrls.list(kase.id))
    },
    get: { url: '/cases/:id/strategy-discussions/new', config: { action: 'strategy.form' } },
    post: { url: '/cases/:id/strategy-discussions/new', config: { action: 'strategy.record' } },
    view: (request, { context, values }): Promise<Omit<NewDiscussionPage, 'values' | 'errors'>> =>
      formView(request, context, values),
    check: async (_request, { context: kase, input }) => {
      const [people, agencies] = await Promise.all([actionOwners(lantern.db), listAgencies(lantern.db)])
      const owner = (a: StrategyInput['actions'][number]) =>
        a.ownerUserId
          ? (people.find(p => p.id === a.ownerUserId)?.displayName ?? 'A practitioner')
          : (agencies.find(g => g.id === a.ownerAgencyId)?.name ?? 'An agency')
      return {
        title: 'Check the strategy discussion before recording it',
        answers: strategyAnswers(input, {
          child: childName(kase),
          owner,
          when: londonDateTime,
          day: londonDate,
        }),
        outcome: input.complete
          ? 'The record will be final: nobody can change it after this. Each action becomes a task for its owner.'
          : 'The record will be a draft, to be completed later. Each action becomes a task for its owner now.',
        confirm: input.complete ? 'Record and complete the discussion' : 'Record the discussion as a draft',
      }
    },
    submit: (request, input, { params }) =>
      recordStrategyDiscussion(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => strategyUrls.one(id, '?recorded=1'),
  })

  function completion(d: DiscussionView, kase: Case): Confirmation {
    return {
      title: 'Complete this strategy discussion?',
      caption: kase.reference,
      answers: [
        { key: 'Held', value: londonDateTime(d.heldAt) },
        { key: 'Abuse suspected', value: d.categories.map(k => ABUSE_CATEGORIES[k]).join(', ') },
        { key: 'Attendees', value: d.attendees.map(a => `${a.name}, ${a.role}`).join('\n') },
      ],
      happens: [
        'The record becomes final: nobody can change it after this.',
        'The case’s chronology says it was completed, by you, now.',
        ...(d.categories.includes('SAB')
          ? [
              'It is about sexual abuse, so it can be completed only if a health professional with clinical experience of child sexual abuse attended or was consulted (SG-06).',
            ]
          : []),
      ],
      action: strategyUrls.complete(d.id),
      button: 'Complete the discussion',
      back: { href: strategyUrls.one(d.id), text: 'No, go back to the discussion' },
      carry: { version: String(d.version) },
    }
  }

  formPage(app, {
    page: confirmationPage,
    form: {
      ...completeForm,
      read: ({ confirmed: _marker, ...rest }) => rest,
    },
    params: idParams,
    load: async (_request, { params }) => {
      const d = await getDiscussion(lantern.db, params.id)
      if (d.status === 'completed') return seeOther(strategyUrls.one(d.id))
      return { d, kase: await getCase(lantern.db, d.caseId) }
    },
    get: { url: '/strategy-discussions/:id/complete', config: { action: 'strategy.completeForm' } },
    post: { url: '/strategy-discussions/:id/complete', config: { action: 'strategy.complete' } },
    view: (_request, { context: { d, kase } }) => confirmationData(completion(d, kase)),
    submit: (request, { version }, { params, context: { d, kase }, values }) =>
      confirmFirst(
        values,
        () => completion(d, kase),
        () => completeStrategyDiscussion(lantern.db, request.actor, params.id, version, request.ip, lantern.clock()),
      ),
    redirect: (_result, { id }) => strategyUrls.one(id, '?completed=1'),
  })

  // The API: the same functions, JSON in and out.
  routes.post(
    '/api/v1/cases/:id/strategy-discussions',
    {
      config: { action: 'strategy.record' },
      schema: {
        tags: ['strategy'],
        summary:
          'Record a strategy discussion on a case, as a draft or completed; each action becomes a task for its owner. ' +
          'Completing one about sexual abuse needs health expertise (SG-06)',
        params: z.object({ id: z.uuid() }),
        body: strategySchema(now),
        response: { 201: discussionOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordStrategyDiscussion(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply
        .code(201)
        .header('location', `/api/v1/strategy-discussions/${id}`)
        .send(discussionBody(await getDiscussion(lantern.db, id)))
    },
  )

  routes.get(
    '/api/v1/cases/:id/strategy-discussions',
    {
      config: { action: 'strategy.list' },
      schema: {
        tags: ['strategy'],
        summary: 'The strategy discussions on a case, most recently held first',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(discussionOut) },
      },
    },
    async request => (await discussions(lantern.db, { caseId: request.params.id })).map(discussionBody),
  )

  routes.get(
    '/api/v1/strategy-discussions/:id',
    {
      config: { action: 'strategy.read' },
      schema: {
        tags: ['strategy'],
        summary: 'A strategy discussion, with the version to send back when completing it',
        params: z.object({ id: z.uuid() }),
        response: { 200: discussionOut },
      },
    },
    async request => discussionBody(await getDiscussion(lantern.db, request.params.id)),
  )

  routes.post(
    '/api/v1/strategy-discussions/:id/complete',
    {
      config: { action: 'strategy.complete' },
      schema: {
        tags: ['strategy'],
        summary: 'Complete a draft at the version read: 409 if it is already completed or has changed since',
        params: z.object({ id: z.uuid() }),
        body: completeSchema,
        response: { 200: discussionOut },
      },
    },
    async request => {
      await completeStrategyDiscussion(
        lantern.db,
        request.actor,
        request.params.id,
        request.body.version,
        request.ip,
        lantern.clock(),
      )
      return discussionBody(await getDiscussion(lantern.db, request.params.id))
    },
  )
}
