export { getPerson, household, peopleWithFullRecord, relationshipToPerson } from './service.ts'
