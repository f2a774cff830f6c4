import type { Db } from '../../db/connection.ts'
import { isUuid } from '../../kernel/ids.ts'
import { nameKey, recordsNamed, type LoggedRow, type RecordKind } from '../audit/index.ts'

/**
 * Records of a module above cases in the audit (concerns and referrals), which that module names and finds for a
 * person, handed in at composition as case sections are.
 */
export interface AuditRecords {
  kinds: readonly RecordKind[]
  /** A name for each of these records it finds, by `nameKey(kind, id)`: "the concern about Ada Example-Brown". */
  names(db: Db, wanted: readonly { kind: RecordKind; id: string }[]): Promise<ReadonlyMap<string, string>>
  /** The ids of its records about a person, so the audit by person shows every read of them. */
  about(db: Db, personId: string): Promise<string[]>
}

function idsOf(wanted: readonly { kind: RecordKind; id: string }[], kind: RecordKind): string[] {
  return [...new Set(wanted.filter(w => w.kind === kind && isUuid(w.id)).map(w => w.id))]
}

/** "case NS-2026-00012 (Ada Example-Brown, Ben Example-Brown)": the reference and its children now. */
async function caseNames(db: Db, ids: string[]): Promise<[string, string][]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('cases as c')
    .leftJoin('caseChildren as cc', j => j.onRef('cc.caseId', '=', 'c.id').on('cc.removedAt', 'is', null))
    .leftJoin('personDirectory as p', j =>
      j.onRef('p.partnershipId', '=', 'cc.partnershipId').onRef('p.personId', '=', 'cc.personId'),
    )
    .select(['c.id', 'c.reference', 'p.givenName', 'p.familyName'])
    .where('c.id', 'in', ids)
    .orderBy('c.id')
    .orderBy('p.familyName')
    .orderBy('p.givenName')
    .execute()
  const byCase = new Map<string, { reference: string; children: string[] }>()
  for (const r of rows) {
    const kase = byCase.get(r.id) ?? { reference: r.reference, children: [] }
    if (r.givenName !== null) kase.children.push(`${r.givenName} ${r.familyName ?? ''}`.trim())
    byCase.set(r.id, kase)
  }
  return [...byCase].map(([id, c]) => [
    nameKey('case', id),
    `case ${c.reference}${c.children.length ? ` (${c.children.join(', ')})` : ''}`,
  ])
}

/** People by name, in the order asked, leaving out any not found. */
export async function peopleNamed(db: Db, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  const found = new Map(await personNames(db, ids.filter(isUuid)))
  return ids.flatMap(id => {
    const name = found.get(nameKey('person', id))
    return name === undefined ? [] : [{ id, name }]
  })
}

async function personNames(db: Db, ids: readonly string[]): Promise<[string, string][]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('personDirectory')
    .select(['personId', 'givenName', 'familyName'])
    .where('personId', 'in', ids)
    .execute()
  return rows.map(r => [nameKey('person', r.personId), `${r.givenName} ${r.familyName}`])
}

async function userNames(db: Db, ids: string[]): Promise<[string, string][]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('userDirectory')
    .select(['userId', 'displayName', 'email'])
    .where('userId', 'in', ids)
    .execute()
  return rows.map(r => [nameKey('user', r.userId), `${r.displayName} (${r.email})`])
}

async function agencyNames(db: Db, ids: string[]): Promise<[string, string][]> {
  if (!ids.length) return []
  const rows = await db
    .selectFrom('agencyDirectory')
    .select(['agencyId', 'agencyName'])
    .where('agencyId', 'in', ids)
    .execute()
  return rows.map(r => [nameKey('agency', r.agencyId), r.agencyName])
}

/** The names of every record the rows name, in one query per kind of record. */
export async function namesFor(
  db: Db,
  rows: readonly LoggedRow[],
  others: readonly AuditRecords[],
): Promise<Map<string, string>> {
  const wanted = rows.flatMap(recordsNamed)
  const found = await Promise.all([
    caseNames(db, idsOf(wanted, 'case')),
    personNames(db, idsOf(wanted, 'person')),
    userNames(db, idsOf(wanted, 'user')),
    agencyNames(db, idsOf(wanted, 'agency')),
    ...others.map(async o => {
      const theirs = wanted.filter(w => o.kinds.includes(w.kind) && isUuid(w.id))
      return theirs.length ? [...(await o.names(db, theirs))] : []
    }),
  ])
  return new Map(found.flat())
}

/** Every case a person is or was a child or an adult of, removed or not: the audit by person covers them all. */
export async function casesEverAbout(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('caseChildren')
    .select('caseId')
    .where('personId', '=', personId)
    .union(db.selectFrom('caseAdults').select('caseId').where('personId', '=', personId))
    .execute()
  return rows.map(r => r.caseId)
}
