import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { HEALTH_DECISION_SHORT, PATHWAY_KINDS, type PathwayKind } from '../../kernel/codes/health.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { londonDate } from '../../kernel/working-days.ts'
import { ageOn } from '../../web/dates.ts'
import { appendAudit } from '../audit/index.ts'
import { childsCaseStatus, recordOnCase, writeCase, type CaseWork } from '../cases/index.ts'
import type { DecisionInput, NewPathway, OutcomeInput, PathwayChange, ReferredInput, SeenInput } from './schema.ts'

// The directory of local pathways (the partnership manager's), and each child's health pathway on a case: the
// decision, the referral, when the child was seen and the outcome. Every change to a case goes through the write
// pipeline, which runs SG-07 on the case as it then stands.

// ---------------------------------------------------------------------------------------------------------------
// The directory

export type LocalPathway = Awaited<ReturnType<typeof listPathways>>[number]

/** The partnership's local pathways, by kind and name; withdrawn ones only when asked for. */
export function listPathways(db: Db, filter: { kind?: PathwayKind; includeWithdrawn?: boolean } = {}) {
  return db
    .selectFrom('healthPathways')
    .select([
      'id',
      'name',
      'kind',
      'phone',
      'email',
      'address',
      'youngestAge',
      'oldestAge',
      'notes',
      'active',
      'version',
      'changedAt',
    ])
    .$if(filter.kind !== undefined, qb => qb.where('kind', '=', filter.kind ?? 'forensic_recent'))
    .$if(!filter.includeWithdrawn, qb => qb.where('active', '=', true))
    .orderBy('active', 'desc')
    .orderBy('kind')
    .orderBy('name')
    .execute()
}

export async function getPathway(db: Db, id: string): Promise<LocalPathway> {
  const found = (await listPathways(db, { includeWithdrawn: true })).find(p => p.id === id)
  if (!found) throw new NotFound('health pathway')
  return found
}

/** Whether a pathway serves a child of this age (an unknown age cannot be checked, so it is not refused). */
export function serves(pathway: { youngestAge: number; oldestAge: number }, age: number | null): boolean {
  return age === null || (age >= pathway.youngestAge && age <= pathway.oldestAge)
}

interface Change {
  actor: Actor
  ip: string
  now: Date
}

export async function addPathway(db: Db, input: NewPathway, { actor, ip, now }: Change): Promise<{ id: string }> {
  return db.transaction().execute(async trx => {
    const { id } = await trx
      .insertInto('healthPathways')
      .values({
        partnershipId: actor.partnershipId,
        name: input.name,
        kind: input.kind,
        phone: input.phone ?? null,
        email: input.email ?? null,
        address: input.address ?? null,
        youngestAge: input.youngestAge,
        oldestAge: input.oldestAge,
        notes: input.notes ?? null,
        createdAt: now,
        changedAt: now,
        changedByUserId: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'healthPathways.add',
      objectType: 'healthPathway',
      objectId: id,
      ip,
      at: now,
      detail: { kind: input.kind },
    })
    return { id }
  })
}

const PATHWAY_CHANGED =
  'Someone else changed this pathway after you opened it. Nothing you entered was saved; check it, then try again'

/** Changes a pathway as the version read; withdrawing it is `active: false`. Audited with the fields changed. */
export async function changePathway(
  db: Db,
  id: string,
  change: PathwayChange,
  { actor, ip, now }: Change,
  action = 'healthPathways.change',
): Promise<LocalPathway> {
  return db.transaction().execute(async trx => {
    const current = await trx
      .selectFrom('healthPathways')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst()
    if (!current) throw new NotFound('health pathway')
    if (current.version !== change.version) throw new Conflict(PATHWAY_CHANGED)
    const { version: _version, ...fields } = change
    const next = {
      name: fields.name ?? current.name,
      kind: fields.kind ?? current.kind,
      phone: fields.phone === undefined ? current.phone : fields.phone,
      email: fields.email === undefined ? current.email : fields.email,
      address: fields.address === undefined ? current.address : fields.address,
      youngestAge: fields.youngestAge ?? current.youngestAge,
      oldestAge: fields.oldestAge ?? current.oldestAge,
      notes: fields.notes === undefined ? current.notes : fields.notes,
      active: fields.active ?? current.active,
    }
    // The whole entry as it would stand: a change of one age may cross the other.
    if (next.youngestAge > next.oldestAge)
      throw new Invalid({ youngestAge: 'Youngest age served must not be above the oldest age served' })
    if (!next.phone && !next.email && !next.address)
      throw new Invalid({
        phone: 'Enter at least one way to contact the service: a phone number, an email address or an address',
      })
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter(k => next[k] !== current[k])
    await trx
      .updateTable('healthPathways')
      .set({ ...next, version: current.version + 1, changedAt: now, changedByUserId: actor.userId })
      .where('id', '=', id)
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action,
      objectType: 'healthPathway',
      objectId: id,
      ip,
      at: now,
      detail: { changed },
    })
    return { ...current, ...next, version: current.version + 1, changedAt: now }
  })
}

