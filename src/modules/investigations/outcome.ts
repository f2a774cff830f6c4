import type { Db } from '../../db/connection.ts'
import type { OutcomeCode, OutcomeKind } from '../../kernel/codes/investigations.ts'

/** What a letter about an investigation's outcome needs of it: two queries. */
export interface InvestigationOutcome {
  id: string
  caseId: string
  crimeReference: string
  openedAt: Date
  childIds: readonly string[]
  outcome: { kind: OutcomeKind; code: OutcomeCode; rationale: string; decidedAt: Date } | null
}

/** An investigation and its outcome, or null when there is none by that id (for the families module's letters). */
export async function investigationOutcome(db: Db, id: string): Promise<InvestigationOutcome | null> {
  const row = await db
    .selectFrom('investigations')
    .select([
      'id',
      'caseId',
      'crimeReference',
      'openedAt',
      'outcomeKind',
      'outcomeCode',
      'outcomeRationale',
      'outcomeDecidedAt',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const children = await db
    .selectFrom('investigationChildren')
    .select('childId')
    .where('investigationId', '=', id)
    .execute()
  return {
    id: row.id,
    caseId: row.caseId,
    crimeReference: row.crimeReference,
    openedAt: row.openedAt,
    childIds: children.map(c => c.childId),
    outcome:
      row.outcomeKind && row.outcomeCode && row.outcomeDecidedAt
        ? {
            kind: row.outcomeKind,
            code: row.outcomeCode,
            rationale: row.outcomeRationale ?? '',
            decidedAt: row.outcomeDecidedAt,
          }
        : null,
  }
}

/** A case's investigations whose outcome is recorded, oldest first: what a letter may be made from. */
export async function outcomesOfCase(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('investigations')
    .select(['id', 'crimeReference', 'outcomeKind', 'outcomeDecidedAt'])
    .where('caseId', '=', caseId)
    .where('outcomeKind', 'is not', null)
    .orderBy('outcomeDecidedAt')
    .execute()
  return rows.flatMap(r =>
    r.outcomeKind && r.outcomeDecidedAt
      ? [{ id: r.id, crimeReference: r.crimeReference, kind: r.outcomeKind, decidedAt: r.outcomeDecidedAt }]
      : [],
  )
}
