import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { UPDATE_METHODS, UPDATE_TOPICS, type UpdateTopic } from '../../kernel/codes/families.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate } from '../../kernel/working-days.ts'
import { ageOn } from '../../web/dates.ts'
import { getCase, recordOnCase, writeCase, type CaseWork } from '../cases/index.ts'
import { investigationOutcome } from '../investigations/index.ts'
import { rightToReviewApplies } from '../../kernel/codes/investigations.ts'
import { draftLetter } from './letter-text.ts'
import { isEnglish, readingLevelOf } from './reading-level.ts'
import type { FamilyUpdateInput, LetterEdit, LetterInput, SendLetterInput } from './schema.ts'

type Case = Awaited<ReturnType<typeof getCase>>

const NOT_ON_CASE = 'Choose people on this case: its children and the adults named on it'
const CHILD_NOT_ON_CASE = 'Choose a child on this case'

/** What recording an update would be refused for: a time still to come, people or a child not on the case. */
export async function checkFamilyUpdate(db: Db, caseId: string, input: FamilyUpdateInput, now: Date) {
  if (input.at.getTime() > now.getTime() + 60_000)
    throw new Invalid({ at: 'When they were told must be now or in the past' })
  const kase = await getCase(db, caseId)
  const people = new Map<string, string>([
    ...kase.children.map(c => [c.id, `${c.givenName} ${c.familyName}`] as const),
    ...kase.adults.map(a => [a.id, `${a.givenName} ${a.familyName}`] as const),
  ])
  if (input.childId && !kase.children.some(c => c.id === input.childId))
    throw new Invalid({ childId: CHILD_NOT_ON_CASE })
  if (input.toPersonIds.some(id => !people.has(id))) throw new Invalid({ toPersonIds: NOT_ON_CASE })
  const child = kase.children.find(c => c.id === input.childId)
  return {
    kase,
    names: [...new Set(input.toPersonIds)].map(id => people.get(id) ?? ''),
    childName: child ? `${child.givenName} ${child.familyName}` : null,
  }
}

/** Writes an update and its people and topics, and its chronology event, inside a change to the case. */
async function insertUpdate(
  work: CaseWork,
  actor: Actor,
  caseId: string,
  input: FamilyUpdateInput,
  now: Date,
  letterId: string | null,
): Promise<string> {
  const { partnershipId } = actor
  const { id } = await work.trx
    .insertInto('familyUpdates')
    .values({
      partnershipId,
      caseId,
      childId: input.childId ?? null,
      at: input.at,
      method: input.method,
      response: input.response ?? null,
      toldByUserId: actor.userId,
      toldByAgencyId: actor.agencyId,
      letterId,
      recordedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await work.trx
    .insertInto('familyUpdatePeople')
    .values([...new Set(input.toPersonIds)].map(personId => ({ partnershipId, updateId: id, personId })))
    .execute()
  const topics = [...new Set(input.topics)]
  await work.trx
    .insertInto('familyUpdateTopics')
    .values(topics.map(topic => ({ partnershipId, updateId: id, topic })))
    .execute()
  await work.event(caseId, {
    kind: 'family.updated',
    summary: `Family told (${UPDATE_METHODS[input.method].toLowerCase()}): ${topics.map(t => UPDATE_TOPICS[t].toLowerCase()).join('; ')}`,
    occurredAt: input.at,
    childId: input.childId ?? null,
  })
  return id
}

export async function recordFamilyUpdate(
  db: Db,
  actor: Actor,
  caseId: string,
  input: FamilyUpdateInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'family.update', ip, now, caseIds: [caseId] }, async work => {
    await checkFamilyUpdate(work.trx, caseId, input, now)
    const id = await insertUpdate(work, actor, caseId, input, now, null)
    work.describe({ objectType: 'familyUpdate', objectId: id })
    return { id }
  })
}

/** A case's family updates, newest first, each with who was told and what about: three queries. */
export async function familyUpdatesOfCase(db: Db, caseId: string) {
  const updates = await db
    .selectFrom('familyUpdates as f')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'f.partnershipId').onRef('u.userId', '=', 'f.toldByUserId'),
    )
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'f.partnershipId').onRef('a.agencyId', '=', 'f.toldByAgencyId'),
    )
    .select([
      'f.id',
      'f.caseId',
      'f.childId',
      'f.at',
      'f.method',
      'f.response',
      'f.letterId',
      'f.toldByUserId',
      'u.displayName',
      'a.agencyName',
    ])
    .where('f.caseId', '=', caseId)
    .orderBy('f.at', 'desc')
    .orderBy('f.recordedAt', 'desc')
    .execute()
  if (updates.length === 0) return []
  const ids = updates.map(u => u.id)
  const [people, topics] = await Promise.all([
    db
      .selectFrom('familyUpdatePeople as t')
      .innerJoin('personDirectory as p', j =>
        j.onRef('p.partnershipId', '=', 't.partnershipId').onRef('p.personId', '=', 't.personId'),
      )
      .select(['t.updateId', 't.personId', 'p.givenName', 'p.familyName'])
      .where('t.updateId', 'in', ids)
      .orderBy('p.givenName')
      .execute(),
    db.selectFrom('familyUpdateTopics').select(['updateId', 'topic']).where('updateId', 'in', ids).execute(),
  ])
  const order = Object.keys(UPDATE_TOPICS)
  return updates.map(u => ({
    id: u.id,
    caseId: u.caseId,
    childId: u.childId,
    at: u.at,
    method: u.method,
    topics: topics
      .filter(t => t.updateId === u.id)
      .map(t => t.topic)
      .sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    response: u.response,
    toPeople: people
      .filter(p => p.updateId === u.id)
      .map(p => ({ id: p.personId, name: `${p.givenName} ${p.familyName}` })),
    toldBy: { userId: u.toldByUserId, name: u.displayName, agencyName: u.agencyName },
    letterId: u.letterId,
  }))
}

