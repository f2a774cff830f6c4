import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import {
  childrenOnCase,
  peopleNeedToKnow,
  relationshipToCase,
  relationshipToPerson,
  writeCase,
} from '../cases/index.ts'
import { listAgencies } from '../directory/index.ts'
import { peopleLinkedToCase } from './discussion-service.ts'
import type { SharingInput } from './sharing-schema.ts'

// Every decision to share information about a person or a child, or not to (DOMAIN.md §10, golden rule 7: record
// the decision and the reason). Sharing needs a lawful basis; a decision not to share says why.

export const NOT_ON_TEAM = 'Only someone on the case team records a decision to share information on this case'
export const NOT_THEIRS =
  'Only a practitioner who may change this person’s record (their agency, or the team of one of their cases) records a sharing decision about them'

type About = Pick<SharingInput, 'personId' | 'childId' | 'caseId' | 'discussionId'>

/** Whom the decision is about, by name: what the chronology says. */
async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('personDirectory')
    .select(['personId', 'givenName', 'familyName'])
    .where('personId', 'in', ids)
    .execute()
  return new Map(rows.map(r => [r.personId, `${r.givenName} ${r.familyName}`]))
}

/**
 * May this actor record a sharing decision about these people (on this case, at this discussion)? On a case, who
 * is on its team, about a child on it or a person linked to it; otherwise who may change each person's record.
 * Refuses with 403 (not theirs), 404 (no such case or person) or 400 naming the field that does not fit.
 */
export async function checkSharingAllowed(db: Db, actor: Actor, about: About, now: Date) {
  const subjects = [about.personId, about.childId].filter((id): id is string => Boolean(id))
  if (about.caseId) {
    const standing = await relationshipToCase(db, actor, about.caseId, now)
    if (standing === 'missing') throw new NotFound('case')
    if (standing !== 'team') throw new Forbidden('no_legitimate_relationship', NOT_ON_TEAM)
    const children = await childrenOnCase(db, about.caseId)
    if (about.childId && !children.has(about.childId)) throw new Invalid({ childId: 'Choose a child on this case' })
    if (about.personId && !children.has(about.personId)) {
      const linked = await peopleLinkedToCase(db, about.caseId)
      if (!linked.some(p => p.id === about.personId))
        throw new Invalid({ personId: 'Choose a person linked to this case, or a child on it' })
    }
    if (about.discussionId) {
      const discussion = await db
        .selectFrom('riskDiscussions')
        .select('id')
        .where('id', '=', about.discussionId)
        .where('caseId', '=', about.caseId)
        .executeTakeFirst()
      if (!discussion) throw new Invalid({ discussionId: 'Choose a risk discussion held on this case' })
    }
  } else
    for (const id of subjects) {
      const standing = await relationshipToPerson(db, actor, id, now)
      if (standing === 'missing') throw new NotFound('person')
      if (standing !== 'full') throw new Forbidden('no_legitimate_relationship', NOT_THEIRS)
    }
  return namesOf(db, subjects)
}

/** The partnership's agencies the decision names, refusing any that is not one of them. */
async function agenciesNamed(db: Db, ids: readonly string[]) {
  const agencies = new Map((await listAgencies(db)).map(a => [a.id, a.name]))
  if (ids.some(id => !agencies.has(id))) throw new Invalid({ withAgencyIds: 'Choose agencies of the partnership' })
  return [...new Set(ids)].map(id => agencies.get(id) ?? '')
}

/** What the sharing check your answers and the chronology need: the people's names and the agencies'. */
export async function checkSharing(db: Db, actor: Actor, input: SharingInput, now: Date) {
  const names = await checkSharingAllowed(db, actor, input, now)
  return { names, agencies: await agenciesNamed(db, input.withAgencyIds) }
}

/**
 * Records a sharing decision. On a case, through its write pipeline with a restricted event there; otherwise as
 * a change to the person or child, with the event on each of their open cases. Audited with ids and the
 * decision, never its free text.
 */
