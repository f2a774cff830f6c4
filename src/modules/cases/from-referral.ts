import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Invalid } from '../../kernel/errors.ts'
import { mayLead, practitioners } from './team.ts'
import { nextReference } from './service.ts'
import type { CaseWork } from './write.ts'

// From referral to case: the front door's decision to hold a strategy discussion or assess opens the case from
// the referral, with a lead practitioner, or finds the child's open case. The concerns module calls this inside
// its own change (the decision's CaseWork), so the decision, the case and the concern on it commit together.

/** The social workers and team managers the front door may allocate as the lead of a case it opens. */
export async function leadChoices(db: Db) {
  return (await practitioners(db)).filter(mayLead)
}

/**
 * The child's open case the decision's work goes on, when there is one: the earliest opened of those the change
 * locked (a child on two open cases is worked on the longer-running one), with its lead.
 */
export async function openCaseForReferral(db: Db, childId: string) {
  return openCasesWithLead(db, childId).executeTakeFirst()
}

/** The child's open cases, earliest opened first, each with its reference and lead: a query to narrow or run. */
export function openCasesWithLead(db: Db, childId: string) {
  return db
    .selectFrom('caseChildren as cc')
    .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'cc.partnershipId').onRef('c.id', '=', 'cc.caseId'))
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.userId', '=', 'c.leadUserId'),
    )
    .select(['c.id', 'c.reference', 'u.displayName as leadName'])
    .where('cc.personId', '=', childId)
    .where('cc.removedAt', 'is', null)
    .where('c.status', '=', 'open')
    .orderBy('c.openedAt')
    .orderBy('c.id')
}

export interface FromReferral {
  referralId: string
  childId: string
  /** Required when a case opens; refused when the child's open case takes the work (it has its lead). */
  leadUserId?: string | undefined
  /** What the case is for, as its title and chronology say (the decision's name). */
  purpose: string
}

/**
 * Opens the case a referral's decision starts, or answers the child's open case. A new case remembers its
 * referral, is led by the practitioner chosen, and has the lead and their agency on its team; the front door
 * that decided is not on it (it reads every child's record already, and does not work the case).
 */
export async function caseFromReferral(
  work: CaseWork,
  actor: Actor,
  input: FromReferral,
  now: Date,
): Promise<{ caseId: string; reference: string; opened: boolean; leadUserId: string }> {
  const { trx } = work
  const existing = await openCaseForReferral(trx, input.childId)
  if (existing) {
    if (input.leadUserId !== undefined)
      throw new Invalid({
        leadUserId: `This child is on the open case ${existing.reference}, led by ${existing.leadName}: the work goes on it`,
      })
    const { leadUserId } = await trx
      .selectFrom('cases')
      .select('leadUserId')
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow()
    return { caseId: existing.id, reference: existing.reference, opened: false, leadUserId }
  }
  const lead = input.leadUserId ? (await leadChoices(trx)).find(p => p.id === input.leadUserId) : undefined
  if (!lead) throw new Invalid({ leadUserId: 'Choose the lead practitioner: a social worker or team manager' })
  const { agencyId } = await trx
    .selectFrom('userNames')
    .select('agencyId')
    .where('userId', '=', lead.id)
    .executeTakeFirstOrThrow()
  const child = await trx
    .selectFrom('personDirectory')
    .select(['givenName', 'familyName'])
    .where('personId', '=', input.childId)
    .executeTakeFirstOrThrow()
  const reference = await nextReference(trx, actor.partnershipId, now)
  const { id } = await trx
    .insertInto('cases')
    .values({
      partnershipId: actor.partnershipId,
      reference,
      title: `${input.purpose}: ${child.givenName} ${child.familyName}`,
      leadUserId: lead.id,
      openedAt: now,
      openedByUserId: actor.userId,
      closedAt: null,
      closedReason: null,
      referralId: input.referralId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('caseChildren')
    .values({ partnershipId: actor.partnershipId, caseId: id, personId: input.childId, addedAt: now })
    .execute()
  const member = { partnershipId: actor.partnershipId, caseId: id, addedAt: now, addedByUserId: actor.userId }
  await trx
    .insertInto('caseTeam')
    .values([
      { ...member, userId: lead.id, agencyId: null, removedAt: null },
      { ...member, userId: null, agencyId, removedAt: null },
    ])
    .execute()
  await work.event(id, {
    kind: 'case.opened',
    summary:
      `Case ${reference} opened about ${child.givenName} ${child.familyName} by the front door's decision on a ` +
      `referral, with ${lead.displayName} as lead practitioner`,
    occurredAt: now,
    childId: input.childId,
  })
  return { caseId: id, reference, opened: true, leadUserId: lead.id }
}

/** A case's reference, for a page that links to it (a decided referral names the case its concern went on). */
export async function caseReference(db: Db, caseId: string): Promise<string | undefined> {
  const row = await db.selectFrom('cases').select('reference').where('id', '=', caseId).executeTakeFirst()
  return row?.reference
}
