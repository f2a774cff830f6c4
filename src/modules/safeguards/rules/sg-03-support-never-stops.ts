import { rightToReviewApplies } from '../../../kernel/codes/investigations.ts'
import type { Finding } from '../../../kernel/findings.ts'
import type { UpdateTopic } from '../../../kernel/codes/families.ts'
import { londonDate } from '../../../kernel/working-days.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'

// SG-03 (PI-2, PR-5): support never stops. After a police investigation closes without charge, each of its children
// still on the case needs (a) an agreed plan that has not ended, or a team manager's approved reason that no
// support plan is needed; and (b) to have been told, with their family, since the outcome was decided: the reasons,
// their right to ask for a review (only after "no further police action at this time": DOMAIN.md §5 leaves out
// out-of-court disposals) and how to claim compensation. While anything is missing the rule prompts, per child; the
// change that closes the case is refused until nothing is.

const TOPIC_WORDS: Partial<Record<UpdateTopic, string>> = {
  reasons: 'the reasons for the decision',
  right_to_review: 'their right to ask for a review',
  compensation: 'how to claim criminal injuries compensation',
}

/** The manager approvals that stand in for a plan (approvals may later be asked for other things). */
const INSTEAD_OF_A_PLAN: readonly string[] = ['no_support_plan']

interface CloseWithoutCharge {
  investigationId: string
  crimeReference: string
  kind: string
  /** Victims' Right to Review applies to this outcome (kernel/codes/investigations.ts). */
  reviewable: boolean
  decidedAt: Date
}

/** Per child of the case, the latest investigation about them that closed without charge. */
function closesWithoutCharge(snapshot: PathwaySnapshot): Map<string, CloseWithoutCharge> {
  const onCase = new Set(snapshot.children.map(c => c.personId))
  const latest = new Map<string, CloseWithoutCharge>()
  for (const investigation of snapshot.investigations) {
    const { outcome } = investigation
    if (!outcome || outcome.kind === 'charged') continue
    for (const childId of investigation.childIds) {
      if (!onCase.has(childId)) continue
      const known = latest.get(childId)
      if (!known || known.decidedAt < outcome.decidedAt)
        latest.set(childId, {
          investigationId: investigation.id,
          crimeReference: investigation.crimeReference,
          kind: outcome.kind,
          reviewable: rightToReviewApplies(outcome),
          decidedAt: outcome.decidedAt,
        })
    }
  }
  return latest
}

/** What is still missing for one child, in words; empty when everything is done. */
function missingFor(snapshot: PathwaySnapshot, childId: string, close: CloseWithoutCharge): string[] {
  const missing: string[] = []
  const planned = snapshot.plans.some(p => p.childId === childId && p.status === 'agreed' && !p.endedAt)
  const approved = snapshot.approvals.some(
    a => INSTEAD_OF_A_PLAN.includes(a.kind) && a.childId === childId && a.status === 'approved',
  )
  if (!planned && !approved)
    missing.push('an agreed support plan, or a team manager’s approval that no support plan is needed')

  const needed: UpdateTopic[] = ['reasons', 'compensation']
  if (close.reviewable) needed.splice(1, 0, 'right_to_review')
  const since = londonDate(close.decidedAt)
  const adults = new Set(snapshot.adults.map(a => a.personId))
  const told = { child: new Set<UpdateTopic>(), family: new Set<UpdateTopic>() }
  for (const update of snapshot.familyUpdates) {
    if (update.childId !== null && update.childId !== childId) continue
    if (londonDate(update.at) < since) continue
    const toChild = update.toPersonIds.includes(childId)
    const toFamily = update.toPersonIds.some(id => adults.has(id))
    for (const topic of update.topics) {
      if (toChild) told.child.add(topic)
      if (toFamily) told.family.add(topic)
    }
  }
  for (const [who, topics] of [
    ['the child', told.child],
    ['the family', told.family],
  ] as const) {
    const untold = needed.filter(t => !topics.has(t)).map(t => TOPIC_WORDS[t] ?? t)
    if (untold.length) missing.push(`${who} told ${listed(untold)}`)
  }
  return missing
}

const listed = (items: readonly string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`

export const sg03SupportNeverStops: Rule = snapshot => {
  const closing = snapshot.events.some(e => e.kind === 'case.closed')
  // A case closed before now is not prompted; the change that closes it is what this rule refuses.
  if (snapshot.case.status === 'closed' && !closing) return []
  const findings: Finding[] = []
  for (const [childId, close] of closesWithoutCharge(snapshot)) {
    const missing = missingFor(snapshot, childId, close)
    if (!missing.length) continue
    findings.push({
      safeguard: 'SG-03',
      severity: closing ? 'block' : 'prompt',
      message: closing
        ? `The case cannot close yet: for this child, still needed: ${listed(missing)}.`
        : `Support never stops after a close without charge: still needed for this child: ${listed(missing)}.`,
      childId,
      recordId: close.investigationId,
      facts: [
        `police investigation ${close.crimeReference} closed without charge on ${inWords(close.decidedAt)}`,
        ...missing.map(m => `missing: ${m}`),
      ],
      source: sourceOf('SG-03'),
    })
  }
  return findings
}
