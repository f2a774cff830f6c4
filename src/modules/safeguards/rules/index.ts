import type { Rule } from '../snapshot.ts'
import { sg01OutcomeWords } from './sg-01-outcome-words.ts'
import { sg02ConclusionDiscussion } from './sg-02-conclusion-discussion.ts'
import { sg03SupportNeverStops } from './sg-03-support-never-stops.ts'
import { sg04FamilyUpdates } from './sg-04-family-updates.ts'
import { sg05Charging } from './sg-05-charging.ts'
import { sg06HealthExpertise } from './sg-06-health-expertise.ts'
import { sg07HealthPathway } from './sg-07-health-pathway.ts'
import { sg08RiskDiscussion } from './sg-08-risk-discussion.ts'
import { sg09AssessmentAge } from './sg-09-assessment-age.ts'
import { sg10SiblingHarm } from './sg-10-sibling-harm.ts'
import { sg11ChildViews } from './sg-11-child-views.ts'
import { sg12AbeInformed } from './sg-12-abe-informed.ts'
import { sg14ParentViews } from './sg-14-parent-views.ts'
import { sg15JointTraining } from './sg-15-joint-training.ts'
import { sg16AssessmentTimescale } from './sg-16-assessment-timescale.ts'
import { sg17InitialConference } from './sg-17-initial-conference.ts'
import { sg18ReviewConference } from './sg-18-review-conference.ts'

/**
 * Every safeguard rule the write pipeline runs, one file each beside this one (`sg-05-charging.ts` …), each a pure
 * function of the case's pathway snapshot, the time and the partnership's policy, with its own tests of when it
 * fires and when it clears. SG-08 and SG-09 read the register (issue 14); SG-13 lives with concerns.
 */
export const RULES: readonly Rule[] = [
  sg01OutcomeWords,
  sg02ConclusionDiscussion,
  sg03SupportNeverStops,
  sg04FamilyUpdates,
  sg05Charging,
  sg06HealthExpertise,
  sg07HealthPathway,
  sg08RiskDiscussion,
  sg09AssessmentAge,
  sg10SiblingHarm,
  sg11ChildViews,
  sg12AbeInformed,
  sg14ParentViews,
  sg15JointTraining,
  sg16AssessmentTimescale,
  sg17InitialConference,
  sg18ReviewConference,
]
