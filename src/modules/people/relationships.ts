import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { RELATIONSHIP_KINDS } from '../../kernel/codes/people.ts'
import { fromLondon, londonDate } from '../../web/dates.ts'
import type { EndRelationship } from './schema.ts'
import type { PeopleNeedToKnow } from './service.ts'

// Relationships over time: each has a start (when known) and may end. Ending one keeps it, with who ended it,
// when and why; "changing" one is ending it and recording the new one, so the history is never lost.

const RELATIONSHIP_COLUMNS = [
  'id',
  'personId',
  'otherPersonId',
  'kind',
  'livesWith',
  'hasContact',
  'startedOn',
  'endedOn',
  'endedReason',
  'endedAt',
  'version',
] as const

export type Relationship = Awaited<ReturnType<typeof getRelationship>>

export async function getRelationship(db: Db, id: string) {
  const found = await db
    .selectFrom('relationships')
    .select(RELATIONSHIP_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!found) throw new NotFound('relationship')
  return found
}

/** The two people a relationship is between, for need to know (either may be the one whose record is changed). */
export function relationshipPeople(db: Db, id: string) {
  return db.selectFrom('relationships').select(['personId', 'otherPersonId']).where('id', '=', id).executeTakeFirst()
}

/**
 * What the chronology of a case says when a relationship of one of its children ends, from that child's side:
 * "Ended: Farrow Mockley, parent of Wren Mockley, lived with them — moved out; ended on 2026-11-30".
 */
export function endedSummary(
  relationship: Pick<Relationship, 'personId' | 'kind' | 'livesWith' | 'hasContact'>,
  names: { person: string; other: string },
  childrenOnCase: readonly string[],
  input: EndRelationship,
): string {
  // The relationship reads "other is <label> of person"; turned round when the case's only child is the other.
  const turned = childrenOnCase.length === 1 && childrenOnCase[0] !== relationship.personId
  const kind = RELATIONSHIP_KINDS[relationship.kind]
  const [who, of, what] = turned ? [names.person, names.other, kind.inverse] : [names.other, names.person, kind.label]
  const together = relationship.livesWith ? ', lived with them' : relationship.hasContact ? ', had contact' : ''
  return `Ended: ${who}, ${what.toLowerCase()} of ${of}${together} — ${input.reason}; ended on ${londonDate(input.endedOn)}`
}

/**
 * What the chronology of a case says when a relationship of one of its children is recorded, from that child's
 * side: "Recorded: Farrow Mockley, step-parent of Wren Mockley, lives with them".
 */
export function addedSummary(
  relationship: Pick<Relationship, 'personId' | 'kind' | 'livesWith' | 'hasContact'>,
  names: { person: string; other: string },
  childrenOnCase: readonly string[],
): string {
  const turned = childrenOnCase.length === 1 && childrenOnCase[0] !== relationship.personId
  const kind = RELATIONSHIP_KINDS[relationship.kind]
  const [who, of, what] = turned ? [names.person, names.other, kind.inverse] : [names.other, names.person, kind.label]
  const together = relationship.livesWith ? ', lives with them' : relationship.hasContact ? ', has contact' : ''
  return `Recorded: ${who}, ${what.toLowerCase()} of ${of}${together}`
}

/**
 * Ends a relationship on a date, with a reason. It must not end before it began, and ends once: a second ending,
 * or one sent with a version someone else has since changed, is a conflict and nothing is saved. The ending goes
 * on the chronology of every open case either person is a child of, in the same unit of work (the case layer's
 * pipeline, handed in as needToKnow: people is below cases).
 */
