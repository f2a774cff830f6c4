import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LAWFUL_BASES } from '../../kernel/codes/risk.ts'
import { NotFound } from '../../kernel/errors.ts'
import { formList } from '../../web/forms.ts'
import { formPage } from '../../web/form-page.ts'
import { queryText } from '../../web/page-schemas.ts'
import type { FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { auditRead } from '../access/index.ts'
import { getCase } from '../cases/index.ts'
import { listAgencies } from '../directory/index.ts'
import { childrenNamed } from './discussion-routes.ts'
import { CONTEXT_FIELDS, sharingAnswers, sharingForm } from './sharing-forms.ts'
import { sharingOut, sharingSchema } from './sharing-schema.ts'
import { checkSharing, checkSharingAllowed, recordSharing, sharingAbout } from './sharing-service.ts'
import { newSharingPage } from './sharing-views.ts'

/** What each lawful basis means in a line, beside the DOMAIN.md §10 text the radio shows. */
const LAWFUL_BASIS_HINTS: Record<keyof typeof LAWFUL_BASES, string> = {
  public_task: 'The usual basis for a local authority, the police or health carrying out their safeguarding duties.',
  legal_obligation: 'Where a law requires the information to be shared.',
  safeguarding:
    'For special category data: necessary to protect a child from harm, without consent where it cannot be given, cannot reasonably be obtained or would put the child at risk.',
  law_enforcement: 'For the police, preventing or detecting crime.',
  consent: 'Rarely right where a child is at risk: consent is not needed to protect a child.',
}

const uuid = z.uuid()
/** The context the address or the hidden fields carry: only real ids, anything else is left out. */
function contextOf(from: FormValues | Record<string, unknown>) {
  const pick = (name: (typeof CONTEXT_FIELDS)[number]) => {
    const parsed = uuid.safeParse(from[name])
    return parsed.success ? parsed.data : undefined
  }
  return {
    personId: pick('personId'),
    childId: pick('childId'),
    caseId: pick('caseId'),
    discussionId: pick('discussionId'),
  }
}

/** Decisions to share information or not: the form, and the API that records and lists them. */
export function sharingRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  formPage(app, {
    page: newSharingPage,
    form: sharingForm(lantern.clock),
    load: async (request, { query, values }) => {
      const about = contextOf(query ?? values)
      if (!about.personId && !about.childId) throw new NotFound('person')
      const names = await checkSharingAllowed(lantern.db, request.actor, about, lantern.clock())
      // The form names the person: a read of their record, audited as the hook audits a record's page.
      if (query)
        await auditRead(request, {
          action: 'informationSharing.form',
          objectType: 'person',
          objectId: about.childId ?? about.personId ?? null,
          detail: { caseId: about.caseId ?? null, discussionId: about.discussionId ?? null },
        })
      const [kase, agencies] = await Promise.all([
        about.caseId ? getCase(lantern.db, about.caseId) : Promise.resolve(undefined),
        listAgencies(lantern.db),
      ])
      return { about, names, kase, agencies }
    },
    get: {
      url: '/information-sharing/new',
      config: { action: 'informationSharing.form' },
      querystring: z.object({ ...Object.fromEntries(CONTEXT_FIELDS.map(f => [f, queryText])), recorded: queryText }),
      // Only the hidden context: nothing about the decision is answered for the practitioner.
      values: (_request, { context: { about } }) =>
        Object.fromEntries(Object.entries(about).filter(([, v]) => v !== undefined)) as FormValues,
    },
    post: { url: '/information-sharing', config: { action: 'informationSharing.record' } },
    view: (_request, { query, context: { about, names, kase, agencies }, values }) => {
      const chosen = formList(values.withAgencyIds)
      const subject = about.childId ?? about.personId ?? ''
      return {
        title: 'Record a decision to share information, or not to',
        notice: query?.recorded
          ? { text: 'Risk discussion recorded. Now record what was decided about sharing information.', success: true }
          : undefined,
        about: [about.personId, about.childId].flatMap(id => (id ? [names.get(id) ?? ''] : [])).join(' and '),
        caseReference: kase ? `${kase.reference}: ${kase.title}` : undefined,
        children: kase ? childrenNamed(kase, lantern.clock()) : [],
        context: CONTEXT_FIELDS.flatMap(name => (about[name] ? [{ name, value: about[name] }] : [])),
        backHref: kase ? urls.caseRiskDiscussions(kase.id) : urls.person(subject),
        agencyItems: agencies.map(a => ({ value: a.id, text: a.name, checked: chosen.includes(a.id) })),
        lawfulBasisItems: Object.entries(LAWFUL_BASES).map(([value, text]) => ({
          value,
          text,
          hint: { text: LAWFUL_BASIS_HINTS[value as keyof typeof LAWFUL_BASES] },
          checked: values.lawfulBasis === value,
        })),
      }
    },
    check: async (request, { input, context: { about, names } }) => {
      const { agencies } = await checkSharing(lantern.db, request.actor, input, lantern.clock())
      const aboutWords = [about.personId, about.childId].flatMap(id => (id ? [names.get(id) ?? ''] : [])).join(' and ')
      return {
        title: 'Check your answers before recording the sharing decision',
        answers: sharingAnswers(aboutWords, agencies, input),
        outcome: input.caseId
          ? 'It goes on the case’s chronology, seen by the case team only, and on the person’s record.'
          : 'It goes on their record, and on the chronology of their open cases, seen by each case team only.',
        confirm: 'Record the decision',
      }
    },
    submit: async (request, input) => ({
      ...(await recordSharing(lantern.db, request.actor, input, request.ip, lantern.clock())),
      back: input.caseId
        ? urls.caseRiskDiscussions(input.caseId, { shared: '1' })
        : urls.person(input.childId ?? input.personId ?? ''),
    }),
    redirect: result => result.back,
  })

  routes.post(
    '/api/v1/information-sharing',
    {
      config: { action: 'informationSharing.record' },
      schema: {
        tags: ['risk'],
        summary:
          'Record a decision to share information about a person or a child, or not to: sharing needs a lawful basis; not sharing says why',
        body: sharingSchema(lantern.clock),
        response: { 201: sharingOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordSharing(lantern.db, request.actor, request.body, request.ip, lantern.clock())
      const about = request.body.childId ?? request.body.personId ?? ''
      const found = (await sharingAbout(lantern.db, about)).find(d => d.id === id)
      if (!found) throw new Error('The decision just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/people/:id/information-sharing',
    {
      config: { action: 'person.informationSharing' },
      schema: {
        tags: ['risk'],
        summary:
          'The decisions to share information about a person, or not to, as the person or as the child, newest first',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(sharingOut) },
      },
    },
    async request => sharingAbout(lantern.db, request.params.id),
  )
}
