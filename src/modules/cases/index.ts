export { peopleWorkedWith, recordEvent, relationshipToCase } from './service.ts'
