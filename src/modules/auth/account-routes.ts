import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Invalid } from '../../kernel/errors.ts'
import { apiError } from '../../web/api-errors.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { changeOwnPassword } from './account.ts'
import { SESSION_COOKIE } from './index.ts'
import { acceptInvitationAsSystem, lookUpInvitationAsSystem, type InvitationLookup } from '../directory/index.ts'
import { changePasswordApi, changePasswordForm, invitationForm } from './schema.ts'
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

/** Invitations (setting a first password) and a signed-in person changing their own password. */
export function accountRoutes(app: FastifyInstance): void {
  const { lantern } = app

  function unusable(request: FastifyRequest, reply: FastifyReply, state: keyof typeof UNUSABLE) {
    const { status, text } = UNUSABLE[state]
    return render(
      request,
      reply,
      'error.njk',
      { title: 'This invitation link cannot be used', paragraphs: [text] },
      status,
    )
  }

  const tokenOf = (request: FastifyRequest) => (request.params as { token: string }).token

  app.get('/invitation/:token', { config: { action: 'invitation.accept' } }, async (request, reply) => {
    const invitation = await lookUpInvitationAsSystem(lantern.db, tokenOf(request), lantern.clock())
    if (invitation.state !== 'valid') return unusable(request, reply, invitation.state)
    return render(request, reply, 'auth/views/invitation.njk', {
      title: 'Set your password',
      email: invitation.actor.email,
      values: {},
    })
  })

  app.post(
    '/invitation/:token',
    { config: { action: 'invitation.accept', rateLimit: INVITATION_LIMIT } },
    async (request, reply) => {
      const token = tokenOf(request)
      const now = lantern.clock()
      const invitation = await lookUpInvitationAsSystem(lantern.db, token, now)
      if (invitation.state !== 'valid') return unusable(request, reply, invitation.state)
      const parsed = invitationForm.safeParse(formFields(request.body))
      if (!parsed.success)
        return render(
          request,
          reply,
          'auth/views/invitation.njk',
          {
            title: 'Set your password',
            email: invitation.actor.email,
            values: {},
            fieldErrors: fieldIssues(parsed.error.issues),
          },
          400,
        )
      const actor = await acceptInvitationAsSystem(lantern.db, token, parsed.data.password, now)
      if (!actor) return unusable(request, reply, 'used')
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
      return reply.redirect(
        exempt ? '/' : candidate?.totpEnrolled ? '/sign-in/security-code' : '/sign-in/set-up-authenticator',
        303,
      )
    },
  )

  app.get('/account/password', { config: { action: 'account.changePassword' } }, (request, reply) => {
    const changed = (request.query as Record<string, string | undefined>).changed === '1'
    return render(request, reply, 'auth/views/change-password.njk', {
      title: 'Change your password',
      values: {},
      notice: changed
        ? { text: 'Your password has been changed. You have been signed out everywhere else.', success: true }
        : undefined,
    })
  })

  app.post(
    '/account/password',
    { config: { action: 'account.changePassword', rateLimit: INVITATION_LIMIT } },
    async (request, reply) => {
      const again = (fieldErrors: Record<string, string>) =>
        render(
          request,
          reply,
          'auth/views/change-password.njk',
          { title: 'Change your password', values: {}, fieldErrors },
          400,
        )
      const parsed = changePasswordForm.safeParse(formFields(request.body))
      if (!parsed.success) return again(fieldIssues(parsed.error.issues))
      try {
        await changeOwnPassword(
          lantern.db,
          request.actor,
          parsed.data,
          { sessionIdHash: request.sessionIdHash },
          request.ip,
          lantern.clock(),
        )
      } catch (error) {
        if (error instanceof Invalid) return again(error.fields)
        throw error
      }
      return reply.redirect('/account/password?changed=1', 303)
    },
  )

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
      try {
        await changeOwnPassword(
          lantern.db,
          request.actor,
          request.body,
          { tokenHash: token ? hashSecret(token) : undefined },
          request.ip,
          lantern.clock(),
        )
      } catch (error) {
        if (error instanceof Invalid) return apiError(reply, 400, 'invalid', error.message, { fields: error.fields })
        throw error
      }
      return reply.code(204).send()
    },
  )
}
