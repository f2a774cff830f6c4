// Plans for each child: child protection, child in need, support and harmful-sexual-behaviour plans, with their
// actions (tasks for their owners), review dates and outcomes at review; a plan for every child when a sibling
// harmed (SG-10).
export { plansSnapshot, type PlanActionSeen, type PlanSeen, type SiblingLinkSeen } from './snapshot.ts'
export { plansActions } from './actions.ts'
export { plansEventKinds } from './events.ts'
export { plansRoutes } from './routes.ts'
export { planResolver } from './service.ts'
export { plansPersonMerge } from './merge.ts'
