import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LAWFUL_BASES } from '../../kernel/codes/risk.ts'
import { ageOn, londonDate as inWords, londonDateTime, todayIso } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { ageInWords, getCase } from '../cases/index.ts'
import { attendeeRows } from '../conclusions/index.ts'
import {
  attendeesInWords,
  civilOrderInWords,
  personItems,
  riskDiscussionAnswers,
  riskDiscussionForm,
} from './discussion-forms.ts'
import { riskDiscussionOut, riskDiscussionSchema } from './discussion-schema.ts'
import {
  checkRiskDiscussion,
  peopleLinkedToCase,
  recordRiskDiscussion,
  riskDiscussionsOfCase,
  type RiskDiscussion,
} from './discussion-service.ts'
import { newRiskDiscussionPage, riskDiscussionsPage, type ChildNamed } from './discussion-views.ts'

/** The case's children as every risk page names them. */
export function childrenNamed(kase: Awaited<ReturnType<typeof getCase>>, now: Date): ChildNamed[] {
  const today = todayIso(now)
  return kase.children.map(c => ({
    id: c.id,
    name: `${c.givenName} ${c.familyName}`,
    dateOfBirth: c.dateOfBirth ? inWords(c.dateOfBirth) : 'not known',
    age: ageInWords(ageOn(c.dateOfBirth, today)),
  }))
}

/** A sharing decision in rows, as the discussion and the person's record show it. */
export function sharingRows(s: RiskDiscussion['sharing'][number]) {
  return {
    heading: `${s.shared ? 'Shared' : 'Not shared'} on ${londonDateTime(new Date(s.at))}`,
    rows: [
      { key: 'What', lines: [s.what] },
      { key: s.shared ? 'Shared with' : 'Not shared with', lines: s.withAgencies.map(a => a.name) },
      ...(s.lawfulBasis ? [{ key: 'Lawful basis', lines: [LAWFUL_BASES[s.lawfulBasis]] }] : []),
      { key: s.shared ? 'Reason' : 'Why not', lines: [s.reason] },
    ],
  }
}

/** Risk discussions on a case: the case's page of them, the form that records one, and the API. */
export function discussionRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/cases/:id/risk-discussions',
    {
      config: { action: 'case.riskDiscussions' },
      schema: { params: idParams, querystring: z.object({ shared: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const [kase, discussions] = await Promise.all([getCase(lantern.db, id), riskDiscussionsOfCase(lantern.db, id)])
      const open = kase.status === 'open'
      return render(request, reply, riskDiscussionsPage, {
        title: `Risk discussions: ${kase.reference}`,
        kase,
        caseNav: 'riskDiscussions',
        values: {},
        notice: request.query.shared ? { text: 'Sharing decision recorded.', success: true } : undefined,
        children: childrenNamed(kase, lantern.clock()),
        discussions: discussions.map(d => ({
          id: d.id,
          heading: `About ${d.person.name}, held ${londonDateTime(new Date(d.heldAt))}`,
          rows: [
            { key: 'About', lines: [d.person.name] },
            { key: 'Attendees', lines: attendeesInWords(d.attendees) },
            { key: 'What was discussed', lines: [d.summary] },
            { key: 'Civil order', lines: [civilOrderInWords(d.civilOrderConsidered)] },
            { key: 'Why, or why not', lines: [d.civilOrderReason] },
          ],
          sharing: d.sharing.map(sharingRows),
          sharingHref:
            open && request.can('informationSharing.form')
              ? urls.newInformationSharing({ caseId: kase.id, personId: d.person.id, discussionId: d.id })
              : undefined,
        })),
        canRecord: open && request.can('riskDiscussion.form'),
      })
    },
  )

  formPage(app, {
    page: newRiskDiscussionPage,
    form: riskDiscussionForm(lantern.clock),
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.caseRiskDiscussions(kase.id))
      return { kase, linked: await peopleLinkedToCase(lantern.db, kase.id) }
    },
    get: {
      url: '/cases/:id/risk-discussions/new',
      config: { action: 'riskDiscussion.form' },
      querystring: z.object({ personId: queryText }),
      // `?personId=` chooses the person when they are linked to the case; nothing else is answered.
      values: (_request, { query, context: { kase, linked } }) => ({
        version: String(kase.version),
        ...(linked.some(p => p.id === query.personId) ? { personId: query.personId } : {}),
      }),
    },
    post: { url: '/cases/:id/risk-discussions', config: { action: 'riskDiscussion.record' } },
    view: (_request, { context: { kase, linked }, values }) => ({
      title: 'Record a risk discussion',
      kase,
      children: childrenNamed(kase, lantern.clock()),
      personItems: personItems(linked, values.personId),
      attendees: attendeeRows(values),
    }),
    check: async (_request, { params, input }) => {
      const person = await checkRiskDiscussion(lantern.db, params.id, input)
      return {
        title: 'Check your answers before recording the risk discussion',
        answers: riskDiscussionAnswers(person, input),
        outcome:
          'It goes on the case’s chronology, seen by the case team only. Next, you record what was decided about sharing information.',
        confirm: 'Record the discussion',
      }
    },
    submit: async (request, input, { params }) => ({
      ...(await recordRiskDiscussion(lantern.db, request.actor, params.id, input, request.ip, lantern.clock())),
      personId: input.personId,
    }),
    redirect: (result, { id }) =>
      urls.newInformationSharing({ caseId: id, personId: result.personId, discussionId: result.id, recorded: '1' }),
  })

  const caseParams = z.object({ id: z.uuid() })

  routes.post(
    '/api/v1/cases/:id/risk-discussions',
    {
      config: { action: 'riskDiscussion.record' },
      schema: {
        tags: ['risk'],
        summary:
          'Record a multi-agency risk discussion about a person linked to the case (attendees from at least two agencies), with whether a civil order was considered and why',
        params: caseParams,
        body: riskDiscussionSchema(lantern.clock),
        response: { 201: riskDiscussionOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordRiskDiscussion(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await riskDiscussionsOfCase(lantern.db, request.params.id)).find(d => d.id === id)
      if (!found) throw new Error('The discussion just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/cases/:id/risk-discussions',
    {
      config: { action: 'case.riskDiscussions' },
      schema: {
        tags: ['risk'],
        summary: 'The risk discussions of a case, newest first, each with the sharing decisions made at it',
        params: caseParams,
        response: { 200: z.array(riskDiscussionOut) },
      },
    },
    async request => riskDiscussionsOfCase(lantern.db, request.params.id),
  )
}
