import { createHash, randomUUID } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { asPartnership } from '../db/context.ts'
import { Conflict } from '../kernel/errors.ts'

// A checked answer is saved once, however many times its "confirm" is sent. Without JavaScript nothing stops a
// second click, and a browser that is slow to answer invites one: each check-your-answers page carries a new
// submission key, and the confirmed post claims it in the API's idempotency table (the web layer's), so a second
// post with it is sent where the first went instead of saving again. Nothing about the person is kept: only a
// hash of the answers and the address the first post led to.

const PREFIX = 'form:'
/** A key is remembered for a day, as the API's are. */
const KEEP_HOURS = 24
/** How long a second post waits for the first to finish before it gives up. */
const WAIT_MS = 10_000

/** A new key for a check-your-answers page. */
export function newSubmissionKey(): string {
  return randomUUID()
}

export type Claim = { claimed: true; key: string } | { claimed: false; location: string }

/**
 * Claims a confirmed post's key for this user. Claimed: go on and save, then `finishSubmission` or
 * `releaseSubmission`. Not claimed: the first post with it saved, and `location` is where it led.
 */
export async function claimSubmission(request: FastifyRequest, key: string, answers: unknown): Promise<Claim> {
  const { db, clock } = request.server.lantern
  const { partnershipId, userId } = request.actor
  const owner = { partnershipId, userId, key: PREFIX + key }
  const bodyHash = createHash('sha256').update(JSON.stringify(answers)).digest('hex')
  return asPartnership(partnershipId, async () => {
    const now = clock()
    await db
      .deleteFrom('idempotencyKeys')
      .where('partnershipId', '=', partnershipId)
      .where('userId', '=', userId)
      .where('key', 'like', `${PREFIX}%`)
      .where('createdAt', '<', new Date(now.getTime() - KEEP_HOURS * 3_600_000))
      .execute()
    const deadline = Date.now() + WAIT_MS
    for (;;) {
      // The primary key is the lock: of two posts racing with one key, exactly one inserts and saves.
      const claimed = await db
        .insertInto('idempotencyKeys')
        .values({ ...owner, method: 'POST', route: request.url, bodyHash, createdAt: now })
        .onConflict(oc => oc.doNothing())
        .returning('key')
        .executeTakeFirst()
      if (claimed) return { claimed: true, key }
      const first = await db
        .selectFrom('idempotencyKeys')
        .select(['location'])
        .where('partnershipId', '=', partnershipId)
        .where('userId', '=', userId)
        .where('key', '=', owner.key)
        .executeTakeFirst()
      if (first?.location) return { claimed: false, location: first.location }
      // Still saving (or it failed and went, and the next round claims it): wait for the first post's answer.
      if (Date.now() > deadline) throw new Conflict('These answers are still being saved: wait a moment and look again')
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  })
}

/** The save worked: a later post with the key goes where this one went. */
export async function finishSubmission(request: FastifyRequest, key: string, location: string): Promise<void> {
  const { partnershipId, userId } = request.actor
  await asPartnership(partnershipId, () =>
    request.server.lantern.db
      .updateTable('idempotencyKeys')
      .set({ status: 303, location, response: '' })
      .where('partnershipId', '=', partnershipId)
      .where('userId', '=', userId)
      .where('key', '=', PREFIX + key)
      .execute(),
  )
}

/** Nothing was saved (the answers were refused): the key is free again. */
export async function releaseSubmission(request: FastifyRequest, key: string): Promise<void> {
  const { partnershipId, userId } = request.actor
  await asPartnership(partnershipId, () =>
    request.server.lantern.db
      .deleteFrom('idempotencyKeys')
      .where('partnershipId', '=', partnershipId)
      .where('userId', '=', userId)
      .where('key', '=', PREFIX + key)
      .execute(),
  )
}
