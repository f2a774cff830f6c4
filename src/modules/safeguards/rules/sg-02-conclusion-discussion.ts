import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'
import { workingDaysAfter } from './deadlines.ts'

/**
 * SG-02: a completed section 47 enquiry, or a police investigation with an outcome, needs a multi-agency conclusion
 * discussion of risk, protection and support for each of its children, held on or after the day it ended. Due
 * `conclusionDiscussionWorkingDays` working days from that day; it clears when one is recorded.
 */
export const sg02ConclusionDiscussion: Rule = (snapshot, _now, policy) => {
  const onCase = new Set(snapshot.children.map(c => c.personId))
  const findings: Finding[] = []
  const ask = (childId: string, recordId: string, endedAt: Date, what: string) => {
    if (!onCase.has(childId) || heldSince(snapshot, childId, endedAt)) return
    findings.push({
      safeguard: 'SG-02',
      severity: 'due',
      message: 'Hold a multi-agency conclusion discussion of risk, protection and support',
      childId,
      recordId,
      dueAt: workingDaysAfter(endedAt, policy.conclusionDiscussionWorkingDays),
      facts: [`${what} on ${inWords(endedAt)}`, 'no conclusion discussion about the child has been held since'],
      source: sourceOf('SG-02'),
    })
  }
  for (const enquiry of snapshot.section47Enquiries)
    if (enquiry.completedAt) ask(enquiry.childId, enquiry.id, enquiry.completedAt, 'section 47 enquiry completed')
  for (const investigation of snapshot.investigations) {
    const { outcome } = investigation
    if (!outcome) continue
    for (const childId of investigation.childIds)
      ask(
        childId,
        investigation.id,
        outcome.decidedAt,
        `police investigation ${investigation.crimeReference} outcome recorded`,
      )
  }
  return findings
}

function heldSince(snapshot: PathwaySnapshot, childId: string, endedAt: Date): boolean {
  const day = londonDate(endedAt)
  return snapshot.conclusionDiscussions.some(d => d.childIds.includes(childId) && londonDate(d.heldAt) >= day)
}
