import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { getInterview, getInvestigation, investigationsOfCase, type InvestigationRecord } from './read.ts'
import {
  chargingAdviceSchema,
  chargingDecisionSchema,
  interviewHeldSchema,
  openInvestigationSchema,
  outcomeSchema,
  planInterviewSchema,
} from './schema.ts'
import {
  openInvestigation,
  planInterview,
  recordChargingAdvice,
  recordChargingDecision,
  recordInterviewHeld,
  recordOutcome,
} from './service.ts'

const person = z.object({ id: z.string(), givenName: z.string(), familyName: z.string() })

const interviewOut = z.object({
  id: z.string(),
  investigationId: z.string(),
  childId: z.string(),
  plannedAt: z.date(),
  lead: z.object({ name: z.string(), role: z.string(), agencyId: z.string(), hasJointTraining: z.boolean() }),
  intermediary: z.boolean(),
  intermediaryName: z.string().nullable(),
  specialMeasures: z.array(z.string()),
  childInformedAt: z.date().nullable(),
  informedBy: z.object({ name: z.string(), role: z.string() }).nullable(),
  childWillingness: z.string().nullable(),
  toldDecliningHarms: z.boolean().nullable(),
  held: z.boolean(),
  heldAt: z.date().nullable(),
  notHeldReason: z.string().nullable(),
  version: z.number(),
})

const investigationOut = z.object({
  id: z.string(),
  caseId: z.string(),
  crimeReference: z.string(),
  openedAt: z.date(),
  officer: z.object({ userId: z.string().nullable(), name: z.string().nullable(), agencyId: z.string() }),
  offences: z.string(),
  children: z.array(person),
  suspects: z.array(person),
  chargingAdvice: z
    .object({ soughtAt: z.date(), outcomeAt: z.date().nullable(), advice: z.string().nullable() })
    .nullable(),
  chargingDecision: z.object({ decidedAt: z.date(), decision: z.string(), decidedBy: z.string() }).nullable(),
  outcome: z
    .object({
      outcome: z.string(),
      outcomeCode: z.string(),
      rationale: z.string(),
      decidedAt: z.date(),
      agenciesInformed: z.array(z.object({ id: z.string(), name: z.string() })),
      recordedAt: z.date(),
    })
    .nullable(),
  interviews: z.array(interviewOut),
  version: z.number(),
})

type InterviewRow = InvestigationRecord['interviews'][number]

function interviewBody(
  v: Omit<InterviewRow, 'givenName' | 'familyName' | 'leadAgencyName'>,
): z.infer<typeof interviewOut> {
  return {
    id: v.id,
    investigationId: v.investigationId,
    childId: v.childId,
    plannedAt: v.plannedAt,
    lead: { name: v.leadName, role: v.leadRole, agencyId: v.leadAgencyId, hasJointTraining: v.leadHasJointTraining },
    intermediary: v.intermediary,
    intermediaryName: v.intermediaryName,
    specialMeasures: v.specialMeasures,
    childInformedAt: v.childInformedAt,
    informedBy: v.informedByName ? { name: v.informedByName, role: v.informedByRole ?? '' } : null,
    childWillingness: v.willingness,
    toldDecliningHarms: v.toldDecliningHarms,
    held: v.heldAt !== null,
    heldAt: v.heldAt,
    notHeldReason: v.notHeldReason,
    version: v.version,
  }
}

export function investigationBody(i: InvestigationRecord): z.infer<typeof investigationOut> {
  return {
    id: i.id,
    caseId: i.caseId,
    crimeReference: i.crimeReference,
    openedAt: i.openedAt,
    officer: { userId: i.officerUserId, name: i.officerName, agencyId: i.officerAgencyId },
    offences: i.offences,
    children: i.children.map(({ id, givenName, familyName }) => ({ id, givenName, familyName })),
    suspects: i.suspects.map(({ id, givenName, familyName }) => ({ id, givenName, familyName })),
    chargingAdvice: i.chargingAdviceSoughtAt
      ? { soughtAt: i.chargingAdviceSoughtAt, outcomeAt: i.chargingAdviceOutcomeAt, advice: i.chargingAdvice }
      : null,
    chargingDecision:
      i.chargingDecidedAt && i.chargingDecision && i.chargingDecidedBy
        ? { decidedAt: i.chargingDecidedAt, decision: i.chargingDecision, decidedBy: i.chargingDecidedBy }
        : null,
    outcome:
      i.outcomeKind && i.outcomeCode && i.outcomeDecidedAt && i.outcomeRecordedAt
        ? {
            outcome: i.outcomeKind,
            outcomeCode: i.outcomeCode,
            rationale: i.outcomeRationale ?? '',
            decidedAt: i.outcomeDecidedAt,
            agenciesInformed: i.agenciesInformed,
            recordedAt: i.outcomeRecordedAt,
          }
        : null,
    interviews: i.interviews.map(interviewBody),
    version: i.version,
  }
}

