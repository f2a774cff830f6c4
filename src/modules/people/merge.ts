import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import type { MergeInput } from './schema.ts'
import type { PeopleNeedToKnow } from './service.ts'

// One record of each child. Two records found to be one person are merged: everything that names the merged
// record moves to the one kept, in one transaction, and the merged record stays, pointing to the one kept, so
// its id keeps answering. Cases, concerns and the chronology belong to modules above this one: each hands in,
// at composition, how it moves its own references (PersonMerge), and the merge runs them all with its own.

/** The rows one module moved, by table, each by its id (or case and role), so a merge can be checked and undone. */
export type Moved = Record<string, string[]>

/** How a module above people moves its references from one person to another, inside the merge's transaction. */
export type PersonMerge = (
  trx: Transaction<Database>,
  move: { fromPersonId: string; intoPersonId: string; now: Date },
) => Promise<Moved>

const ENDED_BY_MERGE = 'Recorded twice: the records were merged'

/** Moves this module's own references: relationships and offending history. */
async function movePeopleRows(
  trx: Transaction<Database>,
  actor: Actor,
  from: string,
  into: string,
  now: Date,
): Promise<Moved> {
  const related = await trx
    .selectFrom('relationships')
    .select(['id', 'personId', 'otherPersonId', 'kind', 'endedOn'])
    .where(eb => eb.or([eb('personId', '=', from), eb('otherPersonId', '=', from)]))
    .execute()
  const moved: string[] = []
  const ended: string[] = []
  const today = now.toISOString().slice(0, 10)
  for (const r of related) {
    const personId = r.personId === from ? into : r.personId
    const otherPersonId = r.otherPersonId === from ? into : r.otherPersonId
    // Between the two records themselves, or already recorded on the record kept: it stays with the merged
    // record, ended, so nothing is recorded twice and nothing is lost.
    const twice =
      personId === otherPersonId ||
      (r.endedOn === null &&
        (await trx
          .selectFrom('relationships')
          .select('id')
          .where('personId', '=', personId)
          .where('otherPersonId', '=', otherPersonId)
          .where('kind', '=', r.kind)
          .where('endedOn', 'is', null)
          .executeTakeFirst()) !== undefined)
    if (twice) {
      if (r.endedOn === null) {
        await trx
          .updateTable('relationships')
          .set({ endedOn: today, endedReason: ENDED_BY_MERGE, endedByUserId: actor.userId, endedAt: now })
          .where('id', '=', r.id)
          .execute()
        ended.push(r.id)
      }
      continue
    }
    await trx.updateTable('relationships').set({ personId, otherPersonId }).where('id', '=', r.id).execute()
    moved.push(r.id)
  }
  const history = await trx
    .updateTable('offendingHistory')
    .set({ personId: into })
    .where('personId', '=', from)
    .returning('id')
    .execute()
  return { relationships: moved, relationshipsEnded: ended, offendingHistory: history.map(h => h.id) }
}

/**
 * Merges one person's record into another's. Refused, with nothing saved: a record into itself, into a record
 * not in this partnership or itself merged, a record already merged, a stale version, or a record to keep that
 * the actor may not see in full.
 */
export async function mergePerson(
  db: Db,
  actor: Actor,
  fromPersonId: string,
  input: MergeInput,
  ip: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
  mergers: readonly PersonMerge[],
): Promise<{ id: string; mergedIntoId: string; moved: Moved }> {
  const { intoPersonId } = input
  if (intoPersonId === fromPersonId)
    throw new Invalid({ intoPersonId: 'Select a different record to keep: a record cannot be merged into itself' })
  return db.transaction().execute(async trx => {
    // Both rows locked, in one order whichever way round they are merged, so two merges cannot cross.
    const both = await trx
      .selectFrom('people')
      .select(['id', 'version', 'mergedIntoId', 'recordedByAgencyId'])
      .where('id', 'in', [fromPersonId, intoPersonId])
      .orderBy('id')
      .forUpdate()
      .execute()
    const from = both.find(p => p.id === fromPersonId)
    const into = both.find(p => p.id === intoPersonId)
    if (!from) throw new NotFound('person')
    // Another partnership's record is invisible here (row-level security): answered as no such record.
    if (!into) throw new Invalid({ intoPersonId: 'Select a record to keep that is recorded in your partnership' })
    if (from.mergedIntoId !== null)
      throw new Conflict('This record has already been merged into another. Nothing was saved.')
    if (input.version !== undefined && input.version !== from.version)
      throw new Conflict('Someone else changed this record after you opened it. Nothing was saved.')
    if (into.mergedIntoId !== null)
      throw new Invalid({
        intoPersonId: 'The record to keep has itself been merged into another: keep that record instead',
      })
    if (!(await needToKnow.fullRecordOf(trx, actor, [into], now)).has(into.id))
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can merge only into a record you can see in full; ask the front door',
      )
    const moved: Moved = await movePeopleRows(trx, actor, fromPersonId, intoPersonId, now)
    for (const merge of mergers) Object.assign(moved, await merge(trx, { fromPersonId, intoPersonId, now }))
    await trx
      .updateTable('people')
      .set({ mergedIntoId: intoPersonId, mergedAt: now, updatedAt: now, version: from.version + 1 })
      .where('id', '=', fromPersonId)
      .execute()
    const { id } = await trx
      .insertInto('personMerges')
      .values({
        partnershipId: actor.partnershipId,
        fromPersonId,
        intoPersonId,
        reason: input.reason,
        moved: JSON.stringify(moved),
        mergedByUserId: actor.userId,
        mergedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.merge',
      objectType: 'person',
      objectId: fromPersonId,
      ip,
      at: now,
      detail: { intoPersonId, mergeId: id, moved },
    })
    return { id: fromPersonId, mergedIntoId: intoPersonId, moved }
  })
}

/** Records that two records are not the same person, so neither is flagged as a possible duplicate of the other. */
export async function markNotDuplicate(
  db: Db,
  actor: Actor,
  personId: string,
  otherPersonId: string,
  ip: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
): Promise<void> {
  if (otherPersonId === personId)
    throw new Invalid({ otherPersonId: 'Select a different record: a record is always the same person as itself' })
  await db.transaction().execute(async trx => {
    const other = await trx
      .selectFrom('people')
      .select(['id', 'recordedByAgencyId'])
      .where('id', '=', otherPersonId)
      .executeTakeFirst()
    if (!other) throw new Invalid({ otherPersonId: 'Select a record that is recorded in your partnership' })
    if (!(await needToKnow.fullRecordOf(trx, actor, [other], now)).has(other.id))
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can say this only about records you can see in full; ask the front door',
      )
    const [low, high] = personId < otherPersonId ? [personId, otherPersonId] : [otherPersonId, personId]
    await trx
      .insertInto('personNotDuplicates')
      .values({
        partnershipId: actor.partnershipId,
        personId: low,
        otherPersonId: high,
        recordedByUserId: actor.userId,
        recordedAt: now,
      })
      .onConflict(oc => oc.doNothing())
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.notDuplicate',
      objectType: 'person',
      objectId: personId,
      ip,
      at: now,
      detail: { otherPersonId },
    })
  })
}

/** The record a merged record was merged into, if it was. */
export async function mergedInto(db: Db, personId: string): Promise<string | null> {
  const row = await db.selectFrom('people').select('mergedIntoId').where('id', '=', personId).executeTakeFirst()
  return row?.mergedIntoId ?? null
}
