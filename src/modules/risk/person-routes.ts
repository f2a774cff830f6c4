import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { OFFENDING_KINDS } from '../../kernel/codes/people.ts'
import {
  CIVIL_ORDER_KINDS,
  MAPPA_CATEGORIES,
  MAPPA_LEVELS,
  REGISTRATION_PERIODS,
  RISK_LEVELS,
  RISK_TOOLS,
} from '../../kernel/codes/risk.ts'
import { choicesOf, selectItems } from '../../web/choices.ts'
import { ageOn, londonDate as inWords, londonDateTime, todayIso } from '../../web/dates.ts'
import { formPage } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { ageInWords, peopleNeedToKnow } from '../cases/index.ts'
import { getPerson, identityOf } from '../people/index.ts'
import { policyOf } from '../policy/index.ts'
import {
  civilOrderAnswers,
  civilOrderForm,
  managementAnswers,
  managementForm,
  riskAssessmentAnswers,
  riskAssessmentForm,
} from './person-forms.ts'
import {
  civilOrderOut,
  civilOrderSchema,
  managementOut,
  managementPatch,
  personRiskOut,
  riskAssessmentOut,
  riskAssessmentSchema,
} from './person-schema.ts'
import {
  agencyChoices,
  changeRiskManagement,
  contactChoices,
  personRiskFor,
  recordCivilOrder,
  recordRiskAssessment,
  riskManagementOf,
  type PersonRisk,
} from './person-service.ts'
import {
  civilOrderPage,
  managementPage,
  personRiskPage,
  riskAssessmentPage,
  type Card,
  type ContactView,
  type Row,
} from './person-views.ts'

const months = (n: number) => (n === 1 ? '1 month old' : `${String(n)} months old`)

/** Whom to contact about a person, by name and email: anyone who reaches the person may see this. */
function contactsOf(risk: PersonRisk): ContactView[] {
  const { probationContact, policeLead } = risk.contacts
  return [
    ...(probationContact ? [{ role: 'Probation contact', ...probationContact }] : []),
    ...(policeLead ? [{ role: 'Police lead', ...policeLead }] : []),
  ]
}

/** The detail of what is known as cards and rows: for a reader who may see it, else nothing. */
function detailOf(risk: PersonRisk, now: Date, maxAge: (current: boolean) => string) {
  if (risk.access !== 'full') return { history: [], orders: [], assessments: [], management: [] }
  const today = todayIso(now)
  const history: Card[] = risk.offendingHistory.map(h => ({
    id: h.id,
    title: `${OFFENDING_KINDS[h.kind]}: ${inWords(h.date)}`,
    tag: null,
    rows: [
      { key: 'What happened', lines: [h.description] },
      ...(h.registrationPeriod
        ? [{ key: 'Notification requirements', lines: [REGISTRATION_PERIODS[h.registrationPeriod]] }]
        : []),
      ...(h.endsOn ? [{ key: 'Ends', lines: [inWords(h.endsOn)] }] : []),
      { key: 'Information from', lines: [h.sourceAgencyName] },
      { key: 'Recorded by', lines: [`${h.recordedBy}, ${h.recordedByAgencyName}, ${londonDateTime(h.recordedAt)}`] },
    ],
  }))
  const orders: Card[] = risk.civilOrders.map(o => ({
    id: o.id,
    title: o.otherKind ?? CIVIL_ORDER_KINDS[o.kind],
    tag: o.expired ? { text: 'Expired', colour: 'grey' } : { text: 'In force', colour: 'red' },
    rows: [
      { key: 'Starts', lines: [inWords(o.startsOn)] },
      { key: o.expired ? 'Expired' : 'Expires', lines: [o.expiresOn ? inWords(o.expiresOn) : 'No expiry date'] },
      { key: 'What it prohibits or requires', lines: [o.prohibitions] },
      { key: 'Recorded by', lines: [`${o.recordedBy}, ${o.recordedByAgencyName}, ${londonDateTime(o.recordedAt)}`] },
    ],
  }))
  const latest = risk.latestAssessment
  const assessments: Card[] = risk.riskAssessments.map(a => {
    const isLatest = latest?.id === a.id
    const overdue = isLatest && a.nextReviewOn < today
    return {
      id: a.id,
      title: `${a.toolName ?? RISK_TOOLS[a.tool]}: ${inWords(a.assessedOn)} (${months(a.ageInMonths)})`,
      tag: isLatest
        ? latest.current
          ? { text: 'Current', colour: 'green' }
          : { text: 'Out of date', colour: 'red' }
        : null,
      rows: [
        { key: 'Level of risk', lines: [RISK_LEVELS[a.level]] },
        { key: 'Assessed by', lines: [a.assessorAgencyName] },
        { key: 'Summary', lines: [a.summary] },
        ...(isLatest
          ? [
              {
                key: 'Next review',
                lines: [`${inWords(a.nextReviewOn)}${overdue ? ' (overdue)' : ''}`, maxAge(latest.current)],
              },
            ]
          : []),
        { key: 'Recorded by', lines: [`${a.recordedBy}, ${londonDateTime(a.recordedAt)}`] },
      ],
    }
  })
  const m = risk.management
  const contact = (c: { name: string; email: string } | null) => (c ? `${c.name} (${c.email})` : 'None recorded')
  const management: Row[] = [
    { key: 'MAPPA category', lines: [m.mappaCategory ? MAPPA_CATEGORIES[m.mappaCategory] : 'None recorded'] },
    { key: 'MAPPA level', lines: [m.mappaLevel ? MAPPA_LEVELS[m.mappaLevel] : 'None recorded'] },
    { key: 'Probation contact', lines: [contact(m.probationContact)] },
    { key: 'Police lead', lines: [contact(m.policeLead)] },
  ]
  return { history, orders, assessments, management }
}

