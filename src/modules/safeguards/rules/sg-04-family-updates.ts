import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { fromLondon, londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'

/** The end of the London day `days` calendar days after the London day of `from`. */
export function calendarDaysAfter(from: Date, days: number): Date {
  const [y, m, d] = londonDate(from).split('-').map(Number) as [number, number, number]
  const day = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
  return fromLondon(day, '23:59')
}

/**
 * SG-04: while a section 47 enquiry (not completed) or a police investigation (no outcome) is open on an open case,
 * each of its children and their family get a progress update: due `familyUpdateIntervalDays` calendar days after
 * the later of its start and the last update about the child (or about every child) that told them how it is going.
 * It moves when an update is recorded and goes once the enquiries and investigations are closed.
 */
export const sg04FamilyUpdates: Rule = (snapshot, _now, policy) => {
  if (snapshot.case.status !== 'open') return []
  const onCase = new Set(snapshot.children.map(c => c.personId))
  // For each child, the earliest open enquiry or investigation: the one the family has waited on longest.
  const open = new Map<string, { recordId: string; startedAt: Date; what: string }>()
  const consider = (childId: string, recordId: string, startedAt: Date, what: string) => {
    if (!onCase.has(childId)) return
    const known = open.get(childId)
    if (!known || startedAt < known.startedAt) open.set(childId, { recordId, startedAt, what })
  }
  for (const enquiry of snapshot.section47Enquiries)
    if (!enquiry.completedAt) consider(enquiry.childId, enquiry.id, enquiry.startedAt, 'section 47 enquiry')
  for (const investigation of snapshot.investigations)
    if (!investigation.outcome)
      for (const childId of investigation.childIds)
        consider(
          childId,
          investigation.id,
          investigation.openedAt,
          `police investigation ${investigation.crimeReference}`,
        )
  const findings: Finding[] = []
  for (const [childId, { recordId, startedAt, what }] of open) {
    const last = lastProgressUpdate(snapshot, childId)
    const from = last && last > startedAt ? last : startedAt
    findings.push({
      safeguard: 'SG-04',
      severity: 'due',
      message: 'Tell the child and their family how the enquiry or investigation is going',
      childId,
      recordId,
      dueAt: calendarDaysAfter(from, policy.familyUpdateIntervalDays),
      facts: [
        `${what} open since ${inWords(startedAt)}`,
        last
          ? `the last progress update about the child was on ${inWords(last)}`
          : 'no progress update about the child has been recorded',
      ],
      source: sourceOf('SG-04'),
    })
  }
  return findings
}

function lastProgressUpdate(snapshot: PathwaySnapshot, childId: string): Date | null {
  let last: Date | null = null
  for (const update of snapshot.familyUpdates)
    if ((update.childId === null || update.childId === childId) && update.topics.includes('progress'))
      if (!last || update.at > last) last = update.at
  return last
}