const idParams = z.object({ id: z.uuid() })
const changed = z.object({ id: z.string(), version: z.number() })

/** The investigations API (API.md): the same service functions as the pages. */
export function investigationsApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['investigations']

  api.post(
    '/api/v1/cases/:id/investigations',
    {
      config: { action: 'investigations.open' },
      schema: {
        tags,
        summary: 'Open a police investigation on a case: its crime reference, children, suspects and offences',
        params: idParams,
        body: openInvestigationSchema,
        response: { 201: investigationOut },
      },
    },
    async (request, reply) => {
      const { id } = await openInvestigation(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply
        .code(201)
        .header('location', `/api/v1/investigations/${id}`)
        .send(investigationBody(await getInvestigation(lantern.db, id)))
    },
  )

  api.get(
    '/api/v1/cases/:id/investigations',
    {
      config: { action: 'investigations.list' },
      schema: {
        tags,
        summary: 'A case’s police investigations, oldest first, each with its interviews and outcome',
        params: idParams,
        response: { 200: z.array(investigationOut) },
      },
    },
    async request => {
      const list = await investigationsOfCase(lantern.db, request.params.id)
      const full = await Promise.all(list.map(i => getInvestigation(lantern.db, i.id)))
      return full.map(investigationBody)
    },
  )

  api.get(
    '/api/v1/investigations/:id',
    {
      config: { action: 'investigation.read' },
      schema: {
        tags,
        summary: 'A police investigation, with the version to send back when changing it',
        params: idParams,
        response: { 200: investigationOut },
      },
    },
    async request => investigationBody(await getInvestigation(lantern.db, request.params.id)),
  )

  const change = (
    url: string,
    action: string,
    summary: string,
    body: z.ZodType,
    run: (id: string, input: never, request: FastifyRequest) => Promise<{ version: number }>,
  ) =>
    api.post(
      url,
      { config: { action }, schema: { tags, summary, params: idParams, body, response: { 200: changed } } },
      async request => {
        const { id } = request.params
        const { version } = await run(id, request.body as never, request)
        return { id, version }
      },
    )

  change(
    '/api/v1/investigations/:id/charging-advice',
    'investigation.chargingAdvice',
    'Early charging advice: when it was sought, and when given and what it was',
    chargingAdviceSchema,
    (id, input, request) => recordChargingAdvice(lantern.db, request.actor, id, input, request.ip, lantern.clock()),
  )
  change(
    '/api/v1/investigations/:id/charging-decision',
    'investigation.chargingDecision',
    'The charging decision, and who made it (the CPS or the police)',
    chargingDecisionSchema,
    (id, input, request) => recordChargingDecision(lantern.db, request.actor, id, input, request.ip, lantern.clock()),
  )
  change(
    '/api/v1/investigations/:id/outcome',
    'investigation.outcome',
    'The outcome, once: its Home Office code (of the outcome’s group), the rationale and the agencies told. A close without charge is “no_further_police_action_at_this_time”; “no further action” and “NFA” are refused',
    outcomeSchema,
    (id, input, request) => recordOutcome(lantern.db, request.actor, id, input, request.ip, lantern.clock()),
  )
  change(
    '/api/v1/abe-interviews/:id/held',
    'abe.held',
    'Record a planned ABE interview as held, with what the child was told before it (SG-12)',
    interviewHeldSchema,
    (id, input, request) => recordInterviewHeld(lantern.db, request.actor, id, input, request.ip, lantern.clock()),
  )

  api.post(
    '/api/v1/investigations/:id/abe-interviews',
    {
      config: { action: 'abe.plan' },
      schema: {
        tags,
        summary:
          'Plan an ABE interview of one child of the investigation (or record one already held): its lead, intermediary, special measures, and what the child was told',
        params: idParams,
        body: planInterviewSchema,
        response: { 201: interviewOut },
      },
    },
    async (request, reply) => {
      const { id } = await planInterview(
        lantern.db,
        request.actor,
        request.params.id,
        request.body,
        request.ip,
        lantern.clock(),
      )
      return reply
        .code(201)
        .header('location', `/api/v1/investigations/${request.params.id}`)
        .send(interviewBody(await getInterview(lantern.db, id)))
    },
  )
}
