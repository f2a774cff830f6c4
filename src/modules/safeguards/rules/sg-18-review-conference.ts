import type { Finding } from '../../../kernel/findings.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import type { ConferenceSeen } from '../../enquiries/index.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'
import { monthsAfter } from './deadlines.ts'

/**
 * SG-18: while a child has a child protection plan (their latest conference made or kept one), the next review
 * conference is due `firstReviewConferenceMonths` after the initial conference (Working Together: 3), then
 * `laterReviewConferenceMonths` after the last review (6). A conference that ends the plan ends the rule.
 */
export const sg18ReviewConference: Rule = (snapshot, _now, policy) => {
  const latest = new Map<string, ConferenceSeen>()
  for (const c of snapshot.conferences) {
    const before = latest.get(c.childId)
    if (!before || c.heldAt >= before.heldAt) latest.set(c.childId, c)
  }
  const findings: Finding[] = []
  for (const child of snapshot.children) {
    const last = latest.get(child.personId)
    if (!last?.planMade) continue
    const initial = last.kind === 'initial'
    findings.push({
      safeguard: 'SG-18',
      severity: 'due',
      message: initial
        ? 'Hold the first review child protection conference'
        : 'Hold the next review child protection conference',
      childId: child.personId,
      recordId: last.id,
      dueAt: monthsAfter(
        last.heldAt,
        initial ? policy.firstReviewConferenceMonths : policy.laterReviewConferenceMonths,
      ),
      facts: [
        `${initial ? 'initial' : 'review'} child protection conference on ${inWords(last.heldAt)} made a child protection plan`,
        'no review conference has been held since',
      ],
      source: sourceOf('SG-18'),
    })
  }
  return findings
}
