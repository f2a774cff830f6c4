import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'

/**
 * A part of the case page a module above cases contributes (concerns' prompt when concerns add up): as the
 * person page takes record sections, the case page takes these at composition. The page includes `template`
 * with what `load` answered as `section`.
 */
export interface CaseSection<Data = unknown> {
  template: string
  load(db: Db, actor: Actor, kase: { id: string; children: readonly { id: string }[] }, now: Date): Promise<Data>
}

/** A chronology entry as a module above cases needs it to find the record the entry tells of. */
export interface LinkableEntry {
  id: string
  kind: string
  childId: string | null
  occurredAt: Date
}

/**
 * Links from chronology entries to the records they tell of (a concern's page from "Concern recorded"), which a
 * module above cases gives at composition: answers a link for each entry it knows, by the entry's id. The page the
 * link opens decides for itself whether the reader may read it.
 */
export type EntryLinks = (
  db: Db,
  entries: readonly LinkableEntry[],
) => Promise<ReadonlyMap<string, { href: string; text: string }>>

/**
 * What is due on a case that a module above cases knows of (a referral decision about one of its children; tasks
 * later), soonest first, given at composition as the home page's list takes it.
 */
export type CaseDue = (
  db: Db,
  kase: { id: string; children: readonly { id: string }[] },
  now: Date,
) => Promise<readonly { name: string; dueAt: Date; overdue: boolean }[]>
