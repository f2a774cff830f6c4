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
  | {
      state: 'pending' | 'active'
      actor: Actor
      idHash: string
      mfaEnrolled: boolean
      /** When the session will end if nothing more is asked of it: idle, or at its absolute limit if sooner. */
      endsAt: Date
    }

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
    const touched = now.getTime() - new Date(row.lastSeenAt).getTime() > TOUCH_AFTER_MS
    if (touched) await db.updateTable('sessions').set({ lastSeenAt: now }).where('idHash', '=', idHash).execute()
    const lastSeen = touched ? now : new Date(row.lastSeenAt)
    return {
      state: row.mfaVerifiedAt ? 'active' : 'pending',
      actor: toActor(row),
      idHash,
      mfaEnrolled: row.totpEnrolledAt !== null,
      endsAt: sessionEnd(new Date(row.createdAt), lastSeen, policy),
    }
  })
}

/** The moment a session ends unless it is used again: its idle limit from the last use, or its absolute limit. */
function sessionEnd(createdAt: Date, lastSeen: Date, policy: SessionPolicy): Date {
  return new Date(
    Math.min(lastSeen.getTime() + policy.idleMinutes * 60_000, createdAt.getTime() + policy.absoluteHours * 3_600_000),
  )
}

/**
 * Keeps a live session going ("Stay signed in"): its last use is now, whatever the once-a-minute throttle on
 * writing it would have left. Answers when it will now end.
 */
export async function keepSessionAlive(db: Db, idHash: string, now: Date, policy: SessionPolicy): Promise<Date | null> {
  return asSystem(async () => {
    const row = await db
      .updateTable('sessions')
      .set({ lastSeenAt: now })
      .where('idHash', '=', idHash)
      .where('endedAt', 'is', null)
      .returning(['createdAt'])
      .executeTakeFirst()
    return row ? sessionEnd(new Date(row.createdAt), now, policy) : null
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