// Letters ------------------------------------------------------------------------------------------------------

function leadOf(kase: Case) {
  const member = kase.team.find(t => t.userId === kase.leadUserId)
  return { name: kase.leadName, agencyName: member?.userAgencyName ?? member?.agencyName ?? 'the local authority' }
}

/** What making the letter would be refused for, and the facts its draft is made from. */
export async function checkLetter(db: Db, actor: Actor, caseId: string, input: LetterInput) {
  const kase = await getCase(db, caseId)
  const child = input.childId ? kase.children.find(c => c.id === input.childId) : undefined
  if (input.childId && !child) throw new Invalid({ childId: CHILD_NOT_ON_CASE })
  if (input.audience === 'child' && !child)
    throw new Invalid({ childId: 'Choose the child the letter is for: a child’s letter is written to them' })
  const investigation = input.outcomeId ? await investigationOutcome(db, input.outcomeId) : null
  if (input.outcomeId && (investigation?.caseId !== caseId || !investigation.outcome))
    throw new Invalid({ outcomeId: 'Choose a police investigation on this case whose outcome is recorded' })
  if (child && investigation && !investigation.childIds.includes(child.id))
    throw new Invalid({ childId: 'Choose a child of that investigation' })
  const english = isEnglish(input.language)
  if (!english && !input.text)
    throw new Invalid({
      text: 'Enter the text of the letter as the translator wrote it: only letters in English are drafted here',
    })
  if (english && input.text)
    throw new Invalid({ text: 'Leave the text out of a letter in English: it is drafted for you to edit' })
  const children = child ? [child] : kase.children.filter(c => !investigation || investigation.childIds.includes(c.id))
  const text =
    input.text ??
    draftLetter({
      audience: input.audience,
      children,
      lead: leadOf(kase),
      author: { name: actor.displayName, agencyName: actor.agencyName },
      reportedOn: londonDate(investigation?.openedAt ?? kase.openedAt),
      investigation: investigation
        ? { crimeReference: investigation.crimeReference, outcome: investigation.outcome }
        : null,
    })
  return { kase, child: child ?? null, investigation, text }
}

export async function makeLetter(
  db: Db,
  actor: Actor,
  caseId: string,
  input: LetterInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'letter.make', ip, now, caseIds: [caseId] }, async work => {
    const { child, investigation, text } = await checkLetter(work.trx, actor, caseId, input)
    const { readingLevel } = readingLevelOf(text, input.audience, input.language, null)
    const { id } = await work.trx
      .insertInto('letters')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        childId: child?.id ?? null,
        investigationId: investigation?.id ?? null,
        audience: input.audience,
        language: input.language,
        text,
        readingLevel,
        madeByUserId: actor.userId,
        madeByAgencyId: actor.agencyId,
        madeAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    work.describe({ objectType: 'letter', objectId: id })
    return { id }
  })
}

async function letterRow(db: Db, id: string) {
  const row = await db
    .selectFrom('letters as l')
    .leftJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'l.partnershipId').onRef('p.personId', '=', 'l.childId'),
    )
    .selectAll('l')
    .select(['p.givenName', 'p.familyName', 'p.dateOfBirth'])
    .where('l.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFound('letter')
  return row
}

type LetterRow = Awaited<ReturnType<typeof letterRow>>

function letterBody(row: LetterRow, now: Date) {
  const age = ageOn(row.dateOfBirth, londonDate(now))
  return {
    id: row.id,
    caseId: row.caseId,
    childId: row.childId,
    childName: row.givenName ? `${row.givenName} ${row.familyName ?? ''}`.trim() : null,
    outcomeId: row.investigationId,
    audience: row.audience,
    language: row.language,
    text: row.text,
    ...readingLevelOf(row.text, row.audience, row.language, age),
    status: row.status,
    version: row.version,
    madeAt: row.madeAt,
    sentAt: row.sentAt,
    sentUpdateId: row.sentUpdateId,
  }
}

