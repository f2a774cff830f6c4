import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { SMTPServer } from 'smtp-server'
import { asSystem } from '../../db/context.ts'
import { loadConfig } from '../../kernel/config.ts'
import { bearer, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import { EMAIL_SUBJECT, sendNotificationEmails } from './index.ts'

// The email outbox against a real SMTP server (smtp-server, listening on a random local port): an email says only
// that something waits in Lantern, with a link; never a child's name, a case, or what the notification says.

interface Mail {
  to: string
  raw: string
}

/** An SMTP server on a random local port that keeps what it receives, or refuses every recipient. */
async function smtpServer(options: { refuse?: boolean } = {}) {
  const inbox: Mail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(options.refuse ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined)
    },
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        // Undo quoted-printable's soft line breaks and escapes, so a long link reads as one.
        const text = raw
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
        inbox.push({ to: session.envelope.rcptTo.map(r => r.address).join(','), raw: text })
        callback()
      })
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  after(
    () =>
      new Promise<void>(resolve => {
        server.close(() => {
          resolve()
        })
      }),
  )
  return { inbox, url: `smtp://127.0.0.1:${String((server.server.address() as AddressInfo).port)}` }
}

const smtp = await smtpServer()
const refusing = await smtpServer({ refuse: true })
const MAIL = {
  LANTERN_MAIL_FROM: 'lantern@partnership.example',
  LANTERN_PUBLIC_URL: 'https://lantern.partnership.example',
}
const mailing = await testApp({ LANTERN_SMTP_URL: smtp.url, ...MAIL })
const given = fixtures(mailing.app)
const db = mailing.handle.db

/** What a sweep logs: kept, to prove no address is in it. */
const logged: { detail: Record<string, unknown>; message: string }[] = []
const log = { warn: (detail: Record<string, unknown>, message: string) => logged.push({ detail, message }) }

function notificationOf(userId: string) {
  return asSystem(() =>
    db
      .selectFrom('notifications')
      .select(['id', 'text', 'emailedAt', 'emailAttempts'])
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
  )
}

describe('emails about notifications', () => {
  it('tell the person to look in Lantern, with a link and nothing of the child or the case', async () => {
    const lead = await given.user('social_worker')
    const { child, kase } = await given.childInCase({
      by: lead,
      child: { givenName: 'Tansy', familyName: 'Notrealle' },
    })
    await given.concern({ child, description: 'Tansy Notrealle said she is frightened of her uncle' })
    const result = await sendNotificationEmails(db, mailing.config, mailing.clock(), log)
    assert.deepEqual(result, { sent: 1, failed: 0 })
    const mails = smtp.inbox.filter(m => m.to === lead.email)
    assert.equal(mails.length, 1)
    const [mail] = mails
    assert.ok(mail)
    assert.match(mail.raw, new RegExp(`Subject: ${EMAIL_SUBJECT}`))
    assert.ok(mail.raw.includes('https://lantern.partnership.example/notifications'), mail.raw)
    const notification = await notificationOf(lead.id)
    for (const secret of ['Tansy', 'Notrealle', kase.reference, notification.text, kase.id])
      assert.ok(!mail.raw.includes(secret), `the email must not carry ${secret}`)
    assert.ok(notification.emailedAt, 'marked emailed')
    assert.deepEqual(await sendNotificationEmails(db, mailing.config, mailing.clock(), log), { sent: 0, failed: 0 })
    assert.equal(smtp.inbox.filter(m => m.to === lead.email).length, 1, 'emailed once')
  })

  it('are one email for everything waiting for a person', async () => {
    const member = await given.user('police_investigator')
    await given.case({ members: [member] })
    await given.case({ members: [member] })
    assert.deepEqual(await sendNotificationEmails(db, mailing.config, mailing.clock(), log), { sent: 1, failed: 0 })
    assert.equal(smtp.inbox.filter(m => m.to === member.email).length, 1)
  })

  it('are not sent for what was read before the sweep came round', async () => {
    const member = await given.user('health_practitioner')
    await given.case({ members: [member] })
    const token = await given.apiToken(member)
    await mailing.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: bearer(token) })
    await sendNotificationEmails(db, mailing.config, mailing.clock(), log)
    assert.equal(smtp.inbox.filter(m => m.to === member.email).length, 0)
  })

  it('are tried again later when the server refuses, and the log never holds the address', async () => {
    const member = await given.user('probation_officer')
    await given.case({ members: [member] })
    const broken = loadConfig({ LANTERN_DATA_DIR: '/nonexistent', LANTERN_SMTP_URL: refusing.url, ...MAIL })
    logged.length = 0
    const failed = await sendNotificationEmails(db, broken, mailing.clock(), log)
    assert.equal(failed.failed, 1)
    assert.equal(failed.sent, 0)
    const waiting = await notificationOf(member.id)
    assert.equal(waiting.emailedAt, null)
    assert.equal(waiting.emailAttempts, 1)
    assert.equal(logged.length, 1)
    assert.ok(!JSON.stringify(logged).includes(member.email), JSON.stringify(logged))
    // Not again at once (a back-off), but after it, through a server that takes it.
    assert.deepEqual(await sendNotificationEmails(db, mailing.config, mailing.clock(), log), { sent: 0, failed: 0 })
    mailing.clock.advance(2 * 60_000)
    assert.deepEqual(await sendNotificationEmails(db, mailing.config, mailing.clock(), log), { sent: 1, failed: 0 })
    assert.equal(smtp.inbox.filter(m => m.to === member.email).length, 1)
  })

  it('never hold up the change that caused them: a server that cannot be reached fails nothing', async () => {
    const unreachable = await testApp({ LANTERN_SMTP_URL: 'smtp://127.0.0.1:9', ...MAIL })
    const local = fixtures(unreachable.app)
    const member = await local.user('police_investigator')
    const kase = await local.case()
    const added = await unreachable.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/members`,
      headers: bearer(await local.apiToken('sw@csc.example')),
      payload: { userId: member.id },
    })
    assert.equal(added.statusCode, 201, added.body)
    const swept = await sendNotificationEmails(unreachable.handle.db, unreachable.config, unreachable.clock(), log)
    assert.deepEqual(swept, { sent: 0, failed: 1 })
  })

  it('are off when email is not configured: the notification waits in Lantern alone', async () => {
    const member = await given.user('designated_safeguarding_lead')
    await given.case({ members: [member] })
    const quiet = loadConfig({ LANTERN_DATA_DIR: '/nonexistent' })
    assert.equal(quiet.mail, null)
    const before = smtp.inbox.length
    assert.deepEqual(await sendNotificationEmails(db, quiet, mailing.clock(), log), { sent: 0, failed: 0 })
    assert.equal(smtp.inbox.length, before)
    const row = await notificationOf(member.id)
    assert.deepEqual([row.emailedAt, row.emailAttempts], [null, 0])
  })
})
