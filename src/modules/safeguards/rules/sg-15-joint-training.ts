import type { Finding } from '../../../kernel/findings.ts'
import { londonDate } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'

/**
 * SG-15 (PR-2): interviews were led by practitioners without joint ABE training. An interview still to be held
 * whose lead has none prompts the team to find a jointly trained interviewer, or to plan the support they need.
 */
export const sg15JointTraining: Rule = snapshot =>
  snapshot.abeInterviews.flatMap((interview): Finding[] =>
    !interview.heldAt && !interview.notHeldReason && interview.leadHasJointTraining === false
      ? [
          {
            safeguard: 'SG-15',
            severity: 'prompt',
            message: 'The planned ABE interview’s lead has no joint ABE training: find a jointly trained interviewer',
            childId: interview.childId,
            recordId: interview.id,
            facts: [
              `ABE interview planned for ${londonDate(interview.plannedAt)} is led by someone without joint ABE training`,
            ],
            source: sourceOf('SG-15'),
          },
        ]
      : [],
  )
