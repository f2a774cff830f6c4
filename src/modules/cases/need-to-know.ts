import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { urls } from '../../web/urls.ts'
import type { RecordResolver } from '../access/index.ts'
import { linkedNow, personRecordedBy, relationshipPeople, type PeopleNeedToKnow } from '../people/index.ts'
import { relationshipToCase } from './service.ts'
import { byBreakGlassOf, onTeamOf } from './standing.ts'
import { writeCase } from './write.ts'

// Need to know is decided here, by case teams: who may see a person in full, and where each actor stands to a
// case. The access layer asks through the resolvers below; the people module through PeopleNeedToKnow.

/**
 * How the actor works with each of these people who is part of a case: on the team of one of their cases
 * (they or their agency), or only reading one by break-glass. Those with neither are left out. One query.
 */
export async function peopleWorkedWith(
  db: Db,
  actor: Actor,
  personIds: string[],
  now: Date,
): Promise<Map<string, 'team' | 'breakGlass'>> {
  if (personIds.length === 0) return new Map()
  const rows = await sql<{ id: string; onTeam: boolean }>`
    select pc.person_id as id, bool_or(s.on_team) as on_team from (
      select case_id, person_id from case_children where person_id = any(${personIds}::uuid[]) and removed_at is null
      union all select case_id, person_id from case_adults where person_id = any(${personIds}::uuid[]) and removed_at is null
    ) pc
    cross join lateral (select ${onTeamOf(actor, 'pc.case_id')} as on_team,
      ${byBreakGlassOf(actor, now, 'pc.case_id')} as by_break_glass) s
    where s.on_team or s.by_break_glass
    group by pc.person_id`.execute(db)
  return new Map(rows.rows.map(r => [r.id, r.onTeam ? 'team' : 'breakGlass']))
}

/**
 * Need to know, for a person: the front door sees everyone (it triages); otherwise the agency that recorded
 * them, and the teams of the cases they are part of; someone reading one of those cases by break-glass may
 * read them ('readOnly'). 'minimum' means: that they exist, name and date of birth.
 */
export async function relationshipToPerson(
  db: Db,
  actor: Actor,
  id: string,
  now: Date,
): Promise<'full' | 'readOnly' | 'minimum' | 'missing'> {
  const person = await personRecordedBy(db, id)
  if (!person) return 'missing'
  // A merged record answers as the record it was merged into: its cases and concerns are there now.
  if (person.mergedIntoId !== null) return relationshipToPerson(db, actor, person.mergedIntoId, now)
  if (actor.roles.includes('front_door') || person.recordedByAgencyId === actor.agencyId) return 'full'
  // Break-glass lets someone read a case's people, never change them.
  const worked = (await peopleWorkedWith(db, actor, [id], now)).get(id)
  return worked === 'team' ? 'full' : worked === 'breakGlass' ? 'readOnly' : 'minimum'
}

/** The rule above for many people at once: at most one query, whatever their number. */
export async function peopleWithFullRecord(
  db: Db,
  actor: Actor,
  people: readonly { id: string; recordedByAgencyId: string }[],
  now: Date,
): Promise<Set<string>> {
  if (actor.roles.includes('front_door')) return new Set(people.map(p => p.id))
  const ours = people.filter(p => p.recordedByAgencyId === actor.agencyId).map(p => p.id)
  const others = people.filter(p => p.recordedByAgencyId !== actor.agencyId).map(p => p.id)
  return new Set([...ours, ...(await peopleWorkedWith(db, actor, others, now)).keys()])
}

/**
 * A change to a person, through the write pipeline, with every open case it may matter to: those the person is an
 * adult or a child on, and those of every child they live with or have contact with now (a conviction recorded
 * against a step-father reaches the cases of the children he lives with, whose safeguards then ask for a risk
 * discussion). Two queries to find them, whatever their number.
 */
const changePerson: PeopleNeedToKnow['changePerson'] = async (db, change, apply) => {
  const linked = await linkedNow(db, change.personId)
  const cases = await db
    .selectFrom('caseAdults as ca')
    .innerJoin('cases as c', j => j.onRef('c.partnershipId', '=', 'ca.partnershipId').onRef('c.id', '=', 'ca.caseId'))
    .select('ca.caseId')
    .where('ca.personId', '=', change.personId)
    .where('ca.removedAt', 'is', null)
    .where('c.status', '=', 'open')
    .union(qb =>
      qb
        .selectFrom('caseChildren as cc')
        .innerJoin('cases as c', j =>
          j.onRef('c.partnershipId', '=', 'cc.partnershipId').onRef('c.id', '=', 'cc.caseId'),
        )
        .select('cc.caseId')
        .where('cc.personId', 'in', [change.personId, ...linked])
        .where('cc.removedAt', 'is', null)
        .where('c.status', '=', 'open'),
    )
    .execute()
  const caseIds = cases.map(c => c.caseId)
  const { actor, action, ip, now, personId, detail } = change
  return writeCase(db, { actor, action, ip, now, caseIds }, async work => {
    work.describe({ objectType: 'person', objectId: personId, caseId: null })
    if (detail) work.detail(detail)
    return apply(work.trx, async event => {
      for (const caseId of caseIds) await work.event(caseId, event)
    })
  })
}

