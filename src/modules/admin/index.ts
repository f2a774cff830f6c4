// Admin: the pages and API through which administrators run the directory (users, agencies) and the
// partnership manager sees new and elevated accounts. It owns no tables: the directory does.
export { adminActions } from './actions.ts'
export { adminRoutes } from './routes.ts'
