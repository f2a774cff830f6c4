import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'

/**
 * SG-12 (PI-3): children were interviewed without being told what it was or that it was their choice, and an
 * unsure child was told that saying no would harm the investigation. An interview is recorded as held only once
 * the child was told (before it, by someone named) and their willingness recorded; for an unsure or unwilling
 * child, whether they were told declining would harm the investigation must be answered. If they were, that is
 * recorded as the truth and the team is prompted to talk it through: the record is never refused for it.
 */
export const sg12AbeInformed: Rule = snapshot =>
  snapshot.abeInterviews.flatMap((interview): Finding[] => {
    const about = { childId: interview.childId, recordId: interview.id, source: sourceOf('SG-12') }
    const findings: Finding[] = []
    if (interview.heldAt) {
      const held = londonDate(interview.heldAt)
      const notTold = [
        ...(interview.childInformedAt
          ? []
          : ['no record of the child being told what it is and that it is their choice']),
        ...(interview.childInformedAt && interview.childInformedAt > interview.heldAt
          ? [`the child was told on ${londonDate(interview.childInformedAt)}, after it was held`]
          : []),
        ...(interview.informedBy ? [] : ['no record of who told the child']),
        ...(interview.willingness ? [] : ["no record of the child's willingness"]),
      ]
      if (notTold.length)
        findings.push({
          ...about,
          severity: 'block',
          safeguard: 'SG-12',
          message:
            'Before recording an ABE interview as held, record when the child was told what it is and that it is their choice, who told them, and whether they were willing',
          facts: [`ABE interview held on ${held}: ${notTold.join('; ')}`],
        })
      if (
        (interview.willingness === 'unsure' || interview.willingness === 'unwilling') &&
        interview.toldDecliningHarms === null
      )
        findings.push({
          ...about,
          severity: 'block',
          safeguard: 'SG-12',
          message:
            'Record whether the child, who was unsure or unwilling, was told that declining would harm the investigation',
          facts: [
            `ABE interview held on ${held} with a child who was ${interview.willingness}, and this was not answered`,
          ],
        })
    } else if (!interview.notHeldReason && !interview.childInformedAt)
      findings.push({
        ...about,
        severity: 'prompt',
        safeguard: 'SG-12',
        message: 'Tell the child what the ABE interview is and that it is their choice, and record their willingness',
        facts: [`ABE interview planned for ${londonDate(interview.plannedAt)}, and the child has not been told yet`],
      })
    if (interview.toldDecliningHarms === true)
      findings.push({
        ...about,
        severity: 'prompt',
        safeguard: 'SG-12',
        message: 'The child was told declining would harm the investigation: talk it through with your supervisor',
        facts: [
          `the child, who was ${interview.willingness ?? 'unsure'}, was told that declining would harm the investigation`,
        ],
      })
    return findings
  })
