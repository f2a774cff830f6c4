import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Invalid } from '../../kernel/errors.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { fromLondon } from '../../web/dates.ts'
import { childrenOnCase, writeCase } from '../cases/index.ts'
import type { ConclusionInput } from './schema.ts'

/** What recording the discussion would be refused for: children not on the case, a day still to come. */
export async function checkConclusion(db: Db, caseId: string, input: ConclusionInput, now: Date) {
  const names = await childrenOnCase(db, caseId)
  if (input.childIds.some(id => !names.has(id))) throw new Invalid({ childIds: 'Choose children on this case' })
  if (input.heldAt > londonDay(now))
    throw new Invalid({ heldAt: 'The date the discussion was held must be today or in the past' })
  return { childNames: input.childIds.map(id => names.get(id) ?? '') }
}

export async function recordConclusion(
  db: Db,
  actor: Actor,
  caseId: string,
  input: ConclusionInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'conclusion.record', ip, now, caseIds: [caseId] }, async work => {
    await checkConclusion(work.trx, caseId, input, now)
    const { partnershipId } = actor
    const { id } = await work.trx
      .insertInto('conclusionDiscussions')
      .values({
        partnershipId,
        caseId,
        heldOn: input.heldAt,
        riskConsidered: input.riskConsidered,
        protection: input.protection,
        support: input.support,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const childIds = [...new Set(input.childIds)]
    await work.trx
      .insertInto('conclusionDiscussionChildren')
      .values(childIds.map(childId => ({ partnershipId, discussionId: id, childId })))
      .execute()
    await work.trx
      .insertInto('conclusionAttendees')
      .values(input.attendees.map((a, i) => ({ partnershipId, discussionId: id, position: i + 1, ...a })))
      .execute()
    for (const childId of childIds)
      await work.event(caseId, {
        kind: 'conclusion.held',
        summary: 'Conclusion discussion held: risk, protection and support considered',
        occurredAt: fromLondon(input.heldAt, '00:00'),
        childId,
      })
    work.describe({ objectType: 'conclusionDiscussion', objectId: id })
    return { id }
  })
}

/** A case's conclusion discussions, newest first, each with its children and attendees: three queries. */
export async function conclusionsOfCase(db: Db, caseId: string) {
  const discussions = await db
    .selectFrom('conclusionDiscussions')
    .select(['id', 'caseId', 'heldOn', 'riskConsidered', 'protection', 'support'])
    .where('caseId', '=', caseId)
    .orderBy('heldOn', 'desc')
    .orderBy('recordedAt', 'desc')
    .execute()
  if (discussions.length === 0) return []
  const ids = discussions.map(d => d.id)
  const [children, attendees] = await Promise.all([
    db
      .selectFrom('conclusionDiscussionChildren as c')
      .innerJoin('personDirectory as p', j =>
        j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
      )
      .select(['c.discussionId', 'c.childId', 'p.givenName', 'p.familyName'])
      .where('c.discussionId', 'in', ids)
      .orderBy('p.givenName')
      .execute(),
    db
      .selectFrom('conclusionAttendees')
      .select(['discussionId', 'name', 'agencyKind', 'role'])
      .where('discussionId', 'in', ids)
      .orderBy('position')
      .execute(),
  ])
  return discussions.map(d => ({
    id: d.id,
    caseId: d.caseId,
    heldAt: d.heldOn,
    children: children
      .filter(c => c.discussionId === d.id)
      .map(c => ({ id: c.childId, name: `${c.givenName} ${c.familyName}` })),
    attendees: attendees
      .filter(a => a.discussionId === d.id)
      .map(a => ({ name: a.name, agencyKind: a.agencyKind, role: a.role })),
    riskConsidered: d.riskConsidered,
    protection: d.protection,
    support: d.support,
  }))
}
