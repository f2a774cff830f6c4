import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  HEALTH_DECISION_SHORT,
  HEALTH_DECISIONS,
  PATHWAY_KINDS,
  type HealthDecision,
  type PathwayKind,
} from '../../kernel/codes/health.ts'
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import type { Finding } from '../../kernel/findings.ts'
import { choicesOf } from '../../web/choices.ts'
import { confirmable, confirmationData, confirmationPage, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { ageOn, londonDate, londonDateTime, londonDue, todayIso } from '../../web/dates.ts'
import { formPage, seeOther, type Answer, type Form } from '../../web/form-page.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render, view, type FormPageData, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { ageInWords, getCase } from '../cases/index.ts'
import { policyOf } from '../policy/index.ts'
import {
  decisionAnswers,
  decisionForm,
  outcomeForm,
  pathwayForm,
  referredForm,
  seenForm,
  withdrawForm,
} from './forms.ts'
import {
  decisionSchema,
  newPathwaySchema,
  outcomeSchema,
  pathwayChangeSchema,
  referredSchema,
  seenSchema,
  type NewPathway,
} from './schema.ts'
import {
  addPathway,
  caseDecisions,
  changePathway,
  checkDecision,
  getDecision,
  getPathway,
  listPathways,
  recordDecision,
  recordOutcome,
  recordReferred,
  recordSeen,
  serves,
  type HealthDecisionRow,
  type LocalPathway,
} from './service.ts'

// Health pathways, for people and systems: the partnership's directory of local pathways (the partnership manager
// keeps it, practitioners read it when deciding), and each child's decision, referral, examination and outcome on
// a case, with what SG-07 says is due. The findings come from the safeguards, above this module, handed in at
// composition.

export interface HealthComposition {
  /** The case's open findings now, as the safeguards work them out. */
  findings: (caseId: string, now: Date) => Promise<readonly Finding[]>
}

type Case = Awaited<ReturnType<typeof getCase>>
type CaseChild = Case['children'][number]

interface PathwaysPage extends PageData {
  pathways: readonly LocalPathway[]
  kindNames: typeof PATHWAY_KINDS
  mayChange: boolean
}
interface PathwayFormPage extends FormPageData {
  action: string
  button: string
  version?: number
  kindItems: { value: string; text: string }[]
}
interface CaseHealthPage extends PageData {
  kase: Case
  caseNav: 'health'
  recentAbuseDays: number
  canReadDirectory: boolean
  children: {
    id: string
    name: string
    facts: string
    canDecide: boolean
    findings: (Finding & { due?: string })[]
    decisions: { title: string; rows: { key: { text: string }; value: { text: string } }[]; actions: unknown[] }[]
  }[]
}
interface DecisionPage extends FormPageData {
  kase: Case
  child: { id: string; facts: string }
  recentAbuseDays: number
  pathwayNames: typeof HEALTH_DECISIONS
  forensicItems: ServiceItem[]
  assessmentItems: ServiceItem[]
}
interface StepPage extends FormPageData {
  kase: Case
  childName: string
  step: 'referred' | 'seen' | 'outcome'
  action: string
  version: number
  dateName: string
  dateQuestion: string
  sofar: { key: { text: string }; value: { text: string } }[]
  pathwayItems: ServiceItem[]
}
interface ServiceItem {
  value: string
  text: string
  hint: { text: string }
}

const pathwaysPage = view<PathwaysPage>('health/views/pathways.njk')
const pathwayFormPage = view<PathwayFormPage>('health/views/pathway-form.njk')
const caseHealthPage = view<CaseHealthPage>('health/views/case-health.njk')
const decisionPage = view<DecisionPage>('health/views/decision.njk')
const stepPage = view<StepPage>('health/views/step.njk')

const kindItems = choicesOf(PATHWAY_KINDS)

/** How to reach a service and whom it sees, in one line under its name. */
function contactLine(p: LocalPathway): string {
  const contact = [p.phone, p.email, p.address?.replace(/\s*\n\s*/g, ', ')].filter(Boolean).join('; ')
  return `Ages ${p.youngestAge} to ${p.oldestAge}. ${contact}`
}

function serviceItems(pathways: readonly LocalPathway[]): ServiceItem[] {
  return pathways.map(p => ({ value: p.id, text: p.name, hint: { text: contactLine(p) } }))
}

function childName(c: { givenName: string; familyName: string }) {
  return `${c.givenName} ${c.familyName}`
}

function childAgeNow(c: CaseChild, now: Date): number | null {
  return ageOn(c.dateOfBirth, todayIso(now))
}

function childFacts(c: CaseChild, now: Date): string {
  const dob = c.dateOfBirth
  return dob
    ? `Born ${londonDate(dob)}, ${ageInWords(childAgeNow(c, now))}.`
    : 'Date of birth not known: check the service sees a child of their age.'
}

function pathwayAnswers(p: NewPathway): Answer[] {
  return [
    { key: 'Name', value: p.name, field: 'name' },
    { key: 'Kind', value: PATHWAY_KINDS[p.kind], field: 'kind' },
    { key: 'Phone', value: p.phone ?? 'None given', field: 'phone' },
    { key: 'Email', value: p.email ?? 'None given', field: 'email' },
    { key: 'Address', value: p.address ?? 'None given', field: 'address' },
    { key: 'Ages served', value: `${p.youngestAge} to ${p.oldestAge}`, field: 'youngestAge' },
    { key: 'Notes', value: p.notes ?? 'None', field: 'notes' },
  ]
}

/** A decision's steps so far, as summary list rows. */
function decisionRows(d: HealthDecisionRow, contact: string | undefined) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } })
  return [
    row('Decision', HEALTH_DECISIONS[d.pathway]),
    ...(d.pathway === 'not_needed'
      ? []
      : [
          row(
            'Local service',
            d.localPathwayName ? `${d.localPathwayName}${contact ? `. ${contact}` : ''}` : 'Not chosen yet',
          ),
        ]),
    row('Reasons', d.reason ?? 'None given'),
    row('Abuse last thought to happen', d.lastAbuseOn ? londonDate(d.lastAbuseOn) : 'Not known'),
    row('Decided', `${londonDateTime(d.decidedAt)}, recorded by ${d.recordedBy}, ${d.recordedByAgency}`),
    ...(d.pathway === 'not_needed'
      ? []
      : [
          row('Referred', d.referredAt ? londonDateTime(d.referredAt) : 'Not yet'),
          row('Seen', d.seenAt ? londonDateTime(d.seenAt) : 'Not yet'),
          row('Outcome', d.outcomeAt ? `${londonDateTime(d.outcomeAt)}: ${d.outcome ?? ''}` : 'Not yet'),
        ]),
  ]
}

