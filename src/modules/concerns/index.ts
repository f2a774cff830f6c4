export { relationshipToConcern } from './service.ts'
