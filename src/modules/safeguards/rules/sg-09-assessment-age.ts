import type { Finding } from '../../../kernel/findings.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'
import { monthsAfter } from './deadlines.ts'
import { knownInWords, linkInWords } from './risk-links.ts'

/**
 * SG-09: while a child lives with or has contact with a person who has been assessed, the assessment is kept
 * current: a task from the start, due `riskAssessmentMaxAgeMonths` after the latest assessment's day (overdue once
 * it is older). A newer assessment moves it; ending the contact clears it. No assessment at all is SG-08's.
 */
export const sg09AssessmentAge: Rule = (snapshot, _now, policy) => {
  const findings: Finding[] = []
  for (const link of snapshot.riskLinks) {
    if (link.link === 'on_case' || !link.assessedAt) continue
    const dueAt = monthsAfter(link.assessedAt, policy.riskAssessmentMaxAgeMonths)
    findings.push({
      safeguard: 'SG-09',
      severity: 'due',
      message: `Review the risk assessment of ${link.personName} while the child ${link.link === 'lives_with' ? 'lives with them' : 'has contact with them'}`,
      childId: link.childId,
      recordId: link.personId,
      dueAt,
      facts: [
        `${link.personName}: ${knownInWords(link)} recorded`,
        linkInWords(link),
        `their latest risk assessment is from ${inWords(link.assessedAt)}; a new one is due by ${inWords(dueAt)}`,
      ],
      source: sourceOf('SG-09'),
    })
  }
  return findings
}
