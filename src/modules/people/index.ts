export { relationshipToPerson } from './service.ts'
