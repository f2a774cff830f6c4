// Telling the family: every update given to a child, parent or carer (SG-04), and the letters made from an
// outcome, for the family and in a child-friendly version, printable and as PDF.
export { familiesSnapshot, type FamilyUpdateSeen, type LetterSeen } from './snapshot.ts'
export { familiesActions } from './actions.ts'
export { familiesEventKinds } from './events.ts'
export { familiesApi } from './api.ts'
export { familiesRoutes } from './routes.ts'
export { familiesPersonMerge } from './merge.ts'
export { letterResolver } from './service.ts'
