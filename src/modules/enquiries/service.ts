import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ABUSE_CATEGORIES } from '../../kernel/codes/cases.ts'
import { CONFERENCE_KINDS, SECTION47_OUTCOMES } from '../../kernel/codes/enquiries.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { childrenOnCase, recordOnCase, writeCase } from '../cases/index.ts'
import { strategySnapshot } from '../strategy/index.ts'
import type {
  AssessmentCompletion,
  AssessmentStart,
  ConferenceInput,
  Section47Completion,
  Section47Start,
} from './schema.ts'
import { dayStart, startingDiscussion } from './snapshot.ts'

// Section 47 enquiries, child and family assessments and child protection conferences: each a change to a case
// through the write pipeline, checked first against the case as it stands (the child on it, the days in order).
// The same checks run before check your answers shows the answers, so nothing is shown as if it could be saved
// that the service would refuse.

type Reader = Pick<Db, 'selectFrom'>

/** Whoever recorded it, as the row records them. */
const recordedBy = (actor: Actor, now: Date) => ({
  partnershipId: actor.partnershipId,
  recordedByUserId: actor.userId,
  recordedByAgencyId: actor.agencyId,
  recordedAt: now,
})

function notAhead(field: string, label: string, day: string, now: Date) {
  if (day > londonDay(now)) throw new Invalid({ [field]: `${label} must be today or in the past` })
}

async function childOnCase(db: Db, caseId: string, childId: string): Promise<string> {
  const name = (await childrenOnCase(db, caseId)).get(childId)
  if (!name) throw new Invalid({ childId: 'Choose a child on this case' })
  return name
}

// ---- Section 47 enquiries ------------------------------------------------------------------------------------

/** What starting an enquiry would be refused for, before anything is saved. */
export async function checkSection47Start(db: Db, caseId: string, input: Section47Start, now: Date) {
  const name = await childOnCase(db, caseId, input.childId)
  notAhead('startedAt', 'The date the enquiry started', input.startedAt, now)
  const open = await db
    .selectFrom('section47Enquiries')
    .select('id')
    .where('caseId', '=', caseId)
    .where('childId', '=', input.childId)
    .where('completedOn', 'is', null)
    .executeTakeFirst()
  if (open) throw new Invalid({ childId: `${name} already has an open section 47 enquiry on this case` })
  return { childName: name }
}

export async function startSection47(
  db: Db,
  actor: Actor,
  caseId: string,
  input: Section47Start,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'section47.start', ip, now, caseIds: [caseId] }, async work => {
    await checkSection47Start(work.trx, caseId, input, now)
    const { id } = await work.trx
      .insertInto('section47Enquiries')
      .values({
        ...recordedBy(actor, now),
        caseId,
        childId: input.childId,
        startedOn: input.startedAt,
        category: input.category,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(caseId, {
      kind: 'section47.started',
      summary: `Section 47 enquiry started (${ABUSE_CATEGORIES[input.category]})`,
      occurredAt: dayStart(input.startedAt),
      childId: input.childId,
    })
    work.describe({ objectType: 'section47', objectId: id })
    return { id }
  })
}

/** One enquiry, with the child's name, or NotFound. */
export async function getSection47(db: Reader, id: string) {
  const found = await db
    .selectFrom('section47Enquiries as e')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'e.partnershipId').onRef('p.personId', '=', 'e.childId'),
    )
    .select([
      'e.id',
      'e.caseId',
      'e.childId',
      'p.givenName',
      'p.familyName',
      'e.startedOn',
      'e.category',
      'e.completedOn',
      'e.outcome',
      'e.version',
    ])
    .where('e.id', '=', id)
    .executeTakeFirst()
  if (!found) throw new NotFound('section 47 enquiry')
  return found
}

export type Section47Row = Awaited<ReturnType<typeof getSection47>>

/** A case's enquiries, oldest first, with each child's name. */
export function section47OfCase(db: Reader, caseId: string): Promise<Section47Row[]> {
  return db
    .selectFrom('section47Enquiries as e')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'e.partnershipId').onRef('p.personId', '=', 'e.childId'),
    )
    .select([
      'e.id',
      'e.caseId',
      'e.childId',
      'p.givenName',
      'p.familyName',
      'e.startedOn',
      'e.category',
      'e.completedOn',
      'e.outcome',
      'e.version',
    ])
    .where('e.caseId', '=', caseId)
    .orderBy('e.startedOn')
    .orderBy('e.recordedAt')
    .execute()
}

/**
 * What completing an enquiry or an assessment would be refused for: completed already, changed since it was read,
 * or a completion date ahead of today or before the start. `what` names it in the messages.
 */
