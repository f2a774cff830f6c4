// Section 47 enquiries, child and family assessments and child protection conferences: children's social care's
// part of the pathway after the strategy discussion, each about one child of a case.
export {
  dayStart,
  enquiriesSnapshot,
  startingDiscussion,
  type AssessmentSeen,
  type ConferenceSeen,
  type Section47Seen,
} from './snapshot.ts'
export { enquiriesActions } from './actions.ts'
export { enquiriesEventKinds } from './events.ts'
export { enquiriesRoutes } from './routes.ts'
export { assessmentResolver, section47Resolver } from './service.ts'
export { enquiriesPersonMerge } from './merge.ts'
