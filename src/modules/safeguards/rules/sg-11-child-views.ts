import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'
import { workingDaysAfter } from './deadlines.ts'

const ASK = "Record the child's views in their own words, or why not, before the enquiry ends"

/**
 * SG-11 (PR-5): each child in a section 47 enquiry has their views recorded (in their own words, or why not, and
 * how they communicate) on or after the day the enquiry started. While the enquiry is open they are due by the day
 * it should end (`assessmentWorkingDays` working days from its start); the change that completes it without them is
 * refused. An enquiry completed before the rule existed asks nothing: it can no longer be heard in time.
 */
export const sg11ChildViews: Rule = (snapshot, _now, policy) => {
  const onCase = new Set(snapshot.children.map(c => c.personId))
  const findings: Finding[] = []
  for (const enquiry of snapshot.section47Enquiries) {
    if (!onCase.has(enquiry.childId) || heardSince(snapshot, enquiry.childId, enquiry.startedAt)) continue
    const facts = [
      `section 47 enquiry started on ${inWords(enquiry.startedAt)}`,
      'no views of the child have been recorded since, in their own words or why not',
    ]
    if (!enquiry.completedAt)
      findings.push({
        safeguard: 'SG-11',
        severity: 'due',
        message: "Record the child's views in their own words, or why not, and how they communicate",
        childId: enquiry.childId,
        recordId: enquiry.id,
        dueAt: workingDaysAfter(enquiry.startedAt, policy.assessmentWorkingDays),
        facts,
        source: sourceOf('SG-11'),
      })
    else if (snapshot.events.some(e => e.kind === 'section47.completed' && e.childId === enquiry.childId))
      findings.push({
        safeguard: 'SG-11',
        severity: 'block',
        message: ASK,
        childId: enquiry.childId,
        recordId: enquiry.id,
        facts,
        source: sourceOf('SG-11'),
      })
  }
  return findings
}

function heardSince(snapshot: PathwaySnapshot, childId: string, startedAt: Date): boolean {
  const day = londonDate(startedAt)
  return snapshot.childViews.some(v => v.childId === childId && londonDate(v.givenAt) >= day)
}
