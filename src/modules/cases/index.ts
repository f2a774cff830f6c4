// Cases: a case's children, adults and team, break-glass, the chronology, need to know, and the auditor's view
// of who saw a case. It owns those tables; pathway modules above reach them only from here.
export { casesActions } from './actions.ts'
export { casesRoutes } from './routes.ts'
export { caseRecordSections } from './record-routes.ts'
export { type CaseDue, type CaseSection, type EntryLinks, type LinkableEntry } from './sections.ts'
export { type AuditRecords } from './audit-names.ts'
export { casesEventKinds, type EventKinds } from './chronology.ts'
export { analyseCases, generateChronology, lastReferenceNumber, loadCases, type CaseLoad } from './bulk.ts'
export {
  caseResolver,
  recordOnCase,
  peopleNeedToKnow,
  peopleWorkedWith,
  personResolver,
  relationshipResolver,
  relationshipToPerson,
} from './need-to-know.ts'
export { casesPersonMerge } from './merge.ts'
export { peopleOnCasesSince } from './on-case.ts'
export { auditCaseList, caseListItemOut, caseListQuery } from './api.ts'
export {
  CASE_MEMBERSHIPS,
  casesTheyMayOpen,
  countCases,
  listCases,
  openCasesByLeadAgency,
  type CaseListFilter,
  type CaseListItem,
  type CaseMembership,
} from './caseload.ts'
export { ageInWords, rightChild, type KnownOpenCase, type RightChild } from './right-child.ts'
export {
  childrenOnCase,
  childrenOnCases,
  childsCaseStatus,
  getCase,
  openCasesOfChild,
  relationshipToCase,
} from './service.ts'
export {
  caseFromReferral,
  caseReference,
  leadChoices,
  openCaseForReferral,
  type FromReferral,
} from './from-referral.ts'
export {
  caseSnapshots,
  rulesOverCase,
  useSafeguards,
  writeCase,
  type CaseSnapshot,
  type CaseWork,
  type ChangeSeen,
  type ChronologyEvent,
  type LockedCase,
  type RecordRule,
  type Safeguard,
  type SafeguardEngine,
} from './write.ts'
