import type { Db } from '../../db/connection.ts'
import { NotFound } from '../../kernel/errors.ts'

// Investigations as their pages and the API show them: one query per table, whatever the investigation holds.

export type InvestigationRecord = Awaited<ReturnType<typeof getInvestigation>>

export async function getInvestigation(db: Db, id: string) {
  const row = await db
    .selectFrom('investigations as i')
    .innerJoin('agencyDirectory as a', j =>
      j.onRef('a.partnershipId', '=', 'i.partnershipId').onRef('a.agencyId', '=', 'i.officerAgencyId'),
    )
    .leftJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'i.partnershipId').onRef('u.userId', '=', 'i.officerUserId'),
    )
    .selectAll('i')
    .select(['a.agencyName as officerAgencyName', 'u.displayName as officerName'])
    .where('i.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFound('investigation')
  const people = (table: 'investigationChildren' | 'investigationSuspects', column: 'childId' | 'personId') =>
    db
      .selectFrom(`${table} as l` as 'investigationChildren as l')
      .innerJoin('personDirectory as p', j =>
        j.onRef('p.partnershipId', '=', 'l.partnershipId').onRef('p.personId', '=', `l.${column}` as 'l.childId'),
      )
      .select(['p.personId as id', 'p.givenName', 'p.familyName', 'p.dateOfBirth'])
      .where('l.investigationId', '=', id)
      .orderBy('p.familyName')
      .orderBy('p.givenName')
      .execute()
  const [children, suspects, agencies, interviews] = await Promise.all([
    people('investigationChildren', 'childId'),
    people('investigationSuspects', 'personId'),
    db
      .selectFrom('investigationOutcomeAgencies as o')
      .innerJoin('agencyDirectory as a', j =>
        j.onRef('a.partnershipId', '=', 'o.partnershipId').onRef('a.agencyId', '=', 'o.agencyId'),
      )
      .select(['a.agencyId as id', 'a.agencyName as name'])
      .where('o.investigationId', '=', id)
      .orderBy('a.agencyName')
      .execute(),
    db
      .selectFrom('abeInterviews as v')
      .innerJoin('personDirectory as p', j =>
        j.onRef('p.partnershipId', '=', 'v.partnershipId').onRef('p.personId', '=', 'v.childId'),
      )
      .innerJoin('agencyDirectory as a', j =>
        j.onRef('a.partnershipId', '=', 'v.partnershipId').onRef('a.agencyId', '=', 'v.leadAgencyId'),
      )
      .selectAll('v')
      .select(['p.givenName', 'p.familyName', 'a.agencyName as leadAgencyName'])
      .where('v.investigationId', '=', id)
      .orderBy('v.plannedAt')
      .orderBy('v.id')
      .execute(),
  ])
  return { ...row, children, suspects, agenciesInformed: agencies, interviews }
}

/** A case's investigations, oldest first, each with its children's ids. */
export async function investigationsOfCase(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('investigations')
    .select([
      'id',
      'crimeReference',
      'openedAt',
      'offences',
      'chargingAdviceSoughtAt',
      'chargingDecidedAt',
      'chargingDecision',
      'outcomeKind',
      'outcomeCode',
      'outcomeDecidedAt',
      'version',
    ])
    .where('caseId', '=', caseId)
    .orderBy('openedAt')
    .orderBy('id')
    .execute()
  const children = rows.length
    ? await db
        .selectFrom('investigationChildren as c')
        .innerJoin('investigations as i', j =>
          j.onRef('i.partnershipId', '=', 'c.partnershipId').onRef('i.id', '=', 'c.investigationId'),
        )
        .select(['c.investigationId', 'c.childId'])
        .where('i.caseId', '=', caseId)
        .execute()
    : []
  return rows.map(r => ({ ...r, childIds: children.filter(c => c.investigationId === r.id).map(c => c.childId) }))
}

/** An interview with its investigation, for the page that records it as held. */
export async function getInterview(db: Db, id: string) {
  const row = await db
    .selectFrom('abeInterviews as v')
    .innerJoin('investigations as i', j =>
      j.onRef('i.partnershipId', '=', 'v.partnershipId').onRef('i.id', '=', 'v.investigationId'),
    )
    .innerJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'v.partnershipId').onRef('p.personId', '=', 'v.childId'),
    )
    .selectAll('v')
    .select(['i.crimeReference', 'p.givenName', 'p.familyName'])
    .where('v.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new NotFound('interview')
  return row
}
