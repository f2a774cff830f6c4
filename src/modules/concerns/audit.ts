import { nameKey } from '../audit/index.ts'
import type { AuditRecords } from '../cases/index.ts'

/**
 * Concerns and referrals in the audit: named by the child they are about ("the concern about Ada Example-Brown"),
 * and found for a person, so the audit by person shows every read of their concerns and referrals.
 */
export const concernsAuditRecords: AuditRecords = {
  kinds: ['concern', 'referral'],
  async names(db, wanted) {
    const concernIds = wanted.filter(w => w.kind === 'concern').map(w => w.id)
    const referralIds = wanted.filter(w => w.kind === 'referral').map(w => w.id)
    const names = new Map<string, string>()
    if (concernIds.length) {
      const rows = await db
        .selectFrom('concerns as c')
        .innerJoin('personDirectory as p', j =>
          j.onRef('p.partnershipId', '=', 'c.partnershipId').onRef('p.personId', '=', 'c.childId'),
        )
        .select(['c.id', 'p.givenName', 'p.familyName'])
        .where('c.id', 'in', concernIds)
        .execute()
      for (const r of rows) names.set(nameKey('concern', r.id), `the concern about ${r.givenName} ${r.familyName}`)
    }
    if (referralIds.length) {
      const rows = await db
        .selectFrom('referrals as r')
        .innerJoin('personDirectory as p', j =>
          j.onRef('p.partnershipId', '=', 'r.partnershipId').onRef('p.personId', '=', 'r.childId'),
        )
        .select(['r.id', 'p.givenName', 'p.familyName'])
        .where('r.id', 'in', referralIds)
        .execute()
      for (const r of rows) names.set(nameKey('referral', r.id), `the referral about ${r.givenName} ${r.familyName}`)
    }
    return names
  },
  async about(db, personId) {
    const rows = await db
      .selectFrom('concerns as c')
      .leftJoin('referrals as r', j =>
        j.onRef('r.partnershipId', '=', 'c.partnershipId').onRef('r.concernId', '=', 'c.id'),
      )
      .select(['c.id as concernId', 'r.id as referralId'])
      .where('c.childId', '=', personId)
      .execute()
    return rows.flatMap(r => (r.referralId ? [r.concernId, r.referralId] : [r.concernId]))
  },
}
