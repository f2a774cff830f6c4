// Home: the page each signed-in person lands on.
export { homeActions } from './actions.ts'
export { homeRoutes } from './routes.ts'
export { homeApi } from './api.ts'
export { dueOnCase } from './caseload.ts'
