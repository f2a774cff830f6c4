import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ACTOR_COLUMNS, toActor } from '../directory/index.ts'
import { hashSecret, newSecret } from '../../kernel/secrets.ts'

export const TOKEN_PREFIX = 'lantern_'

export async function createApiToken(
  db: Db,
  actor: Pick<Actor, 'userId' | 'partnershipId'>,
  label: string,
  expiresAt: Date | null,
): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const { secret, hash } = newSecret(TOKEN_PREFIX)
  const row = await asSystem(() =>
    db
      .insertInto('apiTokens')
      .values({ partnershipId: actor.partnershipId, userId: actor.userId, tokenHash: hash, label, expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow(),
  )
  return { id: row.id, token: secret, expiresAt }
}

/** The actor a bearer token acts as, or null when it is unknown, revoked, expired or its user disabled. */
export async function actorForToken(db: Db, token: string, now: Date): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null
  const row = await asSystem(() =>
    db
      .selectFrom('apiTokens as t')
      .innerJoin('userDirectory as d', j =>
        j.onRef('d.partnershipId', '=', 't.partnershipId').onRef('d.userId', '=', 't.userId'),
      )
      .select(ACTOR_COLUMNS)
      .where('t.tokenHash', '=', hashSecret(token))
      .where('t.revokedAt', 'is', null)
      .where(eb => eb.or([eb('t.expiresAt', 'is', null), eb('t.expiresAt', '>', now)]))
      .where('d.disabledAt', 'is', null)
      .executeTakeFirst(),
  )
  return row ? toActor(row) : null
}

export async function revokeApiToken(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await asSystem(() =>
    db
      .updateTable('apiTokens')
      .set({ revokedAt: now })
      .where('id', '=', id)
      .where('revokedAt', 'is', null)
      .executeTakeFirst(),
  )
  return result.numUpdatedRows > 0n
}