function checkCompletion(
  record: { completedOn: string | null; version: number; startedOn: string },
  input: { version: number; completedAt: string },
  now: Date,
  what: { name: 'enquiry' | 'assessment'; stillToAnswer: string },
) {
  if (record.completedOn !== null)
    throw new Conflict(`Someone else completed this ${what.name} after you opened it. Nothing you entered was saved.`, [
      what.stillToAnswer,
    ])
  if (record.version !== input.version)
    throw new Conflict(`Someone else changed this ${what.name} after you opened it. Nothing you entered was saved.`)
  notAhead('completedAt', `The date the ${what.name} was completed`, input.completedAt, now)
  if (input.completedAt < record.startedOn)
    throw new Invalid({
      completedAt: `The date the ${what.name} was completed must be on or after it started (${inWords(record.startedOn)})`,
    })
}

export function checkSection47Completion(enquiry: Section47Row, input: Section47Completion, now: Date) {
  checkCompletion(enquiry, input, now, { name: 'enquiry', stillToAnswer: 'Outcome' })
}

export async function completeSection47(
  db: Db,
  actor: Actor,
  id: string,
  input: Section47Completion,
  ip: string,
  now: Date,
): Promise<{ id: string; caseId: string; version: number }> {
  const { caseId } = await getSection47(db, id)
  return writeCase(db, { actor, action: 'section47.complete', ip, now, caseIds: [caseId] }, async work => {
    await work.trx.selectFrom('section47Enquiries').select('id').where('id', '=', id).forUpdate().execute()
    const enquiry = await getSection47(work.trx, id)
    checkSection47Completion(enquiry, input, now)
    const version = enquiry.version + 1
    await work.trx
      .updateTable('section47Enquiries')
      .set({
        completedOn: input.completedAt,
        outcome: input.outcome,
        completedByUserId: actor.userId,
        completedAt: now,
        version,
      })
      .where('id', '=', id)
      .execute()
    await work.event(caseId, {
      kind: 'section47.completed',
      summary: `Section 47 enquiry completed: ${SECTION47_OUTCOMES[input.outcome]}`,
      occurredAt: dayStart(input.completedAt),
      childId: enquiry.childId,
    })
    work.describe({ objectType: 'section47', objectId: id })
    return { id, caseId, version }
  })
}

// ---- Child and family assessments ----------------------------------------------------------------------------

export async function checkAssessmentStart(db: Db, caseId: string, input: AssessmentStart, now: Date) {
  const name = await childOnCase(db, caseId, input.childId)
  notAhead('startedAt', 'The date the assessment started', input.startedAt, now)
  const open = await db
    .selectFrom('assessments')
    .select('id')
    .where('caseId', '=', caseId)
    .where('childId', '=', input.childId)
    .where('completedOn', 'is', null)
    .executeTakeFirst()
  if (open) throw new Invalid({ childId: `${name} already has an open assessment on this case` })
  return { childName: name }
}

export async function startAssessment(
  db: Db,
  actor: Actor,
  caseId: string,
  input: AssessmentStart,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'assessment.start', ip, now, caseIds: [caseId] }, async work => {
    await checkAssessmentStart(work.trx, caseId, input, now)
    const { id } = await work.trx
      .insertInto('assessments')
      .values({ ...recordedBy(actor, now), caseId, childId: input.childId, startedOn: input.startedAt })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(caseId, {
      kind: 'assessment.started',
      summary: 'Child and family assessment started',
      occurredAt: dayStart(input.startedAt),
      childId: input.childId,
    })
    work.describe({ objectType: 'assessment', objectId: id })
    return { id }
  })
}

const assessmentColumns = [
  'a.id',
  'a.caseId',
  'a.childId',
  'p.givenName',
  'p.familyName',
  'a.startedOn',
  'a.completedOn',
  'a.summary',
  'a.version',
] as const

export async function getAssessment(db: Reader, id: string) {
  const found = await db
    .selectFrom('assessments as a')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'a.partnershipId').onRef('p.personId', '=', 'a.childId'),
    )
    .select(assessmentColumns)
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!found) throw new NotFound('assessment')
  return found
}

export type AssessmentRow = Awaited<ReturnType<typeof getAssessment>>

export function assessmentsOfCase(db: Reader, caseId: string): Promise<AssessmentRow[]> {
  return db
    .selectFrom('assessments as a')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'a.partnershipId').onRef('p.personId', '=', 'a.childId'),
    )
    .select(assessmentColumns)
    .where('a.caseId', '=', caseId)
    .orderBy('a.startedOn')
    .orderBy('a.recordedAt')
    .execute()
}

export function checkAssessmentCompletion(assessment: AssessmentRow, input: AssessmentCompletion, now: Date) {
  checkCompletion(assessment, input, now, { name: 'assessment', stillToAnswer: 'Summary' })
}

