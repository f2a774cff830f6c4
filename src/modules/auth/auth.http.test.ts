import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generate } from 'otplib'
import { asPartnership, asSystem } from '../../db/context.ts'
import { loadConfig } from '../../kernel/config.ts'
import { Agent, apiToken, bearer, DEMO_PASSWORD, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'
import { addUser, listAgencies } from '../directory/index.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

async function auditRows(action: string) {
  return asSystem(() => db.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('seq').execute())
}

async function northshire() {
  return asSystem(() =>
    db.selectFrom('partnerships').select('partnershipId').where('name', '=', 'Northshire').executeTakeFirstOrThrow(),
  )
}

describe('signing in with a password', () => {
  it('signs a demo user in, shows who they are, and signs them out', async () => {
    const agent = new Agent(app)
    const signIn = await agent.signIn('sw@csc.example')
    assert.equal(signIn.statusCode, 303)
    assert.equal(signIn.headers.location, '/')
    const cookie = signIn.cookies.find(c => c.name === 'lantern_session')
    assert.ok(cookie?.httpOnly, 'session cookie is HttpOnly')
    assert.equal(cookie.sameSite, 'Lax')
    const home = await agent.get('/')
    assert.equal(home.statusCode, 200)
    assert.match(page(home)('.lantern-user').text(), /Signed in as Sam Caseworth, Northshire Children's Social Care/)
    const out = await agent.post('/sign-out', {})
    assert.equal(out.headers.location, '/sign-in?signedOut=1')
    assert.equal((await agent.get('/')).headers.location, '/sign-in')
    assert.match(
      page(await agent.get('/sign-in?signedOut=1'))('.govuk-notification-banner').text(),
      /You have signed out/,
    )
  })

  it('refuses a wrong password with one message for both fields, keeps the email and audits it', async () => {
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { email: 'tm@csc.example', password: 'not-the-password' })
    assert.equal(response.statusCode, 401)
    const $ = page(response)
    assert.match($('title').text(), /^Error: /)
    assert.match($('.govuk-error-summary').text(), /Enter a correct email address and password/)
    assert.equal($('#email').val(), 'tm@csc.example')
    assert.equal($('#password').val(), undefined, 'the password is never sent back')
    const rows = await auditRows('signIn.password')
    assert.ok(rows.some(r => r.outcome === 'failed' && (r.detail as { reason: string }).reason === 'wrong_password'))
  })

  it('gives an unknown email the same answer and audits it outside any partnership', async () => {
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { email: 'nobody@nowhere.example', password: 'whatever-it-is' })
    assert.equal(response.statusCode, 401)
    assert.match(page(response)('.govuk-error-summary').text(), /Enter a correct email address and password/)
    const rows = await auditRows('signIn.password')
    assert.ok(
      rows.some(
        r =>
          r.partnershipId === '00000000-0000-0000-0000-000000000000' &&
          (r.detail as { reason: string }).reason === 'unknown_user',
      ),
    )
  })

  it('names each empty field', async () => {
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { email: '', password: '' })
    assert.equal(response.statusCode, 400)
    const $ = page(response)
    assert.equal($('.govuk-error-summary a[href="#email"]').text(), 'Enter your email address')
    assert.equal($('.govuk-error-summary a[href="#password"]').text(), 'Enter your password')
    assert.match($('#email-error').text(), /Enter your email address/)
  })

  // The lock tests lock users of their own, so no other test meets a locked account.
  it('locks the account after five failures, even with the right password, until the lock ends', async () => {
    const { email } = await given.user('probation_officer')
    const agent = new Agent(app)
    await agent.get('/sign-in')
    for (let i = 0; i < 5; i++)
      assert.equal((await agent.post('/sign-in', { email, password: 'wrong-wrong-wrong' })).statusCode, 401)
    const right = await agent.post('/sign-in', { email, password: DEMO_PASSWORD })
    assert.equal(right.statusCode, 401, 'the right password does not open a locked account')
    clock.advance(16 * 60_000)
    assert.equal((await agent.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode, 303)
  })

  it('answers a locked account exactly as a wrong password and an unknown email, on the page and the API', async () => {
    const locked = await given.user('designated_safeguarding_lead')
    const mistaken = await given.user('team_manager')
    const agent = new Agent(app)
    await agent.get('/sign-in')
    for (let i = 0; i < 5; i++) await agent.post('/sign-in', { email: locked.email, password: 'wrong-wrong-wrong' })
    const answers = []
    for (const [email, password] of [
      [locked.email, DEMO_PASSWORD],
      [mistaken.email, 'wrong-wrong-wrong'],
      ['nobody-here@nowhere.example', 'wrong-wrong-wrong'],
    ] as const) {
      const response = await agent.post('/sign-in', { email, password })
      answers.push(
        `${String(response.statusCode)} ${page(response)('.govuk-error-summary').text().trim()} ${page(response)('#lock-hint').text()}`,
      )
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email, password },
        remoteAddress: agent.remoteAddress,
      })
      answers.push(`${String(api.statusCode)} ${api.body}`)
    }
    assert.equal(answers[0], answers[2])
    assert.equal(answers[0], answers[4])
    assert.equal(answers[1], answers[3])
    assert.equal(answers[1], answers[5])
    assert.doesNotMatch(answers.join(' '), /locked after too many|is locked\./)
    assert.match(answers[0] ?? '', /After 5 failed attempts an account is locked for 15 minutes/)
  })

  it('starts counting again from nothing once a lock has ended, so one wrong guess does not lock it again', async () => {
    const { email } = await given.user('health_practitioner')
    const agent = new Agent(app)
    await agent.get('/sign-in')
    for (let i = 0; i < 5; i++) await agent.post('/sign-in', { email, password: 'wrong-wrong-wrong' })
    clock.advance(16 * 60_000)
    assert.equal((await agent.post('/sign-in', { email, password: 'wrong-wrong-wrong' })).statusCode, 401)
    assert.equal(
      (await agent.post('/sign-in', { email, password: DEMO_PASSWORD })).statusCode,
      303,
      'one wrong guess after a lock does not renew it',
    )
    const user = await asSystem(() =>
      db
        .selectFrom('users')
        .select(['failedSignIns', 'lockedUntil'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow(),
    )
    assert.equal(user.failedSignIns, 0)
    assert.equal(user.lockedUntil, null)
  })

  it('refuses a form without its CSRF token, changes nothing and audits it', async () => {
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { email: 'sw@csc.example', password: DEMO_PASSWORD }, { csrf: null })
    assert.equal(response.statusCode, 403)
    assert.match(page(response)('h1').text(), /This form has expired/)
    assert.equal(
      response.cookies.find(c => c.name === 'lantern_session'),
      undefined,
    )
    assert.ok((await auditRows('csrf.rejected')).length > 0)
    const forged = await agent.post(
      '/sign-in',
      { email: 'sw@csc.example', password: DEMO_PASSWORD },
      { csrf: 'forged-token' },
    )
    assert.equal(forged.statusCode, 403)
  })

  it('does not accept a token issued before sign-in once signed in (tokens are bound to the session)', async () => {
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const anonymousToken = agent.csrf
    await agent.post('/sign-in', { email: 'sw@csc.example', password: DEMO_PASSWORD })
    const response = await agent.post('/sign-out', {}, { csrf: anonymousToken })
    assert.equal(response.statusCode, 403)
  })
})

