import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { PLAN_KINDS } from '../../kernel/codes/families.ts'
import { confirmationData, confirmationPage, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { ageOn, londonDate as inWords, todayIso } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { ageInWords, getCase } from '../cases/index.ts'
import { actionRows, planAnswers, planForm, reviewAnswers, reviewForm } from './forms.ts'
import { agreeSchema, planOut, planSchema, reviewSchema } from './schema.ts'
import { agreePlan, checkPlan, draftPlan, getPlan, plansWhere, reviewPlan, type PlanView } from './service.ts'
import { newPlanPage, planPage, plansPage, reviewPlanPage } from './views.ts'

type Case = Awaited<ReturnType<typeof getCase>>

const STATUS = { draft: 'Draft', agreed: 'Agreed: in force', ended: 'Ended' } as const

/** Who may own an action: the case team's practitioners and agencies, as the form's choices. */
function ownerChoices(kase: Case) {
  return kase.team.flatMap(t =>
    t.userId
      ? [{ value: `user:${t.userId}`, text: `${t.userName ?? 'A practitioner'}, ${t.userAgencyName ?? ''}` }]
      : t.agencyId
        ? [{ value: `agency:${t.agencyId}`, text: `${t.agencyName ?? 'An agency'} (the agency)` }]
        : [],
  )
}

/** A plan as the pages show it. */
function planLines(p: PlanView) {
  return {
    id: p.id,
    href: urls.plan(p.id),
    kind: PLAN_KINDS[p.kind],
    status: STATUS[p.status],
    starts: inWords(p.startsAt),
    nextReview: p.status === 'ended' ? 'None: the plan has ended' : inWords(p.reviewOn),
    actions: p.actions.map(a => `${a.title}: ${a.ownerName}, by ${inWords(a.dueOn)}`),
    reviews: p.reviews.map(
      r =>
        `${inWords(r.reviewedOn)}, ${r.reviewedBy}: ${r.outcome}${r.continues && r.nextReviewOn ? ` (continues; next review by ${inWords(r.nextReviewOn)})` : ' (the plan ended)'}`,
    ),
  }
}

/** Plans: the case's page of them per child, drafting through check your answers, agreeing, reviewing; and the API. */
export function plansRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/cases/:id/plans',
    {
      config: { action: 'case.plans' },
      schema: { params: idParams, querystring: z.object({ drafted: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const [kase, plans] = await Promise.all([getCase(lantern.db, id), plansWhere(lantern.db, { caseId: id })])
      const today = todayIso(lantern.clock())
      const canDraft = kase.status === 'open' && request.can('plan.form')
      return render(request, reply, plansPage, {
        title: `Plans: ${kase.reference}`,
        kase,
        caseNav: 'plans',
        values: {},
        notice: request.query.drafted ? { text: 'Plan drafted.', success: true } : undefined,
        children: kase.children.map(c => ({
          id: c.id,
          name: `${c.givenName} ${c.familyName}`,
          age: ageInWords(ageOn(c.dateOfBirth, today)),
          dateOfBirth: c.dateOfBirth ? inWords(c.dateOfBirth) : 'Not known',
          newHref: canDraft ? urls.newPlan(kase.id, { childId: c.id }) : undefined,
          plans: plans.filter(p => p.childId === c.id).map(planLines),
        })),
      })
    },
  )

  formPage(app, {
    page: newPlanPage,
    form: planForm,
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.casePlans(kase.id))
      return kase
    },
    get: {
      url: '/cases/:id/plans/new',
      config: { action: 'plan.form' },
      querystring: z.object({ childId: queryText }),
      values: (_request, { query }) => (query.childId ? { childId: query.childId } : {}),
    },
    post: { url: '/cases/:id/plans', config: { action: 'plan.draft' } },
    view: (_request, { context: kase, values }) => ({
      title: 'Draft a plan for a child',
      kase,
      childItems: kase.children.map(c => ({
        value: c.id,
        text: `${c.givenName} ${c.familyName}`,
        checked: values.childId === c.id,
      })),
      kindItems: Object.entries(PLAN_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
      actions: actionRows(values, ownerChoices(kase)),
    }),
    check: async (_request, { params, input }) => {
      const { childName, ownerName } = await lantern.db.transaction().execute(trx => checkPlan(trx, params.id, input))
      return {
        title: 'Check the plan before drafting it',
        answers: planAnswers(childName, input, ownerName),
        outcome:
          'It is saved as a draft and goes on the child’s chronology. Once the plan is agreed, each action becomes a task for its owner.',
        confirm: 'Draft the plan',
      }
    },
    submit: (request, input, { params }) =>
      draftPlan(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.plan(id, { drafted: '1' }),
  })

  routes.get(
    '/plans/:id',
    {
      config: { action: 'plan.read' },
      schema: {
        params: idParams,
        querystring: z.object({ drafted: queryText, agreed: queryText, reviewed: queryText }),
      },
    },
    async (request, reply) => {
      const plan = await getPlan(lantern.db, request.params.id)
      const kase = await getCase(lantern.db, plan.caseId)
      const { drafted, agreed, reviewed } = request.query
      const open = kase.status === 'open'
      return render(request, reply, planPage, {
        title: `${PLAN_KINDS[plan.kind]} for ${plan.childName}`,
        kase,
        caseNav: 'plans',
        values: {},
        notice: agreed
          ? { text: 'Plan agreed. Its actions are now tasks for their owners.', success: true }
          : reviewed
            ? { text: 'Review recorded.', success: true }
            : drafted
              ? { text: 'Plan drafted.', success: true }
              : undefined,
        plan: {
          ...planLines(plan),
          childName: plan.childName,
          summary: plan.summary,
          impact: plan.investigationImpact,
        },
        agreeHref:
          open && plan.status === 'draft' && request.can('plan.agreeForm') ? urls.agreePlan(plan.id) : undefined,
        reviewHref:
          open && plan.status === 'agreed' && request.can('plan.reviewForm') ? urls.reviewPlan(plan.id) : undefined,
        backHref: urls.casePlans(kase.id),
      })
    },
  )

  function agreement(plan: PlanView, kase: Case): Confirmation {
    return {
      title: `Agree this ${PLAN_KINDS[plan.kind].toLowerCase()} for ${plan.childName}?`,
      caption: kase.reference,
      answers: [
        { key: 'Starts', value: inWords(plan.startsAt) },
        { key: 'Review by', value: inWords(plan.reviewOn) },
        { key: 'Actions', value: plan.actions.length ? String(plan.actions.length) : 'None' },
      ],
      happens: [
        'The plan comes into force: its words cannot be changed after this.',
        'Each action becomes a task for its owner.',
        'The child’s chronology says it was agreed, by you, now.',
        'Where a sibling harmed, every child on the case needs a plan, and the child who harmed a harmful sexual behaviour plan, before any is agreed (SG-10).',
      ],
      action: urls.agreePlan(plan.id),
      button: 'Agree the plan',
      back: { href: urls.plan(plan.id), text: 'No, go back to the plan' },
      carry: { version: String(plan.version) },
    }
  }

  formPage(app, {
    page: confirmationPage,
    form: {
      fields: ['version'],
      schema: z.strictObject({ version: z.coerce.number().int().positive('Send the version you read') }),
      toInput: ({ version }: { version: number }) => ({ version }),
      conflict: { field: 'version' },
      read: ({ confirmed: _marker, ...rest }) => rest,
    },
    params: idParams,
    load: async (_request, { params }) => {
      const plan = await getPlan(lantern.db, params.id)
      if (plan.status !== 'draft') return seeOther(urls.plan(plan.id))
      return { plan, kase: await getCase(lantern.db, plan.caseId) }
    },
    get: { url: '/plans/:id/agree', config: { action: 'plan.agreeForm' } },
    post: { url: '/plans/:id/agree', config: { action: 'plan.agree' } },
    view: (_request, { context: { plan, kase } }) => confirmationData(agreement(plan, kase)),
    submit: (request, { version }, { params, context: { plan, kase }, values }) =>
      confirmFirst(
        values,
        () => agreement(plan, kase),
        () => agreePlan(lantern.db, request.actor, params.id, version, request.ip, lantern.clock()),
      ),
    redirect: (_result, { id }) => urls.plan(id, { agreed: '1' }),
  })

  formPage(app, {
    page: reviewPlanPage,
    form: reviewForm,
    params: idParams,
    load: async (_request, { params }) => {
      const plan = await getPlan(lantern.db, params.id)
      if (plan.status !== 'agreed') return seeOther(urls.plan(plan.id))
      return { plan, kase: await getCase(lantern.db, plan.caseId) }
    },
    get: {
      url: '/plans/:id/review',
      config: { action: 'plan.reviewForm' },
      values: (_request, { context: { plan } }) => ({ version: String(plan.version) }),
    },
    post: { url: '/plans/:id/review', config: { action: 'plan.review' } },
    view: (_request, { context: { plan, kase } }) => ({
      title: `Review the ${PLAN_KINDS[plan.kind].toLowerCase()} for ${plan.childName}`,
      kase,
      planHref: urls.plan(plan.id),
      action: urls.reviewPlan(plan.id),
      starts: inWords(plan.startsAt),
    }),
    check: (_request, { input }) => ({
      title: 'Check the review before recording it',
      answers: reviewAnswers(input),
      outcome: input.continues
        ? 'It goes on the child’s chronology, and the plan continues to its next review.'
        : 'It goes on the child’s chronology, and the plan ends.',
      confirm: 'Record the review',
    }),
    submit: (request, input, { params }) =>
      reviewPlan(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.plan(id, { reviewed: '1' }),
  })

  // The API: the same functions, JSON in and out.
  const caseParams = z.object({ id: z.uuid() })
  const tags = ['plans']

  routes.post(
    '/api/v1/cases/:id/plans',
    {
      config: { action: 'plan.draft' },
      schema: {
        tags,
        summary:
          'Draft a plan for a child of the case, with its actions and owners; a support plan says what the end of an investigation meant for the child',
        params: caseParams,
        body: planSchema,
        response: { 201: planOut },
      },
    },
    async (request, reply) => {
      const { id } = await draftPlan(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply
        .code(201)
        .header('location', `/api/v1/plans/${id}`)
        .send(await getPlan(lantern.db, id))
    },
  )

  routes.get(
    '/api/v1/cases/:id/plans',
    {
      config: { action: 'case.plans' },
      schema: {
        tags,
        summary: 'The plans of a case, newest first, each with its actions and reviews',
        params: caseParams,
        response: { 200: z.array(planOut) },
      },
    },
    async request => plansWhere(lantern.db, { caseId: request.params.id }),
  )

  routes.get(
    '/api/v1/plans/:id',
    {
      config: { action: 'plan.read' },
      schema: { tags, summary: 'A plan, with its actions and reviews', params: caseParams, response: { 200: planOut } },
    },
    async request => getPlan(lantern.db, request.params.id),
  )

  routes.post(
    '/api/v1/plans/:id/agree',
    {
      config: { action: 'plan.agree' },
      schema: {
        tags,
        summary:
          'Agree a draft plan: it comes into force and its actions become tasks for their owners. Refused while a sibling harmed and a child has no plan (SG-10)',
        params: caseParams,
        body: agreeSchema,
        response: { 200: planOut },
      },
    },
    async request => {
      await agreePlan(lantern.db, request.actor, request.params.id, request.body.version, request.ip, lantern.clock())
      return getPlan(lantern.db, request.params.id)
    },
  )

  routes.post(
    '/api/v1/plans/:id/review',
    {
      config: { action: 'plan.review' },
      schema: {
        tags,
        summary: 'Review a plan in force: the outcome, and the next review date, or `continues: false` to end it',
        params: caseParams,
        body: reviewSchema,
        response: { 200: planOut },
      },
    },
    async request => {
      await reviewPlan(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return getPlan(lantern.db, request.params.id)
    },
  )
}
