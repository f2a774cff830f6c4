import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'

/**
 * A part of the child's record another module contributes (cases, concerns): those modules sit above people, so
 * people cannot import them, and app.ts hands their sections in at composition as it hands in need to know.
 * The page loads each section only for someone who may read the person's record (the identifying minimum sees
 * none), and includes its template with the loaded data as `section`.
 */
export interface RecordSection<Data = unknown> {
  /** The template that shows the section, under src/modules (`cases/views/record-cases.njk`). */
  template: string
  /** What the section shows this reader about this person: only what they may read. */
  load(db: Db, actor: Actor, personId: string, now: Date): Promise<Data>
}

/** Loads every section for one reader, in the order given. */
export async function loadSections(
  sections: readonly RecordSection[],
  db: Db,
  actor: Actor,
  personId: string,
  now: Date,
): Promise<{ template: string; data: unknown }[]> {
  // Side by side: each is a few indexed queries on a connection of its own from the pool, so the page waits for
  // the slowest section rather than for all of them in turn. They keep the order given.
  return Promise.all(sections.map(async s => ({ template: s.template, data: await s.load(db, actor, personId, now) })))
}
