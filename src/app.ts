import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifyView from '@fastify/view'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import nunjucks from 'nunjucks'
import type { Config } from './kernel/config.ts'
import type { Db } from './db/connection.ts'
import { serviceKey } from './db/service-keys.ts'
import type { Actor } from './kernel/actor.ts'
import { createAccess, useCan } from './modules/access/index.ts'
import { adminActions, adminRoutes } from './modules/admin/index.ts'
import { createAuditLog } from './modules/audit/index.ts'
import { authActions, authApi, authRoutes, sessionCookie } from './modules/auth/index.ts'
import {
  caseRecordSections,
  caseResolver,
  casesActions,
  casesEventKinds,
  casesRoutes,
  peopleNeedToKnow,
  casesPersonMerge,
  personResolver,
  relationshipResolver,
  useSafeguards,
} from './modules/cases/index.ts'
import {
  concernResolver,
  concernsActions,
  concernsAuditRecords,
  concernsCaseSection,
  concernsEntryLinks,
  concernsEventKinds,
  concernsPersonMerge,
  concernsRoutes,
  concernsSection,
} from './modules/concerns/index.ts'
import {
  abeInterviewResolver,
  investigationResolver,
  investigationsActions,
  investigationsApi,
  investigationsEventKinds,
  investigationsPersonMerge,
  investigationsRoutes,
} from './modules/investigations/index.ts'
import {
  conclusionsActions,
  conclusionsEventKinds,
  conclusionsPersonMerge,
  conclusionsRoutes,
} from './modules/conclusions/index.ts'
import {
  familiesActions,
  familiesApi,
  familiesEventKinds,
  familiesPersonMerge,
  familiesRoutes,
  letterResolver,
} from './modules/families/index.ts'
import {
  voiceActions,
  voiceEventKinds,
  voicePersonMerge,
  voiceRecordSection,
  voiceRoutes,
} from './modules/voice/index.ts'
import {
  childRiskSection,
  personRiskSection,
  riskActions,
  riskEventKinds,
  riskPersonMerge,
  riskRoutes,
  sharingRecordSection,
} from './modules/risk/index.ts'
import {
  assessmentResolver,
  enquiriesActions,
  enquiriesEventKinds,
  enquiriesPersonMerge,
  enquiriesRoutes,
  section47Resolver,
} from './modules/enquiries/index.ts'
import {
  approvalResolver,
  approvalsActions,
  approvalsEventKinds,
  approvalsPersonMerge,
  approvalsRoutes,
} from './modules/approvals/index.ts'
import { dueOnCase, homeActions, homeApi, homeRoutes } from './modules/home/index.ts'
// Plans (issue 13).
import { planResolver, plansActions, plansEventKinds, plansPersonMerge, plansRoutes } from './modules/plans/index.ts'
import {
  healthActions,
  healthPersonMerge,
  healthReferralResolver,
  healthEventKinds,
  healthRoutes,
} from './modules/health/index.ts'
import {
  notificationsActions,
  notificationsApi,
  notificationsRoutes,
  unreadCountOnPages,
} from './modules/notifications/index.ts'
import { partnershipActions, partnershipRoutes, policyRoutes } from './modules/partnership/index.ts'
import { peopleActions, peopleEventKinds, peopleRoutes } from './modules/people/index.ts'
import {
  findingsCaseSection,
  findingsOf,
  RULES,
  safeguardEngine,
  safeguardsActions,
  safeguardsRoutes,
  openTasksAbout,
  taskRoutes,
  completeTaskRoutes,
  pathwayRoutes,
  safeguardsEventKinds,
  taskResolver,
  type Rule,
} from './modules/safeguards/index.ts'
import {
  strategyActions,
  strategyDiscussionResolver,
  strategyEventKinds,
  strategyPersonMerge,
  strategyRoutes,
} from './modules/strategy/index.ts'
import { requireActionOnEveryRoute, webActions, type Actions } from './web/actions.ts'
import { apiContract, describeApi, isApiRequest } from './web/api-contract.ts'
import { CSRF_COOKIE } from './web/cookies.ts'
import { DATE_FILTERS } from './web/dates.ts'
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './web/errors.ts'
import { guardInput } from './web/input.ts'
import { csrfUserInfo } from './web/render.ts'
import { serviceRoutes } from './web/service-routes.ts'
import type { Services } from './web/services.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const modulePath = (p: string) => path.join(root, 'node_modules', p)

