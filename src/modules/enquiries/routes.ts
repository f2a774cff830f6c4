import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { CONFERENCE_KINDS, SECTION47_OUTCOMES } from '../../kernel/codes/enquiries.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getCase } from '../cases/index.ts'
import {
  assessmentCompleteAnswers,
  assessmentCompleteForm,
  assessmentStartAnswers,
  assessmentStartForm,
  conferenceAnswers,
  conferenceForm,
  section47CompleteAnswers,
  section47CompleteForm,
  section47StartAnswers,
  section47StartForm,
} from './forms.ts'
import {
  assessmentCompleteSchema,
  assessmentOut,
  assessmentStartSchema,
  conferenceOut,
  conferenceSchema,
  section47CompleteSchema,
  section47Out,
  section47StartSchema,
} from './schema.ts'
import {
  assessmentsOfCase,
  checkAssessmentCompletion,
  checkAssessmentStart,
  checkConference,
  checkSection47Completion,
  checkSection47Start,
  completeAssessment,
  completeSection47,
  conferencesOfCase,
  getAssessment,
  getSection47,
  recordConference,
  section47OfCase,
  startAssessment,
  startSection47,
  type AssessmentRow,
  type Section47Row,
} from './service.ts'
import {
  assessmentPage,
  enquiriesPage,
  newAssessmentPage,
  newConferencePage,
  newSection47Page,
  section47Page,
} from './views.ts'

const items = (list: Record<string, string>) => Object.entries(list).map(([value, text]) => ({ value, text }))
const nameOf = (row: { givenName: string; familyName: string }) => `${row.givenName} ${row.familyName}`

const section47Body = (e: Section47Row) => ({
  id: e.id,
  caseId: e.caseId,
  childId: e.childId,
  childName: nameOf(e),
  startedAt: e.startedOn,
  category: e.category,
  completedAt: e.completedOn,
  outcome: e.outcome,
  version: e.version,
})

const assessmentBody = (a: AssessmentRow) => ({
  id: a.id,
  caseId: a.caseId,
  childId: a.childId,
  childName: nameOf(a),
  startedAt: a.startedOn,
  completedAt: a.completedOn,
  summary: a.summary,
  version: a.version,
})

const pageNotice = (query: Record<string, string | undefined>) => {
  if (query.started) return { text: 'Recorded.', success: true as const }
  if (query.completed) return { text: 'Completed.', success: true as const }
  if (query.conference) return { text: 'Conference recorded.', success: true as const }
  return undefined
}

