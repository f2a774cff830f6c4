// Access: the one authorise() every request passes, the hooks that apply it and audit reads, and the record
// resolvers modules register so a route on any record is authorised without access knowing the module.
export { auditRead } from './audit-read.ts'
export { authorise, type Decision, type Relationship } from './authorise.ts'
export { can, useCan } from './can.ts'
export { createAccess, type Access, type RecordResolver } from './hooks.ts'
