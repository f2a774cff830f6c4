export { relationshipToCase, worksWithPerson } from './service.ts'