export async function completeAssessment(
  db: Db,
  actor: Actor,
  id: string,
  input: AssessmentCompletion,
  ip: string,
  now: Date,
): Promise<{ id: string; caseId: string; version: number }> {
  const { caseId } = await getAssessment(db, id)
  return writeCase(db, { actor, action: 'assessment.complete', ip, now, caseIds: [caseId] }, async work => {
    await work.trx.selectFrom('assessments').select('id').where('id', '=', id).forUpdate().execute()
    const assessment = await getAssessment(work.trx, id)
    checkAssessmentCompletion(assessment, input, now)
    const version = assessment.version + 1
    await work.trx
      .updateTable('assessments')
      .set({
        completedOn: input.completedAt,
        summary: input.summary,
        completedByUserId: actor.userId,
        completedAt: now,
        version,
      })
      .where('id', '=', id)
      .execute()
    await work.event(caseId, {
      kind: 'assessment.completed',
      summary: 'Child and family assessment completed',
      occurredAt: dayStart(input.completedAt),
      childId: assessment.childId,
    })
    work.describe({ objectType: 'assessment', objectId: id })
    return { id, caseId, version }
  })
}

// ---- Child protection conferences ----------------------------------------------------------------------------

/**
 * What recording a conference would be refused for. An initial conference follows a section 47 enquiry about the
 * child (started on or before it), and is held on or after the strategy discussion that started that enquiry; a
 * review follows an initial conference.
 */
export async function checkConference(db: Db, caseId: string, input: ConferenceInput, now: Date) {
  const name = await childOnCase(db, caseId, input.childId)
  notAhead('heldAt', 'The date the conference was held', input.heldAt, now)
  if (input.kind === 'initial') {
    const enquiry = await db
      .selectFrom('section47Enquiries')
      .select(['startedOn'])
      .where('caseId', '=', caseId)
      .where('childId', '=', input.childId)
      .where('startedOn', '<=', input.heldAt)
      .orderBy('startedOn', 'desc')
      .executeTakeFirst()
    if (!enquiry)
      throw new Invalid({
        kind: `Record the section 47 enquiry about ${name} first: an initial conference follows one`,
      })
    // Through the strategy module's index, read-only: the discussion that started the enquiry. Its loader is typed
    // for the pipeline's transaction; check your answers reads the same rows outside one.
    const { strategyDiscussions } = (await strategySnapshot(db as never, [caseId]))(caseId)
    const started = startingDiscussion(strategyDiscussions, input.childId, dayStart(enquiry.startedOn))
    if (started && input.heldAt < londonDay(started.heldAt))
      throw new Invalid({
        heldAt: `The date the conference was held must be on or after the strategy discussion that started the enquiry (${inWords(started.heldAt)})`,
      })
  } else {
    const initial = await db
      .selectFrom('conferences')
      .select('heldOn')
      .where('caseId', '=', caseId)
      .where('childId', '=', input.childId)
      .where('kind', '=', 'initial')
      .orderBy('heldOn')
      .executeTakeFirst()
    if (!initial) throw new Invalid({ kind: `Record the initial conference about ${name} first: a review follows one` })
    if (input.heldAt < initial.heldOn)
      throw new Invalid({
        heldAt: `A review conference must be on or after the initial conference (${inWords(initial.heldOn)})`,
      })
  }
  return { childName: name }
}

export async function recordConference(
  db: Db,
  actor: Actor,
  caseId: string,
  input: ConferenceInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'conference.record', ip, now, caseIds: [caseId] }, async work => {
    await checkConference(work.trx, caseId, input, now)
    const { id } = await work.trx
      .insertInto('conferences')
      .values({
        ...recordedBy(actor, now),
        caseId,
        childId: input.childId,
        kind: input.kind,
        heldOn: input.heldAt,
        planMade: input.planMade,
        category: input.planMade ? (input.category ?? null) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const plan = input.planMade
      ? `child protection plan (${ABUSE_CATEGORIES[input.category ?? 'MUL']})`
      : 'no child protection plan'
    await work.event(caseId, {
      kind: 'conference.held',
      summary: `${CONFERENCE_KINDS[input.kind]}: ${plan}`,
      occurredAt: dayStart(input.heldAt),
      childId: input.childId,
    })
    work.describe({ objectType: 'conference', objectId: id })
    return { id }
  })
}

export function conferencesOfCase(db: Reader, caseId: string) {
  return db
    .selectFrom('conferences as c')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
    )
    .select([
      'c.id',
      'c.caseId',
      'c.childId',
      'p.givenName',
      'p.familyName',
      'c.kind',
      'c.heldOn',
      'c.planMade',
      'c.category',
    ])
    .where('c.caseId', '=', caseId)
    .orderBy('c.heldOn')
    .orderBy('c.recordedAt')
    .execute()
}

// ---- Who may open an enquiry or an assessment: whoever stands so to its case ------------------------------------

export const section47Resolver = recordOnCase(
  'section47',
  async (db, id) =>
    (await db.selectFrom('section47Enquiries').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)

export const assessmentResolver = recordOnCase(
  'assessment',
  async (db, id) =>
    (await db.selectFrom('assessments').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)
