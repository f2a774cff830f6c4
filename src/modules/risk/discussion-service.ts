import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ADULT_ROLES } from '../../kernel/codes/cases.ts'
import { Invalid } from '../../kernel/errors.ts'
import { getCase, writeCase } from '../cases/index.ts'
import { household } from '../people/index.ts'
import type { RiskDiscussionInput } from './discussion-schema.ts'
import { sharingAtDiscussions } from './sharing-service.ts'

/** Someone a risk discussion on the case may be about, and how they are linked to it. */
export interface LinkedPerson {
  id: string
  name: string
  /** "On the case: alleged perpetrator", "Lives with Wren Mockley". */
  link: string
}

/**
 * The people a risk discussion on a case may be about: the adults on the case, and everyone with a current
 * relationship (not ended) with one of its children. The case's own children are left out: the discussion is
 * about the person who may present a risk to them.
 */
export async function peopleLinkedToCase(db: Db, caseId: string): Promise<LinkedPerson[]> {
  const kase = await getCase(db, caseId)
  const childIds = new Set(kase.children.map(c => c.id))
  const linked = new Map<string, LinkedPerson>()
  for (const a of kase.adults)
    linked.set(a.id, {
      id: a.id,
      name: `${a.givenName} ${a.familyName}`,
      link: `On the case: ${ADULT_ROLES[a.role].toLowerCase()}`,
    })
  const households = await Promise.all(kase.children.map(async c => ({ child: c, members: await household(db, c.id) })))
  for (const { child, members } of households)
    for (const m of members) {
      if (childIds.has(m.personId) || linked.has(m.personId)) continue
      const how = m.livesWith ? 'lives with' : m.hasContact ? 'has contact with' : 'related to'
      linked.set(m.personId, {
        id: m.personId,
        name: `${m.givenName} ${m.familyName}`,
        link: `${m.relationship}, ${how} ${child.givenName} ${child.familyName}`,
      })
    }
  return [...linked.values()]
}

/** What recording the discussion would be refused for, beyond its schema: a person not linked to the case. */
export async function checkRiskDiscussion(db: Db, caseId: string, input: Pick<RiskDiscussionInput, 'personId'>) {
  const person = (await peopleLinkedToCase(db, caseId)).find(p => p.id === input.personId)
  if (!person)
    throw new Invalid({
      personId:
        'Choose a person linked to this case: an adult on the case, or someone with a current relationship with one of its children',
    })
  return person
}

/** Records a multi-agency risk discussion on a case, with its attendees, and a restricted event about the person. */
export async function recordRiskDiscussion(
  db: Db,
  actor: Actor,
  caseId: string,
  input: RiskDiscussionInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  const change = { actor, action: 'riskDiscussion.record', ip, now, caseIds: [caseId] }
  return writeCase(db, { ...change, expectedVersion: { version: input.version } }, async work => {
    const person = await checkRiskDiscussion(work.trx, caseId, input)
    const { partnershipId } = actor
    const { id } = await work.trx
      .insertInto('riskDiscussions')
      .values({
        partnershipId,
        caseId,
        personId: input.personId,
        heldAt: input.heldAt,
        summary: input.summary,
        civilOrderConsidered: input.civilOrderConsidered,
        civilOrderReason: input.civilOrderReason,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.trx
      .insertInto('riskDiscussionAttendees')
      .values(input.attendees.map((a, i) => ({ partnershipId, discussionId: id, position: i + 1, ...a })))
      .execute()
    const kinds = new Set(input.attendees.map(a => a.agencyKind)).size
    await work.event(caseId, {
      kind: 'risk.discussion',
      summary:
        `Risk discussion held about ${person.name} with ${String(kinds)} agencies: a civil order was ` +
        (input.civilOrderConsidered ? 'considered' : 'not considered'),
      occurredAt: input.heldAt,
      // Restricted: what is known about a person who may present a risk is not for everyone who reads the case.
      visibility: 'restricted',
    })
    work.describe({ objectType: 'riskDiscussion', objectId: id, caseId })
    work.detail({ personId: input.personId, civilOrderConsidered: input.civilOrderConsidered })
    return { id }
  })
}

/** A case's risk discussions, newest first, each with its attendees and the sharing decisions made at it. */
export async function riskDiscussionsOfCase(db: Db, caseId: string) {
  const discussions = await db
    .selectFrom('riskDiscussions as d')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'd.partnershipId').onRef('p.personId', '=', 'd.personId'),
    )
    .select([
      'd.id',
      'd.caseId',
      'd.personId',
      'p.givenName',
      'p.familyName',
      'd.heldAt',
      'd.summary',
      'd.civilOrderConsidered',
      'd.civilOrderReason',
      'd.recordedAt',
    ])
    .where('d.caseId', '=', caseId)
    .orderBy('d.heldAt', 'desc')
    .orderBy('d.recordedAt', 'desc')
    .execute()
  if (discussions.length === 0) return []
  const ids = discussions.map(d => d.id)
  const [attendees, sharing] = await Promise.all([
    db
      .selectFrom('riskDiscussionAttendees')
      .select(['discussionId', 'name', 'agencyKind', 'role'])
      .where('discussionId', 'in', ids)
      .orderBy('position')
      .execute(),
    sharingAtDiscussions(db, ids),
  ])
  return discussions.map(d => ({
    id: d.id,
    caseId: d.caseId,
    person: { id: d.personId, name: `${d.givenName} ${d.familyName}` },
    heldAt: d.heldAt.toISOString(),
    attendees: attendees
      .filter(a => a.discussionId === d.id)
      .map(a => ({ name: a.name, agencyKind: a.agencyKind, role: a.role })),
    summary: d.summary,
    civilOrderConsidered: d.civilOrderConsidered,
    civilOrderReason: d.civilOrderReason,
    recordedAt: d.recordedAt.toISOString(),
    sharing: sharing.filter(s => s.discussionId === d.id).map(({ discussionId: _, ...s }) => s),
  }))
}

export type RiskDiscussion = Awaited<ReturnType<typeof riskDiscussionsOfCase>>[number]