/** The next step a decision waits for, if any. */
function nextStep(d: HealthDecisionRow): 'referred' | 'seen' | 'outcome' | undefined {
  if (d.pathway === 'not_needed') return undefined
  if (!d.referredAt) return 'referred'
  if (!d.seenAt) return 'seen'
  if (!d.outcomeAt) return 'outcome'
  return undefined
}

const STEP_LINKS = {
  referred: { text: 'Record the referral', href: urls.healthReferred, action: 'healthReferral.recordReferred' },
  seen: { text: 'Record when the child was seen', href: urls.healthSeen, action: 'healthReferral.recordSeen' },
  outcome: { text: 'Record the outcome', href: urls.healthOutcome, action: 'healthReferral.recordOutcome' },
} as const

export function healthRoutes(app: FastifyInstance, composition: HealthComposition): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()
  const api = app.withTypeProvider<ZodTypeProvider>()
  const now = () => lantern.clock()
  const change = (request: FastifyRequest) => ({ actor: request.actor, ip: request.ip, now: lantern.clock() })

  // -------------------------------------------------------------------------------------------------------------
  // The directory's pages

  app.get('/partnership/health-pathways', { config: { action: 'healthPathways.list' } }, async (request, reply) => {
    const query = request.query as { added?: unknown; changed?: unknown; withdrawn?: unknown }
    const mayChange = request.can('healthPathways.change')
    return render(request, reply, pathwaysPage, {
      title: 'Local health pathways',
      pathways: await listPathways(lantern.db, { includeWithdrawn: mayChange }),
      kindNames: PATHWAY_KINDS,
      mayChange,
      notice: query.added
        ? { text: 'Local pathway added.', success: true }
        : query.changed
          ? { text: 'Local pathway changed.', success: true }
          : query.withdrawn
            ? { text: 'Local pathway withdrawn.', success: true }
            : undefined,
    })
  })

  formPage(app, {
    page: pathwayFormPage,
    form: pathwayForm,
    get: { url: '/partnership/health-pathways/new', config: { action: 'healthPathways.add' } },
    post: { url: '/partnership/health-pathways/new', config: { action: 'healthPathways.add' } },
    view: () => ({
      title: 'Add a local health pathway',
      action: urls.newHealthPathway(),
      button: 'Continue',
      kindItems,
    }),
    check: (_request, { input }) => ({
      title: 'Check the local pathway before adding it',
      answers: pathwayAnswers(input),
      outcome: 'Practitioners in the partnership will see it when they decide a child’s health pathway.',
      confirm: 'Add the local pathway',
    }),
    submit: (request, { version: _version, ...input }) => addPathway(lantern.db, input, change(request)),
    redirect: () => urls.healthPathways({ added: '1' }),
  })

  formPage(app, {
    page: pathwayFormPage,
    form: pathwayForm,
    params: idParams,
    load: async (_request, { params }) => {
      const pathway = await getPathway(lantern.db, params.id)
      if (!pathway.active) throw new NotFound('health pathway')
      return pathway
    },
    get: {
      url: '/partnership/health-pathways/:id',
      config: { action: 'healthPathways.change' },
      values: (_request, { context: p }) => ({
        name: p.name,
        kind: p.kind,
        phone: p.phone ?? '',
        email: p.email ?? '',
        address: p.address ?? '',
        youngestAge: String(p.youngestAge),
        oldestAge: String(p.oldestAge),
        notes: p.notes ?? '',
      }),
    },
    post: { url: '/partnership/health-pathways/:id', config: { action: 'healthPathways.change' } },
    // The version read with the page; after someone else's change, the one read now, so sending again works.
    view: (_request, { context, values, conflict }) => ({
      title: `Change ${context.name}`,
      action: urls.healthPathway(context.id),
      button: 'Continue',
      version: conflict || values.version === undefined ? context.version : Number(values.version),
      kindItems,
    }),
    check: (_request, { input }) => ({
      title: 'Check the changes before saving them',
      answers: pathwayAnswers(input),
      outcome: 'Practitioners will see the local pathway as it is here from now on.',
      confirm: 'Save the changes',
    }),
    submit: (request, { version, ...input }, { params }) =>
      changePathway(
        lantern.db,
        params.id,
        {
          version: version ?? 0,
          ...input,
          phone: input.phone ?? null,
          email: input.email ?? null,
          address: input.address ?? null,
          notes: input.notes ?? null,
        },
        change(request),
      ),
    redirect: () => urls.healthPathways({ changed: '1' }),
  })

  const withdrawal = (p: LocalPathway): Confirmation => ({
    title: `Withdraw ${p.name}?`,
    caption: 'Local health pathways',
    answers: [
      { key: 'Kind', value: PATHWAY_KINDS[p.kind] },
      { key: 'Ages served', value: `${p.youngestAge} to ${p.oldestAge}` },
    ],
    happens: [
      'Practitioners can no longer choose it for a child’s health pathway, from now.',
      'Decisions already recorded that name it keep its name.',
      'The audit log records who withdrew it, and when.',
    ],
    action: urls.withdrawHealthPathway(p.id),
    button: `Withdraw ${p.name}`,
    back: { href: urls.healthPathways(), text: 'No, go back to the local health pathways' },
    carry: { version: String(p.version) },
  })

  formPage(app, {
    page: confirmationPage,
    form: confirmable(withdrawForm),
    params: idParams,
    load: async (_request, { params }) => {
      const pathway = await getPathway(lantern.db, params.id)
      if (!pathway.active) throw new NotFound('health pathway')
      return pathway
    },
    get: { url: '/partnership/health-pathways/:id/withdraw', config: { action: 'healthPathways.withdraw' } },
    post: { url: '/partnership/health-pathways/:id/withdraw', config: { action: 'healthPathways.withdraw' } },
    view: (_request, { context }) => confirmationData(withdrawal(context)),
    submit: (request, input, { params, context, values }) =>
      confirmFirst(
        values,
        () => withdrawal(context),
        () =>
          changePathway(
            lantern.db,
            params.id,
            { version: input.version, active: false },
            change(request),
            'healthPathways.withdraw',
          ),
      ),
    redirect: () => urls.healthPathways({ withdrawn: '1' }),
  })

  // -------------------------------------------------------------------------------------------------------------
  // A case's health pathways

  pages.get(
    '/cases/:id/health',
    { config: { action: 'case.health' }, schema: { params: idParams, querystring: z.object({ recorded: queryText }) } },
    async (request, reply) => {
      const at = lantern.clock()
      const kase = await getCase(lantern.db, request.params.id)
      const [decisions, findings, policy, pathways] = await Promise.all([
        caseDecisions(lantern.db, kase.id),
        composition.findings(kase.id, at),
        policyOf(lantern.db),
        listPathways(lantern.db, { includeWithdrawn: true }),
      ])
      const onTeam = request.relationship === 'full' && kase.status === 'open'
      const contacts = new Map(pathways.map(p => [p.id, contactLine(p)]))
      return render(request, reply, caseHealthPage, {
        title: `Health pathways: ${kase.reference}`,
        kase,
        caseNav: 'health',
        recentAbuseDays: policy.recentAbuseDays,
        canReadDirectory: request.can('healthPathways.list'),
        notice: request.query.recorded ? { text: 'Health pathway recorded.', success: true } : undefined,
        children: kase.children.map(c => ({
          id: c.id,
          name: childName(c),
          facts: childFacts(c, at),
          canDecide: onTeam && request.can('case.recordHealthDecision'),
          findings: findings
            .filter(f => f.childId === c.id && f.safeguard === 'SG-07')
            .map(f => ({ ...f, ...(f.dueAt ? { due: londonDue(f.dueAt, at) } : {}) })),
          decisions: decisions
            .filter(d => d.childId === c.id)
            .reverse()
            .map(d => {
              const next = nextStep(d)
              const link = next && STEP_LINKS[next]
              return {
                title: `${HEALTH_DECISION_SHORT[d.pathway]}, decided ${londonDate(d.decidedAt)}`,
                rows: decisionRows(d, d.localPathwayId ? contacts.get(d.localPathwayId) : undefined),
                actions:
                  link && onTeam && request.can(link.action)
                    ? [{ href: link.href(d.id), text: link.text, visuallyHiddenText: ` for ${childName(c)}` }]
                    : [],
              }
            }),
        })),
      })
    },
  )

  /** The child named by the form, on the case (404 when not: the address named someone the case does not hold). */
  async function decisionContext(caseId: string, childId: unknown) {
    const kase = await getCase(lantern.db, caseId)
    const child = kase.children.find(c => c.id === childId)
    if (!child) throw new NotFound('child')
    return { kase, child }
  }

  async function servicesFor(child: CaseChild, kind: PathwayKind) {
    const age = childAgeNow(child, lantern.clock())
    return serviceItems((await listPathways(lantern.db, { kind })).filter(p => serves(p, age)))
  }

  formPage(app, {
    page: decisionPage,
    form: decisionForm(now),
    params: idParams,
    load: async (_request, { params, query, values }) => {
      const context = await decisionContext(params.id, query ? query.childId : values.childId)
      // A closed case changes no more: back to its health pathways, which say what was decided.
      if (context.kase.status !== 'open') return seeOther(urls.caseHealth(context.kase.id))
      return context
    },
    get: {
      url: '/cases/:id/health/decision',
      config: { action: 'case.healthDecisionForm' },
      querystring: z.object({ childId: queryText }),
    },
    post: { url: '/cases/:id/health/decision', config: { action: 'case.recordHealthDecision' } },
    view: async (_request, { context: { kase, child } }) => ({
      title: `Health pathway decision for ${childName(child)}`,
      kase,
      child: { id: child.id, facts: childFacts(child, lantern.clock()) },
      recentAbuseDays: (await policyOf(lantern.db)).recentAbuseDays,
      pathwayNames: HEALTH_DECISIONS,
      forensicItems: await servicesFor(child, 'forensic_recent'),
      assessmentItems: await servicesFor(child, 'health_non_recent'),
    }),
    // What the service would refuse is refused before the answers are shown; the form's own field names it.
    check: async (_request, { params, context: { child }, input }) => {
      let local: { name: string } | undefined
      try {
        local = (await checkDecision(lantern.db, params.id, input)).local
      } catch (error) {
        if (error instanceof Invalid && error.fields.localPathwayId)
          throw new Invalid({
            [input.pathway === 'forensic_recent' ? 'forensicPathwayId' : 'assessmentPathwayId']:
              error.fields.localPathwayId,
          })
        throw error
      }
      return {
        title: 'Check your answers before recording the decision',
        subject: {
          heading: childName(child),
          facts: [{ key: 'Date of birth and age', value: childFacts(child, lantern.clock()) }],
          warnings: [],
        },
        answers: decisionAnswers(input, local?.name),
        outcome:
          input.pathway === 'not_needed'
            ? 'The decision goes on the case’s chronology, with the reason.'
            : 'The decision goes on the case’s chronology; record the referral, when the child is seen and the outcome as they happen.',
        confirm: 'Record the decision',
      }
    },
    submit: (request, input, { params }) => recordDecision(lantern.db, params.id, input, change(request)),
    redirect: (_result, { id }) => urls.caseHealth(id, { recorded: '1' }),
  })

  // The later steps: each reached by the decision's id (authorised on its case, as its actions say).
  async function stepContext(request: FastifyRequest, id: string) {
    const decision = await getDecision(lantern.db, id)
    const kase = await getCase(lantern.db, decision.caseId)
    if (kase.status !== 'open') throw new Forbidden('forbidden', 'This case is closed: nothing on it can change')
    const child = kase.children.find(c => c.id === decision.childId)
    return { decision, kase, child }
  }

  interface Step<Input> {
    step: 'referred' | 'seen' | 'outcome'
    url: string
    form: Form<z.ZodType, Input>
    formAction: string
    postAction: string
    title: string
    dateName: string
    dateQuestion: string
    ready: (d: HealthDecisionRow) => boolean
    answers: (input: Input) => Answer[]
    submit: (request: FastifyRequest, id: string, input: Input) => Promise<{ caseId: string }>
  }

  function stepPageOf<Input>(s: Step<Input>) {
    formPage(app, {
      page: stepPage,
      form: s.form,
      params: idParams,
      load: (request, { params }) => stepContext(request, params.id),
      get: { url: s.url, config: { action: s.formAction } },
      post: { url: s.url, config: { action: s.postAction } },
      view: async (_request, { context: { decision, kase, child }, values, conflict }) => ({
        title: s.title,
        kase,
        childName: child ? childName(child) : '',
        step: s.step,
        action: s.url.replace(':id', decision.id),
        version: conflict || values.version === undefined ? decision.version : Number(values.version),
        dateName: s.dateName,
        dateQuestion: s.dateQuestion,
        sofar: decisionRows(decision, undefined),
        pathwayItems:
          s.step === 'referred' && child && decision.pathway !== 'not_needed'
            ? await servicesFor(child, decision.pathway)
            : [],
      }),
      check: (_request, { context: { decision, child }, input }) => {
        if (!s.ready(decision)) throw new Invalid({ [s.dateName]: alreadyOrNotYet(s.step) })
        return {
          title: 'Check your answers before recording it',
          subject: child
            ? {
                heading: childName(child),
                facts: [{ key: 'Health pathway', value: HEALTH_DECISIONS[decision.pathway] }],
                warnings: [],
              }
            : undefined,
          answers: s.answers(input),
          confirm: s.title,
        }
      },
      submit: (request, input, { params }) => s.submit(request, params.id, input),
      redirect: result => urls.caseHealth(result.caseId, { recorded: '1' }),
    })
  }

  stepPageOf({
    step: 'referred',
    url: '/health-referrals/:id/referred',
    form: referredForm(now),
    formAction: 'healthReferral.referredForm',
    postAction: 'healthReferral.recordReferred',
    title: 'Record the referral',
    dateName: 'referredAt',
    dateQuestion: 'When was the referral made?',
    ready: d => d.pathway !== 'not_needed' && !d.referredAt,
    answers: input => [{ key: 'Referral made', value: londonDateTime(input.referredAt), field: 'referredAt' }],
    submit: (request, id, input) => recordReferred(lantern.db, id, input, change(request)),
  })
  stepPageOf({
    step: 'seen',
    url: '/health-referrals/:id/seen',
    form: seenForm(now),
    formAction: 'healthReferral.seenForm',
    postAction: 'healthReferral.recordSeen',
    title: 'Record when the child was seen',
    dateName: 'seenAt',
    dateQuestion: 'When was the child seen?',
    ready: d => Boolean(d.referredAt) && !d.seenAt,
    answers: input => [{ key: 'Seen', value: londonDateTime(input.seenAt), field: 'seenAt' }],
    submit: (request, id, input) => recordSeen(lantern.db, id, input, change(request)),
  })
  stepPageOf({
    step: 'outcome',
    url: '/health-referrals/:id/outcome',
    form: outcomeForm(now),
    formAction: 'healthReferral.outcomeForm',
    postAction: 'healthReferral.recordOutcome',
    title: 'Record the outcome',
    dateName: 'outcomeAt',
    dateQuestion: 'When was the outcome known?',
    ready: d => Boolean(d.seenAt) && !d.outcomeAt,
    answers: input => [
      { key: 'Outcome known', value: londonDateTime(input.outcomeAt), field: 'outcomeAt' },
      { key: 'Outcome', value: input.outcome, field: 'outcome' },
    ],
    submit: (request, id, input) => recordOutcome(lantern.db, id, input, change(request)),
  })

  // -------------------------------------------------------------------------------------------------------------
  // The API

  const pathwayOut = z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(Object.keys(PATHWAY_KINDS) as [PathwayKind, ...PathwayKind[]]),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    address: z.string().nullable(),
    youngestAge: z.number(),
    oldestAge: z.number(),
    notes: z.string().nullable(),
    active: z.boolean(),
    version: z.number(),
  })
  const pathwayBody = ({ changedAt: _c, ...p }: LocalPathway) => p

  api.get(
    '/api/v1/health-pathways',
    {
      config: { action: 'healthPathways.list' },
      schema: {
        tags: ['health'],
        summary:
          'The partnership’s local health pathways (SARCs and health assessment services), by kind and name; `kind` narrows them, `includeWithdrawn=true` adds those withdrawn',
        querystring: z.strictObject({
          kind: z
            .enum(
              Object.keys(PATHWAY_KINDS) as [PathwayKind, ...PathwayKind[]],
              'kind must be forensic_recent or health_non_recent',
            )
            .optional(),
          includeWithdrawn: z.enum(['true', 'false'], 'includeWithdrawn must be true or false').optional(),
        }),
        response: { 200: z.array(pathwayOut) },
      },
    },
    async request =>
      (
        await listPathways(lantern.db, {
          ...(request.query.kind ? { kind: request.query.kind } : {}),
          includeWithdrawn: request.query.includeWithdrawn === 'true',
        })
      ).map(pathwayBody),
  )

  api.get(
    '/api/v1/health-pathways/:id',
    {
      config: { action: 'healthPathways.read' },
      schema: {
        tags: ['health'],
        summary: 'One local health pathway, with the version to send back with a change',
        params: z.object({ id: z.uuid() }),
        response: { 200: pathwayOut },
      },
    },
    async request => pathwayBody(await getPathway(lantern.db, request.params.id)),
  )

  api.post(
    '/api/v1/health-pathways',
    {
      config: { action: 'healthPathways.add' },
      schema: {
        tags: ['health'],
        summary: 'Add a local health pathway to the partnership’s directory (the partnership manager); audited',
        body: newPathwaySchema,
        response: { 201: pathwayOut },
      },
    },
    async (request, reply) => {
      const { id } = await addPathway(lantern.db, request.body, change(request))
      return reply.code(201).send(pathwayBody(await getPathway(lantern.db, id)))
    },
  )

  api.patch(
    '/api/v1/health-pathways/:id',
    {
      config: { action: 'healthPathways.change' },
      schema: {
        tags: ['health'],
        summary:
          'Change a local health pathway as the version read (409 `conflict` when someone changed it since); `active: false` withdraws it; audited with the fields changed',
        params: z.object({ id: z.uuid() }),
        body: pathwayChangeSchema,
        response: { 200: pathwayOut },
      },
    },
    async request => pathwayBody(await changePathway(lantern.db, request.params.id, request.body, change(request))),
  )

  const decisionOut = z.object({
    id: z.string(),
    caseId: z.string(),
    childId: z.string(),
    pathway: z.enum(Object.keys(HEALTH_DECISIONS) as [HealthDecision, ...HealthDecision[]]),
    reason: z.string().nullable(),
    lastAbuseOn: z.string().nullable(),
    localPathwayId: z.string().nullable(),
    localPathwayName: z.string().nullable(),
    decidedAt: z.date(),
    referredAt: z.date().nullable(),
    seenAt: z.date().nullable(),
    outcomeAt: z.date().nullable(),
    outcome: z.string().nullable(),
    recordedBy: z.string(),
    recordedByAgency: z.string(),
    version: z.number(),
  })
  const decisionBody = (d: HealthDecisionRow): z.infer<typeof decisionOut> => ({
    id: d.id,
    caseId: d.caseId,
    childId: d.childId,
    pathway: d.pathway,
    reason: d.reason,
    lastAbuseOn: d.lastAbuseOn,
    localPathwayId: d.localPathwayId,
    localPathwayName: d.localPathwayName,
    decidedAt: new Date(d.decidedAt),
    referredAt: d.referredAt && new Date(d.referredAt),
    seenAt: d.seenAt && new Date(d.seenAt),
    outcomeAt: d.outcomeAt && new Date(d.outcomeAt),
    outcome: d.outcome,
    recordedBy: d.recordedBy,
    recordedByAgency: d.recordedByAgency,
    version: d.version,
  })
  const oneDecision = async (id: string) => decisionBody(await getDecision(lantern.db, id))

  api.get(
    '/api/v1/cases/:id/health-referrals',
    {
      config: { action: 'case.healthReferrals' },
      schema: {
        tags: ['health'],
        summary: 'Each child’s health pathway decisions on the case, oldest first, with referral, seen and outcome',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(decisionOut) },
      },
    },
    async request => {
      await getCase(lantern.db, request.params.id)
      return (await caseDecisions(lantern.db, request.params.id)).map(decisionBody)
    },
  )

  api.post(
    '/api/v1/cases/:id/health-referrals',
    {
      config: { action: 'case.recordHealthDecision' },
      schema: {
        tags: ['health'],
        summary:
          'Record a child’s health pathway decision (forensic_recent, health_non_recent, or not_needed with a reason), with the referral when already made; the local pathway must be of the matching kind and serve the child’s age',
        params: z.object({ id: z.uuid() }),
        body: decisionSchema(now),
        response: { 201: decisionOut },
      },
    },
    async (request, reply) => {
      const { id } = await recordDecision(lantern.db, request.params.id, request.body, change(request))
      return reply.code(201).send(await oneDecision(id))
    },
  )

  const stepRoute = <S extends z.ZodType>(
    path: string,
    action: string,
    summary: string,
    body: S,
    act: (id: string, input: z.output<S>, request: FastifyRequest) => Promise<unknown>,
  ) =>
    api.post(
      path,
      {
        config: { action },
        schema: { tags: ['health'], summary, params: z.object({ id: z.uuid() }), body, response: { 200: decisionOut } },
      },
      async request => {
        await act(request.params.id, request.body as z.output<S>, request)
        return oneDecision(request.params.id)
      },
    )

  stepRoute(
    '/api/v1/health-referrals/:id/referred',
    'healthReferral.recordReferred',
    'Record the referral of a decision made without one, as the version read',
    referredSchema(now),
    (id, input, request) => recordReferred(lantern.db, id, input, change(request)),
  )
  stepRoute(
    '/api/v1/health-referrals/:id/seen',
    'healthReferral.recordSeen',
    'Record when the child was seen, after the referral, as the version read',
    seenSchema(now),
    (id, input, request) => recordSeen(lantern.db, id, input, change(request)),
  )
  stepRoute(
    '/api/v1/health-referrals/:id/outcome',
    'healthReferral.recordOutcome',
    'Record the outcome of the examination or assessment, after the child was seen, as the version read',
    outcomeSchema(now),
    (id, input, request) => recordOutcome(lantern.db, id, input, change(request)),
  )
}

function alreadyOrNotYet(step: 'referred' | 'seen' | 'outcome'): string {
  if (step === 'referred') return 'The referral has already been recorded, or no health pathway was needed'
  if (step === 'seen') return 'Record the referral first, or when the child was seen has already been recorded'
  return 'Record when the child was seen first, or the outcome has already been recorded'
}