describe('session timeouts', () => {
  it('ends a session after 30 idle minutes and says why', async () => {
    const agent = new Agent(app)
    await agent.signIn('dsl@school.example')
    clock.advance(29 * 60_000)
    assert.equal((await agent.get('/')).statusCode, 200)
    clock.advance(29 * 60_000)
    assert.equal((await agent.get('/')).statusCode, 200, 'activity keeps the session alive')
    clock.advance(31 * 60_000)
    const expired = await agent.get('/')
    assert.equal(expired.headers.location, '/sign-in?expired=1')
    assert.match(page(await agent.get('/sign-in?expired=1'))('.govuk-notification-banner').text(), /signed out because/)
  })

  it('ends a session at its absolute limit however active it is', async () => {
    const agent = new Agent(app)
    await agent.signIn('nurse@health.example')
    for (let i = 0; i < 21; i++) {
      clock.advance(29 * 60_000)
      await agent.get('/')
    }
    assert.equal(agent.last?.headers.location, '/sign-in?expired=1')
  })
})

describe('coming back after a session ends', () => {
  it('leads a page asked for after the session ended back to it once signed in', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    clock.advance(31 * 60_000)
    const asked = await agent.get('/people?q=Childone')
    assert.equal(asked.headers.location, '/sign-in?expired=1&returnTo=%2Fpeople%3Fq%3DChildone')
    const signInPage = page(await agent.get(asked.headers.location))
    assert.equal(signInPage('form[method="post"]').attr('action'), '/sign-in?returnTo=%2Fpeople%3Fq%3DChildone')
    const signedIn = await agent.post('/sign-in?returnTo=%2Fpeople%3Fq%3DChildone', {
      email: 'sw@csc.example',
      password: DEMO_PASSWORD,
    })
    assert.equal(signedIn.headers.location, '/people?q=Childone')
  })

  it('leads a form sent after the session ended back to the page it was on', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get('/people/new')
    clock.advance(31 * 60_000)
    const sent = await agent.post(
      '/people',
      { givenName: 'Plover' },
      { headers: { referer: 'http://localhost:80/people/new', host: 'localhost:80' } },
    )
    assert.equal(sent.headers.location, '/sign-in?expired=1&returnTo=%2Fpeople%2Fnew')
  })

  it('ignores a Referer from another site', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    clock.advance(31 * 60_000)
    const sent = await agent.post(
      '/people',
      {},
      { headers: { referer: 'https://elsewhere.example/people/new', host: 'localhost:80' } },
    )
    assert.equal(sent.headers.location, '/sign-in?expired=1')
  })

  it('never leads anywhere but a page of Lantern after signing in', async () => {
    for (const elsewhere of ['//elsewhere.example', 'https://elsewhere.example', '/\\elsewhere.example']) {
      const agent = new Agent(app)
      await agent.get('/sign-in')
      const signedIn = await agent.post(`/sign-in?returnTo=${encodeURIComponent(elsewhere)}`, {
        email: 'sw@csc.example',
        password: DEMO_PASSWORD,
      })
      assert.equal(signedIn.headers.location, '/', elsewhere)
    }
  })

  it('carries the page through the security code', async () => {
    const officer = await given.user('police_investigator', { password: 'a-long-first-password', mfaExempt: false })
    const agent = new Agent(app)
    await agent.get('/sign-in')
    const first = await agent.post('/sign-in?returnTo=%2Fpeople', {
      email: officer.email,
      password: 'a-long-first-password',
    })
    assert.equal(first.headers.location, '/sign-in/set-up-authenticator?returnTo=%2Fpeople')
    const setUp = page(await agent.get(first.headers.location))
    assert.equal(setUp('main form[method="post"]').attr('action'), '/sign-in/set-up-authenticator?returnTo=%2Fpeople')
    const code = await generate({ secret: setUp('#secret').text().trim(), epoch: Math.floor(clock().getTime() / 1000) })
    const done = await agent.post('/sign-in/set-up-authenticator?returnTo=%2Fpeople', { code })
    assert.equal(done.headers.location, '/people')
  })

  it('says on every signed-in page when the session will end', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    const home = page(await agent.get('/'))
    const ends = new Date(clock().getTime() + 30 * 60_000)
    const time = ends
      .toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' })
      .replace(' ', '')
    assert.equal(home('#session-end [data-session-time]').text(), time)
    assert.equal(home('#session-dialog').attr('data-seconds-left'), '1800')
    assert.equal(page(await agent.get('/sign-in?signedOut=1'))('#session-end').length, 0, 'not to someone signed out')
  })

  it('keeps a session going when asked to stay signed in, and says until when', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get('/')
    clock.advance(25 * 60_000)
    const kept = await agent.post('/session/keep-alive', {}, { headers: { accept: 'application/json' } })
    assert.equal(kept.statusCode, 200)
    assert.equal(kept.json<{ secondsLeft: number }>().secondsLeft, 1800)
    clock.advance(25 * 60_000)
    assert.equal((await agent.get('/')).statusCode, 200, '50 minutes after the last page, but 25 after staying')
  })

  it('goes back to the page after staying signed in without JavaScript', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get('/')
    const kept = await agent.post('/session/keep-alive', { returnTo: '/people' })
    assert.equal(kept.headers.location, '/people')
    assert.equal((await agent.post('/session/keep-alive', { returnTo: '//elsewhere.example' })).headers.location, '/')
  })

  it('signs out a session whose time ran out on the page, saying so and keeping the page', async () => {
    const agent = new Agent(app)
    await agent.signIn('sw@csc.example')
    await agent.get('/')
    const out = await agent.post('/sign-out', { timedOut: '1', returnTo: '/people' })
    assert.equal(out.headers.location, '/sign-in?expired=1&returnTo=%2Fpeople')
    assert.equal((await agent.get('/')).headers.location, '/sign-in')
  })
})

