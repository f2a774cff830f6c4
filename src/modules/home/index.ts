// Home: the page each signed-in person lands on.
export { homeActions } from './actions.ts'
export { homeRoutes } from './routes.ts'
