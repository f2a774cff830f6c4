import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { SMTPServer } from 'smtp-server'
import { asPartnership, asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'
import { PRACTITIONERS } from '../../kernel/roles.ts'
import { issueInvitation } from '../directory/index.ts'

// A real SMTP receiver: invitations are emailed to it and read back from it.
const inbox: { to: string; text: string }[] = []
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    let raw = ''
    stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    stream.on('end', () => {
      // Undo quoted-printable's soft line breaks and escapes, so a long link reads as one.
      const text = raw
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
      inbox.push({ to: session.envelope.rcptTo.map(r => r.address).join(','), text })
      callback()
    })
  },
})
await new Promise<void>(resolve => smtp.listen(0, '127.0.0.1', resolve))
after(
  () =>
    new Promise<void>(resolve => {
      smtp.close(() => {
        resolve()
      })
    }),
)
const smtpPort = (smtp.server.address() as AddressInfo).port

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)
const mailing = await testApp({
  LANTERN_SMTP_URL: `smtp://127.0.0.1:${String(smtpPort)}`,
  LANTERN_MAIL_FROM: 'lantern@partnership.example',
  LANTERN_PUBLIC_URL: 'https://lantern.partnership.example',
})

async function userCount(): Promise<number> {
  const rows = await asSystem(() => db.selectFrom('users').select('id').execute())
  return rows.length
}

async function agencyId(token: string, kind: string, target = app): Promise<string> {
  const agencies = (await target.inject({ url: '/api/v1/agencies', headers: bearer(token) })).json<
    { id: string; kind: string }[]
  >()
  return agencies.find(a => a.kind === kind)?.id ?? ''
}