describe('second factor', () => {
  /** A police officer of the test's own, who has a password but no authenticator yet. */
  async function freshOfficer(): Promise<string> {
    const officer = await given.user('police_investigator', { password: 'a-long-first-password', mfaExempt: false })
    return officer.email
  }

  /** A fresh officer who has set up an authenticator through the page: answers its secret. */
  async function enrolledOfficer(): Promise<{ email: string; secret: string }> {
    const email = await freshOfficer()
    const agent = new Agent(app)
    await agent.signIn(email, 'a-long-first-password')
    const secret = page(await agent.get('/sign-in/set-up-authenticator'))('#secret')
      .text()
      .trim()
    const code = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    assert.equal((await agent.post('/sign-in/set-up-authenticator', { code })).headers.location, '/')
    return { email, secret }
  }

  it('makes a new user set up an authenticator before anything else opens', async () => {
    const email = await freshOfficer()
    const agent = new Agent(app)
    const first = await agent.signIn(email, 'a-long-first-password')
    assert.equal(first.headers.location, '/sign-in/set-up-authenticator')
    assert.equal(
      (await agent.get('/')).headers.location,
      '/sign-in/set-up-authenticator',
      'nothing else opens before the second factor',
    )
    const setUp = await agent.get('/sign-in/set-up-authenticator')
    const $ = page(setUp)
    assert.match($('img.lantern-qr').attr('src') ?? '', /^data:image\/png;base64,/)
    const secret = $('#secret').text().trim()
    assert.match(secret, /^[A-Z2-7]+=*$/)
    const wrong = await agent.post('/sign-in/set-up-authenticator', { code: '000000' })
    assert.equal(wrong.statusCode, 400)
    assert.match(page(wrong)('#code-error').text(), /not correct/)
    const code = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    const done = await agent.post('/sign-in/set-up-authenticator', { code })
    assert.equal(done.headers.location, '/')
    assert.equal((await agent.get('/')).statusCode, 200)
  })

  it('asks for a code at every sign-in once an authenticator is set up', async () => {
    const { email, secret } = await enrolledOfficer()
    const next = new Agent(app)
    const again = await next.signIn(email, 'a-long-first-password')
    assert.equal(again.headers.location, '/sign-in/security-code')
    await next.get('/sign-in/security-code')
    clock.advance(30_000)
    const good = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    assert.equal((await next.post('/sign-in/security-code', { code: good })).headers.location, '/')
  })

  it('takes each code once', async () => {
    const { email, secret } = await enrolledOfficer()
    clock.advance(30_000)
    const good = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    const first = new Agent(app)
    await first.signIn(email, 'a-long-first-password')
    await first.get('/sign-in/security-code')
    assert.equal((await first.post('/sign-in/security-code', { code: good })).headers.location, '/')
    const replay = new Agent(app)
    await replay.signIn(email, 'a-long-first-password')
    await replay.get('/sign-in/security-code')
    const reused = await replay.post('/sign-in/security-code', { code: good })
    assert.equal(reused.statusCode, 400, 'a code cannot be used twice')
    clock.advance(30_000)
    const nextCode = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    assert.equal((await replay.post('/sign-in/security-code', { code: nextCode })).headers.location, '/')
  })

  it('gives an API token only with a code as well as the password', async () => {
    const { email, secret } = await enrolledOfficer()
    const tokenWithoutCode = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email, password: 'a-long-first-password' },
    })
    assert.equal(tokenWithoutCode.statusCode, 401)
    assert.ok(tokenWithoutCode.json<ErrorBody>().error.fields?.otp)
    clock.advance(30_000)
    const later = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    const tokenWithCode = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email, password: 'a-long-first-password', otp: later },
    })
    assert.equal(tokenWithCode.statusCode, 201)
  })
})

