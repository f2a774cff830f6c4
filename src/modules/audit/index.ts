export {
  appendAudit,
  createAuditLog,
  verifyAuditLog,
  NO_PARTNERSHIP,
  type AuditEntry,
  type AuditLog,
  type ChainReport,
} from './log.ts'
