import { createHash } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Database } from '../../db/types.ts'
import { isUuid } from '../../kernel/ids.ts'
import { findUnstorableText, isStorableText } from '../../kernel/text.ts'

export const NO_PARTNERSHIP = '00000000-0000-0000-0000-000000000000'

export interface AuditEntry {
  partnershipId: string | null
  userId?: string | null
  agencyId?: string | null
  /** What was done, as a dotted name: 'person.read', 'signIn.failed'. */
  action: string
  outcome?: 'ok' | 'denied' | 'failed'
  objectType?: string | null
  objectId?: string | null
  caseId?: string | null
  ip?: string | null
  /** Ids and codes only: never names or case content. */
  detail?: Record<string, unknown> | null
  at: Date
}

export interface AuditLog {
  /**
   * Appends an entry and resolves once it is committed. Entries from concurrent requests share one
   * transaction (group commit), so an audited read costs a fraction of a write. Never call it while holding
   * a transaction: use appendAudit inside the transaction instead.
   */
  record(entry: AuditEntry): Promise<void>
  /** Waits for everything recorded so far to be committed. */
  drain(): Promise<void>
}

/** An entry the audit log will not take: it names which part of the entry is wrong, never its value. */
export class AuditEntryRefused extends Error {
  constructor(part: string) {
    super(`Audit entry refused: ${part} cannot be recorded`)
  }
}

const MAX_TEXT = 200
const MAX_DETAIL = 8 * 1024

/**
 * Checks what enters the audit: ids that must be uuids are, text is short and storable (no NUL, no lone
 * surrogate), the detail is small. One bad entry is refused on its own, before it can reach a shared batch.
 */
export function checkAuditEntry(entry: AuditEntry): void {
  for (const part of ['partnershipId', 'userId', 'agencyId', 'caseId'] as const) {
    const value = entry[part]
    if (value !== null && value !== undefined && !isUuid(value)) throw new AuditEntryRefused(part)
  }
  if (typeof entry.action !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(entry.action))
    throw new AuditEntryRefused('action')
  for (const part of ['objectType', 'objectId', 'ip'] as const) {
    const value = entry[part]
    if (value === null || value === undefined) continue
    if (typeof value !== 'string' || value.length > MAX_TEXT || !isStorableText(value))
      throw new AuditEntryRefused(part)
  }
  if (!(entry.at instanceof Date) || Number.isNaN(entry.at.getTime())) throw new AuditEntryRefused('at')
  if (entry.detail !== null && entry.detail !== undefined) {
    if (findUnstorableText(entry.detail) !== undefined || JSON.stringify(entry.detail).length > MAX_DETAIL)
      throw new AuditEntryRefused('detail')
  }
}

function toJson(entries: AuditEntry[]): string {
  return JSON.stringify(entries.map(e => ({ ...e, at: e.at.toISOString() })))
}

/** Appends entries inside the caller's transaction: the audit row commits, or not, with the write. */
export async function appendAudit(trx: Transaction<Database>, ...entries: AuditEntry[]): Promise<void> {
  for (const entry of entries) checkAuditEntry(entry)
  await sql`select lantern_audit_append(${toJson(entries)}::jsonb)`.execute(trx)
}

interface Pending {
  entry: AuditEntry
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Group commit with a few batches in flight: entries that arrive in the same turn of the event loop share
 * one statement, and a request never waits behind a batch already on its way. Batches of one partnership
 * still commit one after another, on the lock of that partnership's chain head.
 */
export function createAuditLog(db: Db, options: { maxBatch?: number; maxInFlight?: number } = {}): AuditLog {
  const maxBatch = options.maxBatch ?? 500
  const maxInFlight = options.maxInFlight ?? 4
  let queue: Pending[] = []
  let inFlight = 0
  let scheduled = false
  const idle: (() => void)[] = []

  const append = (entries: AuditEntry[]) =>
    asSystem(() => sql`select lantern_audit_append(${toJson(entries)}::jsonb)`.execute(db))

  // A batch is one statement, so one entry the database refuses would fail everyone's. Then each entry is
  // tried on its own: the others commit, and only the request whose entry is bad sees the failure.
  async function flush(batch: Pending[]): Promise<void> {
    try {
      await append(batch.map(p => p.entry))
      for (const p of batch) p.resolve()
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error)
        return
      }
      for (const p of batch) {
        try {
          await append([p.entry])
          p.resolve()
        } catch (alone) {
          p.reject(alone)
        }
      }
    }
  }

  function pump(): void {
    scheduled = false
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(batch.length)
      inFlight += 1
      void flush(batch).finally(() => {
        inFlight -= 1
        pump()
      })
    }
    if (queue.length === 0 && inFlight === 0) for (const wake of idle.splice(0)) wake()
  }

  return {
    record(entry) {
      return new Promise<void>((resolve, reject) => {
        // A refused entry rejects its own promise here and never joins a batch.
        checkAuditEntry(entry)
        queue.push({ entry, resolve, reject })
        if (!scheduled) {
          scheduled = true
          setImmediate(pump)
        }
      })
    },
    drain() {
      if (queue.length === 0 && inFlight === 0) return Promise.resolve()
      return new Promise(resolve => idle.push(resolve))
    },
  }
}

export interface ChainReport {
  partnershipId: string
  rows: number
  ok: boolean
  problem?: string
  headHash: string
}

/**
 * Recomputes every chain from its first row. An edited row changes its own hash; a removed or reordered row
 * breaks the sequence or the link to its predecessor; a removed tail no longer matches the chain head.
 */
export async function verifyAuditLog(db: Db, batchSize = 5000): Promise<ChainReport[]> {
  return asSystem(async () => {
    const heads = await db.selectFrom('auditChain').selectAll().orderBy('partnershipId').execute()
    const partnerships = await db.selectFrom('auditLog').select('partnershipId').distinct().execute()
    const ids = new Set([...heads.map(h => h.partnershipId), ...partnerships.map(p => p.partnershipId)])
    const reports: ChainReport[] = []
    for (const partnershipId of [...ids].sort()) {
      const head = heads.find(h => h.partnershipId === partnershipId)
      let previous = '0'.repeat(64)
      let expectedSeq = 1
      let rows = 0
      let problem: string | undefined
      for (;;) {
        const result = await sql<{ seq: number; hash: string; text: string }>`
          select a.seq, a.hash, lantern_audit_text(a) as text from audit_log a
          where a.partnership_id = ${partnershipId} and a.seq >= ${expectedSeq}
          order by a.seq limit ${batchSize}`.execute(db)
        for (const row of result.rows) {
          if (row.seq !== expectedSeq) {
            problem = `row ${expectedSeq} is missing (next row is ${row.seq})`
            break
          }
          const hash = createHash('sha256').update(`${previous}|${row.text}`, 'utf8').digest('hex')
          if (hash !== row.hash) {
            problem = `row ${row.seq} does not match its hash: it was changed, or rows before it were`
            break
          }
          previous = hash
          expectedSeq += 1
          rows += 1
        }
        if (problem || result.rows.length < batchSize) break
      }
      if (!problem && !head) problem = 'the chain head is missing'
      if (!problem && head && (head.lastSeq !== rows || head.lastHash !== previous))
        problem = `the chain ends at row ${rows} but its head records row ${head.lastSeq}: rows were removed`
      reports.push({ partnershipId, rows, ok: !problem, ...(problem ? { problem } : {}), headHash: previous })
    }
    return reports
  })
}
