import { sql, type RawBuilder } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import { isoTimestamp, londonDate } from '../../web/dates.ts'
import type { Actor } from '../../kernel/actor.ts'
import { VISIBILITIES, type Visibility } from '../../kernel/codes/cases.ts'
import { reasonSchema } from './schema.ts'
import { writeCase } from './write.ts'
import { codesOf } from '../../web/input.ts'

// The multi-agency chronology: every change to a case writes an event (recordEvent, in the change's own
// transaction), and practitioners on the team add what their agency did or learnt. Entries can be restricted
// to the case team or sealed for named users, e.g. a disclosure, or the address of a parent in a refuge.

/** What a practitioner records on the chronology themselves. */
export const ENTRY_KINDS = {
  'visit.home': 'Home visit',
  'child.seen': 'Child seen',
  'contact.school': 'Contact with school',
  'contact.health': 'Health contact',
  'note.police': 'Police contact or action',
  'meeting.multiAgency': 'Multi-agency meeting',
  'call.family': 'Contact with the family',
  note: 'Case note',
} as const

/**
 * The chronology events the case layer writes, with the names practitioners read. Other modules declare their
 * own (concerns, people); app.ts merges them all into the names the chronology shows.
 */
export const casesEventKinds = {
  'case.opened': 'Case opened',
  'case.teamChanged': 'Case team changed',
  'case.leadChanged': 'Lead practitioner changed',
  'case.closed': 'Case closed',
  'case.reopened': 'Case reopened',
  'case.childAdded': 'Child added to the case',
  'case.childRemoved': 'Child removed from the case',
  'case.adultAdded': 'Adult added to the case',
  'case.adultRemoved': 'Adult removed from the case',
  'case.episodeLinked': 'Earlier episode linked',
  'entry.visibilityChanged': 'Who can see an entry changed',
  ...ENTRY_KINDS,
} as const satisfies Record<string, string>

/** Every kind the chronology can show, with its name: what app.ts hands the chronology pages. */
export type EventKinds = Readonly<Record<string, string>>

const sealedForField = z.array(z.uuid('Choose people from the list')).max(50, 'Name 50 people or fewer').default([])

/**
 * A sealed entry names who may read it; the one who seals it is always among them. Only a sealed entry names
 * anyone: people named for another visibility are refused, not silently ignored.
 */
function sealedNeedsPeople(value: { visibility: Visibility; sealedFor: string[] }, ctx: z.RefinementCtx) {
  if (value.visibility === 'sealed' && value.sealedFor.length === 0)
    ctx.addIssue({ code: 'custom', path: ['sealedFor'], message: 'Choose who may read a sealed entry' })
  if (value.visibility !== 'sealed' && value.sealedFor.length > 0)
    ctx.addIssue({ code: 'custom', path: ['sealedFor'], message: 'Name people only for an entry sealed for them' })
}

export function entrySchema(now: () => Date) {
  return z
    .strictObject({
      kind: z.enum(codesOf(ENTRY_KINDS), 'Choose what kind of entry this is'),
      occurredAt: isoTimestamp('When it happened', { notAfter: now }),
      childId: z.uuid('Choose a child from the list').optional(),
      summary: z
        .string({ error: 'Enter what happened' })
        .max(10_000, 'What happened must be 10,000 characters or fewer')
        .trim()
        .min(1, 'Enter what happened'),
      visibility: z.enum(codesOf(VISIBILITIES), 'Choose who can see this entry').default('normal'),
      sealedFor: sealedForField,
    })
    .superRefine(sealedNeedsPeople)
}

export type EntryInput = z.infer<ReturnType<typeof entrySchema>>

export const visibilitySchema = z
  .strictObject({
    visibility: z.enum(codesOf(VISIBILITIES), 'Choose who can see this entry'),
    sealedFor: sealedForField,
    reason: reasonSchema('you are changing who can see it').shape.reason,
  })
  .superRefine(sealedNeedsPeople)

export type VisibilityInput = z.infer<typeof visibilitySchema>

export const chronologyFilter = z.strictObject({
  agencyId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  childId: z
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  kind: z
    .string()
    .max(100)
    .optional()
    .transform(v => (v === '' ? undefined : v)),
})

export type ChronologyFilter = Partial<z.infer<typeof chronologyFilter>>

/**
 * Whether the actor may read an entry (over `chronology_events as e`), of a case they may read: normal ones for
 * anyone, restricted ones for the case's team only (never break-glass), sealed ones for their named users only.
 * `onTeamOf` lists the cases, of those read, whose team the actor is on. The one statement of the rule: the case's
 * chronology and the child's chronology across cases both use it.
 */