export async function recordSharing(
  db: Db,
  actor: Actor,
  input: SharingInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  const action = 'informationSharing.record'
  const detail = {
    personId: input.personId ?? null,
    childId: input.childId ?? null,
    caseId: input.caseId ?? null,
    discussionId: input.discussionId ?? null,
    shared: input.shared,
    lawfulBasis: input.lawfulBasis ?? null,
  }
  const insert = async (trx: Db) => {
    const { names, agencies } = await checkSharing(trx, actor, input, now)
    const { id } = await trx
      .insertInto('informationSharing')
      .values({
        partnershipId: actor.partnershipId,
        personId: input.personId ?? null,
        childId: input.childId ?? null,
        caseId: input.caseId ?? null,
        discussionId: input.discussionId ?? null,
        shared: input.shared,
        what: input.what,
        withAgencyIds: [...new Set(input.withAgencyIds)],
        lawfulBasis: input.lawfulBasis ?? null,
        reason: input.reason,
        decidedAt: input.at,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const about = [input.personId, input.childId].flatMap(p => (p ? [names.get(p) ?? ''] : [])).join(' and ')
    const summary = input.shared
      ? `Information about ${about} shared with ${agencies.join(', ')}`
      : `Information about ${about} not shared with ${agencies.join(', ')}: the reason is recorded`
    return { id, event: { kind: 'risk.sharing', summary, occurredAt: input.at, visibility: 'restricted' as const } }
  }

  if (input.caseId) {
    const caseId = input.caseId
    return writeCase(db, { actor, action, ip, now, caseIds: [caseId] }, async work => {
      const { id, event } = await insert(work.trx)
      const children = await childrenOnCase(work.trx, caseId)
      const child = [input.childId, input.personId].find(p => p && children.has(p)) ?? null
      await work.event(caseId, { ...event, childId: child })
      // Named by the person it is about, so the audit reads "about {person}"; the decision's id is in the detail.
      work.describe({ objectType: 'person', objectId: input.childId ?? input.personId ?? null, caseId })
      work.detail({ ...detail, informationSharingId: id })
      return { id }
    })
  }
  if (input.childId) {
    const childIds = [input.childId, ...(input.personId ? [input.personId] : [])]
    const change = { actor, action, ip, now, personId: input.childId, childIds, detail }
    return peopleNeedToKnow.changeAboutChildren(db, change, async (trx, tellCases) => {
      const { id, event } = await insert(trx)
      // The event keeps its restriction on every case it goes on: what is shared about a person is the team's.
      await tellCases(() => event)
      return { id }
    })
  }
  const personId = input.personId ?? ''
  return peopleNeedToKnow.changePerson(db, { actor, action, ip, now, personId, detail }, async (trx, tellCases) => {
    const { id, event } = await insert(trx)
    await tellCases(event)
    return { id }
  })
}

/** The decisions as they are read back, with the agencies' and recorder's names: a bounded number of queries. */
async function decisionsWhere(db: Db, filter: { discussionIds?: readonly string[]; aboutPersonId?: string }) {
  let query = db
    .selectFrom('informationSharing as s')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 's.partnershipId').onRef('u.userId', '=', 's.recordedByUserId'),
    )
    .select([
      's.id',
      's.personId',
      's.childId',
      's.caseId',
      's.discussionId',
      's.shared',
      's.what',
      's.withAgencyIds',
      's.lawfulBasis',
      's.reason',
      's.decidedAt',
      's.recordedAt',
      'u.displayName as recordedBy',
    ])
    .orderBy('s.decidedAt', 'desc')
    .orderBy('s.recordedAt', 'desc')
  if (filter.discussionIds) query = query.where('s.discussionId', 'in', filter.discussionIds)
  const about = filter.aboutPersonId
  if (about) query = query.where(eb => eb.or([eb('s.personId', '=', about), eb('s.childId', '=', about)]))
  const rows = await query.execute()
  const agencyIds = [...new Set(rows.flatMap(r => r.withAgencyIds))]
  const agencies = agencyIds.length
    ? new Map(
        (
          await db
            .selectFrom('agencyDirectory')
            .select(['agencyId', 'agencyName'])
            .where('agencyId', 'in', agencyIds)
            .execute()
        ).map(a => [a.agencyId, a.agencyName]),
      )
    : new Map<string, string>()
  return rows.map(({ withAgencyIds, decidedAt, recordedAt, ...r }) => ({
    ...r,
    withAgencies: withAgencyIds.map(id => ({ id, name: agencies.get(id) ?? '' })),
    at: decidedAt.toISOString(),
    recordedAt: recordedAt.toISOString(),
  }))
}

/** The sharing decisions made at these risk discussions, newest first. */
export async function sharingAtDiscussions(db: Db, discussionIds: readonly string[]) {
  if (discussionIds.length === 0) return []
  return (await decisionsWhere(db, { discussionIds })).map(d => ({
    discussionId: d.discussionId,
    id: d.id,
    shared: d.shared,
    what: d.what,
    withAgencies: d.withAgencies,
    lawfulBasis: d.lawfulBasis,
    reason: d.reason,
    at: d.at,
  }))
}

/** Every decision about a person, as the person or as the child, newest first. */
export function sharingAbout(db: Db, personId: string) {
  return decisionsWhere(db, { aboutPersonId: personId })
}

export type SharingDecision = Awaited<ReturnType<typeof sharingAbout>>[number]
