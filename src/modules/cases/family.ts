import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ADULT_ROLES, CHILD_ROLES, type CaseAdultRole, type CaseChildRole } from '../../kernel/codes/cases.ts'
import { Forbidden, Invalid } from '../../kernel/errors.ts'
import { CASE_LEADS } from '../../kernel/roles.ts'
import { getPerson } from '../people/index.ts'
import { peopleWithFullRecord } from './need-to-know.ts'
import { writeCase, type CaseWork, type LockedCase, type RecordRule } from './write.ts'

// Cases that change as families do: children and adults join and leave an open case, each with a reason on the
// chronology; a closed case is reopened with a reason; a case names the earlier episodes about the same child.
// Leaving ends a membership by a later record (removed_at), never by deletion, so the history stays.

/** Anyone on the case team who works with children adds or removes its people (the route's roles say who works). */
export function mayChangePeople(_actor: Actor, kase: { onTeam: boolean }): boolean {
  return kase.onTeam
}

const CHANGE_PEOPLE: RecordRule = {
  may: mayChangePeople,
  refusal: 'Only a member of the case team can add people to the case or remove them',
}

/**
 * A closed case is reopened by a social worker or team manager on its team: those who hold its statutory
 * duties, as for closing it.
 */
export function mayReopen(actor: Actor, kase: { onTeam: boolean }): boolean {
  return kase.onTeam && actor.roles.some(r => (CASE_LEADS as readonly string[]).includes(r))
}

const REOPEN: RecordRule = {
  may: mayReopen,
  refusal: 'Only a social worker or team manager on the case team can reopen the case',
}

function lockedCase(work: CaseWork, caseId: string): LockedCase {
  const kase = work.cases.get(caseId)
  if (!kase) throw new Error('The pipeline locked no case')
  return kase
}

