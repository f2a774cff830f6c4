import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import type { EndRelationship } from './schema.ts'

// Relationships over time: each has a start (when known) and may end. Ending one keeps it, with who ended it,
// when and why; "changing" one is ending it and recording the new one, so the history is never lost.

const RELATIONSHIP_COLUMNS = [
  'id',
  'personId',
  'otherPersonId',
  'kind',
  'livesWith',
  'hasContact',
  'startedOn',
  'endedOn',
  'endedReason',
  'endedAt',
  'version',
] as const

export type Relationship = Awaited<ReturnType<typeof getRelationship>>

export async function getRelationship(db: Db, id: string) {
  const found = await db
    .selectFrom('relationships')
    .select(RELATIONSHIP_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!found) throw new NotFound('relationship')
  return found
}

/** The two people a relationship is between, for need to know (either may be the one whose record is changed). */
export function relationshipPeople(db: Db, id: string) {
  return db.selectFrom('relationships').select(['personId', 'otherPersonId']).where('id', '=', id).executeTakeFirst()
}

/**
 * Ends a relationship on a date, with a reason. It must not end before it began, and ends once: a second ending,
 * or one sent with a version someone else has since changed, is a conflict and nothing is saved.
 */
export async function endRelationship(
  db: Db,
  actor: Actor,
  id: string,
  input: EndRelationship,
  ip: string,
  now: Date,
): Promise<Relationship> {
  return db.transaction().execute(async trx => {
    const current = await trx
      .selectFrom('relationships')
      .select(RELATIONSHIP_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw new NotFound('relationship')
    if (input.version !== undefined && input.version !== current.version)
      throw new Conflict('Someone else changed this relationship after you opened it. Nothing you entered was saved.')
    if (current.endedOn !== null)
      throw new Conflict(`This relationship already ended on ${current.endedOn}. Nothing you entered was saved.`)
    if (current.startedOn !== null && input.endedOn < current.startedOn)
      throw new Invalid({
        endedOn: `Date it ended must be on or after the date it started, ${current.startedOn}`,
      })
    const ended = await trx
      .updateTable('relationships')
      .set({
        endedOn: input.endedOn,
        endedReason: input.reason,
        endedByUserId: actor.userId,
        endedAt: now,
        version: current.version + 1,
      })
      .where('id', '=', id)
      .returning(RELATIONSHIP_COLUMNS)
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'relationship.end',
      objectType: 'person',
      objectId: current.personId,
      ip,
      at: now,
      detail: { relationshipId: id, otherPersonId: current.otherPersonId, kind: current.kind, endedOn: input.endedOn },
    })
    return ended
  })
}