/** Every module's actions, merged: each route names one of these. */
export const ACTIONS: Actions = mergeActions([
  webActions,
  authActions,
  adminActions,
  homeActions,
  peopleActions,
  casesActions,
  concernsActions,
  notificationsActions,
  partnershipActions,
  safeguardsActions,
  strategyActions,
  investigationsActions,
  enquiriesActions,
  conclusionsActions,
  healthActions,
  approvalsActions,
  plansActions,
  familiesActions,
  voiceActions,
  riskActions,
])

/** Every chronology event kind any module writes, with the name practitioners read. */
const EVENT_KINDS = {
  ...casesEventKinds,
  ...concernsEventKinds,
  ...peopleEventKinds,
  ...safeguardsEventKinds,
  ...strategyEventKinds,
  ...investigationsEventKinds,
  ...enquiriesEventKinds,
  ...conclusionsEventKinds,
  ...healthEventKinds,
  ...approvalsEventKinds,
  ...plansEventKinds,
  ...familiesEventKinds,
  ...voiceEventKinds,
  ...riskEventKinds,
}

function mergeActions(lists: readonly Actions[]): Actions {
  const merged: Record<string, Actions[string]> = {}
  for (const list of lists)
    for (const [name, rule] of Object.entries(list)) {
      if (Object.hasOwn(merged, name)) throw new Error(`Two modules declare the action ${name}`)
      merged[name] = rule
    }
  return merged
}

export interface AppOptions {
  db: Db
  config: Config
  clock?: () => Date
  logger?: FastifyServerOptions['logger']
  /** The safeguard rules every change to a case runs, and a case's findings answer; by default, all of them. */
  safeguards?: readonly Rule[]
}