describe('security-code failures', () => {
  it('lock the account through the token route too: a right password does not reset the count', async () => {
    const { partnershipId } = await northshire()
    const email = 'codeguess.officer@police.example'
    await asPartnership(partnershipId, async () => {
      const agency = (await listAgencies(db)).find(a => a.kind === 'police')
      assert.ok(agency)
      await addUser(db, {
        partnershipId,
        agencyId: agency.id,
        email,
        displayName: 'Cody Guesswork',
        password: 'a-long-first-password',
        roles: ['police_investigator'],
      })
    })
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
    await asSystem(() =>
      db.updateTable('users').set({ totpSecret: secret, totpEnrolledAt: clock() }).where('email', '=', email).execute(),
    )
    const remoteAddress = '10.5.5.5'
    for (let i = 0; i < 5; i++) {
      const now = Math.floor(clock().getTime() / 1000)
      const right = await generate({ secret, epoch: now })
      const wrong = right === '000000' ? '111111' : '000000'
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email, password: 'a-long-first-password', otp: wrong },
        remoteAddress,
      })
      assert.equal(r.statusCode, 401)
    }
    clock.advance(30_000)
    const good = await generate({ secret, epoch: Math.floor(clock().getTime() / 1000) })
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email, password: 'a-long-first-password', otp: good },
      remoteAddress,
    })
    assert.equal(
      locked.statusCode,
      401,
      'five wrong codes lock the account even though each came with the right password',
    )
    const page = new Agent(app)
    assert.equal((await page.signIn(email, 'a-long-first-password')).statusCode, 401, 'and the page is locked too')
  })
})

