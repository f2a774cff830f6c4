import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { AGENCY_KINDS } from '../../kernel/roles.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { formList } from '../../web/forms.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getCase } from '../cases/index.ts'
import { attendeeRows, conclusionAnswers, conclusionForm } from './forms.ts'
import { conclusionOut, conclusionSchema } from './schema.ts'
import { checkConclusion, conclusionsOfCase, recordConclusion } from './service.ts'
import { conclusionsPage, newConclusionPage } from './views.ts'

/** Conclusion discussions: the case's page of them, the form that records one, and the API. */
export function conclusionsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/cases/:id/conclusion-discussions',
    {
      config: { action: 'case.conclusions' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const [kase, discussions] = await Promise.all([getCase(lantern.db, id), conclusionsOfCase(lantern.db, id)])
      return render(request, reply, conclusionsPage, {
        title: `Conclusion discussions: ${kase.reference}`,
        kase,
        caseNav: 'conclusions',
        values: {},
        notice: request.query.recorded ? { text: 'Conclusion discussion recorded.', success: true } : undefined,
        discussions: discussions.map(d => ({
          id: d.id,
          rows: [
            { key: 'Held', lines: [inWords(d.heldAt)] },
            { key: 'Children discussed', lines: d.children.map(c => c.name) },
            {
              key: 'Attendees',
              lines: d.attendees.map(a => `${a.name}, ${a.role} (${AGENCY_KINDS[a.agencyKind]})`),
            },
            { key: 'Risk considered', lines: [d.riskConsidered] },
            { key: 'How the child is protected', lines: [d.protection] },
            { key: 'Support that goes on', lines: [d.support] },
          ],
        })),
        canRecord: kase.status === 'open' && request.can('conclusion.form'),
      })
    },
  )

  formPage(app, {
    page: newConclusionPage,
    form: conclusionForm,
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.caseConclusions(kase.id))
      return kase
    },
    get: { url: '/cases/:id/conclusion-discussions/new', config: { action: 'conclusion.form' }, values: () => ({}) },
    post: { url: '/cases/:id/conclusion-discussions', config: { action: 'conclusion.record' } },
    view: (_request, { context: kase, values }) => {
      const chosen = formList(values.childIds)
      return {
        title: 'Record a conclusion discussion',
        kase,
        childItems: kase.children.map(c => ({
          value: c.id,
          text: `${c.givenName} ${c.familyName}`,
          checked: chosen.includes(c.id),
        })),
        attendees: attendeeRows(values),
      }
    },
    check: async (_request, { params, input }) => {
      const { childNames } = await checkConclusion(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before recording the conclusion discussion',
        answers: conclusionAnswers(childNames, input),
        outcome: 'It goes on each child’s chronology, and the task to hold a conclusion discussion closes.',
        confirm: 'Record the discussion',
      }
    },
    submit: (request, input, { params }) =>
      recordConclusion(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseConclusions(id, { recorded: '1' }),
  })

  const caseParams = z.object({ id: z.uuid() })

  routes.post(
    '/api/v1/cases/:id/conclusion-discussions',
    {
      config: { action: 'conclusion.record' },
      schema: {
        tags: ['conclusions'],
        summary:
          'Record a multi-agency conclusion discussion of risk, protection and support (attendees from at least two agencies)',
        params: caseParams,
        body: conclusionSchema,
        response: { 201: conclusionOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordConclusion(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await conclusionsOfCase(lantern.db, request.params.id)).find(d => d.id === id)
      if (!found) throw new Error('The discussion just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/cases/:id/conclusion-discussions',
    {
      config: { action: 'case.conclusions' },
      schema: {
        tags: ['conclusions'],
        summary: 'The conclusion discussions of a case, newest first',
        params: caseParams,
        response: { 200: z.array(conclusionOut) },
      },
    },
    async request => conclusionsOfCase(lantern.db, request.params.id),
  )
}
