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
import type { Config } from './config.ts'
import type { Db } from './db/connection.ts'
import { asSystem } from './db/context.ts'
import {
  authenticateAndAuthorise,
  auditAndScope,
  isApiRequest,
  requireActionOnEveryRoute,
  type RegisteredRoute,
} from './modules/access/hooks.ts'
import { adminRoutes } from './modules/admin/routes.ts'
import { createAuditLog, type AuditLog } from './modules/audit/index.ts'
import { authApi } from './modules/auth/api.ts'
import type { Actor } from './modules/auth/index.ts'
import { authRoutes } from './modules/auth/routes.ts'
import { casesRoutes } from './modules/cases/routes.ts'
import { concernsRoutes } from './modules/concerns/routes.ts'
import { homeRoutes } from './modules/home/routes.ts'
import { peopleRoutes } from './modules/people/routes.ts'
import { csrfUserInfo } from './web/render.ts'
import { apiContract, describeApi } from './web/api-contract.ts'
import { serviceRoutes } from './web/service-routes.ts'
import { errorHandler, frameworkErrorHandler, notFoundHandler } from './web/errors.ts'
import { guardInput } from './web/input.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '..')
const modulePath = (p: string) => path.join(root, 'node_modules', p)

/** What every module reaches through `app.lantern`. */
export interface Services {
  db: Db
  audit: AuditLog
  config: Config
  /** The time now; tests freeze and move it. */
  clock: () => Date
  /** Every route the app registered, with its action. */
  routes: RegisteredRoute[]
}

export interface AppOptions {
  db: Db
  config: Config
  clock?: () => Date
  logger?: FastifyServerOptions['logger']
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
    routes: [],
  }
  app.decorate('lantern', services)
  app.decorateRequest('subject', null as never)
  app.decorateRequest('sessionIdHash', undefined)
  app.decorateRequest('relationship', undefined)
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
  services.routes = requireActionOnEveryRoute(app)

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
  const csrfKey = await asSystem(() =>
    options.db.selectFrom('serviceKeys').select('value').where('name', '=', 'csrf').executeTakeFirstOrThrow(),
  )
  await app.register(fastifyCsrf, {
    csrfOpts: { hmacKey: csrfKey.value },
    cookieOpts: { httpOnly: true, sameSite: 'strict', path: '/' },
    getUserInfo: csrfUserInfo,
  })
  await app.register(fastifyRateLimit, { global: false })
  await app.register(fastifyView, {
    engine: { nunjucks },
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
  app.addHook('onRequest', authenticateAndAuthorise())
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
  app.addHook('preHandler', auditAndScope())
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

  serviceRoutes(app)
  authRoutes(app)
  authApi(app)
  homeRoutes(app)
  adminRoutes(app)
  peopleRoutes(app)
  casesRoutes(app)
  concernsRoutes(app)
  return app
}
