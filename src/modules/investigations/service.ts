import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import {
  OUTCOME_CODES,
  OUTCOME_KINDS,
  CHARGING_DECISIONS,
  CHARGING_DECIDERS,
} from '../../kernel/codes/investigations.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate } from '../../web/dates.ts'
import { childrenOnCase, recordOnCase, writeCase, type CaseWork } from '../cases/index.ts'
import {
  decliningAskedOnlyWhenUnsureMessage,
  type ChargingAdvice,
  type ChargingDecisionInput,
  type InterviewHeld,
  type OpenInvestigation,
  type OutcomeInput,
  type PlanInterview,
} from './schema.ts'

// Police investigations and their ABE interviews, each change through the write pipeline on the investigation's
// case: the case is locked, the investigation's own version checked, chronology events written for each child it is
// about, the safeguards run (SG-01, SG-05, SG-12, SG-15), one audit row appended.

/** A minute's grace for clocks that differ, as every "not in the future" check in Lantern allows. */
const GRACE = 60_000

function notFuture(field: string, at: Date | undefined, now: Date, what: string) {
  if (at && at.getTime() > now.getTime() + GRACE) throw new Invalid({ [field]: `${what} must be today or in the past` })
}

function notBefore(field: string, at: Date | undefined, earliest: Date, message: string) {
  if (at && at.getTime() < earliest.getTime()) throw new Invalid({ [field]: message })
}

const opened = (at: Date) => `The investigation opened on ${londonDate(at)}`

/** People by id, as the directory names them. */
async function peopleNamed(db: Db, ids: readonly string[]) {
  if (!ids.length) return []
  return db
    .selectFrom('personDirectory')
    .select(['personId as id', 'givenName', 'familyName', 'dateOfBirth'])
    .where('personId', 'in', [...ids])
    .execute()
}

export async function openInvestigation(
  db: Db,
  actor: Actor,
  caseId: string,
  input: OpenInvestigation,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  const onCase = await childrenOnCase(db, caseId)
  if (input.childIds.some(id => !onCase.has(id)))
    throw new Invalid({ childIds: 'Choose only children on this case: each child of the investigation must be on it' })
  const childIds = [...new Set(input.childIds)]
  const suspectIds = [...new Set(input.suspectIds)]
  if (suspectIds.some(id => childIds.includes(id)))
    throw new Invalid({ suspectIds: 'A person cannot be both a child and a suspect of one investigation' })
  if ((await peopleNamed(db, suspectIds)).length !== suspectIds.length)
    throw new Invalid({ suspectIds: 'Each suspect must be a person already recorded in Lantern' })
  notFuture('openedAt', input.openedAt, now, 'The date the investigation opened')
  let officerAgencyId = actor.agencyId
  if (input.officerUserId) {
    const officer = await db
      .selectFrom('userDirectory')
      .select(['agencyId', 'agencyKind', 'disabledAt'])
      .where('userId', '=', input.officerUserId)
      .executeTakeFirst()
    if (officer?.agencyKind !== 'police' || officer.disabledAt)
      throw new Invalid({ officerUserId: 'Choose an investigating officer who works for the police' })
    officerAgencyId = officer.agencyId
  }
  const taken = await db
    .selectFrom('investigations')
    .select('id')
    .where('crimeReference', '=', input.crimeReference)
    .executeTakeFirst()
  if (taken) throw new Invalid({ crimeReference: 'An investigation with this crime reference is already recorded' })

  return writeCase(db, { actor, action: 'investigations.open', ip, now, caseIds: [caseId] }, async work => {
    const { trx } = work
    const { id } = await trx
      .insertInto('investigations')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        crimeReference: input.crimeReference,
        openedAt: input.openedAt,
        officerUserId: input.officerUserId ?? null,
        officerAgencyId,
        offences: input.offences,
        recordedAt: now,
        recordedByUserId: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('investigationChildren')
      .values(childIds.map(childId => ({ partnershipId: actor.partnershipId, investigationId: id, childId })))
      .execute()
    if (suspectIds.length)
      await trx
        .insertInto('investigationSuspects')
        .values(suspectIds.map(personId => ({ partnershipId: actor.partnershipId, investigationId: id, personId })))
        .execute()
    await eachChild(work, caseId, childIds, {
      kind: 'investigation.opened',
      summary: `Police investigation opened, crime reference ${input.crimeReference}: ${input.offences}`,
      occurredAt: input.openedAt,
    })
    work.describe({ objectType: 'investigation', objectId: id, caseId })
    return { id }
  })
}