const NOTICES: Record<string, string> = {
  civilOrder: 'Civil order recorded.',
  assessment: 'Risk assessment recorded.',
  management: 'How the person is managed was changed.',
}

/** What is known about a person: their risk page, the forms that record it, and the API. */
export function personRiskRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()
  const today = () => todayIso(lantern.clock())
  const identity = (request: FastifyRequest, personId: string) =>
    identityOf(lantern.db, request.actor, personId, lantern.clock(), peopleNeedToKnow)

  routes.get(
    '/people/:id/risk',
    {
      config: { action: 'risk.person' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText }) },
    },
    async (request, reply) => {
      const now = lantern.clock()
      // A merged record's risk page leads to the record kept, where what is known about them now is.
      const { mergedIntoId } = await getPerson(lantern.db, request.params.id)
      if (mergedIntoId !== null) return reply.redirect(urls.personRisk(mergedIntoId), 303)
      const risk = await personRiskFor(lantern.db, request.actor, request.params.id, now)
      const age = ageOn(risk.dateOfBirth, todayIso(now))
      const full = risk.access === 'full'
      const recorded = request.query.recorded
      const { riskAssessmentMaxAgeMonths: maxAge } = await policyOf(lantern.db)
      const limit = (current: boolean) =>
        current
          ? `Current: an assessment may be up to ${String(maxAge)} months old`
          : `Out of date: older than ${String(maxAge)} months, so the risk needs assessing afresh`
      return render(request, reply, personRiskPage, {
        title: `What is known about ${risk.givenName} ${risk.familyName}`,
        identity: await identity(request, risk.personId),
        personId: risk.personId,
        name: `${risk.givenName} ${risk.familyName}`,
        born: risk.dateOfBirth ? inWords(risk.dateOfBirth) : 'Date of birth not known',
        age: ageInWords(age),
        full,
        somethingKnown: risk.somethingKnown,
        contacts: contactsOf(risk),
        notice: recorded && NOTICES[recorded] ? { text: NOTICES[recorded], success: true } : undefined,
        ...detailOf(risk, now, limit),
        links: full
          ? [
              // Offending history is people's: whoever may change the person's record records it.
              ...(request.relationship && request.can('person.offendingHistoryForm', request.relationship)
                ? [{ href: urls.newOffendingHistory(risk.personId), text: 'Record sexual-offending history' }]
                : []),
              ...(request.can('risk.civilOrderForm')
                ? [
                    { href: urls.newCivilOrder(risk.personId), text: 'Record a civil order' },
                    { href: urls.newRiskAssessment(risk.personId), text: 'Record a risk assessment' },
                  ]
                : []),
              ...(request.can('risk.managementForm')
                ? [{ href: urls.riskManagement(risk.personId), text: 'Change how they are managed' }]
                : []),
            ]
          : [],
      })
    },
  )

  formPage(app, {
    page: civilOrderPage,
    form: civilOrderForm,
    params: idParams,
    load: (_request, { params }) => getPerson(lantern.db, params.id),
    get: { url: '/people/:id/civil-orders/new', config: { action: 'risk.civilOrderForm' }, values: () => ({}) },
    post: { url: '/people/:id/civil-orders', config: { action: 'risk.recordCivilOrder' } },
    view: async (request, { context: person }) => ({
      title: `Record a civil order for ${person.givenName} ${person.familyName}`,
      identity: await identity(request, person.id),
      personId: person.id,
      kindItems: choicesOf(CIVIL_ORDER_KINDS),
    }),
    check: (_request, { context: person, input }) => ({
      title: `Check the civil order before recording it for ${person.givenName} ${person.familyName}`,
      answers: civilOrderAnswers(input),
      outcome: 'The order is kept on their risk page, and noted (restricted) on the chronology of their open cases.',
      confirm: 'Record the civil order',
    }),
    submit: (request, input, { params }) =>
      recordCivilOrder(lantern.db, { actor: request.actor, ip: request.ip, now: lantern.clock() }, params.id, input),
    redirect: (_result, { id }) => urls.personRisk(id, { recorded: 'civilOrder' }),
  })

  const agencyItems = async (chosen: unknown) =>
    selectItems([{ value: '', text: 'Select an agency' }, ...(await agencyChoices(lantern.db))], chosen)

  formPage(app, {
    page: riskAssessmentPage,
    form: riskAssessmentForm(today),
    params: idParams,
    load: (_request, { params }) => getPerson(lantern.db, params.id),
    get: { url: '/people/:id/risk-assessments/new', config: { action: 'risk.assessmentForm' }, values: () => ({}) },
    post: { url: '/people/:id/risk-assessments', config: { action: 'risk.recordAssessment' } },
    view: async (request, { context: person, values }) => ({
      title: `Record a risk assessment of ${person.givenName} ${person.familyName}`,
      identity: await identity(request, person.id),
      personId: person.id,
      toolItems: choicesOf(RISK_TOOLS),
      levelItems: choicesOf(RISK_LEVELS),
      agencyItems: await agencyItems(values.assessorAgencyId),
    }),
    check: async (_request, { context: person, input }) => {
      const agency = (await agencyChoices(lantern.db)).find(a => a.value === input.assessorAgencyId)
      return {
        title: `Check the risk assessment before recording it for ${person.givenName} ${person.familyName}`,
        answers: riskAssessmentAnswers(input, agency?.text ?? 'An agency not of this partnership'),
        outcome:
          'The assessment is added to their history of assessments (it is never changed afterwards), and noted ' +
          '(restricted) on the chronology of their open cases.',
        confirm: 'Record the risk assessment',
      }
    },
    submit: (request, input, { params }) =>
      recordRiskAssessment(
        lantern.db,
        { actor: request.actor, ip: request.ip, now: lantern.clock() },
        params.id,
        input,
      ),
    redirect: (_result, { id }) => urls.personRisk(id, { recorded: 'assessment' }),
  })

  formPage(app, {
    page: managementPage,
    form: managementForm,
    params: idParams,
    load: async (_request, { params }) => {
      const person = await getPerson(lantern.db, params.id)
      return { person, management: await riskManagementOf(lantern.db, person.id) }
    },
    get: {
      url: '/people/:id/risk-management',
      config: { action: 'risk.managementForm' },
      values: (_request, { context: { management: m } }) => ({
        version: String(m.version),
        mappaCategory: m.mappaCategory ?? '',
        mappaLevel: m.mappaLevel ?? '',
        probationContactUserId: m.probationContact?.userId ?? '',
        policeLeadUserId: m.policeLead?.userId ?? '',
      }),
    },
    post: { url: '/people/:id/risk-management', config: { action: 'risk.changeManagement' } },
    view: async (request, { context: { person, management }, values, conflict }) => {
      const contacts = await contactChoices(lantern.db)
      const none = (text: string) => ({ value: '', text })
      return {
        title: `How ${person.givenName} ${person.familyName} is managed`,
        identity: await identity(request, person.id),
        personId: person.id,
        // After someone else's change the form moves to the version now stored, keeping what this user chose.
        version: conflict || typeof values.version !== 'string' ? management.version : Number(values.version),
        categoryItems: selectItems([none('None'), ...choicesOf(MAPPA_CATEGORIES)], values.mappaCategory),
        levelItems: selectItems([none('None'), ...choicesOf(MAPPA_LEVELS)], values.mappaLevel),
        probationItems: selectItems([none('None'), ...contacts.probation], values.probationContactUserId),
        policeItems: selectItems([none('None'), ...contacts.police], values.policeLeadUserId),
      }
    },
    check: async (_request, { context: { person }, input }) => {
      const contacts = await contactChoices(lantern.db)
      const nameOf = (list: { value: string; text: string }[], id: string | null | undefined) =>
        id ? (list.find(c => c.value === id)?.text ?? 'Someone who cannot be chosen') : null
      return {
        title: `Check how ${person.givenName} ${person.familyName} is managed before saving it`,
        answers: managementAnswers(input, {
          probationContact: nameOf(contacts.probation, input.probationContactUserId),
          policeLead: nameOf(contacts.police, input.policeLeadUserId),
        }),
        outcome: 'Anyone who reaches this person sees the contacts, by name and email, so they know whom to ask.',
        confirm: 'Save how they are managed',
      }
    },
    submit: (request, input, { params }) =>
      changeRiskManagement(
        lantern.db,
        { actor: request.actor, ip: request.ip, now: lantern.clock() },
        params.id,
        input,
      ),
    redirect: (_result, { id }) => urls.personRisk(id, { recorded: 'management' }),
  })

  const personParams = z.object({ id: z.uuid() })

  routes.get(
    '/api/v1/people/:id/risk',
    {
      config: { action: 'risk.person' },
      schema: {
        tags: ['risk'],
        summary:
          'What is known about a person who may present a risk of sexual harm. A reader who may see their full ' +
          'record, or reads the register, gets the detail (`access: full`); anyone else who may reach the person ' +
          'gets `access: minimum`, whether something is known and whom to contact, without the detail',
        params: personParams,
        response: { 200: personRiskOut },
      },
    },
    async request => personRiskFor(lantern.db, request.actor, request.params.id, lantern.clock()),
  )

  routes.post(
    '/api/v1/people/:id/civil-orders',
    {
      config: { action: 'risk.recordCivilOrder' },
      schema: {
        tags: ['risk'],
        summary:
          'Record a civil order (a Sexual Harm Prevention Order, a Sexual Risk Order, or another named in ' +
          '`otherKind`) with what it prohibits; `expiresOn` is after `startsOn`',
        params: personParams,
        body: civilOrderSchema,
        response: { 201: civilOrderOut },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const id = await recordCivilOrder(
        lantern.db,
        { actor: request.actor, ip: request.ip, now },
        request.params.id,
        request.body,
      )
      const risk = await personRiskFor(lantern.db, request.actor, request.params.id, now)
      const found = risk.access === 'full' ? risk.civilOrders.find(o => o.id === id) : undefined
      if (!found) throw new Error('The civil order just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  routes.post(
    '/api/v1/people/:id/risk-assessments',
    {
      config: { action: 'risk.recordAssessment' },
      schema: {
        tags: ['risk'],
        summary:
          'Add a risk assessment to the person’s history of them (never changed afterwards): `toolName` names a ' +
          'local tool, `assessedOn` is not in the future, `nextReviewOn` is after it',
        params: personParams,
        body: riskAssessmentSchema(today),
        response: { 201: riskAssessmentOut },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const by = { actor: request.actor, ip: request.ip, now }
      const id = await recordRiskAssessment(lantern.db, by, request.params.id, request.body)
      const risk = await personRiskFor(lantern.db, request.actor, request.params.id, now)
      const found = risk.access === 'full' ? risk.riskAssessments.find(a => a.id === id) : undefined
      if (!found) throw new Error('The risk assessment just recorded is not there')
      return reply.code(201).send(found)
    },
  )

  routes.get(
    '/api/v1/people/:id/risk-management',
    {
      config: { action: 'risk.management' },
      schema: {
        tags: ['risk'],
        summary:
          'How a person is managed: MAPPA category and level, the probation contact and the police lead; ' +
          '`version` 0 when nothing is recorded yet',
        params: personParams,
        response: { 200: managementOut },
      },
    },
    async request => {
      await getPerson(lantern.db, request.params.id)
      return riskManagementOf(lantern.db, request.params.id)
    },
  )

  routes.patch(
    '/api/v1/people/:id/risk-management',
    {
      config: { action: 'risk.changeManagement' },
      schema: {
        tags: ['risk'],
        summary:
          'Change how a person is managed: null clears a field, an absent field is left as it is. Send the ' +
          '`version` read (0 the first time); a stale one is 409 and nothing is saved',
        params: personParams,
        body: managementPatch,
        response: { 200: managementOut },
      },
    },
    async request => {
      const by = { actor: request.actor, ip: request.ip, now: lantern.clock() }
      await changeRiskManagement(lantern.db, by, request.params.id, request.body)
      return riskManagementOf(lantern.db, request.params.id)
    },
  )
}
