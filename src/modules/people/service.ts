import { randomUUID } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import type { Actor } from '../../kernel/actor.ts'
import {
  OFFENDING_KINDS,
  RELATIONSHIP_KINDS,
  type OffendingKind,
  type RelationshipKind,
} from '../../kernel/codes/people.ts'
import type { NewOffendingHistory, NewPerson, NewRelationship, PersonChanges } from './schema.ts'
import { ageOn, londonDate, londonParts } from '../../web/dates.ts'
import { currentAreas } from './addresses.ts'
import { addedSummary } from './relationships.ts'

const PERSON_COLUMNS = [
  'id',
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'dateOfBirthEstimated',
  'sex',
  'ethnicity',
  'firstLanguage',
  'interpreterNeeded',
  'communicationNeeds',
  'disabilities',
  'nhsNumber',
  'uniquePupilNumber',
  'recordedByAgencyId',
  'version',
  'mergedIntoId',
] as const

export type Person = Awaited<ReturnType<typeof getPerson>>
type PersonFields = Omit<NewPerson, never>

function searchName(p: { givenName: string; familyName: string; otherNames: string[] }): string {
  return [p.givenName, p.familyName, ...p.otherNames].join(' ').toLowerCase()
}

function snapshot(p: PersonFields): Record<string, unknown> {
  return { ...p }
}

export async function getPerson(db: Db, id: string) {
  const person = await db.selectFrom('people').select(PERSON_COLUMNS).where('id', '=', id).executeTakeFirst()
  if (!person) throw new NotFound('person')
  return person
}

/**
 * What people need from the case layer above them, handed in at composition: need to know is decided by case
 * teams, and a person's offending history belongs on the chronology of their open cases.
 */