describe('administrators', () => {
  /** The administrator's add-user form, and the id of Northshire Police in its agency list. */
  async function addUserForm() {
    const agent = await given.agent('admin@partnership.example')
    const form = page(await agent.get('/admin/users/new'))
    const police =
      form('#agencyId option')
        .filter((_, o) => form(o).text() === 'Northshire Police')
        .attr('value') ?? ''
    return { agent, form, police }
  }

  it('add a user through the page, with every mistake named and what they typed kept', async () => {
    const { agent, form } = await addUserForm()
    assert.equal(form('input[type="password"]').length, 0, 'the administrator never chooses a password')
    const before = await userCount()
    const bad = await agent.post('/admin/users', {
      displayName: 'Bramble Thistlewood',
      email: 'not-an-email',
      agencyId: '',
    })
    assert.equal(bad.statusCode, 400)
    const $ = page(bad)
    const summary = $('.govuk-error-summary a')
      .map((_, a) => `${$(a).attr('href') ?? ''} ${$(a).text()}`)
      .get()
    assert.deepEqual(summary.sort(), [
      '#agencyId Select an agency',
      '#email Enter an email address in the correct format, like name@example.org',
      '#roles Select at least one role',
    ])
    assert.equal($('#displayName').val(), 'Bramble Thistlewood')
    assert.equal($('#email').val(), 'not-an-email')
    assert.equal(await userCount(), before, 'nothing saved')
  })

  it('add a user through the page, who is listed as invited, audited', async () => {
    const { agent, police } = await addUserForm()
    const good = await agent.post('/admin/users', {
      displayName: 'Bramble Thistlewood',
      email: 'Bramble.T@police.example',
      agencyId: police,
      roles: ['police_investigator', 'police_supervisor'],
    })
    assert.match(good.headers.location ?? '', /^\/admin\/users\?added=[0-9a-f-]{36}&emailed=0$/)
    const list = page(await agent.get(good.headers.location ?? ''))
    assert.match(
      list('.govuk-notification-banner').text(),
      /User added, but no invitation was sent .* lantern user invite --email bramble\.t@police\.example/,
    )
    assert.match(list('table').text(), /bramble\.t@police\.example/)
    assert.match(
      list('tbody tr')
        .filter((_, r) => list(r).text().includes('bramble.t@police.example'))
        .text(),
      /Invited/,
    )
    const added = /added=([0-9a-f-]{36})/.exec(good.headers.location ?? '')?.[1] ?? ''
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'admin.users.add')
        .where('objectId', '=', added)
        .execute(),
    )
    assert.equal(audit.length, 1)
  })

  it('are told on the page when a user with that email already exists, keeping what they chose', async () => {
    const existing = await given.user('police_investigator')
    const { agent, police } = await addUserForm()
    const duplicate = await agent.post('/admin/users', {
      displayName: 'Bramble Again',
      email: existing.email,
      agencyId: police,
      roles: 'social_worker',
    })
    assert.equal(duplicate.statusCode, 400)
    assert.match(page(duplicate)('#email-error').text(), /already exists/)
    const kept = page(duplicate)
    assert.equal(kept('input[name="roles"][value="social_worker"]').attr('checked'), 'checked')
  })

  it('add an agency through the page', async () => {
    const agent = new Agent(app)
    await agent.signIn('admin@partnership.example')
    await agent.get('/admin/agencies/new')
    const empty = await agent.post('/admin/agencies', { name: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(
      page(empty)('.govuk-error-summary a')
        .map((_, a) => page(empty)(a).text())
        .get(),
      ['Enter the agency name', 'Select the kind of agency'],
    )
    const added = await agent.post('/admin/agencies', { name: 'Hollowmere Academy', kind: 'education' })
    assert.equal(added.headers.location, '/admin/agencies?added=1')
    assert.match(page(await agent.get('/admin/agencies?added=1'))('table').text(), /Hollowmere Academy/)
    const again = await agent.post('/admin/agencies', { name: 'Hollowmere Academy', kind: 'education' })
    assert.match(page(again)('#name-error').text(), /already exists/)
  })

  it('add users through the API, and are told the invitation was not sent when email is not set up', async () => {
    const token = await apiToken(app, 'admin@partnership.example')
    const health = await agencyId(token, 'health')
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: {
        displayName: 'Juniper Stethoscope',
        email: 'juniper@health.example',
        agencyId: health,
        roles: ['health_practitioner'],
        csaClinicalExperience: true,
      },
    })
    assert.equal(created.statusCode, 201)
    const body = created.json<{ invitation: { emailed: boolean; note: string } }>()
    assert.equal(body.invitation.emailed, false)
    assert.match(body.invitation.note, /lantern user invite --email juniper@health\.example/)
    assert.doesNotMatch(created.body, /invitation\//)
    const invitations = await asSystem(() =>
      db
        .selectFrom('invitations as i')
        .innerJoin('users as u', 'u.id', 'i.userId')
        .select('i.id')
        .where('u.email', '=', 'juniper@health.example')
        .execute(),
    )
    assert.equal(invitations.length, 0, 'no invitation is made that nobody could deliver')
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: {
        displayName: 'Juniper Again',
        email: 'juniper@health.example',
        agencyId: health,
        roles: ['health_practitioner'],
      },
    })
    assert.equal(duplicate.statusCode, 400)
    assert.equal(duplicate.json<ErrorBody>().error.fields?.email, 'A user with this email address already exists')
  })

  it('are kept out of case work, and practitioners out of administration', async () => {
    const worker = new Agent(app)
    await worker.signIn('sw@csc.example')
    const refused = await worker.get('/admin/users')
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('h1').text(), /You do not have access/)
    const denied = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'admin.users.list')
        .where('outcome', '=', 'denied')
        .execute(),
    )
    assert.equal(denied.length, 1)
  })
})

