import nodemailer, { type Transporter } from 'nodemailer'
import type { Config } from '../../kernel/config.ts'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ACTOR_COLUMNS, toActor } from './actor.ts'
import { hashPassword } from './password.ts'
import { hashSecret, newSecret } from '../../kernel/secrets.ts'
import { londonDateTime } from '../../web/dates.ts'

/** How long an invitation can be used: long enough to reach someone back on Monday after a Friday invitation. */
export const INVITATION_HOURS = 72

// A new account is activated only by the person it is for: they set their own password through a single-use
// link that goes to them (by email, or from an operator at the server), never through the administrator who
// created the account, who could otherwise activate it themselves.

/** Issues a fresh invitation for an account, withdrawing any earlier one. Runs in the account's partnership. */
export async function issueInvitation(
  db: Db,
  user: { partnershipId: string; userId: string },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const { secret, hash } = newSecret('i_')
  const expiresAt = new Date(now.getTime() + INVITATION_HOURS * 3_600_000)
  await db.transaction().execute(async trx => {
    await trx
      .updateTable('invitations')
      .set({ withdrawnAt: now })
      .where('userId', '=', user.userId)
      .where('usedAt', 'is', null)
      .where('withdrawnAt', 'is', null)
      .execute()
    await trx
      .insertInto('invitations')
      .values({ partnershipId: user.partnershipId, userId: user.userId, tokenHash: hash, createdAt: now, expiresAt })
      .execute()
  })
  return { token: secret, expiresAt }
}

export function invitationLink(config: Config, token: string): string {
  return new URL(`/invitation/${encodeURIComponent(token)}`, config.publicUrl).toString()
}

export type InvitationLookup =
  | { state: 'valid'; actor: Actor; expiresAt: Date }
  | { state: 'unknown' | 'used' | 'expired' | 'withdrawn' | 'disabled' }

/** What an invitation link is worth now. The lookup is by the token's hash, as system: the person is not signed in. */
export async function lookUpInvitationAsSystem(db: Db, token: string, now: Date): Promise<InvitationLookup> {
  const row = await asSystem(() =>
    db
      .selectFrom('invitations as i')
      .innerJoin('userDirectory as d', j =>
        j.onRef('d.partnershipId', '=', 'i.partnershipId').onRef('d.userId', '=', 'i.userId'),
      )
      .select(ACTOR_COLUMNS)
      .select(['i.usedAt', 'i.withdrawnAt', 'i.expiresAt', 'd.disabledAt'])
      .where('i.tokenHash', '=', hashSecret(token))
      .executeTakeFirst(),
  )
  if (!row) return { state: 'unknown' }
  if (row.disabledAt) return { state: 'disabled' }
  if (row.usedAt) return { state: 'used' }
  if (row.withdrawnAt) return { state: 'withdrawn' }
  if (new Date(row.expiresAt) <= now) return { state: 'expired' }
  return { state: 'valid', actor: toActor(row), expiresAt: new Date(row.expiresAt) }
}

/**
 * Sets the person's password and uses the invitation up, in one transaction that claims the invitation first,
 * so two submissions of the same link cannot both succeed. Returns null when the link is no longer valid.
 */
export async function acceptInvitationAsSystem(
  db: Db,
  token: string,
  password: string,
  now: Date,
): Promise<Actor | null> {
  const passwordHash = await hashPassword(password)
  return asSystem(() =>
    db.transaction().execute(async trx => {
      const claimed = await trx
        .updateTable('invitations')
        .set({ usedAt: now })
        .where('tokenHash', '=', hashSecret(token))
        .where('usedAt', 'is', null)
        .where('withdrawnAt', 'is', null)
        .where('expiresAt', '>', now)
        .returning(['partnershipId', 'userId'])
        .executeTakeFirst()
      if (!claimed) return null
      const user = await trx
        .updateTable('users')
        .set({ passwordHash, failedSignIns: 0, lockedUntil: null })
        .where('partnershipId', '=', claimed.partnershipId)
        .where('id', '=', claimed.userId)
        .where('disabledAt', 'is', null)
        .returning('id')
        .executeTakeFirst()
      if (!user) {
        await trx.updateTable('invitations').set({ usedAt: null }).where('tokenHash', '=', hashSecret(token)).execute()
        return null
      }
      const row = await trx
        .selectFrom('userDirectory as d')
        .select(ACTOR_COLUMNS)
        .where('d.partnershipId', '=', claimed.partnershipId)
        .where('d.userId', '=', claimed.userId)
        .executeTakeFirstOrThrow()
      return toActor(row)
    }),
  )
}

/** Withdraws every open invitation of an account (when it is disabled). */
export async function withdrawInvitations(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ withdrawnAt: now })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .where('withdrawnAt', 'is', null)
    .execute()
}

const transports = new Map<string, Transporter>()

/** Whether invitations can be emailed: an SMTP server and a sender are configured. */
export function canEmail(config: Config): boolean {
  return config.mail !== null
}

/** Emails the invitation link to the person. Throws when the SMTP server refuses it. */
export async function emailInvitation(
  config: Config,
  to: { email: string; displayName: string },
  link: string,
  expiresAt: Date,
): Promise<void> {
  if (!config.mail) throw new Error('Email is not configured')
  let transport = transports.get(config.mail.smtpUrl)
  if (!transport) {
    transport = nodemailer.createTransport(config.mail.smtpUrl)
    transports.set(config.mail.smtpUrl, transport)
  }
  const until = londonDateTime(expiresAt)
  await transport.sendMail({
    from: config.mail.from,
    to: to.email,
    subject: 'Your Lantern account: set your password',
    text: [
      `Dear ${to.displayName},`,
      '',
      'An account has been made for you on Lantern. To start using it, open this link, choose your password and set up an authenticator app:',
      '',
      link,
      '',
      `The link works once, until ${until}. If you did not expect this email, do not open the link: tell your safeguarding partnership.`,
    ].join('\n'),
  })
}
