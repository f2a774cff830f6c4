import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { DECISIONS, DISCLOSURES } from '../../kernel/codes/concerns.ts'
import type { Finding } from '../../kernel/findings.ts'
import { FRONT_DOOR } from '../../kernel/roles.ts'
import { londonDateTime } from '../../web/dates.ts'
import { peopleNeedToKnow, type CaseSection } from '../cases/index.ts'
import { household, type RecordSection } from '../people/index.ts'
import { policyOf } from '../policy/index.ts'
import { concernsWithReferral } from './service.ts'
import { addsUp, addsUpFinding, type AddsUp, type ConcernToAddUp } from './adds-up.ts'

// The concerns module's part of the child's record: every concern about the child, with its referral and the
// front door's decision, on cases or on none (no concern is ever invisible to whoever may read the child), and
// the prompt when concerns from several agencies add up.

/** Every concern about a person, newest first, with who raised it and where its referral stands. */
export function concernsAbout(db: Db, personId: string) {
  return concernsWithReferral(db)
    .select(['a.agencyId', 'r.receivedAt'])
    .where('c.childId', '=', personId)
    .orderBy('c.recordedAt', 'desc')
    .orderBy('c.id', 'desc')
    .execute()
}

export type ConcernAbout = Awaited<ReturnType<typeof concernsAbout>>[number]

/** Anyone under 18 on this day, or whose age is not known: a household's children, for adding up. */
function mayBeAChild(dateOfBirth: string | null, now: Date): boolean {
  if (!dateOfBirth) return true
  const eighteenth = new Date(`${dateOfBirth}T00:00:00Z`)
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18)
  return eighteenth > now
}

type Adding = ConcernToAddUp & { givenName: string; familyName: string }

/**
 * Whether concerns about this child, and the other children who live with them, add up now. Only the children
 * whose full record the reader may see count towards it: the prompt must never tell anyone about a concern, or
 * a child, they could not otherwise read.
 */
export async function concernsAddingUp(
  db: Db,
  actor: Actor,
  childId: string,
  now: Date,
): Promise<{ found: AddsUp<Adding>; finding: Finding } | null> {
  // household() is the current household: a relationship that has ended no longer counts. The policy does not
  // depend on it, so both are read at once.
  const [members, policy] = await Promise.all([household(db, childId), policyOf(db)])
  const living = members.filter(m => m.livesWith && mayBeAChild(m.dateOfBirth, now))
  const readable = await peopleNeedToKnow.fullRecordOf(
    db,
    actor,
    living.map(m => ({ id: m.personId, recordedByAgencyId: m.recordedByAgencyId })),
    now,
  )
  const children = [childId, ...living.map(m => m.personId).filter(id => readable.has(id))]
  const since = new Date(now.getTime() - policy.concernsAddUpDays * 24 * 60 * 60 * 1000)
  const rows = await db
    .selectFrom('concerns as c')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'c.partnershipId').onRef('a.agencyId', '=', 'c.recordedByAgencyId'),
    )
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
    )
    .select([
      'c.id',
      'c.childId',
      'c.recordedAt',
      'c.indicators',
      'c.disclosure',
      'a.agencyId',
      'a.agencyName',
      'p.givenName',
      'p.familyName',
    ])
    .where('c.childId', 'in', children)
    .where('c.recordedAt', '>=', since)
    .execute()
  const found = addsUp(rows, now, policy)
  if (!found) return null
  const finding = addsUpFinding(found, childId, c => {
    const row = rows.find(r => r.id === c.id)
    return {
      when: londonDateTime(c.recordedAt),
      about:
        c.childId === childId ? 'this child' : `${row?.givenName ?? ''} ${row?.familyName ?? ''}, who lives with them`,
    }
  })
  return { found, finding }
}

/** The prompt as a page shows it: the agencies, and each concern with its date, child and link. */
export interface AddsUpPrompt {
  childId: string
  childName: string
  message: string
  source: Finding['source']
  concerns: { id: string; agency: string; when: string; about: string; ownChild: boolean }[]
}

/** The prompt for the child, ready to show, or null when their concerns do not add up. */
export async function addsUpPrompt(db: Db, actor: Actor, childId: string, now: Date): Promise<AddsUpPrompt | null> {
  // The child's own name is read beside the finding rather than after it: one round trip less on their page.
  const [result, own] = await Promise.all([
    concernsAddingUp(db, actor, childId, now),
    db
      .selectFrom('personDirectory')
      .select(['givenName', 'familyName'])
      .where('personId', '=', childId)
      .executeTakeFirst(),
  ])
  if (!result) return null
  return {
    childId,
    childName: own ? `${own.givenName} ${own.familyName}` : '',
    message: result.finding.message,
    source: result.finding.source,
    concerns: result.found.concerns.map(c => ({
      id: c.id,
      agency: c.agencyName,
      when: londonDateTime(c.recordedAt),
      about: `${c.givenName} ${c.familyName}`,
      ownChild: c.childId === childId,
    })),
  }
}

/** What the child's record shows of their concerns: each with its referral and decision, and the prompt. */
export interface ConcernsSection {
  personId: string
  prompt: AddsUpPrompt | null
  /** The front door (and team managers) may open a referral's own page; everyone else sees its decision here. */
  canReadReferrals: boolean
  concerns: {
    id: string
    recorded: string
    recordedIso: string
    recordedBy: string
    agency: string
    signs: number
    disclosure: string
    referral: null | { id: string; due: string; overdue: boolean; decision: string | null; decided: string | null }
  }[]
}

/** The child's record's concerns, referrals and decisions, with the prompt when they add up. */
export const concernsSection: RecordSection<ConcernsSection> = {
  template: 'concerns/views/record-concerns.njk',
  load: async (db, actor, personId, now) => {
    const [concerns, prompt] = await Promise.all([concernsAbout(db, personId), addsUpPrompt(db, actor, personId, now)])
    return {
      personId,
      prompt,
      canReadReferrals: actor.roles.some(r => (FRONT_DOOR as readonly string[]).includes(r)),
      concerns: concerns.map(c => ({
        id: c.id,
        recorded: londonDateTime(c.recordedAt),
        recordedIso: c.recordedAt.toISOString(),
        recordedBy: c.recordedBy,
        agency: c.recordedByAgency,
        signs: c.indicators.length,
        disclosure: DISCLOSURES[c.disclosure],
        referral:
          c.referralId && c.decisionDueAt
            ? {
                id: c.referralId,
                due: londonDateTime(c.decisionDueAt),
                overdue: !c.decision && c.decisionDueAt < now,
                decision: c.decision && DECISIONS[c.decision],
                decided: c.decidedAt && londonDateTime(c.decidedAt),
              }
            : null,
      })),
    }
  },
}

/**
 * The concerns module's part of a case page: for each child of the case whose concerns add up, the prompt, so
 * the case lead and team see it where they work.
 */
export const concernsCaseSection: CaseSection<{ prompts: AddsUpPrompt[] }> = {
  template: 'concerns/views/case-adds-up.njk',
  load: async (db, actor, kase, now) => {
    const prompts: AddsUpPrompt[] = []
    for (const child of kase.children) {
      const prompt = await addsUpPrompt(db, actor, child.id, now)
      if (prompt) prompts.push(prompt)
    }
    return { prompts }
  },
}