describe('separation of duties', () => {
  it('refuses an administrator who would also be a practitioner or an auditor, on the page, the API and in the database', async () => {
    const before = await userCount()
    const agent = new Agent(app)
    await agent.signIn('admin@partnership.example')
    const form = page(await agent.get('/admin/users/new'))
    const partnership =
      form('#agencyId option')
        .filter((_, o) => form(o).text() === 'Northshire Safeguarding Partnership')
        .attr('value') ?? ''
    const mixed = await agent.post('/admin/users', {
      displayName: 'Twohats Doubleduty',
      email: 'twohats@partnership.example',
      agencyId: partnership,
      roles: ['administrator', 'front_door'],
    })
    assert.equal(mixed.statusCode, 400)
    assert.match(
      page(mixed)('.govuk-error-summary a[href="#roles"]').text(),
      /cannot also have a practitioner or auditor role/,
    )

    const token = await apiToken(app, 'admin@partnership.example')
    for (const roles of [
      ['administrator', 'social_worker'],
      ['administrator', 'auditor'],
      ['auditor', 'administrator', 'team_manager'],
    ]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(token),
        payload: {
          displayName: 'Twohats Doubleduty',
          email: 'twohats@partnership.example',
          agencyId: partnership,
          roles,
        },
      })
      assert.equal(response.statusCode, 400, roles.join())
      assert.match(response.json<ErrorBody>().error.fields?.roles ?? '', /cannot also have/)
    }
    assert.equal(await userCount(), before, 'nothing saved')

    const admin = await asSystem(() =>
      db
        .selectFrom('users')
        .select(['id', 'partnershipId'])
        .where('email', '=', 'admin@partnership.example')
        .executeTakeFirstOrThrow(),
    )
    // Every role the application keeps from administrators, so the database's list cannot fall behind PRACTITIONERS.
    for (const role of [...PRACTITIONERS, 'auditor']) {
      await assert.rejects(
        asPartnership(admin.partnershipId, () =>
          db
            .updateTable('users')
            .set({ roles: sql<string[]>`array['administrator', ${role}]` })
            .where('id', '=', admin.id)
            .execute(),
        ),
        /users_administrator_apart/,
        `the database refuses administrator with ${role}, whatever path it came by`,
      )
    }
    const demoAdmin = await asSystem(() =>
      db.selectFrom('users').select('roles').where('email', '=', 'admin@partnership.example').executeTakeFirstOrThrow(),
    )
    assert.deepEqual(demoAdmin.roles, ['administrator'])
  })
})

