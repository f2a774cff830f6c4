// The safeguards: the national review's recommendations as rules that prompt, set deadlines or refuse, each
// linked to its source. The engine the write pipeline runs (rules over the case as it stands, keeping each due
// finding's task), the tasks and their sweep, the review's pages, and the catalogue every finding cites.
export { safeguardsActions, safeguardsEventKinds } from './actions.ts'
export { completeTaskRoutes } from './complete-task-routes.ts'
export { taskResolver } from './complete-task.ts'
export { safeguardsRoutes } from './routes.ts'
export { findingsCaseSection, findingsOf, taskRoutes } from './task-routes.ts'
export { safeguardEngine } from './engine.ts'
export { RULES } from './rules/index.ts'
export {
  agreedActionKey,
  keepAgreedActions,
  keepTasks,
  listTasks,
  openTasksAbout,
  taskKey,
  type TaskAboutPerson,
  type TaskFilter,
  type TaskStatus,
} from './tasks.ts'
export { startTaskSweep, sweepTasks, type SweepResult } from './sweep.ts'
export { SAFEGUARDS, safeguardEntry, safeguardsCarrying, sourceOf, type SafeguardEntry } from './catalogue.ts'
export { REVIEW, REVIEW_ITEMS, reviewItem, type ReviewItem } from './review.ts'
export { pathwaySnapshot, pathwaySnapshots, type AgreedAction, type PathwaySnapshot, type Rule } from './snapshot.ts'
export { pathwayRoutes } from './pathway-routes.ts'
export { pathwayOf, type ChildPathway, type PathwayStep } from './pathway.ts'