// ---------------------------------------------------------------------------------------------------------------
// A child's health pathway on a case

/** Each decision on a case, oldest first, with the local pathway it names. */
export function caseDecisions(db: Db, caseId: string) {
  return db
    .selectFrom('healthReferrals as r')
    .leftJoin('healthPathways as p', j =>
      j.onRef('p.partnershipId', '=', 'r.partnershipId').onRef('p.id', '=', 'r.localPathwayId'),
    )
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'r.partnershipId').onRef('u.userId', '=', 'r.recordedByUserId'),
    )
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'r.partnershipId').onRef('a.agencyId', '=', 'r.recordedByAgencyId'),
    )
    .select([
      'r.id',
      'r.caseId',
      'r.childId',
      'r.pathway',
      'r.reason',
      'r.lastAbuseOn',
      'r.localPathwayId',
      'p.name as localPathwayName',
      'r.decidedAt',
      'r.referredAt',
      'r.seenAt',
      'r.outcomeAt',
      'r.outcome',
      'r.version',
      'r.recordedAt',
      'u.displayName as recordedBy',
      'a.agencyName as recordedByAgency',
    ])
    .where('r.caseId', '=', caseId)
    .orderBy('r.decidedAt')
    .orderBy('r.id')
    .execute()
}

export type HealthDecisionRow = Awaited<ReturnType<typeof caseDecisions>>[number]

/** One decision by its id, with its case. */
export async function getDecision(db: Db, id: string): Promise<HealthDecisionRow> {
  const row = await db.selectFrom('healthReferrals').select('caseId').where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFound('health referral')
  const found = (await caseDecisions(db, row.caseId)).find(d => d.id === id)
  if (!found) throw new NotFound('health referral')
  return found
}

/** A decision reached by its own id stands as its case does: the case team records its later steps. */
export const healthReferralResolver = recordOnCase(
  'healthReferral',
  async (db, id) =>
    (await db.selectFrom('healthReferrals').select('caseId').where('id', '=', id).executeTakeFirst())?.caseId,
)

const TEAM_ONLY = {
  may: (_actor: Actor, kase: { onTeam: boolean }) => kase.onTeam,
  refusal: 'Only the case team records a child’s health pathway: ask the lead practitioner to add you',
}

/** The child's age on a day, from their record (null when their date of birth is not known). */
async function childAge(db: Db, childId: string, on: Date): Promise<{ age: number | null; name: string }> {
  const child = await db
    .selectFrom('personDirectory')
    .select(['dateOfBirth', 'givenName', 'familyName'])
    .where('personId', '=', childId)
    .executeTakeFirst()
  if (!child) throw new Invalid({ childId: 'This child is not on the case' })
  return {
    age: ageOn(child.dateOfBirth, londonDate(on)),
    name: `${child.givenName} ${child.familyName}`,
  }
}

/**
 * The local pathway a referral names: in the directory, not withdrawn, of the kind the decision chose, and serving
 * the child's age. Each refusal says which.
 */
async function checkLocalPathway(
  db: Db,
  localPathwayId: string,
  pathway: PathwayKind,
  child: { age: number | null },
): Promise<{ name: string }> {
  const found = (await listPathways(db, { includeWithdrawn: true })).find(p => p.id === localPathwayId)
  if (!found) throw new Invalid({ localPathwayId: 'Choose a local pathway from the directory' })
  if (!found.active)
    throw new Invalid({ localPathwayId: `${found.name} has been withdrawn from the directory: choose another` })
  if (found.kind !== pathway)
    throw new Invalid({
      localPathwayId: `${found.name} is a ${PATHWAY_KINDS[found.kind].split(',')[0]?.toLowerCase() ?? ''} service: choose one for ${PATHWAY_KINDS[pathway].split(',')[0]?.toLowerCase() ?? ''}`,
    })
  if (!serves(found, child.age))
    throw new Invalid({
      localPathwayId: `${found.name} sees children aged ${found.youngestAge} to ${found.oldestAge}; this child is ${String(child.age)}: choose a service for their age`,
    })
  return found
}

