import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { APPROVAL_KINDS } from '../../kernel/codes/families.ts'
import { Forbidden } from '../../kernel/errors.ts'
import { londonDateTime } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getCase } from '../cases/index.ts'
import { askAnswers, askForm, decideForm } from './forms.ts'
import { approvalOut, askSchema, decideSchema, listQuery } from './schema.ts'
import {
  askApproval,
  checkAsk,
  decideApproval,
  getApproval,
  listApprovals,
  NOT_YOUR_OWN,
  type ApprovalView,
  type Decision,
} from './service.ts'
import { approvalPage, approvalsPage, decideApprovalPage, newApprovalPage, type ApprovalRow } from './views.ts'

const STATUS_NAMES = { pending: 'Waiting for a decision', approved: 'Approved', returned: 'Returned' } as const

const row = (a: ApprovalView): ApprovalRow => ({
  ...a,
  kindName: APPROVAL_KINDS[a.kind],
  statusName: STATUS_NAMES[a.status],
  askedOn: londonDateTime(new Date(a.askedAt)),
  decidedOn: a.decidedAt ? londonDateTime(new Date(a.decidedAt)) : '',
})

/** Manager approvals: a team manager's list, one approval with its decision forms, asking for one, and the API. */
export function approvalsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get('/approvals', { config: { action: 'approvals.list' } }, async (request, reply) => {
    const { total, approvals } = await listApprovals(
      lantern.db,
      request.actor,
      { limit: 200, offset: 0 },
      lantern.clock(),
    )
    return render(request, reply, approvalsPage, {
      title: 'Approvals',
      approvals: approvals.map(row),
      total,
      shown: approvals.length,
    })
  })

  routes.get(
    '/approvals/:id',
    { config: { action: 'approval.read' }, schema: { params: idParams, querystring: z.object({ done: queryText }) } },
    async (request, reply) => {
      const approval = await getApproval(lantern.db, request.actor, request.params.id, lantern.clock())
      const pending = approval.status === 'pending'
      const mine = approval.askedByUserId === request.actor.userId
      const done = request.query.done
      return render(request, reply, approvalPage, {
        title: `Approval: ${APPROVAL_KINDS[approval.kind]}`,
        approval: row(approval),
        canDecide: pending && !mine && request.can('approval.decideForm'),
        askedByReader: pending && mine,
        notice:
          done === 'asked'
            ? { text: 'Your request was sent to the team managers on the case.', success: true }
            : done === 'approved' || done === 'returned'
              ? { text: `You ${done} the request. The one who asked has been told.`, success: true }
              : undefined,
      })
    },
  )

  formPage(app, {
    page: newApprovalPage,
    form: askForm,
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.case(kase.id))
      return kase
    },
    get: {
      url: '/cases/:id/approvals/new',
      config: { action: 'approval.askForm' },
      querystring: z.object({ kind: queryText, childId: queryText }),
      values: (_request, { query }) => ({ kind: query.kind ?? 'no_support_plan', childId: query.childId ?? '' }),
    },
    post: { url: '/cases/:id/approvals', config: { action: 'approval.ask' } },
    view: (_request, { context: kase, values }) => ({
      title: 'Ask a team manager to approve',
      kase,
      kindItems: Object.entries(APPROVAL_KINDS).map(([value, text]) => ({
        value,
        text,
        checked: values.kind === value,
      })),
      childItems: kase.children.map(c => ({
        value: c.id,
        text: `${c.givenName} ${c.familyName}`,
        checked: values.childId === c.id,
      })),
    }),
    check: async (_request, { params, input }) => {
      const { childName } = await checkAsk(lantern.db, params.id, input)
      return {
        title: 'Check your answers before asking a team manager',
        answers: askAnswers(childName, input),
        outcome:
          'The team managers on the case team are told. A team manager other than you approves or returns it with a reason.',
        confirm: 'Ask for approval',
      }
    },
    submit: (request, input, { params }) =>
      askApproval(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: result => urls.approval(result.id, { done: 'asked' }),
  })

  const decisionPage = (decision: Decision) => {
    const verb: 'approve' | 'return' = decision === 'approved' ? 'approve' : 'return'
    formPage(app, {
      page: decideApprovalPage,
      form: decideForm,
      params: idParams,
      load: async (request: FastifyRequest, { params }) => {
        const approval = await getApproval(lantern.db, request.actor, params.id, lantern.clock())
        if (approval.status !== 'pending') return seeOther(urls.approval(approval.id))
        if (approval.askedByUserId === request.actor.userId) throw new Forbidden('forbidden', NOT_YOUR_OWN)
        return approval
      },
      get: { url: `/approvals/:id/${verb}`, config: { action: 'approval.decideForm' } },
      post: { url: `/approvals/:id/${verb}`, config: { action: `approval.${verb}` } },
      view: (_request, { context }) => ({
        title: decision === 'approved' ? 'Approve the request' : 'Return the request',
        approval: row(context),
        decision: verb,
      }),
      check: (_request, { context, input }) => ({
        title: `Check your answers before you ${verb} the request`,
        answers: [
          { key: 'Case', value: context.caseReference },
          { key: 'Asked for', value: APPROVAL_KINDS[context.kind] },
          { key: 'Child', value: context.childName ?? 'The whole case' },
          { key: 'Your decision', value: decision === 'approved' ? 'Approve' : 'Return' },
          { key: 'Reason for your decision', value: input.reason, field: 'reason' },
        ],
        outcome: `The decision is recorded on the case and cannot be changed; ${context.askedByName} is told.`,
        confirm: decision === 'approved' ? 'Approve the request' : 'Return the request',
      }),
      submit: (request, input, { params }) =>
        decideApproval(lantern.db, request.actor, params.id, decision, input, request.ip, lantern.clock()),
      redirect: result => urls.approval(result.id, { done: decision }),
    })
  }
  decisionPage('approved')
  decisionPage('returned')

  const params = z.object({ id: z.uuid() })

  routes.post(
    '/api/v1/cases/:id/approvals',
    {
      config: { action: 'approval.ask' },
      schema: {
        tags: ['approvals'],
        summary:
          'Ask a team manager to approve (no support plan is needed for a child): one request of a kind per child waits at a time',
        params,
        body: askSchema,
        response: { 201: approvalOut },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const { id } = await askApproval(lantern.db, request.actor, request.params.id, request.body, request.ip, now)
      return reply.code(201).send(await getApproval(lantern.db, request.actor, id, now))
    },
  )

  routes.get(
    '/api/v1/approvals',
    {
      config: { action: 'approvals.list' },
      schema: {
        tags: ['approvals'],
        summary:
          'A team manager’s approvals on the cases they may read, pending first, then newest first; `limit` and `offset` page, X-Total-Count says how many',
        querystring: listQuery,
        response: { 200: z.array(approvalOut) },
      },
    },
    async (request, reply) => {
      const { total, approvals } = await listApprovals(lantern.db, request.actor, request.query, lantern.clock())
      return reply.header('x-total-count', String(total)).send(approvals)
    },
  )

  routes.get(
    '/api/v1/approvals/:id',
    {
      config: { action: 'approval.read' },
      schema: { tags: ['approvals'], summary: 'One approval and its decision', params, response: { 200: approvalOut } },
    },
    async request => getApproval(lantern.db, request.actor, request.params.id, lantern.clock()),
  )

  for (const decision of ['approved', 'returned'] as const) {
    const verb: 'approve' | 'return' = decision === 'approved' ? 'approve' : 'return'
    routes.post(
      `/api/v1/approvals/:id/${verb}`,
      {
        config: { action: `approval.${verb}` },
        schema: {
          tags: ['approvals'],
          summary: `${decision === 'approved' ? 'Approve' : 'Return'} a pending request with a reason (a team manager, never the one who asked; once only)`,
          params,
          body: decideSchema,
          response: { 200: approvalOut },
        },
      },
      async request => {
        const now = lantern.clock()
        await decideApproval(lantern.db, request.actor, request.params.id, decision, request.body, request.ip, now)
        return getApproval(lantern.db, request.actor, request.params.id, now)
      },
    )
  }
}
