export { peopleWorkedWith, recordEvent, relationshipToCase, worksWithPerson } from './service.ts'
