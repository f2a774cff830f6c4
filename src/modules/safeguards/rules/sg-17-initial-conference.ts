import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { startingDiscussion } from '../../enquiries/index.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'
import { workingDaysAfter } from './deadlines.ts'

/**
 * SG-17: a child in a section 47 enquiry has an initial child protection conference within
 * `initialConferenceWorkingDays` working days (Working Together: 15) of the strategy discussion that started the
 * enquiry (the latest completed one about the child held on or before its start; with none, the enquiry's start).
 * Asked while the enquiry is open, and after it when its outcome is a conference; an initial conference about the
 * child held on or after that day clears it.
 */
export const sg17InitialConference: Rule = (snapshot, _now, policy) => {
  const onCase = new Set(snapshot.children.map(c => c.personId))
  const findings: Finding[] = []
  for (const enquiry of snapshot.section47Enquiries) {
    if (!onCase.has(enquiry.childId)) continue
    if (enquiry.completedAt && enquiry.outcome !== 'significant_harm_conference') continue
    const discussion = startingDiscussion(snapshot.strategyDiscussions, enquiry.childId, enquiry.startedAt)
    const from = discussion?.heldAt ?? enquiry.startedAt
    const day = londonDate(from)
    const held = snapshot.conferences.some(
      c => c.childId === enquiry.childId && c.kind === 'initial' && londonDate(c.heldAt) >= day,
    )
    if (held) continue
    findings.push({
      safeguard: 'SG-17',
      severity: 'due',
      message: 'Hold the initial child protection conference',
      childId: enquiry.childId,
      recordId: enquiry.id,
      dueAt: workingDaysAfter(from, policy.initialConferenceWorkingDays),
      facts: [
        discussion
          ? `section 47 enquiry started on ${inWords(enquiry.startedAt)} after the strategy discussion on ${inWords(discussion.heldAt)}`
          : `section 47 enquiry started on ${inWords(enquiry.startedAt)}, with no strategy discussion recorded before it`,
        'no initial child protection conference about the child has been recorded',
      ],
      source: sourceOf('SG-17'),
    })
  }
  return findings
}