export function entryVisibleTo(actor: Actor, onTeamOf: readonly string[]): RawBuilder<boolean> {
  return sql<boolean>`(e.visibility = 'normal'
    or (e.visibility = 'restricted' and e.case_id = any(${onTeamOf}::uuid[]))
    or (e.visibility = 'sealed' and ${actor.userId}::uuid = any(e.sealed_for)))`
}

/**
 * The names a sealed entry is sealed for besides its author (over `chronology_events as e`), and whether the author
 * is among them, so every place an entry is shown can say who can see it. Whoever reads a sealed entry is one of
 * those it is sealed for, so they may know who the others are. Empty for any other entry.
 */
export function sealedReaders(): { others: RawBuilder<string[]>; author: RawBuilder<boolean> } {
  return {
    others: sql<string[]>`case when e.visibility = 'sealed' then array(
      select n.display_name from user_names n
      where n.partnership_id = e.partnership_id and n.user_id = any(e.sealed_for) and n.user_id <> e.user_id
      order by n.display_name) else '{}' end`,
    author: sql<boolean>`(e.visibility = 'sealed' and e.user_id = any(e.sealed_for))`,
  }
}

/** Who can see an entry, in words: the same on the timeline, the confirmation and the person's chronology. */
export function seenBy(entry: { visibility: string; sealedForOthers: string[]; sealedForAuthor: boolean }): string {
  if (entry.visibility === 'normal') return 'Everyone who can read the case'
  if (entry.visibility === 'restricted') return 'Case team only'
  const names = [...entry.sealedForOthers, ...(entry.sealedForAuthor ? ['the author'] : [])]
  const last = names.pop()
  return `Sealed: only ${names.length ? `${names.join(', ')} and ${last ?? ''}` : (last ?? 'the people named')}`
}

/** The entries of one case this actor may read. */
function visible(db: Db, actor: Actor, caseId: string, onTeam: boolean) {
  return db
    .selectFrom('chronologyEvents as e')
    .where('e.caseId', '=', caseId)
    .where(entryVisibleTo(actor, onTeam ? [caseId] : []))
}

/** Those entries with who recorded them and for which agency, by name. */
function readable(db: Db, actor: Actor, caseId: string, onTeam: boolean, filter: ChronologyFilter = {}) {
  return filtered(visible(db, actor, caseId, onTeam), filter)
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'e.partnershipId').onRef('a.agencyId', '=', 'e.agencyId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'e.partnershipId').onRef('u.userId', '=', 'e.userId'),
    )
    .select([
      'e.publicId as id',
      'e.occurredAt',
      'e.recordedAt',
      'e.kind',
      'e.summary',
      'e.childId',
      'e.visibility',
      'a.agencyId as agencyId',
      'a.agencyName as agency',
      'u.displayName as author',
      sealedReaders().others.as('sealedForOthers'),
      sealedReaders().author.as('sealedForAuthor'),
    ])
}

export type ChronologyEvent = Awaited<ReturnType<typeof chronology>>[number]

function filtered(query: ReturnType<typeof visible>, filter: ChronologyFilter) {
  if (filter.agencyId) query = query.where('e.agencyId', '=', filter.agencyId)
  if (filter.childId) query = query.where('e.childId', '=', filter.childId)
  if (filter.kind) query = query.where('e.kind', '=', filter.kind)
  return query
}

