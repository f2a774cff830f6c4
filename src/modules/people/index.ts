export { getPerson, household, relationshipToPerson } from './service.ts'
