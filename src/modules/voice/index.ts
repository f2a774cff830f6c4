// The child's voice and the non-abusing parent's or carer's views: each child's views in their own words (or why
// not, and how they communicate) at each stage (SG-11), and the views of the parent or carer (SG-14).
export { voiceSnapshot, type ChildViewSeen, type ParentViewSeen } from './snapshot.ts'
export { voiceActions } from './actions.ts'
export { voiceEventKinds } from './events.ts'
export { voiceRoutes } from './routes.ts'
export { voicePersonMerge } from './merge.ts'
export { voiceRecordSection } from './record.ts'
