export {
  appendAudit,
  createAuditLog,
  verifyAuditLog,
  NO_PARTNERSHIP,
  type AuditEntry,
  type AuditLog,
  type ChainReport,
} from './log.ts'
export { auditBatches, auditRows, countAudit, type AuditFilter, type AuditPage, type AuditRow } from './search.ts'
export {
  ACTIVITY_GROUPS,
  describeRow,
  phraseKnown,
  nameKey,
  OUTCOMES,
  outcomeText,
  recordsNamed,
  type ActivityGroup,
  type LoggedRow,
  type RecordKind,
  type RecordNames,
} from './describe.ts'
export { lastCaseViews, recentlyViewed, type RecentlyViewed, type Viewer } from './views.ts'