describe('API tokens', () => {
  it('exchanges a password for a short-lived token that acts as the user', async () => {
    const token = await apiToken(app, 'dc@police.example')
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
    assert.equal(me.statusCode, 200)
    const body = me.json<{ email: string; roles: string[]; agency: { kind: string }; partnership: { name: string } }>()
    assert.equal(body.email, 'dc@police.example')
    assert.deepEqual(body.roles, ['police_investigator'])
    assert.equal(body.agency.kind, 'police')
    assert.equal(body.partnership.name, 'Northshire')
    clock.advance(61 * 60_000)
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })).statusCode,
      401,
      'it expires after an hour',
    )
  })

  it('answers 401 with the API error body for a missing, malformed, unknown or revoked token', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, bearer('lantern_not-a-real-token')]) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers })
      assert.equal(response.statusCode, 401)
      assert.equal(response.json<ErrorBody>().error.code, 'unauthenticated')
    }
    assert.ok((await auditRows('apiToken.rejected')).length >= 2)
    const { createApiToken, revokeApiToken } = await import('./index.ts')
    const user = await asSystem(() =>
      db
        .selectFrom('users')
        .select(['id as userId', 'partnershipId'])
        .where('email', '=', 'pm@partnership.example')
        .executeTakeFirstOrThrow(),
    )
    const created = await createApiToken(db, user, 'test', null)
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.token) })).statusCode,
      200,
    )
    assert.ok(await revokeApiToken(db, created.id, clock()))
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(created.token) })).statusCode,
      401,
    )
  })

  it('stores only the hash of a token', async () => {
    const token = await apiToken(app, 'auditor@partnership.example')
    const stored = await asSystem(() => db.selectFrom('apiTokens').select('tokenHash').execute())
    assert.ok(stored.every(t => t.tokenHash !== token && !t.tokenHash.includes(token)))
  })

  it('refuses wrong credentials and rate-limits repeated attempts', async () => {
    let last = 0
    for (let i = 0; i < 12; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: 'nobody@nowhere.example', password: 'nope-nope' },
        remoteAddress: '10.9.9.9',
      })
      last = r.statusCode
      if (i === 0) assert.equal(r.statusCode, 401)
    }
    assert.equal(last, 429)
  })
})

