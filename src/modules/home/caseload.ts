import type { Actor } from '../../kernel/actor.ts'
import type { Db } from '../../db/connection.ts'
import { londonDateTime } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import { countCases, listCases, type CaseListFilter, type CaseMembership } from '../cases/index.ts'
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
  /** The soonest referral decision due about one of its children (tasks join this later). */
  due: string | null
  overdue: boolean
}

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
  const due = await decisionsDueForChildren(
    db,
    cases.flatMap(c => c.children.map(k => k.id)),
  )
  const rows = cases.map(c => {
    const dueAt = c.children
      .map(k => due.get(k.id))
      .filter(d => d !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())[0]
    return {
      href: urls.case(c.id),
      reference: c.reference,
      title: c.title,
      status: c.status,
      children: c.children.map(k => ({ name: `${k.givenName} ${k.familyName}`, href: urls.person(k.id) })),
      lead: c.leadName,
      changed: c.lastChange ? londonDateTime(c.lastChange.at) : null,
      changedSinceViewed: c.changedSinceViewed,
      due: dueAt ? londonDateTime(dueAt) : null,
      overdue: dueAt !== undefined && dueAt < now,
    }
  })
  return { rows, total, caseIds: cases.map(c => c.id) }
}