/** The checks of a decision that need more than its own fields: the child, the dates' order, the local pathway. */
export async function checkDecision(db: Db, caseId: string, input: DecisionInput) {
  const status = await childsCaseStatus(db, caseId, input.childId)
  if (!status) throw new Invalid({ childId: 'This child is not on the case' })
  const child = await childAge(db, input.childId, input.decidedAt)
  if (input.pathway === 'not_needed') {
    if (!input.reason) throw new Invalid({ reason: 'Give the reason no health pathway is needed' })
    if (input.localPathwayId)
      throw new Invalid({ localPathwayId: 'Leave out the local pathway: no health pathway is needed' })
    if (input.referredAt) throw new Invalid({ referredAt: 'Leave out the referral: no health pathway is needed' })
  }
  if (input.lastAbuseOn && input.lastAbuseOn > londonDate(input.decidedAt))
    throw new Invalid({ lastAbuseOn: 'The date the abuse last happened must be on or before the decision' })
  if (input.referredAt && input.referredAt < input.decidedAt)
    throw new Invalid({ referredAt: 'When the referral was made must be on or after the decision' })
  const local =
    input.localPathwayId && input.pathway !== 'not_needed'
      ? await checkLocalPathway(db, input.localPathwayId, input.pathway, child)
      : undefined
  return { child, local }
}

function decidedSummary(input: DecisionInput, local: { name: string } | undefined): string {
  const what = HEALTH_DECISION_SHORT[input.pathway]
  if (input.pathway === 'not_needed') return `${what}: ${input.reason ?? ''}`
  return local ? `${what}, to ${local.name}` : what
}

/** Records a child's health pathway decision (and the referral, when made at once). */
export async function recordDecision(
  db: Db,
  caseId: string,
  input: DecisionInput,
  { actor, ip, now }: Change,
): Promise<{ id: string; version: number }> {
  return writeCase(
    db,
    { actor, action: 'case.recordHealthDecision', ip, now, caseIds: [caseId], rule: TEAM_ONLY },
    async work => {
      const { local } = await checkDecision(work.trx, caseId, input)
      const row = await work.trx
        .insertInto('healthReferrals')
        .values({
          partnershipId: actor.partnershipId,
          caseId,
          childId: input.childId,
          pathway: input.pathway,
          reason: input.reason ?? null,
          lastAbuseOn: input.lastAbuseOn ?? null,
          localPathwayId: input.pathway === 'not_needed' ? null : (input.localPathwayId ?? null),
          decidedAt: input.decidedAt,
          referredAt: input.referredAt ?? null,
          recordedByUserId: actor.userId,
          recordedByAgencyId: actor.agencyId,
          recordedAt: now,
        })
        .returning(['id', 'version'])
        .executeTakeFirstOrThrow()
      await work.event(caseId, {
        kind: 'health.decided',
        childId: input.childId,
        occurredAt: input.decidedAt,
        summary: decidedSummary(input, local),
      })
      if (input.referredAt) await referredEvent(work, caseId, input.childId, input.referredAt, local)
      work.describe({ objectType: 'healthReferral', objectId: row.id })
      work.detail({ childId: input.childId, pathway: input.pathway })
      return row
    },
  )
}

async function referredEvent(
  work: CaseWork,
  caseId: string,
  childId: string,
  at: Date,
  local: { name: string } | undefined,
) {
  await work.event(caseId, {
    kind: 'health.referred',
    childId,
    occurredAt: at,
    summary: local ? `Referred to ${local.name}` : 'Referral made',
  })
}

