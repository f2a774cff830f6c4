// Manager approvals: a practitioner asks, a team manager (never the one who asked) approves or returns it with a
// reason, recorded on the case and audited. First used for "no support plan is needed" (SG-03).
export { approvalsSnapshot, type ApprovalSeen } from './snapshot.ts'
export { approvalsActions } from './actions.ts'
export { approvalsEventKinds } from './events.ts'
export { approvalsRoutes } from './routes.ts'
export { approvalsPersonMerge } from './merge.ts'
export { approvalResolver } from './service.ts'
