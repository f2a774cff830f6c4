import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { urls } from '../../../web/urls.ts'
import type { RiskLinkSeen } from '../../risk/index.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'
import { monthsAfter, workingDaysAfter } from './deadlines.ts'
import { knownInWords, linkInWords } from './risk-links.ts'

/**
 * SG-08: a child linked to a person with something known (offending history, a civil order) — living with them,
 * in contact, or both on the case — needs a multi-agency risk discussion on the case about that person and an
 * up-to-date risk assessment. The trigger is the later of the link and the latest information: either, when new,
 * asks for a new discussion. Due `riskDiscussionWorkingDays` working days from it; the person's probation contact
 * is told when the task opens. It clears once a discussion was held or recorded since the trigger and an
 * assessment stands no older than `riskAssessmentMaxAgeMonths` at the trigger (keeping it current is SG-09's).
 */
export const sg08RiskDiscussion: Rule = (snapshot, _now, policy) => {
  const findings: Finding[] = []
  for (const link of snapshot.riskLinks) {
    const trigger = link.knownAt > link.linkedAt ? link.knownAt : link.linkedAt
    const discussed = discussedSince(snapshot, link.personId, trigger)
    const assessed = assessedFor(link, trigger, policy.riskAssessmentMaxAgeMonths)
    if (discussed && assessed) continue
    const needed = [
      ...(discussed ? [] : ['a multi-agency risk discussion']),
      ...(assessed ? [] : ['an up-to-date risk assessment']),
    ]
    findings.push({
      safeguard: 'SG-08',
      severity: 'due',
      message: `${link.personName} may present a risk of sexual harm: arrange ${needed.join(' and ')}`,
      childId: link.childId,
      recordId: link.personId,
      dueAt: workingDaysAfter(trigger, policy.riskDiscussionWorkingDays),
      facts: [
        `${link.personName}: ${knownInWords(link)} recorded (latest on ${inWords(link.knownAt)})`,
        `${linkInWords(link)} (recorded on ${inWords(link.linkedAt)})`,
        discussed
          ? 'a risk discussion about them has been held since'
          : 'no risk discussion about them on this case since',
        link.assessedAt
          ? `their latest risk assessment is from ${inWords(link.assessedAt)}${assessed ? '' : ', too old'}`
          : 'no risk assessment of them is recorded',
        ...(link.probationContactUserId ? [] : ['No probation contact is recorded']),
      ],
      ...(link.probationContactUserId
        ? {
            notify: {
              kind: 'register.childLinked',
              userIds: [link.probationContactUserId],
              text: `${link.personName} is linked to a child on case ${snapshot.case.reference}: a multi-agency risk discussion and an up-to-date risk assessment are needed.`,
              link: urls.personRisk(link.personId),
            },
          }
        : {}),
      source: sourceOf('SG-08'),
    })
  }
  return findings
}

/** A risk discussion on this case about the person, held or recorded at or after the trigger. */
function discussedSince(snapshot: PathwaySnapshot, personId: string, trigger: Date): boolean {
  return snapshot.riskDiscussions.some(d => d.personId === personId && (d.heldAt >= trigger || d.recordedAt >= trigger))
}

/**
 * An assessment made no more than the policy's months before the trigger, or after it: one that was current when
 * the link or the information came stays enough for SG-08 as it ages (SG-09 asks for the next).
 */
function assessedFor(link: RiskLinkSeen, trigger: Date, maxAgeMonths: number): boolean {
  if (!link.assessedAt) return false
  return londonDate(monthsAfter(link.assessedAt, maxAgeMonths)) >= londonDate(trigger)
}
