import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Invalid } from '../../kernel/errors.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { fromLondon } from '../../web/dates.ts'
import { childrenOnCase, getCase, writeCase } from '../cases/index.ts'
import { ALLEGED, NOT_A_PARENT, type ChildViewInput, type ParentViewInput } from './schema.ts'

const FUTURE = 'The date the views were given must be today or in the past'

/** What recording a child's views would be refused for: a child not on the case, a day still to come. */
export async function checkChildView(db: Db, caseId: string, input: ChildViewInput, now: Date) {
  const names = await childrenOnCase(db, caseId)
  const childName = names.get(input.childId)
  if (childName === undefined) throw new Invalid({ childId: 'Choose a child on this case' })
  if (input.givenAt > londonDay(now)) throw new Invalid({ givenAt: FUTURE })
  return { childName }
}

/** What recording a parent's views would be refused for: not an adult on the case, alleged to have harmed. */
export async function checkParentView(db: Db, caseId: string, input: ParentViewInput, now: Date) {
  const rows = (await getCase(db, caseId)).adults.filter(a => a.id === input.personId)
  const [first] = rows
  if (!first) throw new Invalid({ personId: NOT_A_PARENT })
  if (rows.some(r => r.role === 'alleged_perpetrator')) throw new Invalid({ personId: ALLEGED })
  if (input.givenAt > londonDay(now)) throw new Invalid({ givenAt: FUTURE })
  return { personName: `${first.givenName} ${first.familyName}` }
}

export async function recordChildView(
  db: Db,
  actor: Actor,
  caseId: string,
  input: ChildViewInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'childView.record', ip, now, caseIds: [caseId] }, async work => {
    await checkChildView(work.trx, caseId, input, now)
    const { id } = await work.trx
      .insertInto('childViews')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        childId: input.childId,
        stage: input.stage,
        givenOn: input.givenAt,
        words: input.words,
        reasonNotRecorded: input.words ? null : input.reasonNotRecorded,
        communicationMethod: input.communicationMethod,
        language: input.language,
        supportedBy: input.supportedBy,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(caseId, {
      kind: 'voice.child',
      summary: input.words ? "Child's views recorded in their own words" : "Child's views: why not recorded",
      occurredAt: fromLondon(input.givenAt, '00:00'),
      childId: input.childId,
    })
    work.describe({ objectType: 'childView', objectId: id })
    return { id }
  })
}

export async function recordParentView(
  db: Db,
  actor: Actor,
  caseId: string,
  input: ParentViewInput,
  ip: string,
  now: Date,
): Promise<{ id: string }> {
  return writeCase(db, { actor, action: 'parentView.record', ip, now, caseIds: [caseId] }, async work => {
    await checkParentView(work.trx, caseId, input, now)
    const { id } = await work.trx
      .insertInto('parentViews')
      .values({
        partnershipId: actor.partnershipId,
        caseId,
        personId: input.personId,
        givenOn: input.givenAt,
        words: input.words,
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await work.event(caseId, {
      kind: 'voice.parent',
      summary: 'Parent’s or carer’s views recorded',
      occurredAt: fromLondon(input.givenAt, '00:00'),
      childId: null,
    })
    work.describe({ objectType: 'parentView', objectId: id })
    return { id }
  })
}

/** Children's views on cases, newest first, with the child's name and who recorded them. */
function childViews(db: Db) {
  return db
    .selectFrom('childViews as v')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'v.partnershipId').onRef('p.personId', '=', 'v.childId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'v.partnershipId').onRef('u.userId', '=', 'v.recordedByUserId'),
    )
    .select([
      'v.id',
      'v.caseId',
      'v.childId',
      'p.givenName',
      'p.familyName',
      'v.stage',
      'v.givenOn',
      'v.words',
      'v.reasonNotRecorded',
      'v.communicationMethod',
      'v.language',
      'v.supportedBy',
      'u.displayName as recordedBy',
      'v.recordedAt',
    ])
    .orderBy('v.givenOn', 'desc')
    .orderBy('v.recordedAt', 'desc')
}

type ChildViewRow = Awaited<ReturnType<ReturnType<typeof childViews>['execute']>>[number]

const childViewOf = ({ givenName, familyName, givenOn, ...v }: ChildViewRow) => ({
  ...v,
  childName: `${givenName} ${familyName}`,
  givenAt: givenOn,
})

export type ChildView = ReturnType<typeof childViewOf>

/** A case's children's views, newest first. */
export async function childViewsOfCase(db: Db, caseId: string): Promise<ChildView[]> {
  return (await childViews(db).where('v.caseId', '=', caseId).execute()).map(childViewOf)
}

/** A child's views on the cases given (those the reader may read), newest first. */
export async function childViewsAbout(db: Db, childId: string, caseIds: readonly string[]): Promise<ChildView[]> {
  if (caseIds.length === 0) return []
  return (
    await childViews(db)
      .where('v.childId', '=', childId)
      .where('v.caseId', 'in', [...caseIds])
      .execute()
  ).map(childViewOf)
}

/** A case's parents' and carers' views, newest first. */
export async function parentViewsOfCase(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('parentViews as v')
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'v.partnershipId').onRef('p.personId', '=', 'v.personId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'v.partnershipId').onRef('u.userId', '=', 'v.recordedByUserId'),
    )
    .select([
      'v.id',
      'v.caseId',
      'v.personId',
      'p.givenName',
      'p.familyName',
      'v.givenOn',
      'v.words',
      'u.displayName as recordedBy',
      'v.recordedAt',
    ])
    .where('v.caseId', '=', caseId)
    .orderBy('v.givenOn', 'desc')
    .orderBy('v.recordedAt', 'desc')
    .execute()
  return rows.map(({ givenName, familyName, givenOn, ...v }) => ({
    ...v,
    personName: `${givenName} ${familyName}`,
    givenAt: givenOn,
  }))
}
