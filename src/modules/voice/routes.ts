import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { COMMUNICATION_METHODS, NO_WORDS_REASONS, VIEW_STAGES } from '../../kernel/codes/families.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { ageOn, londonDate as inWords } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { ageInWords, getCase } from '../cases/index.ts'
import { childViewAnswers, childViewForm, parentViewAnswers, parentViewForm } from './forms.ts'
import { childViewCard } from './record.ts'
import { childViewOut, childViewSchema, parentViewOut, parentViewSchema } from './schema.ts'
import {
  checkChildView,
  checkParentView,
  childViewsOfCase,
  parentViewsOfCase,
  recordChildView,
  recordParentView,
} from './service.ts'
import { newChildViewPage, newParentViewPage, viewsPage } from './views.ts'

type Case = Awaited<ReturnType<typeof getCase>>

const items = (codes: Record<string, string>) => Object.entries(codes).map(([value, text]) => ({ value, text }))

/** A child as a choice or a heading shows them: unmistakable by date of birth and age. */
const born = (dateOfBirth: string | null, now: Date) =>
  dateOfBirth
    ? { born: inWords(dateOfBirth), age: ageInWords(ageOn(dateOfBirth, londonDay(now))) }
    : { born: 'date not known', age: 'age not known' }

/** The adults on the case whose views may be recorded: none alleged to have harmed the child, each once. */
function parentsOf(kase: Case) {
  const alleged = new Set(kase.adults.filter(a => a.role === 'alleged_perpetrator').map(a => a.id))
  const seen = new Set<string>()
  return kase.adults.filter(a => !alleged.has(a.id) && !seen.has(a.id) && seen.add(a.id))
}

/** The child's voice and the parent's or carer's views: the case's page of them, the two forms, and the API. */
export function voiceRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/cases/:id/views',
    {
      config: { action: 'case.views' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const now = lantern.clock()
      const [kase, children, parents] = await Promise.all([
        getCase(lantern.db, id),
        childViewsOfCase(lantern.db, id),
        parentViewsOfCase(lantern.db, id),
      ])
      const open = kase.status === 'open'
      const canRecordChild = open && request.can('childView.form')
      return render(request, reply, viewsPage, {
        title: `Views: ${kase.reference}`,
        kase,
        caseNav: 'voice',
        notice: request.query.recorded ? { text: 'Views recorded.', success: true } : undefined,
        children: kase.children.map(c => ({
          id: c.id,
          name: `${c.givenName} ${c.familyName}`,
          ...born(c.dateOfBirth, now),
          // Oldest first: the child's views as they were heard along the way.
          views: children
            .filter(v => v.childId === c.id)
            .reverse()
            .map(v => childViewCard(v)),
          recordHref: canRecordChild ? urls.newChildView(kase.id, { childId: c.id }) : null,
        })),
        parents: parents.map(p => ({
          id: p.id,
          title: `${p.personName}: ${inWords(p.givenAt)}`,
          rows: [
            { key: 'Their views', lines: [p.words] },
            { key: 'Recorded by', lines: [p.recordedBy] },
          ],
        })),
        canRecordParent: open && parentsOf(kase).length > 0 && request.can('parentView.form'),
      })
    },
  )

  /** A case form's context: the case (a closed one goes back to its views). */
  const openCase = async (id: string) => {
    const kase = await getCase(lantern.db, id)
    if (kase.status !== 'open') return seeOther(urls.caseViews(kase.id))
    return kase
  }

  formPage(app, {
    page: newChildViewPage,
    form: childViewForm,
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    get: {
      url: '/cases/:id/child-views/new',
      config: { action: 'childView.form' },
      querystring: z.object({ childId: queryText }),
      // Only the child may be chosen beforehand; the child's words are never filled in for the user.
      values: (_request, { query, context: kase }) =>
        query.childId && kase.children.some(c => c.id === query.childId) ? { childId: query.childId } : {},
    },
    post: { url: '/cases/:id/child-views', config: { action: 'childView.record' } },
    view: (_request, { context: kase }) => {
      const now = lantern.clock()
      return {
        title: 'Record a child’s views',
        kase,
        childItems: kase.children.map(c => {
          const { born: on, age } = born(c.dateOfBirth, now)
          return { value: c.id, text: `${c.givenName} ${c.familyName}`, hint: { text: `Born ${on} (${age})` } }
        }),
        stageItems: items(VIEW_STAGES),
        reasonItems: items(NO_WORDS_REASONS),
        methodItems: items(COMMUNICATION_METHODS),
      }
    },
    check: async (_request, { params, input }) => {
      const { childName } = await checkChildView(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before recording the child’s views',
        answers: childViewAnswers(childName, input),
        outcome: 'The views go on the child’s chronology and their record, and on this case’s page of views.',
        confirm: 'Record the child’s views',
      }
    },
    submit: (request, input, { params }) =>
      recordChildView(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseViews(id, { recorded: '1' }),
  })

  formPage(app, {
    page: newParentViewPage,
    form: parentViewForm,
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    get: { url: '/cases/:id/parent-views/new', config: { action: 'parentView.form' }, values: () => ({}) },
    post: { url: '/cases/:id/parent-views', config: { action: 'parentView.record' } },
    view: (_request, { context: kase }) => ({
      title: 'Record a parent’s or carer’s views',
      kase,
      personItems: parentsOf(kase).map(a => ({ value: a.id, text: `${a.givenName} ${a.familyName}` })),
    }),
    check: async (_request, { params, input }) => {
      const { personName } = await checkParentView(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before recording the parent’s or carer’s views',
        answers: parentViewAnswers(personName, input),
        outcome: 'The views go on the case’s chronology and its page of views.',
        confirm: 'Record their views',
      }
    },
    submit: (request, input, { params }) =>
      recordParentView(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseViews(id, { recorded: '1' }),
  })

  const caseParams = z.object({ id: z.uuid() })

  routes.post(
    '/api/v1/cases/:id/child-views',
    {
      config: { action: 'childView.record' },
      schema: {
        tags: ['voice'],
        summary:
          'Record a child’s views in their own words, or why not, with how they communicate and who supported them',
        params: caseParams,
        body: childViewSchema,
        response: { 201: childViewOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordChildView(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await childViewsOfCase(lantern.db, request.params.id)).find(v => v.id === id)
      if (!found) throw new Error('The views just recorded are not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/cases/:id/child-views',
    {
      config: { action: 'case.views' },
      schema: {
        tags: ['voice'],
        summary: 'The children’s views on a case, newest first',
        params: caseParams,
        response: { 200: z.array(childViewOut) },
      },
    },
    async request => childViewsOfCase(lantern.db, request.params.id),
  )

  routes.post(
    '/api/v1/cases/:id/parent-views',
    {
      config: { action: 'parentView.record' },
      schema: {
        tags: ['voice'],
        summary: 'Record the views of a parent or carer on the case who is not alleged to have harmed the child',
        params: caseParams,
        body: parentViewSchema,
        response: { 201: parentViewOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordParentView(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await parentViewsOfCase(lantern.db, request.params.id)).find(v => v.id === id)
      if (!found) throw new Error('The views just recorded are not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/cases/:id/parent-views',
    {
      config: { action: 'case.views' },
      schema: {
        tags: ['voice'],
        summary: 'The parents’ and carers’ views on a case, newest first',
        params: caseParams,
        response: { 200: z.array(parentViewOut) },
      },
    },
    async request => parentViewsOfCase(lantern.db, request.params.id),
  )
}