export async function endRelationship(
  db: Db,
  actor: Actor,
  id: string,
  input: EndRelationship,
  ip: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
): Promise<Relationship> {
  const asked = await getRelationship(db, id)
  const change = {
    actor,
    action: 'relationship.end',
    ip,
    now,
    personId: asked.personId,
    childIds: [asked.personId, asked.otherPersonId],
    detail: { relationshipId: id, otherPersonId: asked.otherPersonId, kind: asked.kind, endedOn: input.endedOn },
  }
  return needToKnow.changeAboutChildren(db, change, async (trx, tellCases) => {
    const current = await trx
      .selectFrom('relationships')
      .select(RELATIONSHIP_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw new NotFound('relationship')
    if (input.version !== undefined && input.version !== current.version)
      throw new Conflict('Someone else changed this relationship after you opened it. Nothing you entered was saved.')
    if (current.endedOn !== null)
      throw new Conflict(
        `This relationship already ended on ${londonDate(current.endedOn)}. Nothing you entered was saved.`,
      )
    // A merge since the cases were found would have moved it between records: say so rather than tell the wrong case.
    if (current.personId !== asked.personId || current.otherPersonId !== asked.otherPersonId)
      throw new Conflict('Someone else changed this relationship after you opened it. Nothing you entered was saved.')
    if (current.startedOn !== null && input.endedOn < current.startedOn)
      throw new Invalid({
        endedOn: `Date it ended must be on or after the date it started, ${londonDate(current.startedOn)}`,
      })
    const ended = await trx
      .updateTable('relationships')
      .set({
        endedOn: input.endedOn,
        endedReason: input.reason,
        endedByUserId: actor.userId,
        endedAt: now,
        version: current.version + 1,
      })
      .where('id', '=', id)
      .returning(RELATIONSHIP_COLUMNS)
      .executeTakeFirstOrThrow()
    const people = await trx
      .selectFrom('people')
      .select(['id', 'givenName', 'familyName'])
      .where('id', 'in', [current.personId, current.otherPersonId])
      .execute()
    const name = (personId: string) => {
      const found = people.find(p => p.id === personId)
      return found ? `${found.givenName} ${found.familyName}` : 'someone'
    }
    const names = { person: name(current.personId), other: name(current.otherPersonId) }
    await tellCases(children => ({
      kind: 'relationship.ended',
      summary: endedSummary(current, names, children, input),
      // The day it ended, as the chronology orders what happened, not when it was typed in.
      occurredAt: fromLondon(input.endedOn, '00:00'),
    }))
    return ended
  })
}

const SIBLING_KINDS = ['sibling', 'half_sibling', 'step_sibling'] as const

/**
 * The current brother-and-sister relationships (sibling, half- or step-sibling, not ended) of these people, each
 * pair once in each direction, `personId` always one of those asked about: what SG-10 reads to tell harm by a
 * sibling. One query.
 */
export async function siblingLinksOf(
  db: Db,
  personIds: readonly string[],
): Promise<{ personId: string; siblingId: string }[]> {
  if (personIds.length === 0) return []
  const rows = await db
    .selectFrom('relationships')
    .select(['personId', 'otherPersonId'])
    .where('kind', 'in', SIBLING_KINDS)
    .where('endedOn', 'is', null)
    .where(eb => eb.or([eb('personId', 'in', personIds), eb('otherPersonId', 'in', personIds)]))
    .orderBy('personId')
    .orderBy('otherPersonId')
    .execute()
  const asked = new Set(personIds)
  const seen = new Set<string>()
  const links: { personId: string; siblingId: string }[] = []
  for (const r of rows)
    for (const [personId, siblingId] of [
      [r.personId, r.otherPersonId],
      [r.otherPersonId, r.personId],
    ] as const) {
      const key = `${personId} ${siblingId}`
      if (!asked.has(personId) || personId === siblingId || seen.has(key)) continue
      seen.add(key)
      links.push({ personId, siblingId })
    }
  return links
}

/** A current relationship in which two people live together or see each other: how a child meets a risk. */
export interface LinkNow {
  /** One of the people asked about. */
  personId: string
  otherPersonId: string
  livesWith: boolean
  hasContact: boolean
  /** When the relationship was recorded: a new link asks for a new discussion (SG-08). */
  createdAt: Date
}

/**
 * The current (not ended) relationships of these people in which they live with or have contact with someone,
 * either direction, `personId` always one of those asked about. What the register's safeguards read. One query.
 */
export async function linksNowOf(db: Db, personIds: readonly string[]): Promise<LinkNow[]> {
  if (personIds.length === 0) return []
  const rows = await db
    .selectFrom('relationships')
    .select(['personId', 'otherPersonId', 'livesWith', 'hasContact', 'createdAt'])
    .where('endedOn', 'is', null)
    .where(eb => eb.or([eb('livesWith', '=', true), eb('hasContact', '=', true)]))
    .where(eb => eb.or([eb('personId', 'in', personIds), eb('otherPersonId', 'in', personIds)]))
    .execute()
  const asked = new Set(personIds)
  const links: LinkNow[] = []
  for (const r of rows) {
    const createdAt = new Date(r.createdAt)
    if (asked.has(r.personId)) links.push({ ...r, createdAt })
    if (asked.has(r.otherPersonId) && r.otherPersonId !== r.personId)
      links.push({ ...r, personId: r.otherPersonId, otherPersonId: r.personId, createdAt })
  }
  return links
}

/** Everyone this person lives with or has contact with now: whose cases hear of a change to them. One query. */
export async function linkedNow(db: Db, personId: string): Promise<string[]> {
  return [...new Set((await linksNowOf(db, [personId])).map(l => l.otherPersonId))]
}
