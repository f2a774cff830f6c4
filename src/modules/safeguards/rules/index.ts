import type { Rule } from '../snapshot.ts'
import { sg01OutcomeWords } from './sg-01-outcome-words.ts'
import { sg05Charging } from './sg-05-charging.ts'
import { sg06HealthExpertise } from './sg-06-health-expertise.ts'
import { sg12AbeInformed } from './sg-12-abe-informed.ts'
import { sg15JointTraining } from './sg-15-joint-training.ts'
import { sg02ConclusionDiscussion } from './sg-02-conclusion-discussion.ts'
import { sg16AssessmentTimescale } from './sg-16-assessment-timescale.ts'
import { sg17InitialConference } from './sg-17-initial-conference.ts'
import { sg18ReviewConference } from './sg-18-review-conference.ts'
import { sg07HealthPathway } from './sg-07-health-pathway.ts'
import { sg11ChildViews } from './sg-11-child-views.ts'
import { sg14ParentViews } from './sg-14-parent-views.ts'

/**
 * Every safeguard rule the write pipeline runs, one file each beside this one (`sg-05-charging.ts` …), each a pure
 * function of the case's pathway snapshot, the time and the partnership's policy, with its own tests of when it
 * fires and when it clears. SG-03, 04, 08–11, 13 and 14 join with the steps they watch (issues 13 and 14).
 */
export const RULES: readonly Rule[] = [
  sg01OutcomeWords,
  sg05Charging,
  sg07HealthPathway,
  sg06HealthExpertise,
  sg12AbeInformed,
  sg15JointTraining,
  sg02ConclusionDiscussion,
  sg16AssessmentTimescale,
  sg17InitialConference,
  sg18ReviewConference,
  sg11ChildViews,
  sg14ParentViews,
]
