// People: children and adults, their relationships and offending history. Who may see a person in full is
// decided by the case layer above, handed in as PeopleNeedToKnow at composition.
export { peopleActions } from './actions.ts'
export { peopleRoutes, type PeopleComposition } from './routes.ts'
export { analysePeople, loadPeople, type PersonRow, type RelationshipRow } from './bulk.ts'
export { getPerson, household, personRecordedBy, type PeopleNeedToKnow } from './service.ts'
export { relationshipPeople } from './relationships.ts'
export { stillOnRecordKept, type Moved, type PersonMerge } from './merge.ts'
export { peopleEventKinds } from './events.ts'
export { type RecordSection } from './sections.ts'
