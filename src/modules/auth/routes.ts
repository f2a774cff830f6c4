import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render } from '../../web/render.ts'
import { accountRoutes } from './account-routes.ts'
import { SESSION_COOKIE } from './index.ts'
import { securityCodeForm, signInForm } from './schema.ts'
import { endSession, startSession } from './sessions.ts'
import {
  checkPassword,
  checkSecondFactor,
  enrolmentSecret,
  LOCK_AFTER_FAILURES,
  LOCK_MINUTES,
  type CodeCheck,
} from './sign-in.ts'
import { totpQrCode } from './totp.ts'

const SIGN_IN_LIMIT = { max: 10, timeWindow: 60_000 }
const LOCK_HINT = { lockAfter: LOCK_AFTER_FAILURES, lockMinutes: LOCK_MINUTES }

function lockedMessage(until: Date): string {
  const time = until.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })
  return `Your account is locked after too many failed attempts. Try again after ${time}`
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
  })
}

/** Sign-in pages: password, then a security code from an authenticator app (set up on first sign-in). */
export function authRoutes(app: FastifyInstance): void {
  const { lantern } = app

  app.get('/sign-in', { config: { action: 'signIn.start' } }, (request, reply) => {
    if (request.subject.kind === 'signedIn') return reply.redirect('/', 303)
    const query = request.query as Record<string, string | undefined>
    const notice =
      query.expired === '1'
        ? {
            text: `You were signed out because you had not used Lantern for ${lantern.config.session.idleMinutes} minutes, or your session reached its time limit. Sign in again to continue.`,
          }
        : query.signedOut === '1'
          ? { text: 'You have signed out.', success: true }
          : undefined
    return render(request, reply, 'auth/views/sign-in.njk', { title: 'Sign in', ...LOCK_HINT, values: {}, notice })
  })

  app.post('/sign-in', { config: { action: 'signIn.start', rateLimit: SIGN_IN_LIMIT } }, async (request, reply) => {
    const body = formFields(request.body)
    const values = { email: typeof body.email === 'string' ? body.email : '' }
    const parsed = signInForm.safeParse(body)
    if (!parsed.success) {
      return render(
        request,
        reply,
        'auth/views/sign-in.njk',
        { title: 'Sign in', ...LOCK_HINT, values, fieldErrors: fieldIssues(parsed.error.issues) },
        400,
      )
    }
    const now = lantern.clock()
    const result = await checkPassword(lantern.db, lantern.audit, { ...parsed.data, ip: request.ip }, now)
    // A locked account answers as a wrong password or an unknown email does, so the answer tells a stranger
    // nothing about which addresses have accounts; the page says how locking works.
    if (result.outcome !== 'accepted') {
      return render(
        request,
        reply,
        'auth/views/sign-in.njk',
        {
          title: 'Sign in',
          ...LOCK_HINT,
          values,
          fieldErrors: { email: 'Enter a correct email address and password' },
        },
        401,
      )
    }
    if (request.sessionIdHash) await endSession(lantern.db, request.sessionIdHash, now, 'replaced')
    const exempt = result.secondFactor === 'exempt'
    setSessionCookie(request, reply, await startSession(lantern.db, result.actor, exempt, now))
    if (exempt) return reply.redirect('/', 303)
    return reply.redirect(
      result.secondFactor === 'enrol' ? '/sign-in/set-up-authenticator' : '/sign-in/security-code',
      303,
    )
  })

  async function finishSecondFactor(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    title: string,
    extra: () => Promise<Record<string, unknown>>,
  ) {
    const subject = request.subject
    if (subject.kind !== 'pending' || !request.sessionIdHash) return reply.redirect('/', 303)
    const body = formFields(request.body)
    const values = { code: typeof body.code === 'string' ? body.code : '' }
    const parsed = securityCodeForm.safeParse(body)
    const now = lantern.clock()
    const result: CodeCheck | undefined = parsed.success
      ? await checkSecondFactor(lantern.db, lantern.audit, subject.actor, parsed.data.code, request.ip, now)
      : undefined
    if (result?.outcome !== 'accepted') {
      const fieldErrors = !parsed.success
        ? fieldIssues(parsed.error.issues)
        : {
            code:
              result?.outcome === 'locked'
                ? lockedMessage(result.until)
                : 'The security code is not correct, or it has expired. Enter the code your app shows now',
          }
      return render(request, reply, template, { title, values, fieldErrors, ...(await extra()) }, 400)
    }
    // A new session id once both factors are proven, so an id seen before sign-in is worth nothing.
    await endSession(lantern.db, request.sessionIdHash, now, 'second_factor_completed')
    setSessionCookie(request, reply, await startSession(lantern.db, subject.actor, true, now))
    return reply.redirect('/', 303)
  }

  app.get('/sign-in/security-code', { config: { action: 'signIn.secondFactor' } }, async (request, reply) => {
    if (request.subject.kind !== 'pending') return reply.redirect('/', 303)
    if (!request.subject.authenticatorSetUp) return reply.redirect('/sign-in/set-up-authenticator', 303)
    return render(request, reply, 'auth/views/security-code.njk', { title: 'Enter your security code', values: {} })
  })

  app.post(
    '/sign-in/security-code',
    { config: { action: 'signIn.secondFactor', rateLimit: SIGN_IN_LIMIT } },
    (request, reply) =>
      finishSecondFactor(request, reply, 'auth/views/security-code.njk', 'Enter your security code', () =>
        Promise.resolve({}),
      ),
  )

  async function enrolmentView(request: FastifyRequest): Promise<Record<string, unknown>> {
    if (request.subject.kind === 'anonymous') return {}
    const secret = await enrolmentSecret(lantern.db, request.subject.actor)
    const { dataUrl } = await totpQrCode(secret, request.subject.actor.email)
    return { secret, qrDataUrl: dataUrl }
  }

  app.get('/sign-in/set-up-authenticator', { config: { action: 'signIn.secondFactor' } }, async (request, reply) => {
    if (request.subject.kind !== 'pending') return reply.redirect('/', 303)
    return render(request, reply, 'auth/views/set-up-authenticator.njk', {
      title: 'Set up an authenticator app',
      values: {},
      ...(await enrolmentView(request)),
    })
  })

  app.post(
    '/sign-in/set-up-authenticator',
    { config: { action: 'signIn.secondFactor', rateLimit: SIGN_IN_LIMIT } },
    (request, reply) =>
      finishSecondFactor(request, reply, 'auth/views/set-up-authenticator.njk', 'Set up an authenticator app', () =>
        enrolmentView(request),
      ),
  )

  app.post('/sign-out', { config: { action: 'signOut' } }, async (request, reply) => {
    const subject = request.subject
    const now = lantern.clock()
    if (request.sessionIdHash && subject.kind !== 'anonymous') {
      await endSession(lantern.db, request.sessionIdHash, now, 'signed_out')
      const { actor } = subject
      await lantern.audit.record({
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        action: 'signOut',
        ip: request.ip,
        at: now,
      })
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return reply.redirect('/sign-in?signedOut=1', 303)
  })

  accountRoutes(app)
}
