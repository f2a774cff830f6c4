// Concerns and referrals: the start of the pathway. A concern may be recorded on a case, so this module sits
// above cases, with the pathway modules.
export { concernsActions } from './actions.ts'
export { concernResolver } from './service.ts'
export { concernsEntryLinks } from './links.ts'
export { concernsRoutes } from './routes.ts'
export { concernsCaseSection, concernsSection } from './record.ts'
export { INDICATORS } from './indicators.ts'
export { concernsEventKinds } from './events.ts'
export { concernsPersonMerge } from './merge.ts'
export { concernsAuditRecords } from './audit.ts'
export { awaitingReferrals, countAwaitingReferrals } from './service.ts'
export {
  concernsByAgency,
  countReferralsRaisedBy,
  decisionsDueForChildren,
  referralsByDecision,
  referralsRaisedBy,
  type RaisedReferral,
} from './lists.ts'
export { concernsSnapshot, type ConcernSeen } from './snapshot.ts'
