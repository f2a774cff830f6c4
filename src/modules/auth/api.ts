import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { apiError } from '../../web/api-errors.ts'
import { tokenRequest, tokenResponse } from './schema.ts'
import { checkPassword, checkSecondFactor, LOCK_AFTER_FAILURES, LOCK_MINUTES } from './sign-in.ts'
import type { Actor } from '../../kernel/actor.ts'
import { createApiToken } from './tokens.ts'

const SHORT_TOKEN_MINUTES = 60

const me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  csaClinicalExperience: z.boolean(),
  agency: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  partnership: z.object({ id: z.string(), name: z.string() }),
})

/** What GET /api/v1/me answers: the actor, as the API names things. */
export function meBody(a: Actor) {
  return {
    id: a.userId,
    email: a.email,
    displayName: a.displayName,
    roles: a.roles,
    csaClinicalExperience: a.csaClinicalExperience,
    agency: { id: a.agencyId, name: a.agencyName, kind: a.agencyKind },
    partnership: { id: a.partnershipId, name: a.partnershipName },
  }
}

export function authApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.post(
    '/api/v1/auth/token',
    {
      config: { action: 'signIn.token', rateLimit: { max: 10, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Exchange an email, password and security code for a short-lived token',
        body: tokenRequest,
        response: { 201: tokenResponse },
      },
    },
    async (request, reply) => {
      const now = lantern.clock()
      const { email, password, otp } = request.body
      const result = await checkPassword(lantern.db, lantern.audit, { email, password, ip: request.ip }, now)
      // Locked, unknown or wrong: one answer, so it does not tell which addresses have accounts.
      if (result.outcome !== 'accepted')
        return apiError(
          reply,
          401,
          'unauthenticated',
          'The email address or password is not correct, or the account is locked ' +
            `(after ${String(LOCK_AFTER_FAILURES)} failed attempts an account is locked for ${String(LOCK_MINUTES)} minutes)`,
        )
      if (result.secondFactor === 'enrol')
        return apiError(
          reply,
          401,
          'unauthenticated',
          'Set up an authenticator app by signing in to Lantern in a browser first',
        )
      if (result.secondFactor === 'enter_code') {
        if (!otp)
          return apiError(reply, 401, 'unauthenticated', 'This account needs a security code', {
            fields: { otp: 'Enter the 6-digit code from your authenticator app' },
          })
        const code = await checkSecondFactor(lantern.db, lantern.audit, result.actor, otp, request.ip, now)
        if (code.outcome !== 'accepted')
          return apiError(reply, 401, 'unauthenticated', 'The security code is not correct', {
            fields: { otp: 'The security code is not correct' },
          })
      }
      const expiresAt = new Date(now.getTime() + SHORT_TOKEN_MINUTES * 60_000)
      const created = await createApiToken(lantern.db, result.actor, 'short-lived (POST /auth/token)', expiresAt)
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ token: created.token, expiresAt: expiresAt.toISOString() })
    },
  )

  api.get(
    '/api/v1/me',
    {
      config: { action: 'me.read' },
      schema: { tags: ['auth'], summary: 'The user the token acts as', response: { 200: me } },
    },
    request => meBody(request.actor),
  )
}
