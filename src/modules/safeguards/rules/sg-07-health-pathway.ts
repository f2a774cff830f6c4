import type { Finding } from '../../../kernel/findings.ts'
import { addWorkingDays, londonDate } from '../../../kernel/working-days.ts'
import { sourceOf } from '../catalogue.ts'
import { londonDate as dayInWords } from '../../../web/dates.ts'
import type { Rule } from '../snapshot.ts'

// SG-07 (PR-6): a concern about sexual abuse gets a health pathway decision for the child, quickly, because recent
// abuse needs a forensic examination before evidence and the chance of emergency treatment are lost. Every concern
// Lantern records is about sexual abuse, so each child of the case with a concern on it (or whom a strategy
// discussion decided should have a health assessment) and no decision recorded has one due, within the
// partnership's working days of the concern (or the discussion). A decision whose pathway does not fit how long
// ago the abuse last happened, as the partnership's window of recent abuse reads it, is questioned, never refused:
// there is no national cut-off, and the examiner may still see a child outside the window.

const DAY = 86_400_000

/** Whole calendar days from the day the abuse last happened to the day of the decision, as England's calendar reads them. */
function daysBetween(lastAbuseOn: Date, decidedAt: Date): number {
  const decided = Date.parse(`${londonDate(decidedAt)}T00:00:00Z`)
  return Math.round((decided - Date.parse(`${lastAbuseOn.toISOString().slice(0, 10)}T00:00:00Z`)) / DAY)
}

/** A moment as the day it was in England, in words; a calendar date (when the abuse last happened) as that day. */
const writtenDay = (at: Date) => dayInWords(at)
const writtenUtcDay = (at: Date) => dayInWords(at.toISOString().slice(0, 10))

export const sg07HealthPathway: Rule = (snapshot, _now, policy) => {
  const source = sourceOf('SG-07')
  const findings: Finding[] = []
  const decided = new Set(snapshot.healthDecisions.map(d => d.childId))
  for (const child of snapshot.children) {
    if (child.status !== 'open' || decided.has(child.personId)) continue
    // What started the clock: the child's first concern on the case, or a strategy discussion deciding on a
    // health assessment for them, whichever came first.
    const starts: { at: Date; fact: string }[] = []
    const concern = snapshot.concerns.find(c => c.childId === child.personId)
    if (concern)
      starts.push({
        at: concern.recordedAt,
        fact: `a concern about sexual abuse was recorded on ${writtenDay(concern.recordedAt)} and no health pathway decision is recorded for the child`,
      })
    const discussion = snapshot.strategyDiscussions.find(
      s => s.decisions.healthAssessment && s.childIds.includes(child.personId),
    )
    if (discussion)
      starts.push({
        at: discussion.heldAt,
        fact: `the strategy discussion on ${writtenDay(discussion.heldAt)} decided on a health assessment and no health pathway decision is recorded for the child`,
      })
    const first = starts.sort((a, b) => a.at.getTime() - b.at.getTime())[0]
    if (!first) continue
    findings.push({
      safeguard: 'SG-07',
      severity: 'due',
      message:
        'Decide the child’s health pathway: a forensic (SARC) referral if the abuse was recent, a health assessment if not',
      childId: child.personId,
      recordId: null,
      dueAt: addWorkingDays(first.at, policy.healthPathwayDecisionWorkingDays),
      facts: starts.map(s => s.fact),
      source,
    })
  }
  for (const d of snapshot.healthDecisions) {
    if (!d.lastAbuseOn || d.pathway === 'not_needed') continue
    const days = daysBetween(d.lastAbuseOn, d.decidedAt)
    const recent = days <= policy.recentAbuseDays
    if (d.pathway === 'forensic_recent' && !recent)
      findings.push({
        safeguard: 'SG-07',
        severity: 'prompt',
        message:
          'A forensic (SARC) referral was chosen though the abuse was not recent by this partnership’s setting: check with the SARC, or consider a health assessment',
        childId: d.childId,
        recordId: d.id,
        facts: [
          `the abuse was last thought to happen on ${writtenUtcDay(d.lastAbuseOn)}, ${days} days before the decision on ${writtenDay(d.decidedAt)}; abuse counts as recent within ${policy.recentAbuseDays} days`,
        ],
        source,
      })
    if (d.pathway === 'health_non_recent' && recent)
      findings.push({
        safeguard: 'SG-07',
        severity: 'prompt',
        message:
          'A health assessment was chosen though the abuse was recent by this partnership’s setting: consider a forensic (SARC) referral now, before evidence is lost',
        childId: d.childId,
        recordId: d.id,
        facts: [
          `the abuse was last thought to happen on ${writtenUtcDay(d.lastAbuseOn)}, ${days} days before the decision on ${writtenDay(d.decidedAt)}; abuse counts as recent within ${policy.recentAbuseDays} days`,
        ],
        source,
      })
  }
  return findings
}
