import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formPage, Instead } from '../../web/form-page.ts'
import { queryText } from '../../web/page-schemas.ts'
import { errorPage, render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { changeOwnPassword } from './account.ts'
import { changePassword, invitation } from './forms.ts'
import { SESSION_COOKIE } from './index.ts'
import { acceptInvitationAsSystem, lookUpInvitationAsSystem, type InvitationLookup } from '../directory/index.ts'
import { changePasswordApi } from './schema.ts'
import { changePasswordPage, invitationPage } from './views.ts'
import { hashSecret } from '../../kernel/secrets.ts'
import { endSession, startSession } from './sessions.ts'
import { findSignInCandidateAsSystem } from '../directory/index.ts'

const INVITATION_LIMIT = { max: 10, timeWindow: 60_000 }

const UNUSABLE: Record<Exclude<InvitationLookup['state'], 'valid'>, { status: number; text: string }> = {
  unknown: { status: 404, text: 'This link is not a Lantern invitation. Check you copied all of it from your email.' },
  used: {
    status: 410,
    text: 'This invitation has already been used. Sign in with the password you set. If that was not you, tell your system administrator now.',
  },
  expired: { status: 410, text: 'This invitation has expired. Ask your system administrator to invite you again.' },
  withdrawn: {
    status: 410,
    text: 'A newer invitation has been sent for this account. Use the link in the latest one.',
  },
  disabled: {
    status: 410,
    text: 'This account has been disabled, so the invitation cannot be used. Ask your system administrator if you need access.',
  },
}

/** An invitation link that cannot be used, and why: 404 for no such link, 410 for one that was. */
function unusable(state: keyof typeof UNUSABLE): Instead {
  const { status, text } = UNUSABLE[state]
  return new Instead((request, reply) =>
    render(request, reply, errorPage, { title: 'This invitation link cannot be used', paragraphs: [text] }, status),
  )
}

/** Invitations (setting a first password) and a signed-in person changing their own password. */
export function accountRoutes(app: FastifyInstance): void {
  const { lantern } = app

  formPage(app, {
    page: invitationPage,
    form: invitation,
    params: z.object({ token: z.string() }),
    get: { url: '/invitation/:token', config: { action: 'invitation.accept' } },
    post: { url: '/invitation/:token', config: { action: 'invitation.accept', rateLimit: INVITATION_LIMIT } },
    load: async (_request, { params: { token } }) => {
      const found = await lookUpInvitationAsSystem(lantern.db, token, lantern.clock())
      return found.state === 'valid' ? found.actor : unusable(found.state)
    },
    view: (_request, { context: invited }) => ({ title: 'Set your password', email: invited.email }),
    submit: async (request, password, { params, reply }) => {
      const now = lantern.clock()
      const actor = await acceptInvitationAsSystem(lantern.db, params.token, password, now)
      if (!actor) return unusable('used')
      await lantern.audit.record({
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        action: 'invitation.accept',
        objectType: 'user',
        objectId: actor.userId,
        ip: request.ip,
        at: now,
      })
      // Straight on to the authenticator, as at a first sign-in: the password they just set is their first factor.
      if (request.sessionIdHash) await endSession(lantern.db, request.sessionIdHash, now, 'replaced')
      const candidate = await findSignInCandidateAsSystem(lantern.db, actor.email)
      const exempt = candidate?.mfaExempt ?? false
      reply.setCookie(SESSION_COOKIE, await startSession(lantern.db, actor, exempt, now), {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        path: '/',
      })
      return exempt ? urls.home() : candidate?.totpEnrolled ? urls.securityCode() : urls.setUpAuthenticator()
    },
    redirect: next => next,
  })

  formPage(app, {
    page: changePasswordPage,
    form: changePassword,
    get: {
      url: '/account/password',
      config: { action: 'account.changePassword' },
      querystring: z.object({ changed: queryText }),
    },
    post: { url: '/account/password', config: { action: 'account.changePassword', rateLimit: INVITATION_LIMIT } },
    view: (_request, { query }) => ({
      title: 'Change your password',
      notice:
        query?.changed === '1'
          ? { text: 'Your password has been changed. You have been signed out everywhere else.', success: true }
          : undefined,
    }),
    submit: (request, change) =>
      changeOwnPassword(
        lantern.db,
        request.actor,
        change,
        { sessionIdHash: request.sessionIdHash },
        request.ip,
        lantern.clock(),
      ),
    redirect: () => urls.changePassword({ changed: '1' }),
  })

  const api = app.withTypeProvider<ZodTypeProvider>()
  api.post(
    '/api/v1/me/password',
    {
      config: { action: 'account.changePassword', rateLimit: INVITATION_LIMIT },
      schema: {
        tags: ['auth'],
        summary: "Change the caller's own password (ends their other sessions and revokes their other tokens)",
        body: changePasswordApi,
      },
    },
    async (request, reply) => {
      const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
      // A wrong current password is Invalid, which the error handler answers as 400 `invalid` naming the field.
      await changeOwnPassword(
        lantern.db,
        request.actor,
        request.body,
        { tokenHash: token ? hashSecret(token) : undefined },
        request.ip,
        lantern.clock(),
      )
      return reply.code(204).send()
    },
  )
}