describe('behind a proxy', () => {
  const PROXY = '10.20.0.1'

  it('refuses LANTERN_TRUST_PROXY=true and anything that is not an address or range', () => {
    assert.throws(
      () => loadConfig({ LANTERN_TRUST_PROXY: 'true' }),
      /LANTERN_TRUST_PROXY: "true" would believe any caller/,
    )
    assert.throws(
      () => loadConfig({ LANTERN_TRUST_PROXY: '10.0.0.1,proxy.example' }),
      /not an IP address or CIDR range: proxy\.example/,
    )
    assert.deepEqual(loadConfig({ LANTERN_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).trustProxy, [
      '10.0.0.1',
      '192.168.0.0/16',
    ])
    assert.equal(loadConfig({}).trustProxy, false)
  })

  it('believes X-Forwarded-For only from a configured proxy: others are audited and rate-limited by their real address', async () => {
    const proxied = await testApp({ LANTERN_TRUST_PROXY: PROXY })
    const rows = (ip: string) =>
      asSystem(() =>
        proxied.handle.db
          .selectFrom('auditLog')
          .select('ip')
          .where('action', '=', 'signIn.password')
          .where('ip', '=', ip)
          .execute(),
      )

    const through = await proxied.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email: 'nobody@nowhere.example', password: 'nope-nope' },
      remoteAddress: PROXY,
      headers: { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
    })
    assert.equal(through.statusCode, 401)
    assert.equal((await rows('203.0.113.7')).length, 1, 'through the proxy, the forwarded address is audited')
    assert.match(String(through.headers['strict-transport-security']), /max-age=/)

    let last = 0
    for (let i = 0; i < 12; i++) {
      const r = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: 'nobody@nowhere.example', password: 'nope-nope' },
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': `203.0.113.${String(100 + i)}` },
      })
      last = r.statusCode
    }
    assert.equal(last, 429, 'a made-up X-Forwarded-For does not escape the rate limit')
    assert.equal((await rows('198.51.100.9')).length, 10, 'the real address is audited')
    assert.equal((await rows('203.0.113.100')).length, 0, 'the claimed one is not')

    const headers = { 'x-forwarded-for': '203.0.113.8', 'x-forwarded-proto': 'https' }
    const form = await proxied.app.inject({ method: 'GET', url: '/sign-in', remoteAddress: PROXY, headers })
    const cookie = form.cookies.map(c => `${c.name}=${c.value}`).join('; ')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const signIn = await proxied.app.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: PROXY,
      headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'sw@csc.example', password: DEMO_PASSWORD, _csrf: csrf }).toString(),
    })
    assert.equal(signIn.statusCode, 303)
    assert.equal(
      (signIn.cookies as { name: string; secure?: boolean }[]).find(c => c.name === 'lantern_session')?.secure,
      true,
      'the session cookie is Secure through the TLS proxy',
    )
  })
})