export type Letter = ReturnType<typeof letterBody>

export async function getLetter(db: Db, id: string, now: Date): Promise<Letter> {
  return letterBody(await letterRow(db, id), now)
}

/** A case's letters, newest first. */
export async function lettersOfCase(db: Db, caseId: string, now: Date): Promise<Letter[]> {
  const rows = await db
    .selectFrom('letters as l')
    .leftJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'l.partnershipId').onRef('p.personId', '=', 'l.childId'),
    )
    .selectAll('l')
    .select(['p.givenName', 'p.familyName', 'p.dateOfBirth'])
    .where('l.caseId', '=', caseId)
    .orderBy('l.madeAt', 'desc')
    .execute()
  return rows.map(r => letterBody(r, now))
}

const SENT = 'This letter has been sent: it cannot change'
const STALE_LETTER = 'Someone else changed this letter after you opened it: reload it to see their changes'

async function caseOfLetter(db: Db, id: string): Promise<string> {
  const found = await db.selectFrom('letters').select('caseId').where('id', '=', id).executeTakeFirst()
  if (!found) throw new NotFound('letter')
  return found.caseId
}

/** Edits a draft: only the version the writer read, never once it is sent. */
export async function editLetter(
  db: Db,
  actor: Actor,
  id: string,
  edit: LetterEdit,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  const caseId = await caseOfLetter(db, id)
  return writeCase(db, { actor, action: 'letter.edit', ip, now, caseIds: [caseId] }, async work => {
    const row = await letterRow(work.trx, id)
    if (row.status === 'sent') throw new Conflict(SENT)
    if (row.version !== edit.version) throw new Conflict(STALE_LETTER, ['text'])
    const version = row.version + 1
    await work.trx
      .updateTable('letters')
      .set({
        text: edit.text,
        readingLevel: readingLevelOf(edit.text, row.audience, row.language, null).readingLevel,
        version,
      })
      .where('id', '=', id)
      .execute()
    work.describe({ objectType: 'letter', objectId: id, caseId })
    return { version }
  })
}

/** The topics a sent letter told the family of: from its outcome, and the review only where it applies. */
export async function topicsOfLetter(db: Db, investigationId: string | null): Promise<UpdateTopic[]> {
  if (!investigationId) return ['progress', 'support']
  const investigation = await investigationOutcome(db, investigationId)
  return [
    'outcome',
    'reasons',
    ...(rightToReviewApplies(investigation?.outcome ?? null) ? (['right_to_review'] as const) : []),
    'compensation',
    'support',
  ]
}

/** What sending would be refused for, with the update it records. */
export async function checkSend(db: Db, id: string, input: SendLetterInput, now: Date) {
  const row = await letterRow(db, id)
  if (row.status === 'sent') throw new Conflict(SENT)
  if (input.version !== undefined && input.version !== row.version) throw new Conflict(STALE_LETTER)
  const update: FamilyUpdateInput = {
    toPersonIds: input.toPersonIds,
    childId: row.childId ?? undefined,
    topics: await topicsOfLetter(db, row.investigationId),
    at: input.sentAt,
    method: input.method,
    response: undefined,
  }
  const checked = await checkFamilyUpdate(db, row.caseId, update, now).catch((error: unknown) => {
    if (error instanceof Invalid && error.fields.at)
      throw new Invalid({ sentAt: 'When it was sent must be now or in the past' })
    throw error
  })
  return { row, update, ...checked }
}

/** Sends a letter: records the family update it makes and marks the letter sent, in one change. */
export async function sendLetter(
  db: Db,
  actor: Actor,
  id: string,
  input: SendLetterInput,
  ip: string,
  now: Date,
): Promise<{ updateId: string; version: number; caseId: string }> {
  const caseId = await caseOfLetter(db, id)
  return writeCase(db, { actor, action: 'letter.send', ip, now, caseIds: [caseId] }, async work => {
    const { row, update } = await checkSend(work.trx, id, input, now)
    const updateId = await insertUpdate(work, actor, caseId, update, now, id)
    const version = row.version + 1
    await work.trx
      .updateTable('letters')
      .set({ status: 'sent', sentAt: input.sentAt, sentUpdateId: updateId, version })
      .where('id', '=', id)
      .execute()
    await work.event(caseId, {
      kind: 'letter.sent',
      summary: `Letter sent to ${row.audience === 'child' ? 'the child' : 'the family'} (${UPDATE_METHODS[input.method].toLowerCase()})`,
      occurredAt: input.sentAt,
      childId: row.childId,
    })
    work.describe({ objectType: 'letter', objectId: id, caseId })
    return { updateId, version, caseId }
  })
}

/** A letter reached by its id stands as its case does: its team writes, whoever may read the case reads. */
export const letterResolver = recordOnCase(
  'letter',
  async (db, id) => (await db.selectFrom('letters').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)
