import type { Actor } from '../../kernel/actor.ts'
import type { Db } from '../../db/connection.ts'
import { londonDateTime, londonDue } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import { countCases, listCases, type CaseDue, type CaseListFilter, type CaseMembership } from '../cases/index.ts'
import { decisionsDueForChildren } from '../concerns/index.ts'

// A table of cases as the home page and the case list page show it: each child, the lead, what changed since
// the reader last looked and what is due, formatted here so the templates only place it.

export interface CaseRow {
  href: string
  reference: string
  title: string
  status: string
  children: { name: string; href: string }[]
  lead: string
  /** When someone else last wrote on the case, in UK time; null when no one has. */
  changed: string | null
  /** That change is newer than the reader's last look. */
  changedSinceViewed: boolean
  /** What is due on the case (dueOnCases), in UK time and as near as it is ("due tomorrow at 9:00am"); empty when nothing is. */
  due: { name: string; at: string; overdue: boolean }[]
}

/**
 * Something due on a case. For now the soonest referral decision due about one of its children; tasks join the
 * list later. The home page, the case list page and GET /api/v1/cases all take it from dueOnCases.
 */
export interface DueItem {
  kind: 'referralDecision'
  /** What a practitioner reads: "Referral decision". */
  name: string
  dueAt: Date
  overdue: boolean
}

const DUE_NAMES: Record<DueItem['kind'], string> = { referralDecision: 'Referral decision' }

/** What is due on each of these cases, soonest first; a case with nothing due is left out of the map. */
export async function dueOnCases(
  db: Db,
  cases: readonly { id: string; children: readonly { id: string }[] }[],
  now: Date,
): Promise<Map<string, DueItem[]>> {
  const decisions = await decisionsDueForChildren(
    db,
    cases.flatMap(c => c.children.map(k => k.id)),
  )
  const due = new Map<string, DueItem[]>()
  for (const c of cases) {
    const dueAt = c.children
      .map(k => decisions.get(k.id))
      .filter(d => d !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())[0]
    if (dueAt)
      due.set(c.id, [{ kind: 'referralDecision', name: DUE_NAMES.referralDecision, dueAt, overdue: dueAt < now }])
  }
  return due
}

/** What is due on one case, as its overview page shows it: the same list the home page and the API give. */
export const dueOnCase: CaseDue = async (db, kase, now) => (await dueOnCases(db, [kase], now)).get(kase.id) ?? []

export interface CaseTable {
  rows: CaseRow[]
  total: number
}

export const MEMBERSHIP_NAMES: Record<CaseMembership, string> = {
  me: 'Cases I lead or am on the team of',
  agency: 'My agency’s cases',
  team: 'My team’s cases (led by someone in my agency)',
}

/** One page of the cases a filter finds, as table rows, with how many there are in all. */
export async function caseTable(
  db: Db,
  actor: Actor,
  filter: CaseListFilter,
  page: { limit: number; offset: number },
  now: Date,
): Promise<CaseTable & { caseIds: string[] }> {
  const [total, cases] = await Promise.all([countCases(db, actor, filter), listCases(db, actor, filter, page)])
  const due = await dueOnCases(db, cases, now)
  const rows = cases.map(c => {
    return {
      href: urls.case(c.id),
      reference: c.reference,
      title: c.title,
      status: c.status,
      children: c.children.map(k => ({ name: `${k.givenName} ${k.familyName}`, href: urls.person(k.id) })),
      lead: c.leadName,
      changed: c.lastChange ? londonDateTime(c.lastChange.at) : null,
      changedSinceViewed: c.changedSinceViewed,
      due: (due.get(c.id) ?? []).map(d => ({ name: d.name, at: londonDue(d.dueAt, now), overdue: d.overdue })),
    }
  })
  return { rows, total, caseIds: cases.map(c => c.id) }
}
