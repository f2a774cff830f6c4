// Conclusion discussions: when a section 47 enquiry is completed or a police investigation closes, the agencies
// consider together the risk to each child, how they are protected and what support goes on (SG-02).
export { conclusionsSnapshot, type ConclusionDiscussionSeen } from './snapshot.ts'
export { conclusionsActions } from './actions.ts'
export { conclusionsEventKinds } from './events.ts'
export { conclusionsRoutes } from './routes.ts'
export { conclusionsPersonMerge } from './merge.ts'
export { attendeeFields, attendeeRows, attendeeSchemaFields, attendeesTyped, checkAttendeeRows } from './forms.ts'