const nameOf = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`.trim()

/**
 * The person to add, and whether they are on the case already. Being on a case team opens the record of everyone
 * the case names to the whole team, so only someone whose full record the actor can already read may be added:
 * adding never widens what anyone sees beyond what the actor's own need to know gives.
 */
async function personToAdd(work: CaseWork, actor: Actor, caseId: string, personId: string, now: Date) {
  const { trx } = work
  const person = await trx
    .selectFrom('personDirectory')
    .select(['personId as id', 'givenName', 'familyName', 'recordedByAgencyId'])
    .where('personId', '=', personId)
    .executeTakeFirst()
  if (!person) throw new Invalid({ personId: 'Choose someone who is already recorded' })
  if (!(await peopleWithFullRecord(trx, actor, [person], now)).has(person.id))
    throw new Forbidden(
      'no_legitimate_relationship',
      'You can add to a case only people whose records you can already see. Record a concern for the front door instead',
    )
  // A merged record's places on cases moved to the record kept: adding the old one would split the child in two.
  // Refused rather than quietly adding the record kept, so a system that asked for one id never gets another.
  const { mergedIntoId } = await getPerson(trx, personId)
  if (mergedIntoId !== null)
    throw new Invalid({
      personId: `This record was merged into another: add the record kept instead (id ${mergedIntoId})`,
    })
  const asChild = await currentChild(trx, caseId, personId)
  if (asChild)
    throw new Invalid({ personId: `${nameOf(person)} is already on this case as ${CHILD_ROLES[asChild.role]}` })
  const asAdult = await trx
    .selectFrom('caseAdults')
    .select('role')
    .where('caseId', '=', caseId)
    .where('personId', '=', personId)
    .where('removedAt', 'is', null)
    .executeTakeFirst()
  if (asAdult)
    throw new Invalid({ personId: `${nameOf(person)} is already on this case as ${ADULT_ROLES[asAdult.role]}` })
  return person
}

function currentChild(trx: Transaction<Database>, caseId: string, personId: string) {
  return trx
    .selectFrom('caseChildren')
    .select(['id', 'role'])
    .where('caseId', '=', caseId)
    .where('personId', '=', personId)
    .where('removedAt', 'is', null)
    .executeTakeFirst()
}

export interface AddChild {
  personId: string
  role?: CaseChildRole | undefined
  reason: string
  version?: number | undefined
}

/** Adds a child to an open case, as the child it is about unless another role is given. */
export async function addChild(db: Db, actor: Actor, caseId: string, input: AddChild, ip: string, now: Date) {
  const change = { actor, action: 'case.addChild', ip, now, caseIds: [caseId], rule: CHANGE_PEOPLE }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const person = await personToAdd(work, actor, caseId, input.personId, now)
    const role = input.role ?? 'subject'
    await work.trx
      .insertInto('caseChildren')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        personId: person.id,
        role,
        addedAt: now,
        addedByUserId: actor.userId,
        addedReason: input.reason,
      })
      .execute()
    await work.event(caseId, {
      kind: 'case.childAdded',
      summary: `${nameOf(person)} added to the case as ${CHILD_ROLES[role]}: ${input.reason}`,
      occurredAt: now,
      childId: person.id,
    })
    work.detail({ personId: person.id, role })
    return { version: await work.nextVersion(caseId) }
  })
}

export interface AddAdult {
  personId: string
  role: CaseAdultRole
  reason: string
  version?: number | undefined
}

/** Adds an adult (or anyone around the children who is not a child of the case) to an open case, in a role. */
export async function addAdult(db: Db, actor: Actor, caseId: string, input: AddAdult, ip: string, now: Date) {
  const change = { actor, action: 'case.addAdult', ip, now, caseIds: [caseId], rule: CHANGE_PEOPLE }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const person = await personToAdd(work, actor, caseId, input.personId, now)
    await work.trx
      .insertInto('caseAdults')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        personId: person.id,
        role: input.role,
        addedAt: now,
        addedByUserId: actor.userId,
        addedReason: input.reason,
      })
      .execute()
    await work.event(caseId, {
      kind: 'case.adultAdded',
      summary: `${nameOf(person)} added to the case as ${ADULT_ROLES[input.role]}: ${input.reason}`,
      occurredAt: now,
    })
    work.detail({ personId: person.id, role: input.role })
    return { version: await work.nextVersion(caseId) }
  })
}

export interface Removal {
  reason: string
  version?: number | undefined
}

async function directoryName(trx: Transaction<Database>, personId: string): Promise<string> {
  const person = await trx
    .selectFrom('personDirectory')
    .select(['givenName', 'familyName'])
    .where('personId', '=', personId)
    .executeTakeFirst()
  return person ? nameOf(person) : 'Someone'
}

/**
 * Takes a child off an open case: their membership ends with the reason, and the case team's need to know about
 * them ends with it unless another of their cases gives it. A case is always about at least one child.
 */
export async function removeChild(
  db: Db,
  actor: Actor,
  caseId: string,
  personId: string,
  input: Removal,
  ip: string,
  now: Date,
) {
  const change = { actor, action: 'case.removeChild', ip, now, caseIds: [caseId], rule: CHANGE_PEOPLE }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const { trx } = work
    const child = await currentChild(trx, caseId, personId)
    if (!child) throw new Invalid({ personId: 'This child is not on the case: someone may have removed them already' })
    const others = await trx
      .selectFrom('caseChildren')
      .select('id')
      .where('caseId', '=', caseId)
      .where('removedAt', 'is', null)
      .where('id', '!=', child.id)
      .executeTakeFirst()
    if (!others)
      throw new Invalid({
        personId: 'This is the only child on the case: a case is about at least one child. Close the case instead',
      })
    await trx
      .updateTable('caseChildren')
      .set({ removedAt: now, removedReason: input.reason, removedByUserId: actor.userId })
      .where('id', '=', child.id)
      .execute()
    await work.event(caseId, {
      kind: 'case.childRemoved',
      summary: `${await directoryName(trx, personId)} removed from the case: ${input.reason}`,
      occurredAt: now,
      childId: personId,
    })
    work.detail({ personId })
    return { version: await work.nextVersion(caseId) }
  })
}

/** Takes an adult off an open case, in every role they had on it. */
export async function removeAdult(
  db: Db,
  actor: Actor,
  caseId: string,
  personId: string,
  input: Removal,
  ip: string,
  now: Date,
) {
  const change = { actor, action: 'case.removeAdult', ip, now, caseIds: [caseId], rule: CHANGE_PEOPLE }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const { trx } = work
    const removed = await trx
      .updateTable('caseAdults')
      .set({ removedAt: now, removedReason: input.reason, removedByUserId: actor.userId })
      .where('caseId', '=', caseId)
      .where('personId', '=', personId)
      .where('removedAt', 'is', null)
      .returning('role')
      .execute()
    if (removed.length === 0)
      throw new Invalid({ personId: 'This person is not on the case: someone may have removed them already' })
    await work.event(caseId, {
      kind: 'case.adultRemoved',
      summary: `${await directoryName(trx, personId)} removed from the case: ${input.reason}`,
      occurredAt: now,
    })
    work.detail({ personId, roles: removed.map(r => r.role) })
    return { version: await work.nextVersion(caseId) }
  })
}

/**
 * Reopens a closed case with a reason: the case and its current children are open again, with the same team
 * and lead. The reason for the closing stays on the chronology beside the reason for reopening.
 */
export async function reopenCase(db: Db, actor: Actor, caseId: string, input: Removal, ip: string, now: Date) {
  const change = {
    actor,
    action: 'case.reopen',
    ip,
    now,
    caseIds: [caseId],
    closedCases: 'allow' as const,
    rule: REOPEN,
  }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const { trx } = work
    if (lockedCase(work, caseId).status === 'open') throw new Invalid({ reason: 'This case is already open' })
    await trx
      .updateTable('cases')
      .set({ status: 'open', closedAt: null, closedReason: null })
      .where('id', '=', caseId)
      .execute()
    const version = await work.nextVersion(caseId)
    await trx
      .updateTable('caseChildren')
      .set({ status: 'open' })
      .where('caseId', '=', caseId)
      .where('removedAt', 'is', null)
      .execute()
    await work.event(caseId, { kind: 'case.reopened', summary: `Case reopened: ${input.reason}`, occurredAt: now })
    return { version }
  })
}

/**
 * The earlier episodes a case may name: the closed cases about any of its children (a closed case is an earlier
 * episode of an open one) that it does not name already. By reference and dates only: the reader may not be on their teams.
 */
export async function earlierEpisodeChoices(db: Db, caseId: string) {
  return db
    .selectFrom('cases as e')
    .select(['e.id', 'e.reference', 'e.openedAt', 'e.closedAt'])
    .where('e.status', '=', 'closed')
    .where('e.id', '!=', caseId)
    .where(eb =>
      eb.exists(
        eb
          .selectFrom('caseChildren as mine')
          .innerJoin('caseChildren as theirs', j =>
            j.onRef('theirs.partnershipId', '=', 'mine.partnershipId').onRef('theirs.personId', '=', 'mine.personId'),
          )
          .select('mine.id')
          .where('mine.caseId', '=', caseId)
          .where('mine.removedAt', 'is', null)
          .whereRef('theirs.caseId', '=', 'e.id'),
      ),
    )
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('caseEpisodeLinks as l')
            .select('l.caseId')
            .where('l.caseId', '=', caseId)
            .whereRef('l.earlierCaseId', '=', 'e.id'),
        ),
      ),
    )
    .orderBy('e.openedAt', 'desc')
    .execute()
}

/** Names an earlier, closed episode about one of the case's children; the link shows on both cases. */
export async function linkEpisode(
  db: Db,
  actor: Actor,
  caseId: string,
  input: { earlierCaseId: string; version?: number | undefined },
  ip: string,
  now: Date,
) {
  const change = { actor, action: 'case.linkEpisode', ip, now, caseIds: [caseId], rule: CHANGE_PEOPLE }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const choices = await earlierEpisodeChoices(work.trx, caseId)
    const earlier = choices.find(c => c.id === input.earlierCaseId)
    if (!earlier)
      throw new Invalid({
        earlierCaseId: 'Choose an earlier, closed case about a child of this case that is not linked already',
      })
    await work.trx
      .insertInto('caseEpisodeLinks')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        earlierCaseId: earlier.id,
        linkedAt: now,
        linkedByUserId: actor.userId,
      })
      .execute()
    await work.event(caseId, {
      kind: 'case.episodeLinked',
      summary: `Linked to the earlier episode ${earlier.reference}`,
      occurredAt: now,
    })
    work.detail({ earlierCaseId: earlier.id })
    return { version: await work.nextVersion(caseId) }
  })
}
