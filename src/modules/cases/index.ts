export { recordEvent, relationshipToCase, worksWithPerson } from './service.ts'