/**
 * A change about people with the open cases any of them is a child of, through the write pipeline: each case gets
 * one event, about its child when just one of the people is a child there (about the whole case when both are).
 */
const changeAboutChildren: PeopleNeedToKnow['changeAboutChildren'] = async (db, change, apply) => {
  const { actor, action, ip, now, personId, childIds, detail } = change
  const rows = childIds.length
    ? await db
        .selectFrom('caseChildren as cc')
        .innerJoin('cases as c', j =>
          j.onRef('c.partnershipId', '=', 'cc.partnershipId').onRef('c.id', '=', 'cc.caseId'),
        )
        .select(['cc.caseId', 'cc.personId'])
        .where('cc.personId', 'in', childIds)
        .where('cc.removedAt', 'is', null)
        .where('c.status', '=', 'open')
        .execute()
    : []
  const childrenOf = new Map<string, string[]>()
  for (const r of rows) childrenOf.set(r.caseId, [...(childrenOf.get(r.caseId) ?? []), r.personId])
  return writeCase(db, { actor, action, ip, now, caseIds: [...childrenOf.keys()] }, async work => {
    work.describe({ objectType: 'person', objectId: personId, caseId: null })
    if (detail) work.detail(detail)
    return apply(work.trx, async event => {
      for (const [caseId, children] of childrenOf) {
        const [only] = children
        await work.event(caseId, { ...event(children), childId: children.length === 1 ? (only ?? null) : null })
      }
    })
  })
}

export const peopleNeedToKnow: PeopleNeedToKnow = {
  fullRecordOf: peopleWithFullRecord,
  changePerson,
  changeAboutChildren,
}

export const personResolver: RecordResolver = {
  kind: 'person',
  resolve: async (db, actor, id, now) => ({ relationship: await relationshipToPerson(db, actor, id, now) }),
  // The front door may read every child's record: a concern is how someone without a relationship helps.
  otherWayIn: id => ({
    href: urls.newConcern(id),
    text: 'Worried about this child? Record a concern for the front door, who will decide what happens next',
  }),
}

const STANDING = ['missing', 'minimum', 'readOnly', 'full'] as const

/** A relationship between two people is theirs who may change either person's record. */
export const relationshipResolver: RecordResolver = {
  kind: 'relationship',
  resolve: async (db, actor, id, now) => {
    const between = await relationshipPeople(db, id)
    if (!between) return { relationship: 'missing' }
    const [one, other] = await Promise.all([
      relationshipToPerson(db, actor, between.personId, now),
      relationshipToPerson(db, actor, between.otherPersonId, now),
    ])
    return { relationship: STANDING.indexOf(one) >= STANDING.indexOf(other) ? one : other }
  },
}

export const caseResolver: RecordResolver = {
  kind: 'case',
  resolve: async (db, actor, id, now) => {
    const toCase = await relationshipToCase(db, actor, id, now)
    const relationship = toCase === 'team' ? 'full' : toCase === 'breakGlass' ? 'readOnly' : toCase
    return { relationship, caseId: id }
  },
  otherWayIn: id => ({
    href: urls.breakGlass(id),
    text: 'Ask for emergency access (break-glass): you must give a reason, and it is shown to the case lead and auditors',
  }),
}

/**
 * The resolver of a record that belongs to one case (a task, an investigation, an enquiry): whoever stands so to
 * its case stands so to it. A record that does not exist, or is in no case the reader's partnership holds, is
 * missing, never a hint that it exists.
 */
export function recordOnCase(
  kind: string,
  caseIdOf: (db: Db, id: string) => Promise<string | null | undefined>,
): RecordResolver {
  return {
    kind,
    resolve: async (db, actor, id, now) => {
      const caseId = await caseIdOf(db, id)
      if (!caseId) return { relationship: 'missing' }
      return { ...(await caseResolver.resolve(db, actor, caseId, now)), caseId }
    },
  }
}
