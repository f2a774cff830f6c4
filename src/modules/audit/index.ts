export {
  appendAudit,
  createAuditLog,
  verifyAuditLog,
  NO_PARTNERSHIP,
  type AuditEntry,
  type AuditLog,
  type ChainReport,
} from './log.ts'
export { auditRows, countAudit, type AuditFilter } from './search.ts'
export { lastCaseViews, recentlyViewed, type RecentlyViewed, type Viewer } from './views.ts'
