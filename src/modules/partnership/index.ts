// The partnership: what its manager and auditor come for. For now its lists, as tables with CSV downloads;
// the dashboards come later. It reads through the modules that own the records and names no child.
export { partnershipActions } from './actions.ts'
export { partnershipRoutes } from './routes.ts'
export { policyRoutes } from './policy-routes.ts'
