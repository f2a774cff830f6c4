import { AsyncLocalStorage } from 'node:async_hooks'
import { isUuid } from '../kernel/ids.ts'

/**
 * Who the database should believe is asking. Every connection is switched to match the context of the code
 * that reserves it: `app` runs as the unprivileged `lantern_app` role with row-level security scoped to one
 * partnership; `system` (migrations, sign-in look-ups, the audit writer, the command line) runs as the owner.
 * With no context at all a connection gets the app role and no partnership, so it sees nothing.
 */
export type DbContext = { kind: 'system' } | { kind: 'app'; partnershipId: string | null }

const storage = new AsyncLocalStorage<DbContext>()
const NOBODY: DbContext = { kind: 'app', partnershipId: null }

export function currentDbContext(): DbContext {
  return storage.getStore() ?? NOBODY
}

export function asSystem<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run({ kind: 'system' }, fn)
}

export function asPartnership<T>(partnershipId: string, fn: () => Promise<T>): Promise<T> {
  if (!isUuid(partnershipId)) throw new Error('partnershipId must be a uuid')
  return storage.run({ kind: 'app', partnershipId }, fn)
}

/**
 * Run `next` (a Fastify hook's `done`) inside a context, so the rest of the request's lifecycle inherits it:
 * the pattern @fastify/request-context relies on.
 */
export function continueInPartnership(partnershipId: string | null, next: () => void): void {
  if (partnershipId !== null && !isUuid(partnershipId)) throw new Error('partnershipId must be a uuid')
  storage.run({ kind: 'app', partnershipId }, next)
}

export function contextKey(ctx: DbContext): string {
  return ctx.kind === 'system' ? 'system' : `app:${ctx.partnershipId ?? ''}`
}

/** The one statement that puts a connection into a context; parameters keep it injection-free. */
export function contextStatement(ctx: DbContext): { sql: string; parameters: string[] } {
  return ctx.kind === 'system'
    ? {
        sql: "select set_config('role', 'none', false), set_config('lantern.partnership_id', '', false)",
        parameters: [],
      }
    : {
        sql: "select set_config('role', 'lantern_app', false), set_config('lantern.partnership_id', $1, false)",
        parameters: [ctx.partnershipId ?? ''],
      }
}
