import type { Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import { groupBy, type ByKey } from '../../kernel/group.ts'
import { fromLondon } from '../../web/dates.ts'
import { peopleOnCasesSince } from '../cases/index.ts'
import { linksNowOf, offendingKnownOf, type LinkNow } from '../people/index.ts'

/**
 * A person who presents a risk of sexual harm, linked to a child of the case now: what SG-08 and SG-09 read. One
 * per child and person (the closest link when there are several: lives with, then has contact, then on the case).
 */
export interface RiskLinkSeen {
  childId: string
  personId: string
  /** The person's name, for the finding's message (never the child's: a finding names the child by its id). */
  personName: string
  /** How they are linked now: a current relationship living together or in contact, or both on the case. */
  link: 'lives_with' | 'has_contact' | 'on_case'
  /** When that link was recorded: the relationship's recording, or the person's adding to the case. */
  linkedAt: Date
  /** What is known, each a code: offending history kinds and civil order kinds (`conviction`, `shpo`, …). */
  known: readonly string[]
  /** When the latest of what is known was recorded: new information asks for a new discussion. */
  knownAt: Date
  /** The person's probation single point of contact, who is told when SG-08 opens. */
  probationContactUserId: string | null
  /** The day of the person's latest risk assessment (its start in England), if any. */
  assessedAt: Date | null
}

/** A risk discussion on the case: about whom, when it was held and when it was recorded. */
export interface RiskDiscussionSeen {
  id: string
  personId: string
  heldAt: Date
  recordedAt: Date
}

/** Closest first: a child who lives with someone is more exposed than one who sees them, or shares a case. */
const CLOSENESS: readonly RiskLinkSeen['link'][] = ['lives_with', 'has_contact', 'on_case']

type Link = Pick<RiskLinkSeen, 'childId' | 'personId' | 'link' | 'linkedAt'>

/** A current relationship of a child's as a link: living together, else in contact, since it was recorded. */
export const linkFrom = (r: LinkNow) => ({
  childId: r.personId,
  personId: r.otherPersonId,
  link: r.livesWith ? ('lives_with' as const) : ('has_contact' as const),
  linkedAt: r.createdAt,
})

/**
 * The register's part of the case snapshot: at most seven queries, however many cases (fewer when nobody linked to
 * their children has anything known).
 */
export async function riskSnapshot(
  trx: Transaction<Database>,
  caseIds: readonly string[],
): Promise<ByKey<{ riskLinks: readonly RiskLinkSeen[]; riskDiscussions: readonly RiskDiscussionSeen[] }>> {
  const discussions = groupBy(
    await trx
      .selectFrom('riskDiscussions')
      .select(['caseId', 'id', 'personId', 'heldAt', 'recordedAt'])
      .where('caseId', 'in', caseIds)
      .orderBy('heldAt')
      .execute(),
    d => d.caseId,
  )
  const riskDiscussions = (caseId: string) =>
    discussions(caseId).map(d => ({ id: d.id, personId: d.personId, heldAt: d.heldAt, recordedAt: d.recordedAt }))
  const onCase = await peopleOnCasesSince(trx, caseIds)
  const childIds = [...new Set(caseIds.flatMap(id => onCase(id).childIds))]
  if (childIds.length === 0) return caseId => ({ riskLinks: [], riskDiscussions: riskDiscussions(caseId) })
  const linksOf = groupBy(await linksNowOf(trx, childIds), r => r.personId)
  const linksByCase = new Map(
    caseIds.map(caseId => {
      const { childIds: children, adults } = onCase(caseId)
      return [
        caseId,
        closestLinks([
          ...children.flatMap(linksOf).map(linkFrom),
          ...adults.flatMap(a =>
            children.map(childId => ({ childId, personId: a.personId, link: 'on_case' as const, linkedAt: a.addedAt })),
          ),
        ]),
      ]
    }),
  )
  const everyone = [...new Set([...linksByCase.values()].flat().map(l => l.personId))]
  const known = await knownAbout(trx, everyone)
  const about = await aboutPeople(
    trx,
    everyone.filter(id => known.has(id)),
  )
  return caseId => ({
    riskLinks: (linksByCase.get(caseId) ?? [])
      .filter(l => known.has(l.personId))
      .map(l => {
        const what = known.get(l.personId) ?? { kinds: [], at: l.linkedAt }
        const person = about.get(l.personId)
        return {
          ...l,
          personName: person?.name ?? 'Someone',
          known: what.kinds,
          knownAt: what.at,
          probationContactUserId: person?.probationContactUserId ?? null,
          assessedAt: person?.assessedAt ?? null,
        }
      }),
    riskDiscussions: riskDiscussions(caseId),
  })
}

/**
 * One link per child and person: the closest, and of those the latest recorded (a new relationship is a new link
 * and asks for a new discussion). A child is never linked to themselves.
 */
export function closestLinks<L extends Link>(links: readonly L[]): L[] {
  const best = new Map<string, L>()
  for (const l of links) {
    if (l.childId === l.personId) continue
    const key = `${l.childId} ${l.personId}`
    const held = best.get(key)
    const closer = held ? CLOSENESS.indexOf(l.link) - CLOSENESS.indexOf(held.link) : -1
    if (!held || closer < 0 || (closer === 0 && l.linkedAt > held.linkedAt)) best.set(key, l)
  }
  return [...best.values()]
}

/** What is known about each of these people (offending history, civil orders) and when it was last recorded. */
export async function knownAbout(
  trx: Db,
  personIds: readonly string[],
): Promise<Map<string, { kinds: string[]; at: Date }>> {
  if (personIds.length === 0) return new Map()
  const orders = await trx
    .selectFrom('civilOrders')
    .select(['personId', 'kind', 'recordedAt'])
    .where('personId', 'in', personIds)
    .execute()
  const known = new Map<string, { kinds: string[]; at: Date }>()
  for (const item of [...(await offendingKnownOf(trx, personIds)), ...orders]) {
    const at = new Date(item.recordedAt)
    const held = known.get(item.personId) ?? { kinds: [], at }
    if (!held.kinds.includes(item.kind)) held.kinds.push(item.kind)
    known.set(item.personId, { kinds: held.kinds, at: at > held.at ? at : held.at })
  }
  return known
}

/**
 * Each person's name, probation contact and the day of their latest risk assessment (as the middle of that day in
 * England): one query.
 */
async function aboutPeople(trx: Transaction<Database>, personIds: readonly string[]) {
  if (personIds.length === 0) return new Map<string, never>()
  const rows = await trx
    .selectFrom('personDirectory as p')
    .leftJoin('riskManagement as m', j =>
      j.onRef('m.partnershipId', '=', 'p.partnershipId').onRef('m.personId', '=', 'p.personId'),
    )
    .select(eb => [
      'p.personId',
      'p.givenName',
      'p.familyName',
      'm.probationContactUserId',
      eb
        .selectFrom('riskAssessments as a')
        .select('a.assessedOn')
        .whereRef('a.partnershipId', '=', 'p.partnershipId')
        .whereRef('a.personId', '=', 'p.personId')
        .orderBy('a.assessedOn', 'desc')
        .limit(1)
        .as('assessedOn'),
    ])
    .where('p.personId', 'in', personIds)
    .execute()
  return new Map(
    rows.map(r => [
      r.personId,
      {
        name: `${r.givenName} ${r.familyName}`,
        probationContactUserId: r.probationContactUserId,
        assessedAt: r.assessedOn ? fromLondon(r.assessedOn, '12:00') : null,
      },
    ]),
  )
}