export interface PeopleNeedToKnow {
  /** Of these people, the ids whose full record the actor may see (the rest show only the identifying minimum). */
  fullRecordOf(
    db: Db,
    actor: Actor,
    people: readonly { id: string; recordedByAgencyId: string }[],
    now: Date,
  ): Promise<Set<string>>
  /**
   * Runs a change to a person as one unit of work with every open case they are part of (the case layer's write
   * pipeline): `tellCases` writes an event on each of those cases' chronologies, and one audit row names the
   * action and the person.
   */
  changePerson<T>(
    db: Db,
    change: {
      actor: Actor
      action: string
      ip: string
      now: Date
      personId: string
      detail?: Record<string, unknown>
    },
    apply: (
      trx: Transaction<Database>,
      tellCases: (event: {
        kind: string
        summary: string
        occurredAt: Date
        visibility: 'restricted'
      }) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T>
  /**
   * Runs a change about people (a relationship between them, say) as one unit of work with every open case any
   * of them is a child of: `tellCases` asks, for each of those cases, the event to write there, given which of the
   * people are its children (the event is about that child when just one is). One audit row names the action and
   * `personId`.
   */
  changeAboutChildren<T>(
    db: Db,
    change: {
      actor: Actor
      action: string
      ip: string
      now: Date
      personId: string
      childIds: readonly string[]
      detail?: Record<string, unknown>
    },
    apply: (
      trx: Transaction<Database>,
      tellCases: (event: (childrenOnCase: readonly string[]) => CaseEvent) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T>
}

/** An event a change to people writes on a case's chronology (through the case layer's pipeline). */
export interface CaseEvent {
  kind: string
  summary: string
  occurredAt: Date
}

export interface PossibleDuplicate {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  reason: 'nhs_number' | 'name_and_date_of_birth'
}

/**
 * Other records that may be the same person: the same NHS number, or a similar name and the same date of birth.
 * Records already merged, and those a practitioner said are not the same person, are not flagged again.
 */
export async function possibleDuplicates(
  db: Db,
  person: {
    id?: string
    givenName: string
    familyName: string
    otherNames: string[]
    dateOfBirth: string | null
    nhsNumber: string | null
  },
): Promise<PossibleDuplicate[]> {
  const name = searchName(person)
  const rows = await db
    .selectFrom('people')
    .select(['id', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber'])
    .where(eb =>
      eb.or([
        ...(person.nhsNumber ? [eb('nhsNumber', '=', person.nhsNumber)] : []),
        ...(person.dateOfBirth
          ? [eb.and([eb('dateOfBirth', '=', person.dateOfBirth), sql<boolean>`similarity(search_name, ${name}) > 0.3`])]
          : []),
      ]),
    )
    .where('mergedIntoId', 'is', null)
    .$if(person.id !== undefined, q =>
      q.where('id', '!=', person.id ?? '').where(eb =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('personNotDuplicates as n')
              .select('n.personId')
              .where(n =>
                n.or([
                  n.and([n('n.personId', '=', person.id ?? ''), n('n.otherPersonId', '=', n.ref('people.id'))]),
                  n.and([n('n.otherPersonId', '=', person.id ?? ''), n('n.personId', '=', n.ref('people.id'))]),
                ]),
              ),
          ),
        ),
      ),
    )
    .limit(10)
    .execute()
  return rows.map(r => ({
    id: r.id,
    givenName: r.givenName,
    familyName: r.familyName,
    dateOfBirth: r.dateOfBirth,
    reason: person.nhsNumber && r.nhsNumber === person.nhsNumber ? 'nhs_number' : 'name_and_date_of_birth',
  }))
}

export async function recordPerson(
  db: Db,
  actor: Actor,
  input: NewPerson,
  ip: string,
  now: Date,
): Promise<{ id: string; possibleDuplicates: PossibleDuplicate[] }> {
  return db.transaction().execute(async trx => {
    const duplicates = await possibleDuplicates(trx, input)
    const { id } = await trx
      .insertInto('people')
      .values({
        ...input,
        partnershipId: actor.partnershipId,
        searchName: searchName(input),
        recordedByAgencyId: actor.agencyId,
        recordedByUserId: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('personVersions')
      .values({
        partnershipId: actor.partnershipId,
        personId: id,
        version: 1,
        snapshot: JSON.stringify(snapshot(input)),
        changedByUserId: actor.userId,
        changedAt: now,
      })
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'people.record',
      objectType: 'person',
      objectId: id,
      ip,
      at: now,
      detail: duplicates.length ? { possibleDuplicates: duplicates.map(d => d.id) } : null,
    })
    return { id, possibleDuplicates: duplicates }
  })
}

const FIELD_LABELS: Record<string, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  otherNames: 'Other names',
  dateOfBirth: 'Date of birth',
  dateOfBirthEstimated: 'Date of birth estimated',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  firstLanguage: 'First language',
  interpreterNeeded: 'Interpreter needed',
  communicationNeeds: 'Communication needs',
  disabilities: 'Disabilities',
  nhsNumber: 'NHS number',
  uniquePupilNumber: 'Unique pupil number',
}

/**
 * Applies changes made to the version the user read. If someone else saved a newer version first, nothing
 * is written and Conflict names the fields they changed.
 */
export async function correctPerson(
  db: Db,
  actor: Actor,
  id: string,
  changes: PersonChanges,
  ip: string,
  now: Date,
): Promise<{ version: number }> {
  return db.transaction().execute(async trx => {
    const { version, ...fields } = changes
    const current = await trx
      .selectFrom('people')
      .select(PERSON_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw new NotFound('person')
    if (current.mergedIntoId !== null)
      throw new Conflict(
        'This record was merged into another: correct the record it was merged into. Nothing was saved.',
      )
    if (current.version !== version) {
      const seen = await trx
        .selectFrom('personVersions')
        .select('snapshot')
        .where('personId', '=', id)
        .where('version', '=', version)
        .executeTakeFirst()
      const before = (seen?.snapshot ?? {}) as Record<string, unknown>
      const changed = Object.keys(FIELD_LABELS).filter(
        f => JSON.stringify(before[f] ?? null) !== JSON.stringify((current as Record<string, unknown>)[f] ?? null),
      )
      throw new Conflict(
        'Someone else changed this record after you opened it. Nothing you entered was saved.',
        changed.map(f => FIELD_LABELS[f] ?? f),
      )
    }
    // A correction that changes nothing is no new version: the record is answered as it is.
    const unchanged = Object.entries(fields).every(
      ([f, v]) => JSON.stringify(v ?? null) === JSON.stringify((current as Record<string, unknown>)[f] ?? null),
    )
    if (unchanged) return { version }
    const { id: _id, recordedByAgencyId: _agency, version: _version, mergedIntoId: _merged, ...existing } = current
    const next = { ...existing, ...fields }
    await trx
      .updateTable('people')
      .set({ ...fields, searchName: searchName(next), updatedAt: now, version: version + 1 })
      .where('id', '=', id)
      .execute()
    await trx
      .insertInto('personVersions')
      .values({
        partnershipId: actor.partnershipId,
        personId: id,
        version: version + 1,
        snapshot: JSON.stringify(snapshot(next)),
        changedByUserId: actor.userId,
        changedAt: now,
      })
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.correct',
      objectType: 'person',
      objectId: id,
      ip,
      at: now,
      detail: { fields: Object.keys(fields) },
    })
    return { version: version + 1 }
  })
}

export interface SearchResult {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  access: 'full' | 'minimum'
  /** Whole years today in London, to tell two of one name apart at a glance; null when not known. */
  age: number | null
  otherNames: string[]
  /** The town or outward postcode of their current address; null when none, or it is confidential. */
  area: string | null
}

interface PeopleQuery {
  q?: string | undefined
  dateOfBirth?: string | undefined
  nhsNumber?: string | undefined
}

function peopleMatching(db: Db, query: PeopleQuery) {
  const q = query.q?.trim().toLowerCase() ?? ''
  let search = db
    .selectFrom('people')
    .select([
      'people.id',
      'people.givenName',
      'people.familyName',
      'people.otherNames',
      'people.dateOfBirth',
      'people.recordedByAgencyId',
    ])
  if (q) {
    // Through the indexes, from the date of birth when one is given (see migration 0022); the rows themselves are
    // still read under row-level security.
    const born = query.dateOfBirth ?? null
    const matches = sql<{ id: string; score: number }>`lantern_search_people(${q}, ${born}::date, 200)`.as('m')
    search = search.innerJoin(matches, j => j.onRef('m.id', '=', 'people.id')).orderBy('m.score', 'desc')
  }
  if (query.dateOfBirth) search = search.where('people.dateOfBirth', '=', query.dateOfBirth)
  if (query.nhsNumber) search = search.where('people.nhsNumber', '=', query.nhsNumber.replace(/\s+/g, ''))
  // A merged record is found through the record it was merged into.
  return search.where('people.mergedIntoId', 'is', null)
}

const nothingAsked = (query: PeopleQuery) => !query.q?.trim() && !query.dateOfBirth && !query.nhsNumber

/** How many people a search finds (a name search considers its 200 best matches), for paging. */
export async function countPeople(db: Db, query: PeopleQuery): Promise<number> {
  if (nothingAsked(query)) return 0
  const row = await peopleMatching(db, query)
    .clearSelect()
    .clearOrderBy()
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/** Typo-tolerant search over names and other names (trigrams), narrowed by date of birth or NHS number; one page of it. */
export async function searchPeople(
  db: Db,
  actor: Actor,
  query: PeopleQuery,
  now: Date,
  needToKnow: PeopleNeedToKnow,
  page: { limit: number; offset: number } = { limit: 50, offset: 0 },
): Promise<SearchResult[]> {
  if (nothingAsked(query)) return []
  const rows = await peopleMatching(db, query)
    .orderBy('people.familyName')
    .orderBy('people.givenName')
    .orderBy('people.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  const [full, areas] = await Promise.all([
    needToKnow.fullRecordOf(db, actor, rows, now),
    currentAreas(
      db,
      rows.map(r => r.id),
    ),
  ])
  const today = londonParts(now)[0]
  return rows.map(({ recordedByAgencyId: _agency, ...r }) => ({
    ...r,
    access: full.has(r.id) ? ('full' as const) : ('minimum' as const),
    age: ageOn(r.dateOfBirth, today),
    area: areas.get(r.id) ?? null,
  }))
}

/** Kinds that make the other person an elder of this one: two people cannot each be the other's. */
const ELDER_KINDS: RelationshipKind[] = ['parent', 'step_parent', 'grandparent']

/**
 * Records a relationship between two people. It goes on the chronology of every open case either of them is a
 * child of, in the same unit of work (the case layer's pipeline, handed in as needToKnow), so the safeguards of
 * those cases see the new link at once: a child now living with someone on the register asks for a discussion.
 */
export async function addRelationship(
  db: Db,
  actor: Actor,
  personId: string,
  input: NewRelationship,
  ip: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
): Promise<string> {
  if (input.otherPersonId === personId) throw new Invalid({ otherPersonId: 'A person cannot be related to themselves' })
  // Made here, not by the database, so the audit row (written by the pipeline) can name it.
  const id = randomUUID()
  const change = {
    actor,
    action: 'person.addRelationship',
    ip,
    now,
    personId,
    childIds: [personId, input.otherPersonId],
    detail: { relationshipId: id, otherPersonId: input.otherPersonId, kind: input.kind },
  }
  return needToKnow.changeAboutChildren(db, change, async (trx, tellCases) => {
    const other = await trx
      .selectFrom('people')
      .select(['id', 'recordedByAgencyId'])
      .where('id', '=', input.otherPersonId)
      // A merged record's relationships are the record kept's: relate that one instead.
      .where('mergedIntoId', 'is', null)
      .executeTakeFirst()
    if (!other) throw new Invalid({ otherPersonId: 'Select a person who is already recorded' })
    // A relationship puts the other person in this one's household for everyone who reads it: only someone
    // who may read both records says how they are related.
    if (!(await needToKnow.fullRecordOf(trx, actor, [other], now)).has(other.id)) {
      throw new Forbidden(
        'no_legitimate_relationship',
        'You can record a relationship only with someone whose record you can see; ask the front door',
      )
    }
    if (ELDER_KINDS.includes(input.kind)) {
      const reverse = await trx
        .selectFrom('relationships')
        .select('kind')
        .where('personId', '=', input.otherPersonId)
        .where('otherPersonId', '=', personId)
        .where('kind', 'in', ELDER_KINDS)
        .executeTakeFirst()
      if (reverse)
        throw new Invalid({
          otherPersonId:
            `${RELATIONSHIP_KINDS[input.kind].label}: they are already recorded the other way round ` +
            `(this person is their ${RELATIONSHIP_KINDS[reverse.kind].label.toLowerCase()}), and cannot be both`,
        })
    }
    const existing = await trx
      .selectFrom('relationships')
      .select('id')
      .where('personId', '=', personId)
      .where('otherPersonId', '=', input.otherPersonId)
      .where('kind', '=', input.kind)
      .where('endedOn', 'is', null)
      .executeTakeFirst()
    if (existing)
      throw new Invalid({ otherPersonId: 'This relationship is already recorded; to change it, end it first' })
    await trx
      .insertInto('relationships')
      .values({
        ...input,
        id,
        partnershipId: actor.partnershipId,
        personId,
        recordedByUserId: actor.userId,
        createdAt: now,
      })
      .execute()
    const people = await trx
      .selectFrom('people')
      .select(['id', 'givenName', 'familyName'])
      .where('id', 'in', [personId, input.otherPersonId])
      .execute()
    const name = (of: string) => {
      const found = people.find(p => p.id === of)
      return found ? `${found.givenName} ${found.familyName}` : 'someone'
    }
    const names = { person: name(personId), other: name(input.otherPersonId) }
    await tellCases(children => ({
      kind: 'relationship.added',
      summary: addedSummary({ personId, ...input }, names, children),
      occurredAt: now,
    }))
    return id
  })
}

/**
 * Records a person's history of sexual offending or an allegation. It goes, restricted to the case team, on
 * the chronology of every open case the person is part of.
 */
export async function recordOffendingHistory(
  db: Db,
  actor: Actor,
  personId: string,
  input: NewOffendingHistory,
  ip: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
): Promise<string> {
  const sourceAgencyId = input.sourceAgencyId ?? actor.agencyId
  const change = {
    actor,
    action: 'person.recordOffendingHistory',
    ip,
    now,
    personId,
    detail: { kind: input.kind, sourceAgencyId },
  }
  return needToKnow.changePerson(db, change, async (trx, tellCases) => {
    const person = await trx
      .selectFrom('people')
      .select(['givenName', 'familyName'])
      .where('id', '=', personId)
      .executeTakeFirst()
    if (!person) throw new NotFound('person')
    // Row-level security shows only this partnership's agencies: another partnership's reads as unknown.
    const agency = await trx
      .selectFrom('agencyDirectory')
      .select('agencyId')
      .where('agencyId', '=', sourceAgencyId)
      .executeTakeFirst()
    if (!agency) throw new Invalid({ sourceAgencyId: 'Select an agency of this partnership the information came from' })
    const { id } = await trx
      .insertInto('offendingHistory')
      .values({
        partnershipId: actor.partnershipId,
        personId,
        kind: input.kind,
        date: input.date,
        description: input.description,
        endsOn: input.endsOn ?? null,
        registrationPeriod: input.registrationPeriod ?? null,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        sourceAgencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tellCases({
      kind: 'person.offendingHistory',
      summary: `${OFFENDING_KINDS[input.kind]} recorded for ${person.givenName} ${person.familyName} (${londonDate(input.date)})`,
      occurredAt: now,
      visibility: 'restricted',
    })
    return id
  })
}

/**
 * What offending history is known of these people, and when each item was recorded: what the register's
 * safeguards read (new information asks for a new discussion). One query.
 */
export function offendingKnownOf(
  db: Db,
  personIds: readonly string[],
): Promise<{ personId: string; kind: OffendingKind; recordedAt: Date }[]> {
  if (personIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('offendingHistory')
    .select(['personId', 'kind', 'recordedAt'])
    .where('personId', 'in', personIds)
    .orderBy('recordedAt')
    .execute()
}

export function offendingHistory(db: Db, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([])
  return db
    .selectFrom('offendingHistory')
    .select(['personId', 'kind', 'date'])
    .where('personId', 'in', personIds)
    .orderBy('date', 'desc')
    .execute()
}

/**
 * A person's offending history in full, newest first: what it was, where the information came from and who
 * recorded it. Only for a reader who may see the person's full record, or who reads the register.
 */
export function offendingHistoryInFull(db: Db, personId: string) {
  return db
    .selectFrom('offendingHistory as h')
    .innerJoin('agencyDirectory as s', j =>
      j.onRef('s.partnershipId', '=', 'h.partnershipId').onRef('s.agencyId', '=', 'h.sourceAgencyId'),
    )
    .innerJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'h.partnershipId').onRef('u.userId', '=', 'h.recordedByUserId'),
    )
    .select([
      'h.id',
      'h.kind',
      'h.date',
      'h.endsOn',
      'h.registrationPeriod',
      'h.description',
      'h.sourceAgencyId',
      's.agencyName as sourceAgencyName',
      'u.displayName as recordedBy',
      'u.agencyName as recordedByAgencyName',
      'h.recordedAt',
    ])
    .where('h.personId', '=', personId)
    .orderBy('h.date', 'desc')
    .orderBy('h.recordedAt', 'desc')
    .execute()
}

export type OffendingHistoryItem = Awaited<ReturnType<typeof offendingHistoryInFull>>[number]

export interface HouseholdMember {
  /** The relationship's own id (to end it). */
  id: string
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  recordedByAgencyId: string
  relationship: string
  kind: RelationshipKind
  direction: 'to_person' | 'from_person'
  livesWith: boolean
  hasContact: boolean
  startedOn: string | null
  endedOn: string | null
  endedReason: string | null
  /** Who ended it, by name. */
  endedBy: string | null
  version: number
}

/**
 * Everyone recorded around a person, in both directions of each relationship, past ones too (with when and why
 * they ended). Current members first; each part by age, eldest first.
 */
export async function relationshipsAround(db: Db, personId: string): Promise<HouseholdMember[]> {
  // Each relationship is stored once; read it from this person outwards and from the other side inwards, in one
  // statement: the person's page and the concerns that add up both read it, so a round trip saved counts twice.
  const side = (mine: 'r.personId' | 'r.otherPersonId', theirs: 'r.personId' | 'r.otherPersonId', outward: boolean) =>
    db
      .selectFrom('relationships as r')
      .innerJoin('people as p', j => j.onRef('p.partnershipId', '=', 'r.partnershipId').onRef('p.id', '=', theirs))
      .leftJoin('userNames as u', j =>
        j.onRef('u.partnershipId', '=', 'r.partnershipId').onRef('u.userId', '=', 'r.endedByUserId'),
      )
      .select(eb => [
        'r.id',
        'p.id as personId',
        'p.givenName',
        'p.familyName',
        'p.dateOfBirth',
        'p.recordedByAgencyId',
        'r.kind',
        'r.livesWith',
        'r.hasContact',
        'r.startedOn',
        'r.endedOn',
        'r.endedReason',
        'u.displayName as endedBy',
        'r.version',
        eb.lit(outward).as('outward'),
      ])
      .where(mine, '=', personId)
  const rows = await side('r.personId', 'r.otherPersonId', true)
    .unionAll(side('r.otherPersonId', 'r.personId', false))
    .execute()
  return rows
    .map(({ outward, ...m }) =>
      outward
        ? { ...m, relationship: RELATIONSHIP_KINDS[m.kind].label, direction: 'to_person' as const }
        : { ...m, relationship: RELATIONSHIP_KINDS[m.kind].inverse, direction: 'from_person' as const },
    )
    .sort(
      (a, b) =>
        Number(a.endedOn !== null) - Number(b.endedOn !== null) ||
        (a.dateOfBirth ?? '').localeCompare(b.dateOfBirth ?? '') ||
        a.familyName.localeCompare(b.familyName),
    )
}

/**
 * The household as it is now: only relationships that have not ended. Everywhere "lives with" or "has contact"
 * counts (need to know, the people a case may name), an ended one no longer does.
 */
export async function household(db: Db, personId: string): Promise<HouseholdMember[]> {
  return (await relationshipsAround(db, personId)).filter(m => m.endedOn === null)
}

/**
 * The household, with each member's sexual-offending history where the caller may see that member's full
 * record (`offendingHistory` is null where they may not: the history may exist, but is not theirs to see).
 */
export async function householdWithHistory(
  db: Db,
  actor: Actor,
  personId: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
) {
  const members = await relationshipsAround(db, personId)
  const visible = await needToKnow.fullRecordOf(
    db,
    actor,
    members.map(m => ({ id: m.personId, recordedByAgencyId: m.recordedByAgencyId })),
    now,
  )
  const history = await offendingHistory(db, [...visible])
  return members.map(m => ({
    ...m,
    /** Whether this reader may open the member's page: their name is a link only then. */
    mayOpen: visible.has(m.personId),
    offendingHistory: visible.has(m.personId)
      ? history.filter(h => h.personId === m.personId).map(({ kind, date }) => ({ kind, date }))
      : null,
  }))
}

/**
 * Who recorded a person, the fact need to know starts from, and the record it was merged into if it was;
 * undefined when there is no such person.
 */
export function personRecordedBy(db: Db, id: string) {
  return db
    .selectFrom('people')
    .select(['id', 'recordedByAgencyId', 'mergedIntoId'])
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Kinds that make the other person a brother or sister. */
const SIBLING_KINDS: RelationshipKind[] = ['sibling', 'half_sibling', 'step_sibling']
/** Kinds that make the other person a parent (the children of one parent are siblings, recorded or not). */
const PARENT_KINDS: RelationshipKind[] = ['parent', 'step_parent']

export interface Sibling {
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
  /** "Sister or brother (recorded)", or the parent they share. */
  how: string
  mayOpen: boolean
}

/**
 * A child's brothers and sisters now: those recorded as siblings, and the other children of their current parents
 * (a sibling nobody recorded is still a sibling). Only current relationships count; each person once, eldest first.
 */
export async function siblingsOf(
  db: Db,
  actor: Actor,
  personId: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
): Promise<Sibling[]> {
  const around = await household(db, personId)
  const found = new Map<string, Omit<Sibling, 'mayOpen'> & { recordedByAgencyId: string }>()
  for (const m of around)
    if (SIBLING_KINDS.includes(m.kind) && !found.has(m.personId))
      found.set(m.personId, { ...m, how: `${m.relationship} (recorded)` })
  // The member is this person's parent when the relationship points outwards from this person.
  const parents = around.filter(m => PARENT_KINDS.includes(m.kind) && m.direction === 'to_person')
  const theirs = await Promise.all(parents.map(p => household(db, p.personId)))
  parents.forEach((parent, i) => {
    for (const c of theirs[i] ?? [])
      if (PARENT_KINDS.includes(c.kind) && c.direction === 'from_person' && c.personId !== personId)
        if (!found.has(c.personId))
          found.set(c.personId, { ...c, how: `Shares a parent: ${parent.givenName} ${parent.familyName}` })
  })
  const siblings = [...found.values()]
  const visible = await needToKnow.fullRecordOf(
    db,
    actor,
    siblings.map(x => ({ id: x.personId, recordedByAgencyId: x.recordedByAgencyId })),
    now,
  )
  return siblings
    .map(({ personId: id, givenName, familyName, dateOfBirth, how }) => ({
      personId: id,
      givenName,
      familyName,
      dateOfBirth,
      how,
      mayOpen: visible.has(id),
    }))
    .sort((a, b) => (a.dateOfBirth ?? '').localeCompare(b.dateOfBirth ?? ''))
}