/** Section 47 enquiries, assessments and conferences: the case's page of them, their forms and records, the API. */
export function enquiriesRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  const api = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/cases/:id/enquiries',
    {
      config: { action: 'case.enquiries' },
      schema: {
        params: idParams,
        querystring: z.object({ started: queryText, completed: queryText, conference: queryText }),
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const [kase, enquiries, assessments, conferences] = await Promise.all([
        getCase(lantern.db, id),
        section47OfCase(lantern.db, id),
        assessmentsOfCase(lantern.db, id),
        conferencesOfCase(lantern.db, id),
      ])
      const open = kase.status === 'open'
      return render(request, reply, enquiriesPage, {
        title: `Enquiries, assessments and conferences: ${kase.reference}`,
        kase,
        caseNav: 'enquiries' as const,
        notice: pageNotice(request.query),
        values: {},
        enquiries: enquiries.map(e => ({
          id: e.id,
          href: urls.section47(e.id),
          child: nameOf(e),
          started: inWords(e.startedOn),
          category: ABUSE_CATEGORIES[e.category],
          status:
            e.outcome && e.completedOn
              ? `Completed ${inWords(e.completedOn)}: ${SECTION47_OUTCOMES[e.outcome]}`
              : 'Open',
        })),
        assessments: assessments.map(a => ({
          id: a.id,
          href: urls.assessment(a.id),
          child: nameOf(a),
          started: inWords(a.startedOn),
          status: a.completedOn ? `Completed ${inWords(a.completedOn)}` : 'Open',
        })),
        conferences: conferences.map(c => ({
          id: c.id,
          child: nameOf(c),
          kind: CONFERENCE_KINDS[c.kind],
          held: inWords(c.heldOn),
          plan: c.planMade && c.category ? `Yes: ${ABUSE_CATEGORIES[c.category]}` : 'No',
        })),
        canStartEnquiry: open && request.can('section47.form'),
        canStartAssessment: open && request.can('assessment.form'),
        canRecordConference: open && request.can('conference.form'),
      })
    },
  )

  /** A case form's page: the case, and its children to choose from (a closed case goes back to its page). */
  async function caseForm(request: FastifyRequest, caseId: string) {
    const kase = await getCase(lantern.db, caseId)
    if (kase.status !== 'open') return seeOther(urls.caseEnquiries(caseId))
    return kase
  }
  const childItems = (kase: Awaited<ReturnType<typeof getCase>>) =>
    kase.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}` }))

  formPage(app, {
    page: newSection47Page,
    form: section47StartForm,
    params: idParams,
    load: (request, { params }) => caseForm(request, params.id),
    get: { url: '/cases/:id/section47/new', config: { action: 'section47.form' }, values: () => ({}) },
    post: { url: '/cases/:id/section47', config: { action: 'section47.start' } },
    view: (_request, { context: kase }) => ({
      title: 'Start a section 47 enquiry',
      kase,
      action: urls.caseSection47(kase.id),
      childItems: childItems(kase),
      categoryItems: items(ABUSE_CATEGORIES),
    }),
    check: async (_request, { params, input }) => {
      const { childName } = await checkSection47Start(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before starting the section 47 enquiry',
        answers: section47StartAnswers(childName, input),
        outcome: 'The enquiry goes on the case’s chronology. The initial child protection conference is then due.',
        confirm: 'Start the enquiry',
      }
    },
    submit: (request, input, { params }) =>
      startSection47(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.section47(id, { started: '1' }),
  })

  formPage(app, {
    page: section47Page,
    form: section47CompleteForm,
    params: idParams,
    load: async (_request, { params }) => {
      const enquiry = await getSection47(lantern.db, params.id)
      return { enquiry, kase: await getCase(lantern.db, enquiry.caseId) }
    },
    get: {
      url: '/section47/:id',
      config: { action: 'section47.read' },
      querystring: z.object({ started: queryText, completed: queryText }),
      values: () => ({}),
    },
    post: { url: '/section47/:id/complete', config: { action: 'section47.complete' } },
    view: (request, { context: { enquiry, kase }, query }) => ({
      title: `Section 47 enquiry: ${nameOf(enquiry)}`,
      heading: `Section 47 enquiry: ${nameOf(enquiry)}`,
      kase,
      caseNav: 'enquiries' as const,
      notice: pageNotice(query ?? {}),
      facts: [
        { key: 'Child', value: nameOf(enquiry) },
        { key: 'Started', value: inWords(enquiry.startedOn) },
        { key: 'Category of abuse', value: ABUSE_CATEGORIES[enquiry.category] },
        ...(enquiry.completedOn && enquiry.outcome
          ? [
              { key: 'Completed', value: inWords(enquiry.completedOn) },
              { key: 'Outcome', value: SECTION47_OUTCOMES[enquiry.outcome] },
            ]
          : [{ key: 'Status', value: 'Open' }]),
      ],
      canComplete: !enquiry.completedOn && kase.status === 'open' && request.can('section47.complete'),
      action: urls.completeSection47(enquiry.id),
      version: enquiry.version,
      outcomeItems: items(SECTION47_OUTCOMES),
    }),
    check: (_request, { context: { enquiry }, input }) => {
      checkSection47Completion(enquiry, input, lantern.clock())
      return {
        title: `Check your answers before completing the enquiry about ${nameOf(enquiry)}`,
        answers: section47CompleteAnswers(input),
        outcome:
          'The enquiry is then complete and cannot be completed again. A conclusion discussion of risk, protection and support is due.',
        confirm: 'Complete the enquiry',
      }
    },
    submit: (request, input, { params }) =>
      completeSection47(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.section47(id, { completed: '1' }),
  })

  formPage(app, {
    page: newAssessmentPage,
    form: assessmentStartForm,
    params: idParams,
    load: (request, { params }) => caseForm(request, params.id),
    get: { url: '/cases/:id/assessments/new', config: { action: 'assessment.form' }, values: () => ({}) },
    post: { url: '/cases/:id/assessments', config: { action: 'assessment.start' } },
    view: (_request, { context: kase }) => ({
      title: 'Start a child and family assessment',
      kase,
      action: urls.caseAssessments(kase.id),
      childItems: childItems(kase),
    }),
    check: async (_request, { params, input }) => {
      const { childName } = await checkAssessmentStart(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before starting the assessment',
        answers: assessmentStartAnswers(childName, input),
        outcome:
          'The assessment goes on the case’s chronology, and its completion is due within the partnership’s time.',
        confirm: 'Start the assessment',
      }
    },
    submit: (request, input, { params }) =>
      startAssessment(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.assessment(id, { started: '1' }),
  })

  formPage(app, {
    page: assessmentPage,
    form: assessmentCompleteForm,
    params: idParams,
    load: async (_request, { params }) => {
      const assessment = await getAssessment(lantern.db, params.id)
      return { assessment, kase: await getCase(lantern.db, assessment.caseId) }
    },
    get: {
      url: '/assessments/:id',
      config: { action: 'assessment.read' },
      querystring: z.object({ started: queryText, completed: queryText }),
      values: () => ({}),
    },
    post: { url: '/assessments/:id/complete', config: { action: 'assessment.complete' } },
    view: (request, { context: { assessment, kase }, query }) => ({
      title: `Child and family assessment: ${nameOf(assessment)}`,
      heading: `Child and family assessment: ${nameOf(assessment)}`,
      kase,
      caseNav: 'enquiries' as const,
      notice: pageNotice(query ?? {}),
      facts: [
        { key: 'Child', value: nameOf(assessment) },
        { key: 'Started', value: inWords(assessment.startedOn) },
        ...(assessment.completedOn
          ? [
              { key: 'Completed', value: inWords(assessment.completedOn) },
              { key: 'What the assessment found', value: assessment.summary ?? '' },
            ]
          : [{ key: 'Status', value: 'Open' }]),
      ],
      canComplete: !assessment.completedOn && kase.status === 'open' && request.can('assessment.complete'),
      action: urls.completeAssessment(assessment.id),
      version: assessment.version,
    }),
    check: (_request, { context: { assessment }, input }) => {
      checkAssessmentCompletion(assessment, input, lantern.clock())
      return {
        title: `Check your answers before completing the assessment of ${nameOf(assessment)}`,
        answers: assessmentCompleteAnswers(input),
        outcome: 'The assessment is then complete and cannot be completed again.',
        confirm: 'Complete the assessment',
      }
    },
    submit: (request, input, { params }) =>
      completeAssessment(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.assessment(id, { completed: '1' }),
  })

  formPage(app, {
    page: newConferencePage,
    form: conferenceForm,
    params: idParams,
    load: (request, { params }) => caseForm(request, params.id),
    get: { url: '/cases/:id/conferences/new', config: { action: 'conference.form' }, values: () => ({}) },
    post: { url: '/cases/:id/conferences', config: { action: 'conference.record' } },
    view: (_request, { context: kase }) => ({
      title: 'Record a child protection conference',
      kase,
      action: urls.caseConferences(kase.id),
      childItems: childItems(kase),
      kindItems: items(CONFERENCE_KINDS),
      categoryItems: items(ABUSE_CATEGORIES),
    }),
    check: async (_request, { params, input }) => {
      const { childName } = await checkConference(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before recording the conference',
        answers: conferenceAnswers(childName, input),
        outcome: input.planMade
          ? 'The plan’s review conferences are then due: the first within 3 months, later ones at most 6 months apart (the partnership may set other times).'
          : 'The conference goes on the case’s chronology.',
        confirm: 'Record the conference',
      }
    },
    submit: (request, input, { params }) =>
      recordConference(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseEnquiries(id, { conference: '1' }),
  })

  // ---- The API ----------------------------------------------------------------------------------------------

  const caseParams = z.object({ id: z.uuid() })

  api.post(
    '/api/v1/cases/:id/section47',
    {
      config: { action: 'section47.start' },
      schema: {
        tags: ['enquiries'],
        summary: 'Start a section 47 enquiry about a child of the case',
        params: caseParams,
        body: section47StartSchema,
        response: { 201: section47Out },
      },
    },
    async (request, reply) => {
      const { id } = await startSection47(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply.code(201).send(section47Body(await getSection47(lantern.db, id)))
    },
  )

  api.get(
    '/api/v1/cases/:id/section47',
    {
      config: { action: 'case.enquiries' },
      schema: {
        tags: ['enquiries'],
        summary: 'The section 47 enquiries of a case, oldest first',
        params: caseParams,
        response: { 200: z.array(section47Out) },
      },
    },
    async request => (await section47OfCase(lantern.db, request.params.id)).map(section47Body),
  )

  api.get(
    '/api/v1/section47/:id',
    {
      config: { action: 'section47.read' },
      schema: {
        tags: ['enquiries'],
        summary: 'A section 47 enquiry, with the version to send back when completing it',
        params: caseParams,
        response: { 200: section47Out },
      },
    },
    async request => section47Body(await getSection47(lantern.db, request.params.id)),
  )

  api.post(
    '/api/v1/section47/:id/complete',
    {
      config: { action: 'section47.complete' },
      schema: {
        tags: ['enquiries'],
        summary: 'Complete a section 47 enquiry with its outcome (never "no further action"), once',
        params: caseParams,
        body: section47CompleteSchema,
        response: { 200: section47Out },
      },
    },
    async request => {
      await completeSection47(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return section47Body(await getSection47(lantern.db, request.params.id))
    },
  )

  api.post(
    '/api/v1/cases/:id/assessments',
    {
      config: { action: 'assessment.start' },
      schema: {
        tags: ['enquiries'],
        summary: 'Start a child and family assessment of a child of the case',
        params: caseParams,
        body: assessmentStartSchema,
        response: { 201: assessmentOut },
      },
    },
    async (request, reply) => {
      const { id } = await startAssessment(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply.code(201).send(assessmentBody(await getAssessment(lantern.db, id)))
    },
  )

  api.get(
    '/api/v1/cases/:id/assessments',
    {
      config: { action: 'case.enquiries' },
      schema: {
        tags: ['enquiries'],
        summary: 'The child and family assessments of a case, oldest first',
        params: caseParams,
        response: { 200: z.array(assessmentOut) },
      },
    },
    async request => (await assessmentsOfCase(lantern.db, request.params.id)).map(assessmentBody),
  )

  api.get(
    '/api/v1/assessments/:id',
    {
      config: { action: 'assessment.read' },
      schema: {
        tags: ['enquiries'],
        summary: 'A child and family assessment, with the version to send back when completing it',
        params: caseParams,
        response: { 200: assessmentOut },
      },
    },
    async request => assessmentBody(await getAssessment(lantern.db, request.params.id)),
  )

  api.post(
    '/api/v1/assessments/:id/complete',
    {
      config: { action: 'assessment.complete' },
      schema: {
        tags: ['enquiries'],
        summary: 'Complete a child and family assessment with a summary of what it found, once',
        params: caseParams,
        body: assessmentCompleteSchema,
        response: { 200: assessmentOut },
      },
    },
    async request => {
      await completeAssessment(lantern.db, request.actor, request.params.id, request.body, request.ip, lantern.clock())
      return assessmentBody(await getAssessment(lantern.db, request.params.id))
    },
  )

  const conferenceBody = (c: Awaited<ReturnType<typeof conferencesOfCase>>[number]) => ({
    id: c.id,
    caseId: c.caseId,
    childId: c.childId,
    childName: nameOf(c),
    kind: c.kind,
    heldAt: c.heldOn,
    planMade: c.planMade,
    category: c.category,
  })

  api.post(
    '/api/v1/cases/:id/conferences',
    {
      config: { action: 'conference.record' },
      schema: {
        tags: ['enquiries'],
        summary: 'Record a child protection conference (initial or review) about a child of the case',
        params: caseParams,
        body: conferenceSchema,
        response: { 201: conferenceOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordConference(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      const found = (await conferencesOfCase(lantern.db, request.params.id)).find(c => c.id === id)
      if (!found) throw new Error('The conference just recorded is not there')
      return reply.code(201).send(conferenceBody(found))
    },
  )

  api.get(
    '/api/v1/cases/:id/conferences',
    {
      config: { action: 'case.enquiries' },
      schema: {
        tags: ['enquiries'],
        summary: 'The child protection conferences of a case, oldest first',
        params: caseParams,
        response: { 200: z.array(conferenceOut) },
      },
    },
    async request => (await conferencesOfCase(lantern.db, request.params.id)).map(conferenceBody),
  )
}