/** The multi-agency timeline, newest first; a page of it when `page` says which and how long. */
export function chronology(
  db: Db,
  actor: Actor,
  caseId: string,
  onTeam: boolean,
  filter: ChronologyFilter,
  page: { limit: number; offset: number } = { limit: 5000, offset: 0 },
) {
  return readable(db, actor, caseId, onTeam, filter)
    .orderBy('e.occurredAt', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

/** How many entries the timeline would show this actor, for paging: counted without the names' joins. */
export async function chronologyCount(
  db: Db,
  actor: Actor,
  caseId: string,
  onTeam: boolean,
  filter: ChronologyFilter,
): Promise<number> {
  const row = await filtered(visible(db, actor, caseId, onTeam), filter)
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/** One entry the actor may read, with the people it is sealed for; NotFound for any other. */
export async function chronologyEntry(db: Db, actor: Actor, caseId: string, onTeam: boolean, eventId: string) {
  if (!isUuid(eventId)) throw new NotFound('chronology entry')
  const entry = await readable(db, actor, caseId, onTeam)
    .select('e.sealedFor')
    .where('e.publicId', '=', eventId)
    .executeTakeFirst()
  if (!entry) throw new NotFound('chronology entry')
  return entry
}

/**
 * The users a sealed entry can name: those on the case team themselves or through their agency. Sealing is
 * for keeping something within the team, never for showing it to someone outside.
 */
export function teamUsers(db: Db, caseId: string) {
  return db
    .selectFrom('userNames as u')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.agencyId', '=', 'u.agencyId'),
    )
    .select(['u.userId as id', 'u.displayName', 'a.agencyName'])
    .where('u.disabledAt', 'is', null)
    .where(eb =>
      eb.exists(
        eb
          .selectFrom('caseTeam as t')
          .select('t.id')
          .where('t.caseId', '=', caseId)
          .where('t.removedAt', 'is', null)
          .where(w => w.or([w('t.userId', '=', w.ref('u.userId')), w('t.agencyId', '=', w.ref('u.agencyId'))])),
      ),
    )
    .orderBy('u.displayName')
    .execute()
}

/** The users a sealed entry names, the actor among them, as ids and names; each must be on the team. */
async function checkSealedFor(
  db: Db,
  actor: Actor,
  caseId: string,
  sealedFor: string[],
): Promise<{ ids: string[]; names: string[] }> {
  const team = await teamUsers(db, caseId)
  if (sealedFor.some(id => !team.some(u => u.id === id)))
    throw new Invalid({ sealedFor: 'Choose people on the case team' })
  const named = team.filter(u => u.id === actor.userId || sealedFor.includes(u.id))
  return { ids: [...new Set([actor.userId, ...named.map(u => u.id)])], names: named.map(u => u.displayName) }
}

/** A practitioner on the team records what their agency did or learnt. */
export async function recordEntry(
  db: Db,
  actor: Actor,
  caseId: string,
  input: EntryInput,
  ip: string,
  now: Date,
): Promise<string> {
  const sealedFor = input.visibility === 'sealed' ? (await checkSealedFor(db, actor, caseId, input.sealedFor)).ids : []
  // A closed case is named on the form's first field, not refused as a conflict: the user chose the wrong case.
  return writeCase(
    db,
    { actor, action: 'case.recordEntry', ip, now, caseIds: [caseId], closedCases: 'allow' },
    async work => {
      if (work.cases.get(caseId)?.status === 'closed')
        throw new Invalid({ summary: 'This case is closed: reopen it, or record on an open case' })
      if (input.childId) {
        const child = await work.trx
          .selectFrom('caseChildren')
          .select('personId')
          .where('caseId', '=', caseId)
          .where('personId', '=', input.childId)
          .where('removedAt', 'is', null)
          .executeTakeFirst()
        if (!child) throw new Invalid({ childId: 'Choose a child from this case' })
      }
      const id = await work.event(caseId, {
        kind: input.kind,
        summary: input.summary,
        occurredAt: input.occurredAt,
        childId: input.childId ?? null,
        visibility: input.visibility,
        sealedFor,
      })
      work.detail({ eventId: id, kind: input.kind, visibility: input.visibility })
      return id
    },
  )
}

/**
 * Restricts, seals or opens up an entry the actor can read. The change is itself on the chronology, for the
 * team only, so the team knows something is held back and who holds it, without seeing what.
 */
export async function changeEntryVisibility(
  db: Db,
  actor: Actor,
  caseId: string,
  eventId: string,
  input: VisibilityInput,
  ip: string,
  now: Date,
): Promise<void> {
  const entry = await chronologyEntry(db, actor, caseId, true, eventId)
  const sealed =
    input.visibility === 'sealed' ? await checkSealedFor(db, actor, caseId, input.sealedFor) : { ids: [], names: [] }
  const sealedFor = sealed.ids
  await writeCase(db, { actor, action: 'case.entryVisibility', ip, now, caseIds: [caseId] }, async work => {
    const updated = await work.trx
      .updateTable('chronologyEvents')
      .set({ visibility: input.visibility, sealedFor })
      .where('caseId', '=', caseId)
      .where('publicId', '=', eventId)
      .where('visibility', '=', entry.visibility)
      .executeTakeFirst()
    if (updated.numUpdatedRows === 0n)
      throw new Invalid({ visibility: 'Someone else changed who can see this entry: look again' })
    const when = londonDate(entry.occurredAt)
    const who =
      input.visibility === 'sealed'
        ? `sealed for ${sealed.names.join(', ')}`
        : input.visibility === 'restricted'
          ? 'restricted to the case team'
          : 'opened to everyone who can read the case'
    await work.event(caseId, {
      kind: 'entry.visibilityChanged',
      summary: `An entry of ${when} was ${who}: ${input.reason}`,
      occurredAt: now,
      visibility: 'restricted',
    })
    work.detail({ eventId, from: entry.visibility, to: input.visibility, sealedFor })
  })
}
