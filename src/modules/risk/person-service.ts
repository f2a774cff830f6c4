import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { CIVIL_ORDER_KINDS, RISK_TOOLS } from '../../kernel/codes/risk.ts'
import { Conflict, Invalid } from '../../kernel/errors.ts'
import { londonDate, todayIso } from '../../web/dates.ts'
import { peopleNeedToKnow } from '../cases/index.ts'
import { getPerson, offendingHistoryInFull } from '../people/index.ts'
import { policyOf } from '../policy/index.ts'
import {
  LEVEL_WITHOUT_CATEGORY,
  type ManagementChange,
  type NewCivilOrder,
  type NewRiskAssessment,
} from './person-schema.ts'
import { readsRegister } from './roles.ts'

// What is known about a person (issue 14): civil orders and risk assessments are added, never changed or removed
// (an assessment is a history); how the person is managed is one row changed in place under a version. Each change
// goes through changePerson, so it is on the chronology (restricted) of the cases it reaches and the safeguards
// run on them.

type Trx = Transaction<Database>

/** Who the change is by, and when: what every write here takes. */
interface By {
  actor: Actor
  ip: string
  now: Date
}

const nameOf = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`

/** Whether an agency is one of this partnership's: row-level security shows no other. */
async function isAgency(trx: Trx | Db, agencyId: string): Promise<boolean> {
  return Boolean(
    await trx.selectFrom('agencyDirectory').select('agencyId').where('agencyId', '=', agencyId).executeTakeFirst(),
  )
}

export async function recordCivilOrder(db: Db, by: By, personId: string, input: NewCivilOrder): Promise<string> {
  const person = await getPerson(db, personId)
  const change = { ...by, action: 'risk.recordCivilOrder', personId, detail: { kind: input.kind } }
  return peopleNeedToKnow.changePerson(db, change, async (trx, tellCases) => {
    const { id } = await trx
      .insertInto('civilOrders')
      .values({
        partnershipId: by.actor.partnershipId,
        personId,
        kind: input.kind,
        otherKind: input.otherKind ?? null,
        startsOn: input.startsOn,
        expiresOn: input.expiresOn ?? null,
        prohibitions: input.prohibitions,
        recordedByUserId: by.actor.userId,
        recordedByAgencyId: by.actor.agencyId,
        recordedAt: by.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const kind = input.otherKind ?? CIVIL_ORDER_KINDS[input.kind]
    await tellCases({
      kind: 'risk.civilOrder',
      summary: `${kind} recorded for ${nameOf(person)} (from ${londonDate(input.startsOn)})`,
      occurredAt: by.now,
      visibility: 'restricted',
    })
    return id
  })
}

export async function recordRiskAssessment(
  db: Db,
  by: By,
  personId: string,
  input: NewRiskAssessment,
): Promise<string> {
  const person = await getPerson(db, personId)
  const change = { ...by, action: 'risk.recordAssessment', personId, detail: { tool: input.tool, level: input.level } }
  return peopleNeedToKnow.changePerson(db, change, async (trx, tellCases) => {
    if (!(await isAgency(trx, input.assessorAgencyId)))
      throw new Invalid({ assessorAgencyId: 'Select an agency of this partnership that made the assessment' })
    const { id } = await trx
      .insertInto('riskAssessments')
      .values({
        partnershipId: by.actor.partnershipId,
        personId,
        tool: input.tool,
        toolName: input.toolName ?? null,
        assessedOn: input.assessedOn,
        assessorAgencyId: input.assessorAgencyId,
        level: input.level,
        summary: input.summary,
        nextReviewOn: input.nextReviewOn,
        recordedByUserId: by.actor.userId,
        recordedByAgencyId: by.actor.agencyId,
        recordedAt: by.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tellCases({
      kind: 'risk.assessment',
      summary: `Risk assessment (${input.toolName ?? RISK_TOOLS[input.tool]}) recorded for ${nameOf(person)}`,
      occurredAt: by.now,
      visibility: 'restricted',
    })
    return id
  })
}

const POLICE_ROLES = ['police_investigator', 'police_supervisor']

/** Whether a user is active in this partnership and holds one of these roles. */
async function isActiveWith(trx: Trx, userId: string, roles: readonly string[]): Promise<boolean> {
  const user = await trx
    .selectFrom('userDirectory')
    .select('roles')
    .where('userId', '=', userId)
    .where('disabledAt', 'is', null)
    .executeTakeFirst()
  return Boolean(user?.roles.some(r => roles.includes(r)))
}

/**
 * Changes how a person is managed: what is sent replaces what was there (null clears it), what is absent stays.
 * The version read must be the one stored (0 when there is no row yet), else someone changed it first: 409 and
 * nothing saved.
 */
export async function changeRiskManagement(db: Db, by: By, personId: string, input: ManagementChange): Promise<number> {
  const person = await getPerson(db, personId)
  const { version, ...fields } = input
  const change = { ...by, action: 'risk.changeManagement', personId, detail: { changed: Object.keys(fields) } }
  return peopleNeedToKnow.changePerson(db, change, async (trx, tellCases) => {
    const row = await trx
      .selectFrom('riskManagement')
      .selectAll()
      .where('personId', '=', personId)
      .forUpdate()
      .executeTakeFirst()
    if ((row?.version ?? 0) !== version) throw new Conflict()
    const next = {
      mappaCategory: fields.mappaCategory !== undefined ? fields.mappaCategory : (row?.mappaCategory ?? null),
      mappaLevel: fields.mappaLevel !== undefined ? fields.mappaLevel : (row?.mappaLevel ?? null),
      probationContactUserId:
        fields.probationContactUserId !== undefined
          ? fields.probationContactUserId
          : (row?.probationContactUserId ?? null),
      policeLeadUserId:
        fields.policeLeadUserId !== undefined ? fields.policeLeadUserId : (row?.policeLeadUserId ?? null),
    }
    const problems: Record<string, string> = {}
    if (next.mappaLevel !== null && next.mappaCategory === null) problems.mappaLevel = LEVEL_WITHOUT_CATEGORY
    if (
      fields.probationContactUserId &&
      !(await isActiveWith(trx, fields.probationContactUserId, ['probation_officer']))
    )
      problems.probationContactUserId = 'Select a probation officer of this partnership whose account is active'
    if (fields.policeLeadUserId && !(await isActiveWith(trx, fields.policeLeadUserId, POLICE_ROLES)))
      problems.policeLeadUserId = 'Select a police officer of this partnership whose account is active'
    if (Object.keys(problems).length) throw new Invalid(problems)
    const stamp = { updatedByUserId: by.actor.userId, updatedByAgencyId: by.actor.agencyId, updatedAt: by.now }
    if (row)
      await trx
        .updateTable('riskManagement')
        .set({ ...next, ...stamp, version: version + 1 })
        .where('personId', '=', personId)
        .where('version', '=', version)
        .execute()
    else
      await trx
        .insertInto('riskManagement')
        .values({ partnershipId: by.actor.partnershipId, personId, ...next, ...stamp, version: 1 })
        .execute()
    await tellCases({
      kind: 'risk.management',
      summary: `How ${nameOf(person)} is managed was changed`,
      occurredAt: by.now,
      visibility: 'restricted',
    })
    return version + 1
  })
}

/** A user named as a contact: by name and email, so anyone who reaches the person knows whom to ask. */
export interface Contact {
  userId: string
  name: string
  email: string
}

/** How a person is managed, with the contacts by name and email; version 0 when nothing is recorded. */
export async function riskManagementOf(db: Db, personId: string) {
  const row = await db
    .selectFrom('riskManagement as m')
    .leftJoin('userDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'm.partnershipId').onRef('p.userId', '=', 'm.probationContactUserId'),
    )
    .leftJoin('userDirectory as l', j =>
      j.onRef('l.partnershipId', '=', 'm.partnershipId').onRef('l.userId', '=', 'm.policeLeadUserId'),
    )
    .select([
      'm.version',
      'm.mappaCategory',
      'm.mappaLevel',
      'm.probationContactUserId',
      'p.displayName as probationName',
      'p.email as probationEmail',
      'm.policeLeadUserId',
      'l.displayName as policeName',
      'l.email as policeEmail',
      'm.updatedAt',
    ])
    .where('m.personId', '=', personId)
    .executeTakeFirst()
  const contact = (
    userId: string | null | undefined,
    name: string | null | undefined,
    email: string | null | undefined,
  ) => (userId && name && email ? { userId, name, email } : null)
  return {
    version: row?.version ?? 0,
    mappaCategory: row?.mappaCategory ?? null,
    mappaLevel: row?.mappaLevel ?? null,
    probationContact: contact(row?.probationContactUserId, row?.probationName, row?.probationEmail),
    policeLead: contact(row?.policeLeadUserId, row?.policeName, row?.policeEmail),
    updatedAt: row?.updatedAt ?? null,
  }
}

export type RiskManagement = Awaited<ReturnType<typeof riskManagementOf>>

/** Whole months from one day to another (a day of the month not yet reached does not count). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0))
}

function civilOrdersOf(db: Db, personId: string) {
  return db
    .selectFrom('civilOrders as o')
    .innerJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'o.partnershipId').onRef('u.userId', '=', 'o.recordedByUserId'),
    )
    .select([
      'o.id',
      'o.kind',
      'o.otherKind',
      'o.startsOn',
      'o.expiresOn',
      'o.prohibitions',
      'u.displayName as recordedBy',
      'u.agencyName as recordedByAgencyName',
      'o.recordedAt',
    ])
    .where('o.personId', '=', personId)
    .orderBy('o.startsOn', 'desc')
    .orderBy('o.recordedAt', 'desc')
    .execute()
}

function riskAssessmentsOf(db: Db, personId: string) {
  return db
    .selectFrom('riskAssessments as a')
    .innerJoin('agencyDirectory as g', j =>
      j.onRef('g.partnershipId', '=', 'a.partnershipId').onRef('g.agencyId', '=', 'a.assessorAgencyId'),
    )
    .innerJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'a.partnershipId').onRef('u.userId', '=', 'a.recordedByUserId'),
    )
    .select([
      'a.id',
      'a.tool',
      'a.toolName',
      'a.assessedOn',
      'a.assessorAgencyId',
      'g.agencyName as assessorAgencyName',
      'a.level',
      'a.summary',
      'a.nextReviewOn',
      'u.displayName as recordedBy',
      'a.recordedAt',
    ])
    .where('a.personId', '=', personId)
    .orderBy('a.assessedOn', 'desc')
    .orderBy('a.recordedAt', 'desc')
    .execute()
}

/** Whether anything is known about these people: any offending history, civil order or risk assessment. */
export async function somethingKnownAbout(db: Db, personId: string): Promise<boolean> {
  const [history, orders, assessments] = await Promise.all([
    offendingHistoryInFull(db, personId),
    db.selectFrom('civilOrders').select('id').where('personId', '=', personId).limit(1).execute(),
    db.selectFrom('riskAssessments').select('id').where('personId', '=', personId).limit(1).execute(),
  ])
  return history.length > 0 || orders.length > 0 || assessments.length > 0
}

/**
 * What is known about a person for one reader. The detail is for a reader who may see the person's full record
 * or who reads the register; anyone else learns only whether something is known and whom to contact.
 */
export async function personRiskFor(db: Db, actor: Actor, personId: string, now: Date) {
  const person = await getPerson(db, personId)
  const [full, management] = await Promise.all([mayReadDetail(db, actor, person, now), riskManagementOf(db, personId)])
  const about = {
    personId: person.id,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    contacts: { probationContact: management.probationContact, policeLead: management.policeLead },
  }
  if (!full) return { ...about, access: 'minimum' as const, somethingKnown: await somethingKnownAbout(db, personId) }
  const today = todayIso(now)
  const [history, orders, assessments, { riskAssessmentMaxAgeMonths }] = await Promise.all([
    offendingHistoryInFull(db, personId),
    civilOrdersOf(db, personId),
    riskAssessmentsOf(db, personId),
    policyOf(db),
  ])
  const latest = assessments[0]
  return {
    ...about,
    access: 'full' as const,
    somethingKnown: history.length > 0 || orders.length > 0 || assessments.length > 0,
    offendingHistory: history,
    civilOrders: orders.map(o => ({ ...o, expired: o.expiresOn !== null && o.expiresOn < today })),
    riskAssessments: assessments.map(a => ({ ...a, ageInMonths: monthsBetween(a.assessedOn, today) })),
    latestAssessment: latest
      ? {
          id: latest.id,
          current: monthsBetween(latest.assessedOn, today) < riskAssessmentMaxAgeMonths,
          reviewOverdue: latest.nextReviewOn < today,
        }
      : null,
    management,
  }
}

export type PersonRisk = Awaited<ReturnType<typeof personRiskFor>>

/** The detail is for whoever may see the person's full record, or reads the register. */
export async function mayReadDetail(
  db: Db,
  actor: Actor,
  person: { id: string; recordedByAgencyId: string },
  now: Date,
): Promise<boolean> {
  if (readsRegister(actor.roles)) return true
  return (await peopleNeedToKnow.fullRecordOf(db, actor, [person], now)).has(person.id)
}

/** Whom a person's contacts may be: the partnership's active probation officers, and its active police. */
export async function contactChoices(db: Db) {
  const users = await db
    .selectFrom('userDirectory')
    .select(['userId', 'displayName', 'email', 'agencyName', 'roles'])
    .where('disabledAt', 'is', null)
    .orderBy('displayName')
    .execute()
  const choice = (u: (typeof users)[number]) => ({
    value: u.userId,
    text: `${u.displayName}, ${u.agencyName} (${u.email})`,
  })
  return {
    probation: users.filter(u => u.roles.includes('probation_officer')).map(choice),
    police: users.filter(u => u.roles.some(r => POLICE_ROLES.includes(r))).map(choice),
  }
}

/** The partnership's agencies, as a select offers them. */
export function agencyChoices(db: Db) {
  return db
    .selectFrom('agencyDirectory')
    .select(['agencyId as value', 'agencyName as text'])
    .orderBy('agencyName')
    .execute()
}
