// People: children and adults, their relationships and offending history. Who may see a person in full is
// decided by the case layer above, handed in as PeopleNeedToKnow at composition.
export { peopleActions } from './actions.ts'
export { peopleRoutes, type PeopleComposition } from './routes.ts'
export { analysePeople, loadPeople, type AddressRow, type PersonRow, type RelationshipRow } from './bulk.ts'
export {
  countPeople,
  getPerson,
  household,
  offendingHistoryInFull,
  offendingKnownOf,
  personRecordedBy,
  searchPeople,
  type OffendingHistoryItem,
  type PeopleNeedToKnow,
  type SearchResult,
} from './service.ts'
export { auditSearch, pageSearchLimit } from './search.ts'
export { nameSearchForm } from './schema.ts'
export { linkedNow, linksNowOf, relationshipPeople, siblingLinksOf, type LinkNow } from './relationships.ts'
export { stillOnRecordKept, type Moved, type PersonMerge } from './merge.ts'
export { peopleEventKinds } from './events.ts'
export { type RecordSection } from './sections.ts'
export { identityBar, identityOf, offendingNearby, spacedNhsNumber, type IdentityBar } from './identity.ts'
export { addressArea } from './addresses.ts'
export {
  childrenNearNow,
  historyOf,
  pageOfPeople,
  peopleWithHistory,
  type ChildNearNow,
  type RegisterPerson,
} from './register.ts'
