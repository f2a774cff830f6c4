import type { Db } from '../../db/connection.ts'
import { Invalid } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import type { Actor } from '../../kernel/actor.ts'
import {
  disableUser,
  hashPassword,
  passwordHashOfAsSystem,
  setPasswordHash,
  verifyPassword,
} from '../directory/index.ts'

/**
 * A person changes their own password. Every other session of theirs ends and every API token of theirs is
 * revoked (except the one making the change, if it came through the API): whoever else knew the old password
 * may have used it to sign in or to get a token. The current session carries on.
 */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  change: { currentPassword: string; newPassword: string },
  keep: { sessionIdHash?: string | undefined; tokenHash?: string | undefined },
  ip: string,
  now: Date,
): Promise<void> {
  const stored = await passwordHashOfAsSystem(db, actor.userId)
  const who = {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    agencyId: actor.agencyId,
    objectType: 'user',
    objectId: actor.userId,
    ip,
    at: now,
  }
  if (!(await verifyPassword(stored, change.currentPassword))) {
    await db.transaction().execute(trx =>
      appendAudit(trx, {
        ...who,
        action: 'account.changePassword',
        outcome: 'failed',
        detail: { reason: 'wrong_current_password' },
      }),
    )
    throw new Invalid({ currentPassword: 'Your current password is not correct' })
  }
  const passwordHash = await hashPassword(change.newPassword)
  await db.transaction().execute(async trx => {
    await setPasswordHash(trx, actor.userId, passwordHash)
    let sessions = trx
      .updateTable('sessions')
      .set({ endedAt: now, endedReason: 'password_changed' })
      .where('userId', '=', actor.userId)
      .where('endedAt', 'is', null)
    if (keep.sessionIdHash) sessions = sessions.where('idHash', '!=', keep.sessionIdHash)
    const ended = await sessions.executeTakeFirst()
    let tokens = trx
      .updateTable('apiTokens')
      .set({ revokedAt: now })
      .where('userId', '=', actor.userId)
      .where('revokedAt', 'is', null)
    if (keep.tokenHash) tokens = tokens.where('tokenHash', '!=', keep.tokenHash)
    const revoked = await tokens.executeTakeFirst()
    await appendAudit(trx, {
      ...who,
      action: 'account.changePassword',
      outcome: 'ok',
      detail: { sessionsEnded: Number(ended.numUpdatedRows), tokensRevoked: Number(revoked.numUpdatedRows) },
    })
  })
}

/**
 * Disables an account inside the caller's transaction: from the next request its sessions and tokens are
 * refused (they are ended and revoked here too, so nothing depends on every look-up remembering to check),
 * and its invitations can no longer be used. Returns false when there is no such account.
 */
export async function disableAccount(trx: Db, userId: string, now: Date): Promise<boolean> {
  if (!(await disableUser(trx, userId, now))) return false
  await trx
    .updateTable('sessions')
    .set({ endedAt: now, endedReason: 'account_disabled' })
    .where('userId', '=', userId)
    .where('endedAt', 'is', null)
    .execute()
  await trx
    .updateTable('apiTokens')
    .set({ revokedAt: now })
    .where('userId', '=', userId)
    .where('revokedAt', 'is', null)
    .execute()
  return true
}