// Logs carry ids, routes and statuses, never names, bodies or search terms.
export const LOG_REDACT = ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]']

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.config.trustProxy,
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: frameworkErrorHandler,
  })
  const services: Services = {
    db: options.db,
    audit: createAuditLog(options.db),
    config: options.config,
    clock: options.clock ?? (() => new Date()),
    actions: ACTIONS,
    routes: [],
  }
  const access = createAccess([
    personResolver,
    caseResolver,
    concernResolver,
    relationshipResolver,
    taskResolver,
    strategyDiscussionResolver,
    investigationResolver,
    abeInterviewResolver,
    section47Resolver,
    assessmentResolver,
    healthReferralResolver,
    approvalResolver,
    planResolver,
    letterResolver,
  ])
  // Every change to a case runs the safeguards: the engine reads the case, runs the rules, keeps their tasks.
  const rules = options.safeguards ?? RULES
  useSafeguards(options.db, safeguardEngine(rules))
  app.decorate('lantern', services)
  app.decorateRequest('subject', null as never)
  app.decorateRequest('sessionIdHash', undefined)
  app.decorateRequest('sessionEndsAt', undefined)
  app.decorateRequest('unreadNotifications', undefined)
  app.decorateRequest('relationship', undefined)
  useCan(app)
  app.decorateRequest('actor', {
    getter(): Actor {
      if (this.subject.kind !== 'signedIn') throw new Error('This route has no signed-in actor')
      return this.subject.actor
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  services.routes = requireActionOnEveryRoute(app, ACTIONS)

  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        reqId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? 'not-found',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    )
    done()
  })

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: options.config.trustProxy ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  })
  await app.register(fastifyCookie)
  await app.register(fastifyFormbody)
  const csrfKey = await serviceKey(options.db, 'csrf')
  await app.register(fastifyCsrf, {
    csrfOpts: { hmacKey: csrfKey },
    cookieKey: CSRF_COOKIE.name,
    cookieOpts: { httpOnly: true, sameSite: 'strict', path: '/' },
    getUserInfo: csrfUserInfo,
  })
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifyView, {
    engine: { nunjucks },
    options: {
      // Every date a page shows is written one way, by the functions in web/dates.ts.
      onConfigure: (env: nunjucks.Environment) => {
        for (const [name, filter] of Object.entries(DATE_FILTERS)) env.addFilter(name, filter)
      },
    },
    templates: [
      path.join(here, 'web', 'views'),
      path.join(here, 'modules'),
      modulePath('govuk-frontend/dist'),
      modulePath('@ministryofjustice/frontend'),
    ],
  })
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Lantern API', version: '1.0.0', description: 'The integration contract of ../shared/API.md' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: document =>
      document.url.startsWith('/api/')
        ? jsonSchemaTransform(document)
        : { schema: { ...document.schema, hide: true }, url: document.url },
    transformObject: document => describeApi(contract.routes)(document as { openapiObject: Record<string, unknown> }),
  })

  guardInput(app)
  app.addHook('onRequest', access.authenticateAndAuthorise)
  // Every form post carries a CSRF token; API calls authenticate with bearer tokens, which a browser never sends by itself.
  app.addHook('preHandler', (request, reply, done) => {
    // A request that matched no route (no action) changes nothing: it gets its 404 or 405, not a CSRF refusal.
    if (
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      isApiRequest(request) ||
      !request.routeOptions.config.action
    )
      done()
    else app.csrfProtection(request, reply, done)
  })
  app.addHook('preHandler', access.auditAndScope)
  unreadCountOnPages(app)
  const contract = apiContract(app)

  await app.register(fastifyStatic, {
    root: [
      modulePath('govuk-frontend/dist/govuk'),
      modulePath('govuk-frontend/dist/govuk/assets'),
      modulePath('@ministryofjustice/frontend/moj'),
      modulePath('@ministryofjustice/frontend/moj/assets'),
    ],
    prefix: '/assets/',
    index: false,
    maxAge: '1d',
  })
  await app.register(fastifyStatic, {
    root: path.join(here, 'web', 'assets'),
    prefix: '/assets/lantern/',
    decorateReply: false,
    index: false,
  })

  // The cookies page lists every cookie the service sets, each described by the module that sets it.
  serviceRoutes(app, { cookies: [sessionCookie(options.config.session), CSRF_COOKIE] })
  authRoutes(app)
  authApi(app)
  homeRoutes(app)
  adminRoutes(app)
  peopleRoutes(app, {
    needToKnow: peopleNeedToKnow,
    // A merge of two people's records moves what each module above people holds about them, in one transaction.
    mergers: [
      casesPersonMerge,
      concernsPersonMerge,
      strategyPersonMerge,
      enquiriesPersonMerge,
      investigationsPersonMerge,
      healthPersonMerge,
      conclusionsPersonMerge,
      approvalsPersonMerge,
      plansPersonMerge,
      familiesPersonMerge,
      voicePersonMerge,
      riskPersonMerge,
    ],
    // The child's whole record: the concerns (with the prompt when they add up) first, then, for a child in no open
    // case, anyone they live with or see who may present a risk of sexual harm (SG-08), then cases and chronology.
    // The child's views in their own words follow the cases they were given on.
    sections: [
      concernsSection,
      childRiskSection,
      ...caseRecordSections(EVENT_KINDS),
      voiceRecordSection,
      personRiskSection,
      sharingRecordSection,
    ],
  })
  // What is due on a case (a referral decision) comes from above cases, as the home page's list takes it.
  casesRoutes(
    app,
    EVENT_KINDS,
    [findingsCaseSection(rules), concernsCaseSection],
    concernsEntryLinks,
    [concernsAuditRecords],
    dueOnCase,
  )
  // The API's case list says what is due on each case, which needs the modules above cases: home composes it.
  homeApi(app)
  concernsRoutes(app)
  strategyRoutes(app)
  notificationsRoutes(app)
  notificationsApi(app)
  partnershipRoutes(app)
  policyRoutes(app)
  safeguardsRoutes(app)
  taskRoutes(app, rules)
  completeTaskRoutes(app)
  pathwayRoutes(app, rules)
  investigationsRoutes(app)
  investigationsApi(app)
  enquiriesRoutes(app)
  conclusionsRoutes(app)
  approvalsRoutes(app)
  voiceRoutes(app)
  healthRoutes(app, { findings: (caseId, now) => findingsOf(options.db, rules, caseId, now) })
  plansRoutes(app)
  familiesRoutes(app)
  familiesApi(app)
  riskRoutes(app, { openTasksAbout })
  return app
}