/** Changes one decision through the pipeline, as the version read; `step` checks and writes the change. */
function changeDecision<T>(
  db: Db,
  id: string,
  version: number,
  action: string,
  { actor, ip, now }: Change,
  step: (work: CaseWork, current: HealthDecisionRow) => Promise<T>,
): Promise<T> {
  return (async () => {
    const found = await getDecision(db, id)
    return writeCase(db, { actor, action, ip, now, caseIds: [found.caseId], rule: TEAM_ONLY }, async work => {
      const current = await getDecision(work.trx, id)
      const locked = await work.trx
        .selectFrom('healthReferrals')
        .select('version')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow()
      if (locked.version !== version)
        throw new Conflict(
          'Someone else changed this health referral after you opened it. Nothing you entered was saved; check it, then try again',
        )
      const result = await step(work, current)
      work.describe({ objectType: 'healthReferral', objectId: id })
      work.detail({ childId: current.childId })
      return result
    })
  })()
}

/** Records the referral of a decision made without one. */
export function recordReferred(db: Db, id: string, input: ReferredInput, change: Change) {
  return changeDecision(db, id, input.version, 'healthReferral.recordReferred', change, async (work, current) => {
    if (current.pathway === 'not_needed')
      throw new Invalid({ referredAt: 'No health pathway was needed: there is no referral to record' })
    if (current.referredAt) throw new Invalid({ referredAt: 'The referral has already been recorded' })
    if (input.referredAt < current.decidedAt)
      throw new Invalid({ referredAt: 'When the referral was made must be on or after the decision' })
    const localPathwayId = input.localPathwayId ?? current.localPathwayId
    const child = await childAge(work.trx, current.childId, current.decidedAt)
    const local = localPathwayId ? await checkLocalPathway(work.trx, localPathwayId, current.pathway, child) : undefined
    const row = await work.trx
      .updateTable('healthReferrals')
      .set({ referredAt: input.referredAt, localPathwayId: localPathwayId ?? null, version: current.version + 1 })
      .where('id', '=', id)
      .returning(['id', 'version', 'caseId'])
      .executeTakeFirstOrThrow()
    await referredEvent(work, current.caseId, current.childId, input.referredAt, local)
    return row
  })
}

/** Records when the child was seen, after the referral. */
export function recordSeen(db: Db, id: string, input: SeenInput, change: Change) {
  return changeDecision(db, id, input.version, 'healthReferral.recordSeen', change, async (work, current) => {
    if (!current.referredAt)
      throw new Invalid({ seenAt: 'Record the referral first: a child is seen after they are referred' })
    if (current.seenAt) throw new Invalid({ seenAt: 'When the child was seen has already been recorded' })
    if (input.seenAt < current.referredAt)
      throw new Invalid({ seenAt: 'When the child was seen must be on or after the referral' })
    const row = await work.trx
      .updateTable('healthReferrals')
      .set({ seenAt: input.seenAt, version: current.version + 1 })
      .where('id', '=', id)
      .returning(['id', 'version', 'caseId'])
      .executeTakeFirstOrThrow()
    await work.event(current.caseId, {
      kind: 'health.seen',
      childId: current.childId,
      occurredAt: input.seenAt,
      summary: `Seen${current.localPathwayName ? ` at ${current.localPathwayName}` : ''} (${HEALTH_DECISION_SHORT[current.pathway].toLowerCase()})`,
    })
    return row
  })
}

/** Records the outcome of the examination or assessment, after the child was seen. */
export function recordOutcome(db: Db, id: string, input: OutcomeInput, change: Change) {
  return changeDecision(db, id, input.version, 'healthReferral.recordOutcome', change, async (work, current) => {
    if (!current.seenAt)
      throw new Invalid({ outcomeAt: 'Record when the child was seen first: the outcome comes after' })
    if (current.outcomeAt) throw new Invalid({ outcomeAt: 'The outcome has already been recorded' })
    if (input.outcomeAt < current.seenAt)
      throw new Invalid({ outcomeAt: 'When the outcome was known must be on or after when the child was seen' })
    const row = await work.trx
      .updateTable('healthReferrals')
      .set({ outcomeAt: input.outcomeAt, outcome: input.outcome, version: current.version + 1 })
      .where('id', '=', id)
      .returning(['id', 'version', 'caseId'])
      .executeTakeFirstOrThrow()
    await work.event(current.caseId, {
      kind: 'health.outcome',
      childId: current.childId,
      occurredAt: input.outcomeAt,
      summary: input.outcome,
    })
    return row
  })
}
