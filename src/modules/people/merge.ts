import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import type { MergeInput, UnmergeInput } from './schema.ts'
import type { PeopleNeedToKnow } from './service.ts'

// One record of each child. Two records found to be one person are merged: everything that names the merged
// record moves to the one kept, in one transaction, and the merged record stays, pointing to the one kept, so
// its id keeps answering. Cases, concerns and the chronology belong to modules above this one: each hands in,
// at composition, how it moves its own references (PersonMerge), and the merge runs them all with its own.

/** The rows one module moved, by table, each by its id (or case and role), so a merge can be checked and undone. */
export type Moved = Record<string, string[]>

/**
 * How a module above people moves its references from one person to another inside the merge's transaction, and
 * moves exactly those rows back when the merge is undone. `moveBack` refuses (Conflict) when a row it moved no
 * longer names the record kept, as moving it back would then be wrong.
 */
export interface PersonMerge {
  /**
   * What each kind of row it moves is, as a practitioner reads it (one and many), by its key in `Moved`: the page
   * that undoes a merge lists them. Keys a module keeps only for itself (the same rows again, by row id) are left out.
   */
  names: Readonly<Record<string, readonly [one: string, many: string]>>
  move(trx: Transaction<Database>, move: { fromPersonId: string; intoPersonId: string; now: Date }): Promise<Moved>
  moveBack(
    trx: Transaction<Database>,
    back: { fromPersonId: string; intoPersonId: string; moved: Moved; mergedAt: Date; now: Date },
  ): Promise<Moved>
}

/** Refuses an undo whose rows have since moved on: `found` of `expected` rows still name the record kept. */
export function stillOnRecordKept(what: string, expected: readonly string[], found: number): void {
  if (found !== expected.length)
    throw new Conflict(
      `${String(expected.length - found)} of the ${what} the merge moved no longer belong to the record kept, ` +
        'so moving them back would be wrong. Nothing was saved; ask the front door to correct the records by hand.',
    )
}

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
  // Where the merged record lived is where the person lived: their addresses, past and current, go with them.
  const addresses = await trx
    .updateTable('personAddresses')
    .set({ personId: into })
    .where('personId', '=', from)
    .returning('id')
    .execute()
  return {
    relationships: moved,
    relationshipsEnded: ended,
    offendingHistory: history.map(h => h.id),
    addresses: addresses.map(a => a.id),
  }
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
    for (const merge of mergers) Object.assign(moved, await merge.move(trx, { fromPersonId, intoPersonId, now }))
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

/** Moves this module's rows back: the relationships and offending history moved, and those the merge ended. */
async function moveBackPeopleRows(
  trx: Transaction<Database>,
  from: string,
  into: string,
  moved: Moved,
): Promise<Moved> {
  const relationships = moved.relationships ?? []
  const back: string[] = []
  if (relationships.length) {
    const rows = await trx
      .selectFrom('relationships')
      .select(['id', 'personId', 'otherPersonId'])
      .where('id', 'in', relationships)
      .where(eb => eb.or([eb('personId', '=', into), eb('otherPersonId', '=', into)]))
      .execute()
    stillOnRecordKept('relationships', relationships, rows.length)
    for (const r of rows) {
      await trx
        .updateTable('relationships')
        .set({
          personId: r.personId === into ? from : r.personId,
          otherPersonId: r.otherPersonId === into ? from : r.otherPersonId,
        })
        .where('id', '=', r.id)
        .execute()
      back.push(r.id)
    }
  }
  // Those the merge ended as recorded twice are current again, unless someone has since ended them otherwise.
  const reopened = (moved.relationshipsEnded ?? []).length
    ? await trx
        .updateTable('relationships')
        .set({ endedOn: null, endedReason: null, endedByUserId: null, endedAt: null })
        .where('id', 'in', moved.relationshipsEnded ?? [])
        .where('endedReason', '=', ENDED_BY_MERGE)
        .returning('id')
        .execute()
    : []
  const history = moved.offendingHistory ?? []
  const historyBack = history.length
    ? await trx
        .updateTable('offendingHistory')
        .set({ personId: from })
        .where('id', 'in', history)
        .where('personId', '=', into)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('offending history records', history, historyBack.length)
  const addresses = moved.addresses ?? []
  const addressesBack = addresses.length
    ? await trx
        .updateTable('personAddresses')
        .set({ personId: from })
        .where('id', 'in', addresses)
        .where('personId', '=', into)
        .returning('id')
        .execute()
    : []
  stillOnRecordKept('addresses', addresses, addressesBack.length)
  return {
    relationships: back,
    relationshipsEnded: reopened.map(r => r.id),
    offendingHistory: historyBack.map(h => h.id),
    addresses: addressesBack.map(a => a.id),
  }
}

