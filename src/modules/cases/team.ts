import { sql, type Transaction } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import { Forbidden, Invalid } from '../../kernel/errors.ts'
import { CASE_LEADS, PRACTITIONERS, type Role } from '../../kernel/roles.ts'
import type { Actor } from '../../kernel/actor.ts'
import { urls } from '../../web/urls.ts'
import { notify } from '../notifications/index.ts'
import { relationshipToCase } from './service.ts'
import { writeCase, type CaseWork, type RecordRule } from './write.ts'

// A case team: the users and whole agencies with a legitimate relationship to the case, one of them its lead
// practitioner. A membership ends by a later record (removed_at), never by deletion.

/** Who may lead a case: the social workers and team managers who hold its statutory duties. */
const LEAD_ROLES: readonly Role[] = CASE_LEADS

export function mayLead(user: { roles: string[] }): boolean {
  return user.roles.some(r => (LEAD_ROLES as readonly string[]).includes(r))
}

/** The lead hands the case on; a team manager on the team may reassign it. */
export function mayChangeLead(actor: Actor, kase: { leadUserId: string; onTeam: boolean }): boolean {
  return actor.userId === kase.leadUserId || (kase.onTeam && actor.roles.includes('team_manager'))
}

/** Anyone on the team of a case brings in another agency or practitioner the work needs. */
export function mayAddToTeam(_actor: Actor, kase: { onTeam: boolean }): boolean {
  return kase.onTeam
}

/**
 * Who may take a member off the team: the lead and a team manager on the team take anyone off; anyone else on it
 * only themselves or their own agency (leaving, as when their part is done). So the police cannot take children's
 * social care off a case. The lead's own membership stays until someone else leads (removeTeamMember says so).
 */
export function mayRemoveMember(
  actor: Actor,
  kase: { leadUserId: string; onTeam: boolean },
  member: { userId: string | null; agencyId: string | null },
): boolean {
  if (!kase.onTeam) return false
  if (actor.userId === kase.leadUserId || actor.roles.includes('team_manager')) return true
  return member.userId === actor.userId || member.agencyId === actor.agencyId
}

const REMOVE_MEMBER_REFUSAL =
  'Only the lead practitioner or a team manager on the case team can take someone else off it. ' +
  'You can take yourself or your own agency off the team'

const CHANGE_LEAD: RecordRule = {
  may: mayChangeLead,
  refusal: 'Only the lead practitioner or a team manager on the case team can change the lead practitioner',
}

/** Users who can still sign in and work with children: administrators and auditors never join a case. */
function practitionerQuery(db: Db) {
  return db
    .selectFrom('userNames as u')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.agencyId', '=', 'u.agencyId'),
    )
    .select(['u.userId as id', 'u.displayName', 'u.roles', 'a.agencyName'])
    .where('u.disabledAt', 'is', null)
    .where(sql<boolean>`u.roles && ${[...PRACTITIONERS]}::text[]`)
}

/** The partnership's practitioners with their agencies, by name: whom a team can add or make its lead. */
export function practitioners(db: Db) {
  return practitionerQuery(db).orderBy('u.displayName').execute()
}

function practitioner(db: Db, userId: string) {
  return practitionerQuery(db).where('u.userId', '=', userId).executeTakeFirst()
}

type Member = { agencyId: string } | { userId: string }

function currentMembership(trx: Transaction<Database>, caseId: string, member: Member) {
  const query = trx.selectFrom('caseTeam').select('id').where('caseId', '=', caseId).where('removedAt', 'is', null)
  return (
    'agencyId' in member ? query.where('agencyId', '=', member.agencyId) : query.where('userId', '=', member.userId)
  ).executeTakeFirst()
}

/** Puts a user or an agency on the team and says so on the chronology, as part of the change. */
async function join(work: CaseWork, actor: Actor, caseId: string, member: Member, name: string, now: Date) {
  await work.trx
    .insertInto('caseTeam')
    .values({
      partnershipId: actor.partnershipId,
      caseId,
      userId: 'userId' in member ? member.userId : null,
      agencyId: 'agencyId' in member ? member.agencyId : null,
      addedAt: now,
      addedByUserId: actor.userId,
      removedAt: null,
    })
    .execute()
  await work.event(caseId, { kind: 'case.teamChanged', summary: `${name} joined the case team`, occurredAt: now })
}

export async function addTeamMember(
  db: Db,
  actor: Actor,
  caseId: string,
  member: Member,
  ip: string,
  now: Date,
): Promise<void> {
  await writeCase(db, { actor, action: 'case.addMember', ip, now, caseIds: [caseId] }, async work => {
    const { trx } = work
    const isAgency = 'agencyId' in member
    const name = isAgency
      ? (
          await trx
            .selectFrom('agencyDirectory')
            .select('agencyName')
            .where('agencyId', '=', member.agencyId)
            .executeTakeFirst()
        )?.agencyName
      : (await practitioner(trx, member.userId))?.displayName
    if (name === undefined)
      throw new Invalid(
        isAgency ? { agencyId: 'Select an agency' } : { userId: 'Select a practitioner in this partnership' },
      )
    if (await currentMembership(trx, caseId, member))
      throw new Invalid(
        isAgency
          ? { agencyId: 'This agency is already on the case team' }
          : { userId: 'This person is already on the case team' },
      )
    await join(work, actor, caseId, member, name, now)
    // A practitioner is told they joined. An agency is not: its people find the case among their agency's cases,
    // and telling every officer of a police force about every case their force joins would drown what matters.
    if (!isAgency)
      await notify(trx, {
        partnershipId: actor.partnershipId,
        userId: member.userId,
        kind: 'case.addedToTeam',
        text: `${actor.displayName} (${actor.agencyName}) added you to the team of case ${work.cases.get(caseId)?.reference ?? ''}.`,
        link: urls.case(caseId),
        causedBy: actor.userId,
        now,
      })
    work.detail(isAgency ? { agencyId: member.agencyId } : { userId: member.userId })
  })
}

