import type { EntryLinks } from '../cases/index.ts'
import { urls } from '../../web/urls.ts'

/** The chronology events a concern writes, and what a link from each says. */
const LINKED = {
  'concern.recorded': 'Read the concern',
  'referral.decided': 'Read the concern and the front door’s decision',
  // A case the front door's decision opened starts with this entry: the concern and the reasons it was opened.
  'case.opened': 'Read the concern and the front door’s decision',
} as const

/**
 * Links from a case's "Concern recorded" and "Referral decision" entries (and "Case opened", when the decision
 * opened it) to the concern's page, where the team
 * reads what was seen, the child's words and the front door's reasons. An entry names no record, so the concern is
 * the one about the entry's child recorded (or whose referral was decided) at the entry's moment: both are written
 * in one transaction with one `now`, and a merge moves the concern and the entry to the same child together.
 */
export const concernsEntryLinks: EntryLinks = async (db, entries) => {
  const wanted = entries.filter(e => e.childId !== null && Object.hasOwn(LINKED, e.kind))
  if (wanted.length === 0) return new Map()
  const moments = [...new Set(wanted.map(e => e.occurredAt.getTime()))].map(t => new Date(t))
  const rows = await db
    .selectFrom('concerns as c')
    .leftJoin('referrals as r', j =>
      j.onRef('r.partnershipId', '=', 'c.partnershipId').onRef('r.concernId', '=', 'c.id'),
    )
    .select(['c.id', 'c.childId', 'c.recordedAt', 'r.decidedAt'])
    .where('c.childId', 'in', [...new Set(wanted.map(e => e.childId ?? ''))])
    .where(eb => eb.or([eb('c.recordedAt', 'in', moments), eb('r.decidedAt', 'in', moments)]))
    .execute()
  const concernAt = new Map<string, string>()
  for (const r of rows) {
    concernAt.set(`concern.recorded ${r.childId} ${String(r.recordedAt.getTime())}`, r.id)
    if (r.decidedAt)
      for (const kind of ['referral.decided', 'case.opened'])
        concernAt.set(`${kind} ${r.childId} ${String(r.decidedAt.getTime())}`, r.id)
  }
  const links = new Map<string, { href: string; text: string }>()
  for (const e of wanted) {
    const concernId = concernAt.get(`${e.kind} ${e.childId ?? ''} ${String(e.occurredAt.getTime())}`)
    if (concernId) links.set(e.id, { href: urls.concern(concernId), text: LINKED[e.kind as keyof typeof LINKED] })
  }
  return links
}