/** The merge a merged record answers to now, with the names of both people, for the undo page. */
export async function currentMerge(db: Db, fromPersonId: string) {
  return db
    .selectFrom('personMerges as m')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'm.partnershipId').onRef('u.userId', '=', 'm.mergedByUserId'),
    )
    .select([
      'm.id',
      'm.fromPersonId',
      'm.intoPersonId',
      'm.reason',
      'm.moved',
      'm.mergedAt',
      'u.displayName as mergedBy',
    ])
    .where('m.fromPersonId', '=', fromPersonId)
    .where('m.undoneAt', 'is', null)
    .executeTakeFirst()
}

/** The merges into this record not undone: the records whose rows it holds, each of which can be undone. */
export async function mergesInto(db: Db, intoPersonId: string) {
  return db
    .selectFrom('personMerges as m')
    .innerJoin('people as p', j =>
      j.onRef('p.partnershipId', '=', 'm.partnershipId').onRef('p.id', '=', 'm.fromPersonId'),
    )
    .select(['m.id', 'm.fromPersonId', 'p.givenName', 'p.familyName', 'p.dateOfBirth', 'm.mergedAt', 'm.reason'])
    .where('m.intoPersonId', '=', intoPersonId)
    .where('m.undoneAt', 'is', null)
    .orderBy('m.mergedAt', 'desc')
    .execute()
}

/**
 * Undoes the merge of one person's record into another: every row the merge moved goes back, in one transaction
 * with the merge's own modules above (each PersonMerge's moveBack); the merged record answers as itself again, and
 * the merge row stays, saying who undid it, when and why. Anything recorded on the record kept since the merge
 * stays there: it was recorded about that record. Refused with nothing saved: a record not merged or a merge
 * already undone, a stale version, a record kept that has since been merged itself (undo that first), or a
 * moved row that no longer names the record kept.
 */
export async function unmergePerson(
  db: Db,
  actor: Actor,
  fromPersonId: string,
  input: UnmergeInput,
  ip: string,
  now: Date,
  mergers: readonly PersonMerge[],
): Promise<{ id: string; wasMergedIntoId: string; movedBack: Moved }> {
  return db.transaction().execute(async trx => {
    const merge = await trx
      .selectFrom('personMerges')
      .select(['id', 'intoPersonId', 'moved', 'mergedAt'])
      .where('fromPersonId', '=', fromPersonId)
      .where('undoneAt', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    const intoPersonId = merge?.intoPersonId ?? fromPersonId
    const both = await trx
      .selectFrom('people')
      .select(['id', 'version', 'mergedIntoId'])
      .where('id', 'in', [fromPersonId, intoPersonId])
      .orderBy('id')
      .forUpdate()
      .execute()
    const from = both.find(p => p.id === fromPersonId)
    const into = both.find(p => p.id === intoPersonId)
    if (!from) throw new NotFound('person')
    if (!merge || !into || from.mergedIntoId === null)
      throw new Conflict(
        'This record is not merged into another (or its merge has already been undone). Nothing was saved.',
      )
    if (input.version !== undefined && input.version !== from.version)
      throw new Conflict('Someone else changed this record after you opened it. Nothing was saved.')
    if (into.mergedIntoId !== null)
      throw new Conflict(
        'The record kept has since been merged into another record itself: undo that merge first. Nothing was saved.',
      )
    const moved = merge.moved as Moved
    const back = { fromPersonId, intoPersonId, moved, mergedAt: merge.mergedAt, now }
    const movedBack: Moved = await moveBackPeopleRows(trx, fromPersonId, intoPersonId, moved)
    for (const m of mergers) Object.assign(movedBack, await m.moveBack(trx, back))
    await trx
      .updateTable('people')
      .set({ mergedIntoId: null, mergedAt: null, updatedAt: now, version: from.version + 1 })
      .where('id', '=', fromPersonId)
      .execute()
    await trx
      .updateTable('personMerges')
      .set({ undoneAt: now, undoneByUserId: actor.userId, undoneReason: input.reason })
      .where('id', '=', merge.id)
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.unmerge',
      objectType: 'person',
      objectId: fromPersonId,
      ip,
      at: now,
      detail: { intoPersonId, mergeId: merge.id, movedBack },
    })
    return { id: fromPersonId, wasMergedIntoId: intoPersonId, movedBack }
  })
}