describe('changing your own password', () => {
  /** A health practitioner of the test's own, with a password of their own. */
  const newUser = (password: string) =>
    given.user('health_practitioner', { displayName: 'Penny Passwordchange', password })
  const changePasswordAudit = (userId: string) =>
    asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'account.changePassword')
        .where('userId', '=', userId)
        .execute(),
    )

  it('on the page: names each mistake, and changes nothing', async () => {
    const penny = await newUser('pennys-first-password')
    const here = await given.agent(penny)
    assert.equal((await here.get('/account/password')).statusCode, 200)
    const wrong = await here.post('/account/password', {
      currentPassword: 'not-my-password',
      newPassword: 'pennys-second-password',
      confirmPassword: 'pennys-second-password',
    })
    assert.equal(wrong.statusCode, 400)
    assert.match(page(wrong)('.govuk-error-summary a[href="#currentPassword"]').text(), /not correct/)
    const mismatch = await here.post('/account/password', {
      currentPassword: 'pennys-first-password',
      newPassword: 'pennys-second-password',
      confirmPassword: 'pennys-other-password',
    })
    assert.match(page(mismatch)('.govuk-error-summary a[href="#confirmPassword"]').text(), /do not match/)
    const short = await here.post('/account/password', {
      currentPassword: 'pennys-first-password',
      newPassword: 'short',
      confirmPassword: 'short',
    })
    assert.match(page(short)('.govuk-error-summary a[href="#newPassword"]').text(), /12 characters or more/)
    assert.equal((await new Agent(app).signIn(penny.email, 'pennys-first-password')).statusCode, 303)
    assert.ok((await changePasswordAudit(penny.id)).some(r => r.outcome === 'failed'))
  })

  it("on the page: changes it and ends the person's other sessions and tokens", async () => {
    const penny = await newUser('pennys-first-password')
    const here = await given.agent(penny)
    const elsewhere = await given.agent(penny)
    const token = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/token',
        payload: { email: penny.email, password: 'pennys-first-password' },
        remoteAddress: '10.7.7.7',
      })
    ).json<{ token: string }>().token

    await here.get('/account/password')
    const done = await here.post('/account/password', {
      currentPassword: 'pennys-first-password',
      newPassword: 'pennys-second-password',
      confirmPassword: 'pennys-second-password',
    })
    assert.equal(done.headers.location, '/account/password?changed=1')
    assert.match(
      page(await here.get('/account/password?changed=1'))('.govuk-notification-banner').text(),
      /signed out everywhere else/,
    )
    assert.equal((await here.get('/')).statusCode, 200, 'this session carries on')
    assert.equal((await elsewhere.get('/')).headers.location, '/sign-in?expired=1', 'the other session has ended')
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode,
      401,
      'tokens got with the old password are revoked',
    )
    assert.equal((await new Agent(app).signIn(penny.email, 'pennys-first-password')).statusCode, 401)
    assert.equal((await new Agent(app).signIn(penny.email, 'pennys-second-password')).statusCode, 303)
    assert.ok((await changePasswordAudit(penny.id)).some(r => r.outcome === 'ok'))
  })

  it('through the API: the token used carries on, the others stop', async () => {
    const percy = await newUser('percys-first-password')
    const get = async (remoteAddress: string) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/auth/token',
          payload: { email: percy.email, password: 'percys-first-password' },
          remoteAddress,
        })
      ).json<{ token: string }>().token
    const mine = await get('10.8.8.1')
    const other = await get('10.8.8.2')
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: bearer(mine),
      payload: { currentPassword: 'nope-nope-nope', newPassword: 'percys-second-password' },
    })
    assert.equal(wrong.statusCode, 400)
    assert.ok(wrong.json<ErrorBody>().error.fields?.currentPassword)
    const changed = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: bearer(mine),
      payload: { currentPassword: 'percys-first-password', newPassword: 'percys-second-password' },
    })
    assert.equal(changed.statusCode, 204)
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(mine) })).statusCode, 200)
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(other) })).statusCode, 401)
  })
})
