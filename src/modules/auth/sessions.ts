import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ACTOR_COLUMNS, toActor } from '../directory/index.ts'
import { hashSecret, newSecret } from '../../kernel/secrets.ts'

export interface SessionPolicy {
  idleMinutes: number
  absoluteHours: number
}

export type SessionLookup =
  | { state: 'none' }
  | { state: 'expired'; reason: 'idle' | 'absolute' | 'ended' }
  | { state: 'pending' | 'active'; actor: Actor; idHash: string; mfaEnrolled: boolean }

// last_seen_at is written at most once a minute per session, so reads do not each cost a write.
const TOUCH_AFTER_MS = 60_000

export async function startSession(db: Db, actor: Actor, secondFactorDone: boolean, now: Date): Promise<string> {
  const { secret, hash } = newSecret('s_')
  await asSystem(() =>
    db
      .insertInto('sessions')
      .values({
        partnershipId: actor.partnershipId,
        idHash: hash,
        userId: actor.userId,
        createdAt: now,
        lastSeenAt: now,
        mfaVerifiedAt: secondFactorDone ? now : null,
      })
      .execute(),
  )
  return secret
}

export async function lookUpSession(db: Db, secret: string, now: Date, policy: SessionPolicy): Promise<SessionLookup> {
  const idHash = hashSecret(secret)
  return asSystem(async () => {
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('userDirectory as d', j =>
        j.onRef('d.partnershipId', '=', 's.partnershipId').onRef('d.userId', '=', 's.userId'),
      )
      .select(ACTOR_COLUMNS)
      .select(['s.createdAt', 's.lastSeenAt', 's.mfaVerifiedAt', 's.endedAt', 'd.disabledAt', 'd.totpEnrolledAt'])
      .where('s.idHash', '=', idHash)
      .executeTakeFirst()
    if (!row) return { state: 'none' }
    if (row.endedAt || row.disabledAt) return { state: 'expired', reason: 'ended' }
    const reason =
      now.getTime() - new Date(row.createdAt).getTime() > policy.absoluteHours * 3_600_000
        ? 'absolute'
        : now.getTime() - new Date(row.lastSeenAt).getTime() > policy.idleMinutes * 60_000
          ? 'idle'
          : null
    if (reason) {
      await db.updateTable('sessions').set({ endedAt: now, endedReason: reason }).where('idHash', '=', idHash).execute()
      return { state: 'expired', reason }
    }
    if (now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_AFTER_MS)
      await db.updateTable('sessions').set({ lastSeenAt: now }).where('idHash', '=', idHash).execute()
    return {
      state: row.mfaVerifiedAt ? 'active' : 'pending',
      actor: toActor(row),
      idHash,
      mfaEnrolled: row.totpEnrolledAt !== null,
    }
  })
}

export async function endSession(db: Db, idHash: string, now: Date, reason: string): Promise<void> {
  await asSystem(() =>
    db
      .updateTable('sessions')
      .set({ endedAt: now, endedReason: reason })
      .where('idHash', '=', idHash)
      .where('endedAt', 'is', null)
      .execute(),
  )
}
