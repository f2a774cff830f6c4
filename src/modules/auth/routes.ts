import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../kernel/actor.ts'
import { londonTime } from '../../web/dates.ts'
import { formPage, Refused, seeOther } from '../../web/form-page.ts'
import { queryText } from '../../web/page-schemas.ts'
import { returnToOf, safeReturnTo } from '../../web/return-to.ts'
import { urls } from '../../web/urls.ts'
import { accountRoutes } from './account-routes.ts'
import { securityCode, signIn } from './forms.ts'
import { SESSION_COOKIE } from './index.ts'
import { endSession, keepSessionAlive, startSession } from './sessions.ts'
import {
  checkPassword,
  checkSecondFactor,
  enrolmentSecret,
  LOCK_AFTER_FAILURES,
  LOCK_MINUTES,
  type CodeCheck,
} from './sign-in.ts'
import { totpQrCode } from './totp.ts'
import { securityCodePage, setUpAuthenticatorPage, signInPage } from './views.ts'

const SIGN_IN_LIMIT = { max: 10, timeWindow: 60_000 }
const LOCK_HINT = { lockAfter: LOCK_AFTER_FAILURES, lockMinutes: LOCK_MINUTES }

function lockedMessage(until: Date): string {
  return `Your account is locked after too many failed attempts. Try again after ${londonTime(until)}`
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

  formPage(app, {
    page: signInPage,
    form: signIn,
    get: {
      url: '/sign-in',
      config: { action: 'signIn.start' },
      querystring: z.object({ expired: queryText, signedOut: queryText, returnTo: queryText }),
    },
    post: { url: '/sign-in', config: { action: 'signIn.start', rateLimit: SIGN_IN_LIMIT } },
    load: request =>
      Promise.resolve(
        request.method === 'GET' && request.subject.kind === 'signedIn'
          ? seeOther(returnToOf(request) ?? urls.home())
          : undefined,
      ),
    view: (request, { query }) => ({
      title: 'Sign in',
      ...LOCK_HINT,
      // The page they were on when they were asked to sign in: the form posts to the same address, so it is kept.
      returnTo: returnToOf(request),
      notice:
        query?.expired === '1'
          ? {
              text:
                `You were signed out because you had not used Lantern for ${String(lantern.config.session.idleMinutes)} ` +
                'minutes, or your session reached its time limit. Sign in again to continue.',
            }
          : query?.signedOut === '1'
            ? { text: 'You have signed out.', success: true }
            : undefined,
    }),
    submit: async (request, credentials, { reply }) => {
      const now = lantern.clock()
      const result = await checkPassword(lantern.db, lantern.audit, { ...credentials, ip: request.ip }, now)
      // A locked account answers as a wrong password or an unknown email does, so the answer tells a stranger
      // nothing about which addresses have accounts; the page says how locking works.
      if (result.outcome !== 'accepted')
        return new Refused({ email: 'Enter a correct email address and password' }, 401)
      if (request.sessionIdHash) await endSession(lantern.db, request.sessionIdHash, now, 'replaced')
      const exempt = result.secondFactor === 'exempt'
      setSessionCookie(request, reply, await startSession(lantern.db, result.actor, exempt, now))
      const returnTo = returnToOf(request)
      if (exempt) return returnTo ?? urls.home()
      return result.secondFactor === 'enrol' ? urls.setUpAuthenticator({ returnTo }) : urls.securityCode({ returnTo })
    },
    redirect: next => next,
  })

  /** Who is proving their second factor: only someone part-way through signing in, with a session. */
  function pending(request: FastifyRequest, { setUp }: { setUp: boolean }) {
    const subject = request.subject
    if (subject.kind !== 'pending' || !request.sessionIdHash) return seeOther(urls.home())
    // Someone with no app yet is asked to set one up before they are asked for its code.
    if (request.method === 'GET' && !setUp && !subject.authenticatorSetUp)
      return seeOther(urls.setUpAuthenticator({ returnTo: returnToOf(request) }))
    return { actor: subject.actor, sessionIdHash: request.sessionIdHash }
  }

  async function secondFactor(
    request: FastifyRequest,
    code: string,
    { actor, sessionIdHash }: { actor: Actor; sessionIdHash: string },
    reply: FastifyReply,
  ) {
    const now = lantern.clock()
    const result: CodeCheck = await checkSecondFactor(lantern.db, lantern.audit, actor, code, request.ip, now)
    if (result.outcome !== 'accepted')
      return new Refused({
        code:
          result.outcome === 'locked'
            ? lockedMessage(result.until)
            : 'The security code is not correct, or it has expired. Enter the code your app shows now',
      })
    // A new session id once both factors are proven, so an id seen before sign-in is worth nothing.
    await endSession(lantern.db, sessionIdHash, now, 'second_factor_completed')
    setSessionCookie(request, reply, await startSession(lantern.db, actor, true, now))
    return returnToOf(request) ?? urls.home()
  }

  formPage(app, {
    page: securityCodePage,
    form: securityCode,
    get: {
      url: '/sign-in/security-code',
      config: { action: 'signIn.secondFactor' },
      querystring: z.object({ returnTo: queryText }),
    },
    post: { url: '/sign-in/security-code', config: { action: 'signIn.secondFactor', rateLimit: SIGN_IN_LIMIT } },
    load: request => Promise.resolve(pending(request, { setUp: false })),
    view: request => ({ title: 'Enter your security code', returnTo: returnToOf(request) }),
    submit: (request, code, { context, reply }) => secondFactor(request, code, context, reply),
    redirect: next => next,
  })

  formPage(app, {
    page: setUpAuthenticatorPage,
    form: securityCode,
    get: {
      url: '/sign-in/set-up-authenticator',
      config: { action: 'signIn.secondFactor' },
      querystring: z.object({ returnTo: queryText }),
    },
    post: {
      url: '/sign-in/set-up-authenticator',
      config: { action: 'signIn.secondFactor', rateLimit: SIGN_IN_LIMIT },
    },
    load: request => Promise.resolve(pending(request, { setUp: true })),
    view: async (request, { context: { actor } }) => {
      const secret = await enrolmentSecret(lantern.db, actor)
      const { dataUrl } = await totpQrCode(secret, actor.email)
      return { title: 'Set up an authenticator app', secret, qrDataUrl: dataUrl, returnTo: returnToOf(request) }
    },
    submit: (request, code, { context, reply }) => secondFactor(request, code, context, reply),
    redirect: next => next,
  })

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
    // The page's own timer signs out a session about to end, and says so; sign-in then leads back to that page.
    const body = request.body as { timedOut?: unknown; returnTo?: unknown } | undefined
    if (body?.timedOut === '1')
      return reply.redirect(urls.signIn({ expired: '1', returnTo: safeReturnTo(body.returnTo) }), 303)
    return reply.redirect(urls.signIn({ signedOut: '1' }), 303)
  })

  // "Stay signed in", from the warning every page gives before the session ends: with JavaScript the page asks
  // for JSON and stays as it is (with what is typed in it); without, the form comes back to the page it was on.
  app.post('/session/keep-alive', { config: { action: 'session.keepAlive' } }, async (request, reply) => {
    const endsAt = request.sessionIdHash
      ? await keepSessionAlive(lantern.db, request.sessionIdHash, lantern.clock(), lantern.config.session)
      : null
    if (!endsAt) return reply.redirect(urls.signIn({ expired: '1' }), 303)
    if (request.headers.accept?.includes('application/json')) {
      const secondsLeft = Math.round((endsAt.getTime() - lantern.clock().getTime()) / 1000)
      return reply.header('cache-control', 'no-store').send({ secondsLeft, time: londonTime(endsAt) })
    }
    const body = request.body as { returnTo?: unknown } | undefined
    return reply.redirect(safeReturnTo(body?.returnTo) ?? urls.home(), 303)
  })

  accountRoutes(app)
}
