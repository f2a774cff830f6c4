import type { Finding } from '../../../kernel/findings.ts'
import { sourceOf } from '../catalogue.ts'
import { londonDate } from '../../../web/dates.ts'
import type { Rule } from '../snapshot.ts'

// SG-06 (PR-6): a strategy discussion about possible sexual abuse includes a health professional with clinical
// experience of child sexual abuse, or records a consultation with one. Completing the record without either is
// refused; a draft without either is prompted, while there is still time to invite one or consult them.

const ASK =
  'Invite a health professional with clinical experience of child sexual abuse, or record a consultation with one'

export const sg06HealthExpertise: Rule = snapshot => {
  // The change that completes a record is the one refused; a record completed before the rule existed is prompted.
  const completing = snapshot.events.some(e => e.kind === 'strategy.completed')
  return snapshot.strategyDiscussions
    .filter(d => d.aboutSexualAbuse && !d.healthExpertiseAttended && !d.healthConsultationRecorded)
    .map((d): Finding => ({
      safeguard: 'SG-06',
      severity: d.completedAt && completing ? 'block' : 'prompt',
      message:
        d.completedAt && completing
          ? `A strategy discussion about sexual abuse cannot be completed without health expertise. ${ASK}`
          : ASK,
      childId: d.childIds.length === 1 ? (d.childIds[0] ?? null) : null,
      recordId: d.id,
      facts: [
        `strategy discussion on ${londonDate(d.heldAt)} about suspected sexual abuse had no health attendee with clinical experience of child sexual abuse`,
        'no consultation with such a health professional is recorded',
      ],
      source: sourceOf('SG-06'),
    }))
}