async function eachChild(
  work: CaseWork,
  caseId: string,
  childIds: readonly string[],
  event: { kind: string; summary: string; occurredAt: Date },
) {
  for (const childId of childIds) await work.event(caseId, { ...event, childId })
}

/** The investigation as a change finds it: locked, its version checked against the one the writer read. */
async function lockedInvestigation(trx: Transaction<Database>, id: string, version: number | undefined) {
  const found = await trx.selectFrom('investigations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!found) throw new NotFound('investigation')
  if (version !== undefined && found.version !== version)
    throw new Conflict(
      'Someone else changed this investigation after you opened it. Nothing you entered was saved; check it, then try again',
    )
  const children = await trx
    .selectFrom('investigationChildren')
    .select('childId')
    .where('investigationId', '=', id)
    .execute()
  return { ...found, openedAt: new Date(found.openedAt), childIds: children.map(c => c.childId) }
}

/** The case an investigation is on: the pipeline locks it before anything else. */
export async function caseOfInvestigation(db: Db, id: string): Promise<string> {
  const found = await db.selectFrom('investigations').select('caseId').where('id', '=', id).executeTakeFirst()
  if (!found) throw new NotFound('investigation')
  return found.caseId
}

async function changeInvestigation<T>(
  db: Db,
  actor: Actor,
  id: string,
  action: string,
  version: number | undefined,
  ip: string,
  now: Date,
  change: (work: CaseWork, investigation: Awaited<ReturnType<typeof lockedInvestigation>>) => Promise<T>,
): Promise<T> {
  const caseId = await caseOfInvestigation(db, id)
  return writeCase(db, { actor, action, ip, now, caseIds: [caseId] }, async work => {
    const investigation = await lockedInvestigation(work.trx, id, version)
    const result = await change(work, investigation)
    work.describe({ objectType: 'investigation', objectId: id, caseId })
    return result
  })
}

export function recordChargingAdvice(
  db: Db,
  actor: Actor,
  id: string,
  input: ChargingAdvice,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  notFuture('soughtAt', input.soughtAt, now, 'The date advice was sought')
  notFuture('outcomeAt', input.outcomeAt, now, 'The date advice was given')
  if (input.outcomeAt && input.outcomeAt < input.soughtAt)
    throw new Invalid({ outcomeAt: 'The date advice was given must be on or after the date it was sought' })
  if (input.advice && !input.outcomeAt)
    throw new Invalid({ outcomeAt: 'Enter the date the advice was given, with the advice' })
  return changeInvestigation(
    db,
    actor,
    id,
    'investigation.chargingAdvice',
    input.version,
    ip,
    now,
    async (work, inv) => {
      notBefore('soughtAt', input.soughtAt, inv.openedAt, `${opened(inv.openedAt)}: advice cannot be sought before it`)
      const { version } = await work.trx
        .updateTable('investigations')
        .set({
          chargingAdviceSoughtAt: input.soughtAt,
          chargingAdviceOutcomeAt: input.outcomeAt ?? null,
          chargingAdvice: input.advice ?? null,
          version: inv.version + 1,
        })
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow()
      const given = input.outcomeAt ? `; advice given on ${londonDate(input.outcomeAt)}` : ''
      await eachChild(work, inv.caseId, inv.childIds, {
        kind: 'investigation.chargingAdviceSought',
        summary: `Early charging advice sought on investigation ${inv.crimeReference}${given}${input.advice ? `: ${input.advice}` : ''}`,
        occurredAt: input.soughtAt,
      })
      return { version }
    },
  )
}

export function recordChargingDecision(
  db: Db,
  actor: Actor,
  id: string,
  input: ChargingDecisionInput,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  notFuture('decidedAt', input.decidedAt, now, 'The date of the decision')
  return changeInvestigation(
    db,
    actor,
    id,
    'investigation.chargingDecision',
    input.version,
    ip,
    now,
    async (work, inv) => {
      notBefore('decidedAt', input.decidedAt, inv.openedAt, `${opened(inv.openedAt)}: the decision cannot be before it`)
      if (inv.outcomeKind) throw new Conflict('The outcome of this investigation is recorded: it is closed')
      const { version } = await work.trx
        .updateTable('investigations')
        .set({
          chargingDecidedAt: input.decidedAt,
          chargingDecision: input.decision,
          chargingDecidedBy: input.decidedBy,
          version: inv.version + 1,
        })
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow()
      await eachChild(work, inv.caseId, inv.childIds, {
        kind: 'investigation.chargingDecision',
        summary: `Charging decision on investigation ${inv.crimeReference}: ${CHARGING_DECISIONS[input.decision]} (${CHARGING_DECIDERS[input.decidedBy]})`,
        occurredAt: input.decidedAt,
      })
      return { version }
    },
  )
}

export async function recordOutcome(
  db: Db,
  actor: Actor,
  id: string,
  input: OutcomeInput,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  notFuture('decidedAt', input.decidedAt, now, 'The date of the outcome')
  const agencies = [...new Set(input.agenciesInformed)]
  if (agencies.length) {
    const known = await db.selectFrom('agencyDirectory').select('agencyId').where('agencyId', 'in', agencies).execute()
    if (known.length !== agencies.length)
      throw new Invalid({ agenciesInformed: 'Choose the agencies told from the partnership’s agencies' })
  }
  return changeInvestigation(db, actor, id, 'investigation.outcome', input.version, ip, now, async (work, inv) => {
    if (inv.outcomeKind)
      throw new Conflict('The outcome of this investigation is already recorded: it is not recorded twice')
    notBefore('decidedAt', input.decidedAt, inv.openedAt, `${opened(inv.openedAt)}: the outcome cannot be before it`)
    const { version } = await work.trx
      .updateTable('investigations')
      .set({
        outcomeKind: input.outcome,
        outcomeCode: input.outcomeCode,
        outcomeRationale: input.rationale,
        outcomeDecidedAt: input.decidedAt,
        outcomeRecordedAt: now,
        outcomeRecordedByUserId: actor.userId,
        version: inv.version + 1,
      })
      .where('id', '=', id)
      .returning('version')
      .executeTakeFirstOrThrow()
    if (agencies.length)
      await work.trx
        .insertInto('investigationOutcomeAgencies')
        .values(agencies.map(agencyId => ({ partnershipId: actor.partnershipId, investigationId: id, agencyId })))
        .execute()
    await eachChild(work, inv.caseId, inv.childIds, {
      kind: 'investigation.outcome',
      summary: `Outcome of investigation ${inv.crimeReference}: ${OUTCOME_KINDS[input.outcome]} (outcome ${input.outcomeCode}, ${OUTCOME_CODES[input.outcomeCode].label}). ${input.rationale}`,
      occurredAt: input.decidedAt,
    })
    return { version }
  })
}

/** Checks what the child was told against when the interview was held, for a plan or a later "held". */
function checkTold(
  told: {
    childInformedAt?: Date | undefined
    childWillingness?: string | null | undefined
    toldDecliningHarms?: boolean | null | undefined
  },
  now: Date,
) {
  notFuture('childInformedAt', told.childInformedAt, now, 'The date the child was told')
  if (
    told.toldDecliningHarms !== undefined &&
    told.toldDecliningHarms !== null &&
    told.childWillingness !== 'unsure' &&
    told.childWillingness !== 'unwilling'
  )
    throw new Invalid({ toldDecliningHarms: decliningAskedOnlyWhenUnsureMessage })
}

export async function planInterview(
  db: Db,
  actor: Actor,
  investigationId: string,
  input: PlanInterview,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  notFuture('heldAt', input.heldAt, now, 'The date the interview was held')
  checkTold(input, now)
  const agency = await db
    .selectFrom('agencyDirectory')
    .select('agencyId')
    .where('agencyId', '=', input.lead.agencyId)
    .executeTakeFirst()
  if (!agency)
    throw new Invalid({ 'lead.agencyId': 'Choose the lead interviewer’s agency from the partnership’s agencies' })
  return changeInvestigation(db, actor, investigationId, 'abe.plan', undefined, ip, now, async (work, inv) => {
    if (!inv.childIds.includes(input.childId))
      throw new Invalid({ childId: 'Choose a child this investigation is about' })
    const before = `${opened(inv.openedAt)}: the interview cannot be before it`
    notBefore('plannedAt', input.plannedAt, inv.openedAt, before)
    notBefore('heldAt', input.heldAt, inv.openedAt, before)
    if (inv.outcomeKind) throw new Conflict('The outcome of this investigation is recorded: it is closed')
    const { id } = await work.trx
      .insertInto('abeInterviews')
      .values({
        partnershipId: actor.partnershipId,
        investigationId,
        caseId: inv.caseId,
        childId: input.childId,
        plannedAt: input.plannedAt,
        leadName: input.lead.name,
        leadRole: input.lead.role,
        leadAgencyId: input.lead.agencyId,
        leadHasJointTraining: input.lead.hasJointTraining,
        intermediary: input.intermediary,
        intermediaryName: input.intermediaryName ?? null,
        specialMeasures: input.specialMeasures,
        childInformedAt: input.childInformedAt ?? null,
        informedByName: input.informedBy?.name ?? null,
        informedByRole: input.informedBy?.role ?? null,
        willingness: input.childWillingness ?? null,
        toldDecliningHarms: input.toldDecliningHarms ?? null,
        heldAt: input.held ? (input.heldAt ?? null) : null,
        notHeldReason: input.held ? null : (input.notHeldReason ?? null),
        recordedAt: now,
        recordedByUserId: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(inv.caseId, {
      kind: 'abe.planned',
      childId: input.childId,
      summary: `ABE interview planned for ${londonDate(input.plannedAt)} (investigation ${inv.crimeReference}), led by ${input.lead.name}, ${input.lead.role}`,
      occurredAt: now,
    })
    if (input.held && input.heldAt)
      await work.event(inv.caseId, {
        kind: 'abe.held',
        childId: input.childId,
        summary: `ABE interview held (investigation ${inv.crimeReference})`,
        occurredAt: input.heldAt,
      })
    work.describe({ objectType: 'abeInterview', objectId: id, caseId: inv.caseId })
    return { id }
  })
}

export async function recordInterviewHeld(
  db: Db,
  actor: Actor,
  interviewId: string,
  input: InterviewHeld,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  notFuture('heldAt', input.heldAt, now, 'The date the interview was held')
  const found = await db.selectFrom('abeInterviews').select('caseId').where('id', '=', interviewId).executeTakeFirst()
  if (!found) throw new NotFound('interview')
  return writeCase(db, { actor, action: 'abe.held', ip, now, caseIds: [found.caseId] }, async work => {
    const interview = await work.trx
      .selectFrom('abeInterviews as a')
      .innerJoin('investigations as i', j =>
        j.onRef('i.partnershipId', '=', 'a.partnershipId').onRef('i.id', '=', 'a.investigationId'),
      )
      .select([
        'a.version',
        'a.childId',
        'a.heldAt',
        'a.willingness',
        'a.childInformedAt',
        'i.openedAt',
        'i.crimeReference',
      ])
      .where('a.id', '=', interviewId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (interview.version !== input.version)
      throw new Conflict(
        'Someone else changed this interview after you opened it. Nothing you entered was saved; check it, then try again',
      )
    if (interview.heldAt) throw new Conflict('This interview is already recorded as held')
    notBefore(
      'heldAt',
      input.heldAt,
      new Date(interview.openedAt),
      `${opened(new Date(interview.openedAt))}: the interview cannot be before it`,
    )
    const willingness = input.childWillingness ?? interview.willingness
    checkTold({ ...input, childWillingness: willingness }, now)
    const { version } = await work.trx
      .updateTable('abeInterviews')
      .set({
        heldAt: input.heldAt,
        notHeldReason: null,
        ...(input.childInformedAt ? { childInformedAt: input.childInformedAt } : {}),
        ...(input.informedBy ? { informedByName: input.informedBy.name, informedByRole: input.informedBy.role } : {}),
        ...(input.childWillingness ? { willingness: input.childWillingness } : {}),
        ...(input.toldDecliningHarms !== undefined ? { toldDecliningHarms: input.toldDecliningHarms } : {}),
        version: interview.version + 1,
      })
      .where('id', '=', interviewId)
      .returning('version')
      .executeTakeFirstOrThrow()
    await work.event(found.caseId, {
      kind: 'abe.held',
      childId: interview.childId,
      summary: `ABE interview held (investigation ${interview.crimeReference})`,
      occurredAt: input.heldAt,
    })
    work.describe({ objectType: 'abeInterview', objectId: interviewId, caseId: found.caseId })
    return { version }
  })
}

/** An investigation reached by its id is authorised on its case: its team writes, whoever may read the case reads. */
export const investigationResolver = recordOnCase(
  'investigation',
  async (db, id) =>
    (await db.selectFrom('investigations').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)

/** An ABE interview stands as the case of its investigation does. */
export const abeInterviewResolver = recordOnCase(
  'abeInterview',
  async (db, id) =>
    (await db.selectFrom('abeInterviews').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)