describe('invitations', () => {
  /** A new police officer added through the API of the app that sends email: the secret of the link emailed. */
  async function invited(email: string): Promise<{ secret: string; created: LightMyRequestResponse }> {
    const token = await apiToken(mailing.app, 'admin@partnership.example')
    const police = await agencyId(token, 'police', mailing.app)
    const created = await mailing.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: { displayName: 'Ivy Invitee', email, agencyId: police, roles: ['police_investigator'] },
    })
    assert.equal(created.statusCode, 201, created.body)
    const mail = inbox.find(m => m.to === email)
    assert.ok(mail, 'the invitation reached the SMTP server, addressed to the new person')
    const link = /https:\/\/lantern\.partnership\.example\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.text)
    assert.ok(link?.[1], mail.text)
    return { secret: link[1], created }
  }

  it('are emailed to the new person, never shown to the administrator, and stored only as a hash', async () => {
    const { secret, created } = await invited('ivy.invitee@police.example')
    assert.equal(created.json<{ invitation: { emailed: boolean } }>().invitation.emailed, true)
    assert.ok(!created.body.includes(secret), 'the administrator never sees the link')
    const stored = await asSystem(() => mailing.handle.db.selectFrom('invitations').select('tokenHash').execute())
    assert.ok(
      stored.every(i => !i.tokenHash.includes(secret)),
      'only its hash is stored',
    )
  })

  it('leave the new person no usable password until they use it', async () => {
    await invited('ivy.unused@police.example')
    const stranger = new Agent(mailing.app)
    assert.equal(
      (await stranger.signIn('ivy.unused@police.example', 'any-password-at-all')).statusCode,
      401,
      'no usable password before the invitation is used',
    )
  })

  it('let the new person set their own password once, naming mistakes, and go on to set up an authenticator', async () => {
    const { secret } = await invited('ivy.sets@police.example')
    const person = new Agent(mailing.app)
    const form = await person.get(`/invitation/${secret}`)
    assert.equal(form.statusCode, 200)
    assert.match(page(form)('h1').text(), /Set your password/)
    const mismatch = await person.post(`/invitation/${secret}`, {
      password: 'ivys-own-long-password',
      confirmPassword: 'something-else-entirely',
    })
    assert.equal(mismatch.statusCode, 400)
    assert.match(page(mismatch)('.govuk-error-summary a[href="#confirmPassword"]').text(), /do not match/)
    const short = await person.post(`/invitation/${secret}`, { password: 'short', confirmPassword: 'short' })
    assert.match(page(short)('.govuk-error-summary a[href="#password"]').text(), /12 characters or more/)
    const set = await person.post(`/invitation/${secret}`, {
      password: 'ivys-own-long-password',
      confirmPassword: 'ivys-own-long-password',
    })
    assert.equal(set.statusCode, 303)
    assert.equal(set.headers.location, '/sign-in/set-up-authenticator')
    assert.equal((await person.get('/sign-in/set-up-authenticator')).statusCode, 200)
    assert.equal(
      (await person.get('/')).headers.location,
      '/sign-in/set-up-authenticator',
      'nothing opens before the authenticator',
    )
    const signIn = await new Agent(mailing.app).signIn('ivy.sets@police.example', 'ivys-own-long-password')
    assert.equal(signIn.headers.location, '/sign-in/set-up-authenticator', 'her own password signs her in')
  })

  it('work once', async () => {
    const { secret } = await invited('ivy.once@police.example')
    const person = new Agent(mailing.app)
    await person.get(`/invitation/${secret}`)
    const set = await person.post(`/invitation/${secret}`, {
      password: 'ivys-own-long-password',
      confirmPassword: 'ivys-own-long-password',
    })
    assert.equal(set.statusCode, 303)
    const again = await new Agent(mailing.app).get(`/invitation/${secret}`)
    assert.equal(again.statusCode, 410)
    assert.match(page(again)('main').text(), /already been used/)
    const reuse = new Agent(mailing.app)
    await reuse.get('/sign-in')
    assert.equal(
      (
        await reuse.post(`/invitation/${secret}`, {
          password: 'an-attackers-password',
          confirmPassword: 'an-attackers-password',
        })
      ).statusCode,
      410,
    )
  })

  let outdated = 0
  /** A new school user, added through the API with no invitation yet, and a way to issue them one now. */
  async function uninvited() {
    const token = await apiToken(app, 'admin@partnership.example')
    const school = await agencyId(token, 'education')
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(token),
      payload: {
        displayName: 'Otto Outdated',
        email: `otto.outdated.${String(++outdated)}@school.example`,
        agencyId: school,
        roles: ['designated_safeguarding_lead'],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const user = created.json<{ id: string }>()
    const { partnershipId } = await asSystem(() =>
      db.selectFrom('users').select('partnershipId').where('id', '=', user.id).executeTakeFirstOrThrow(),
    )
    const issue = () =>
      asPartnership(partnershipId, () => issueInvitation(db, { partnershipId, userId: user.id }, clock()))
    return { user, issue }
  }

  it('expire', async () => {
    const { issue } = await uninvited()
    const old = await issue()
    clock.advance(73 * 3_600_000)
    const expired = await new Agent(app).get(`/invitation/${old.token}`)
    assert.equal(expired.statusCode, 410)
    assert.match(page(expired)('main').text(), /expired/)
  })

  it('are withdrawn by a newer one', async () => {
    const { issue } = await uninvited()
    const first = await issue()
    const second = await issue()
    const withdrawn = await new Agent(app).get(`/invitation/${first.token}`)
    assert.equal(withdrawn.statusCode, 410)
    assert.match(page(withdrawn)('main').text(), /newer invitation/)
    assert.equal((await new Agent(app).get(`/invitation/${second.token}`)).statusCode, 200)
  })

  it('stop working when the account is disabled, and answer 404 for a link never issued', async () => {
    const { user, issue } = await uninvited()
    const invitation = await issue()
    const fresh = await apiToken(app, 'admin@partnership.example')
    assert.equal(
      (await app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/disable`, headers: bearer(fresh) }))
        .statusCode,
      200,
    )
    const disabled = await new Agent(app).get(`/invitation/${invitation.token}`)
    assert.equal(disabled.statusCode, 410)
    assert.match(page(disabled)('main').text(), /disabled/)
    assert.equal((await new Agent(app).get('/invitation/i_not-a-real-one')).statusCode, 404)
  })
})

describe('the partnership manager', () => {
  it('sees every account created, by whom, when and with which roles, on a page and through the API, as an audited read', async () => {
    const admin = await apiToken(app, 'admin@partnership.example')
    const probation = await agencyId(admin, 'probation')
    await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: {
        displayName: 'Newt Newcomer',
        email: 'newt@probation.example',
        agencyId: probation,
        roles: ['probation_officer'],
      },
    })

    const pm = new Agent(app)
    await pm.signIn('pm@partnership.example')
    const listing = page(await pm.get('/partnership/accounts'))
    const row = listing('tbody tr').filter((_, r) => listing(r).text().includes('newt@probation.example'))
    assert.equal(row.length, 1)
    assert.match(row.text(), /Created/)
    assert.match(row.text(), /Probation officer/)
    assert.match(row.text(), /Adrian Keyholder \(admin@partnership\.example\)/)

    const token = await apiToken(app, 'pm@partnership.example')
    const api = await app.inject({ url: '/api/v1/account-changes', headers: bearer(token) })
    assert.equal(api.statusCode, 200)
    const change = api
      .json<{ kind: string; roles: string[]; at: string; user: { email: string }; by: { email: string } | null }[]>()
      .find(c => c.user.email === 'newt@probation.example')
    assert.deepEqual(
      { kind: change?.kind, roles: change?.roles, by: change?.by?.email },
      { kind: 'created', roles: ['probation_officer'], by: 'admin@partnership.example' },
    )
    const reads = await asSystem(() =>
      db.selectFrom('auditLog').select('action').where('action', '=', 'accountChanges.list').execute(),
    )
    assert.equal(reads.length, 2)

    assert.equal(
      (await app.inject({ url: '/api/v1/account-changes', headers: bearer(admin) })).statusCode,
      403,
      'not the administrators who made them',
    )
  })
})

describe('disabling an account', () => {
  it('ends its sessions and tokens at once, after a confirmation step, audited', async () => {
    const admin = new Agent(app)
    await admin.signIn('admin@partnership.example')
    // A social worker of this test's own: no other test should meet a disabled account.
    const sam = await given.user('social_worker', { displayName: 'Sam Soontogo' })
    const worker = await given.agent(sam)
    const workerToken = await apiToken(app, sam.email)
    assert.equal((await worker.get('/')).statusCode, 200)

    const confirm = await admin.get(`/admin/users/${sam.id}/disable`)
    assert.equal(confirm.statusCode, 200)
    assert.match(page(confirm)('h1').text(), /Disable Sam Soontogo's account/)
    assert.equal((await worker.get('/')).statusCode, 200, 'nothing happens before the administrator confirms')
    const done = await admin.post(`/admin/users/${sam.id}/disable`, {})
    assert.equal(done.headers.location, '/admin/users?disabled=1')

    assert.equal(
      (await worker.get('/')).headers.location,
      '/sign-in?expired=1',
      'the very next page asks them to sign in',
    )
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: bearer(workerToken) })).statusCode,
      401,
      'the very next API call is refused',
    )
    assert.equal((await new Agent(app).signIn(sam.email)).statusCode, 401, 'and they cannot sign in again')
    const audit = await asSystem(() =>
      db.selectFrom('auditLog').select(['objectId', 'userId']).where('action', '=', 'admin.users.disable').execute(),
    )
    assert.ok(audit.some(a => a.objectId === sam.id))
  })

  it('cannot be done by administrators to themselves, and answers 404 for no such account', async () => {
    const token = await apiToken(app, 'admin@partnership.example')
    const me = (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).json<{ id: string }>()
    const self = await app.inject({ method: 'POST', url: `/api/v1/users/${me.id}/disable`, headers: bearer(token) })
    assert.equal(self.statusCode, 400)
    assert.match(self.json<ErrorBody>().error.fields?.id ?? '', /your own account/)
    const agent = new Agent(app)
    await agent.signIn('admin@partnership.example')
    assert.match(
      page(await agent.get(`/admin/users/${me.id}/disable`))('main').text(),
      /cannot disable your own account/,
    )
    assert.equal((await agent.post(`/admin/users/${me.id}/disable`, {})).statusCode, 400)
    assert.equal((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 200, 'still enabled')
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/users/00000000-0000-4000-8000-000000000000/disable',
          headers: bearer(token),
        })
      ).statusCode,
      404,
    )
    assert.equal(
      (await app.inject({ method: 'POST', url: '/api/v1/users/not-a-uuid/disable', headers: bearer(token) }))
        .statusCode,
      404,
    )
  })
})
