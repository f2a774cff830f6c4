import { sql } from 'kysely'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Config } from '../../kernel/config.ts'

// The email outbox. When email is configured (LANTERN_SMTP_URL and LANTERN_MAIL_FROM), a sender in the service
// process tells people by email that something is waiting for them in Lantern. The email carries a generic subject
// and a link to their notifications, never what the notification says: no child's name, no case, nothing an
// inbox, a forwarding rule or a shared mailbox could leak. It runs apart from requests, so a slow or broken mail
// server never slows or fails the change that caused a notification.

/** How many notifications one sweep claims. */
const BATCH = 100
/** A notification not emailed within a day is not worth an email any more: the person has been in Lantern since. */
const FRESH_FOR_MS = 24 * 3_600_000
/** Attempts before a notification is left to be read in Lantern alone. */
const MAX_ATTEMPTS = 5

export const EMAIL_SUBJECT = 'You have a new notification in Lantern'

export interface SweepLog {
  warn(detail: Record<string, unknown>, message: string): void
}

export interface SweepResult {
  /** People emailed. */
  sent: number
  /** People whose email the server refused or could not take; their notifications are tried again later. */
  failed: number
}

const transports = new Map<string, Transporter>()

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl)
  if (!transport) {
    transport = nodemailer.createTransport(smtpUrl)
    transports.set(smtpUrl, transport)
  }
  return transport
}

interface Claimed {
  id: string
  partnershipId: string
  userId: string
  email: string
}

/**
 * Claims the notifications due an email, in every partnership: each claimed row's next attempt moves on (a lease
 * that is also the back-off after a failure), so another copy of the service skips it (`skip locked` while this
 * claim commits, the lease after). Unread ones only, of people who can still sign in, from the last day.
 */
async function claim(db: Db, now: Date): Promise<Claimed[]> {
  const freshSince = new Date(now.getTime() - FRESH_FOR_MS)
  const { rows } = await sql<Claimed>`
    with due as (
      select n.partnership_id, n.id, d.email
      from notifications n
      join user_directory d on d.partnership_id = n.partnership_id and d.user_id = n.user_id
      where n.emailed_at is null and n.read_at is null and n.email_next_at <= ${now}
        and n.email_attempts < ${MAX_ATTEMPTS} and n.created_at > ${freshSince} and d.disabled_at is null
      order by n.email_next_at
      limit ${BATCH}
      for update of n skip locked
    )
    update notifications n
    set email_attempts = n.email_attempts + 1,
      email_next_at = ${now}::timestamptz + make_interval(mins => least(60, power(2, n.email_attempts)::int))
    from due
    where n.partnership_id = due.partnership_id and n.id = due.id
    returning n.id, n.partnership_id, n.user_id, due.email`.execute(db)
  return rows
}

/**
 * One sweep of the outbox: claims what is due and sends each person one email for all of theirs, then marks
 * those notifications emailed. A refusal is logged without the address and tried again after the back-off.
 */
export async function sendNotificationEmails(db: Db, config: Config, now: Date, log: SweepLog): Promise<SweepResult> {
  const { mail } = config
  if (!mail) return { sent: 0, failed: 0 }
  return asSystem(async () => {
    const claimed = await claim(db, now)
    const byPerson = new Map<string, Claimed[]>()
    for (const row of claimed) {
      const key = `${row.partnershipId}:${row.userId}`
      byPerson.set(key, [...(byPerson.get(key) ?? []), row])
    }
    const result: SweepResult = { sent: 0, failed: 0 }
    const link = new URL('/notifications', config.publicUrl).toString()
    for (const rows of byPerson.values()) {
      const [first] = rows
      if (!first) continue
      try {
        await transportFor(mail.smtpUrl).sendMail({
          from: mail.from,
          to: first.email,
          subject: EMAIL_SUBJECT,
          text: [
            'Something in Lantern is waiting for you. Sign in to read it:',
            '',
            link,
            '',
            'For the safety of the children and families Lantern is about, this email never says what it is about.',
          ].join('\n'),
        })
        await db
          .updateTable('notifications')
          .set({ emailedAt: now })
          .where('partnershipId', '=', first.partnershipId)
          .where(
            'id',
            'in',
            rows.map(r => r.id),
          )
          .execute()
        result.sent++
      } catch (error) {
        result.failed++
        const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
        log.warn(
          { partnershipId: first.partnershipId, userId: first.userId, notifications: rows.length, code, responseCode },
          'emailing notifications failed; trying again later',
        )
      }
    }
    return result
  })
}

/**
 * Starts the sender in the service process: a sweep every `intervalMs`, never two at once. Does nothing when email
 * is not configured. Returns what stops it.
 */
export function startNotificationEmails(
  db: Db,
  config: Config,
  clock: () => Date,
  log: SweepLog & { error(detail: Record<string, unknown>, message: string): void },
  intervalMs = 30_000,
): () => void {
  if (!config.mail) return () => undefined
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    sendNotificationEmails(db, config, clock(), log)
      .catch((error: unknown) => {
        log.error({ err: error }, 'the notification email sweep failed')
      })
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
  }
}
