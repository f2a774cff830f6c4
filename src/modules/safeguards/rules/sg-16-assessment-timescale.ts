import type { Finding } from '../../../kernel/findings.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'
import { workingDaysAfter } from './deadlines.ts'

/**
 * SG-16: a child and family assessment is completed within `assessmentWorkingDays` working days of its start
 * (Working Together: 45). Due while it is open; it clears when it is completed.
 */
export const sg16AssessmentTimescale: Rule = (snapshot, _now, policy) => {
  const onCase = new Set(snapshot.children.map(c => c.personId))
  return snapshot.assessments
    .filter(a => a.completedAt === null && onCase.has(a.childId))
    .map((a): Finding => ({
      safeguard: 'SG-16',
      severity: 'due',
      message: 'Complete the child and family assessment',
      childId: a.childId,
      recordId: a.id,
      dueAt: workingDaysAfter(a.startedAt, policy.assessmentWorkingDays),
      facts: [`child and family assessment started on ${inWords(a.startedAt)} is not completed`],
      source: sourceOf('SG-16'),
    }))
}