/**
 * Ends a membership: the member's access ends with this transaction. The lead's own membership stays until
 * someone else leads, so a case always has a lead on its team.
 */
export async function removeTeamMember(
  db: Db,
  actor: Actor,
  caseId: string,
  memberId: string,
  ip: string,
  now: Date,
): Promise<void> {
  // The lock is held until the change commits, so the member cannot be made the lead while being removed.
  await writeCase(db, { actor, action: 'case.removeMember', ip, now, caseIds: [caseId] }, async work => {
    const { trx } = work
    const leadUserId = work.cases.get(caseId)?.leadUserId
    const member = z.uuid().safeParse(memberId).success
      ? await trx
          .selectFrom('caseTeam as t')
          .leftJoin('userNames as u', j =>
            j.onRef('u.partnershipId', '=', 't.partnershipId').onRef('u.userId', '=', 't.userId'),
          )
          .leftJoin('agencyDirectory as a', j =>
            j.onRef('a.partnershipId', '=', 't.partnershipId').onRef('a.agencyId', '=', 't.agencyId'),
          )
          .select(['t.userId', 't.agencyId', 'u.displayName as userName', 'a.agencyName'])
          .where('t.id', '=', memberId)
          .where('t.caseId', '=', caseId)
          .where('t.removedAt', 'is', null)
          .executeTakeFirst()
      : undefined
    if (!member)
      throw new Invalid({ memberId: 'This member is not on the case team: someone may have removed them already' })
    const onTeam = (await relationshipToCase(trx, actor, caseId, now)) === 'team'
    if (!mayRemoveMember(actor, { leadUserId: leadUserId ?? '', onTeam }, member))
      throw new Forbidden('forbidden', REMOVE_MEMBER_REFUSAL)
    if (member.userId === leadUserId) throw new Invalid({ memberId: 'Make someone else the lead practitioner first' })
    await trx
      .updateTable('caseTeam')
      .set({ removedAt: now, removedByUserId: actor.userId })
      .where('id', '=', memberId)
      .execute()
    await work.event(caseId, {
      kind: 'case.teamChanged',
      summary: `${member.userName ?? member.agencyName ?? 'A member'} left the case team`,
      occurredAt: now,
    })
    work.detail(member.agencyId ? { memberId, agencyId: member.agencyId } : { memberId, userId: member.userId })
  })
}

export interface LeadChange {
  version: number
  leadUserId: string
}

/**
 * Hands the case to a new lead practitioner, who joins the team if they are not on it themselves. Decided
 * on the version the user read: if someone else changed the case since, nothing is written.
 */
export async function changeLead(
  db: Db,
  actor: Actor,
  caseId: string,
  change: LeadChange,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  return writeCase(
    db,
    {
      actor,
      action: 'case.changeLead',
      ip,
      now,
      caseIds: [caseId],
      rule: CHANGE_LEAD,
      expectedVersion: {
        version: change.version,
        conflict: async (current, trx) => {
          const lead = await trx
            .selectFrom('userNames')
            .select('displayName')
            .where('userId', '=', current.leadUserId)
            .executeTakeFirstOrThrow()
          return (
            `Someone else changed this case after you opened it: the lead practitioner is now ${lead.displayName}. ` +
            'Nothing you chose was saved; check, then choose again'
          )
        },
      },
    },
    async work => {
      const { trx } = work
      const current = work.cases.get(caseId)
      if (!current) throw new Error('The pipeline locked no case')
      const lead = await practitioner(trx, change.leadUserId)
      if (!lead || !mayLead(lead))
        throw new Invalid({ leadUserId: 'Select a social worker or team manager in this partnership' })
      if (lead.id === current.leadUserId)
        throw new Invalid({ leadUserId: `${lead.displayName} is already the lead practitioner` })
      await trx.updateTable('cases').set({ leadUserId: lead.id }).where('id', '=', caseId).execute()
      const version = await work.nextVersion(caseId)
      const joins = !(await currentMembership(trx, caseId, { userId: lead.id }))
      if (joins) await join(work, actor, caseId, { userId: lead.id }, lead.displayName, now)
      await work.event(caseId, {
        kind: 'case.leadChanged',
        summary: `${lead.displayName} became the lead practitioner`,
        occurredAt: now,
      })
      await notify(trx, {
        partnershipId: actor.partnershipId,
        userId: lead.id,
        kind: 'case.madeLead',
        text: `${actor.displayName} (${actor.agencyName}) made you the lead practitioner of case ${current.reference}.`,
        link: urls.case(caseId),
        causedBy: actor.userId,
        now,
      })
      work.detail({ from: current.leadUserId, to: lead.id, joinedTeam: joins })
      return { version }
    },
  )
}
