// Strategy discussions: the agencies decide together whether to enquire (section 47), investigate, interview,
// assess the child's health or protect them now, and agree actions with owners and due dates.
export { strategySnapshot, type StrategyActionSeen, type StrategyDiscussionSeen } from './snapshot.ts'
export { strategyActions } from './actions.ts'
export { strategyEventKinds } from './events.ts'
export { strategyDiscussionResolver } from './service.ts'
export { strategyRoutes } from './routes.ts'
export { strategyPersonMerge } from './merge.ts'
