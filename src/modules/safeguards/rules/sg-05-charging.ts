import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'

const DAY = 24 * 3_600_000

/**
 * SG-05 (NR-7): investigations drifted for months without anyone asking a prosecutor. While an investigation is
 * open (no outcome), early charging advice is due a set number of calendar days after it opened, and a charging
 * decision a longer number; each is the investigating officer's task, or their agency's when none is named. Early
 * advice is no longer asked for once a charging decision is made.
 */
export const sg05Charging: Rule = (snapshot, _now, policy) =>
  snapshot.investigations.flatMap((investigation): Finding[] => {
    if (investigation.outcome) return []
    const opened = `investigation ${investigation.crimeReference} opened on ${londonDate(investigation.openedAt)}`
    const owner = {
      userId: investigation.officer.userId,
      agencyId: investigation.officer.userId ? null : investigation.officer.agencyId,
    }
    const findings: Finding[] = []
    if (!investigation.chargingAdviceSoughtAt && !investigation.chargingDecisionAt)
      findings.push({
        safeguard: 'SG-05',
        severity: 'due',
        message: `Seek early charging advice on investigation ${investigation.crimeReference}`,
        // Two tasks on one investigation: each needs its own key.
        recordId: `${investigation.id}:charging-advice`,
        dueAt: new Date(investigation.openedAt.getTime() + policy.earlyChargingAdviceDays * DAY),
        owner,
        facts: [`${opened}, and no early charging advice has been sought`],
        source: sourceOf('SG-05'),
      })
    if (!investigation.chargingDecisionAt)
      findings.push({
        safeguard: 'SG-05',
        severity: 'due',
        message: `Make a charging decision on investigation ${investigation.crimeReference}`,
        recordId: `${investigation.id}:charging-decision`,
        dueAt: new Date(investigation.openedAt.getTime() + policy.chargingDecisionDays * DAY),
        owner,
        facts: [`${opened}, and no charging decision has been made`],
        source: sourceOf('SG-05'),
      })
    return findings
  })
