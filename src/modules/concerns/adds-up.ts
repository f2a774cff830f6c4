import type { Finding } from '../../kernel/findings.ts'

// Concerns that add up: one agency's worry may look small on its own, and the review found children rarely tell,
// so the pattern is the signal. When concerns about a child (or the children of one household) come from two or
// more agencies within the partnership's period, the front door and the case lead are shown them together.
// Nothing about a disclosure or the number of indicators is needed for that: indicators alone must add up.

/** A concern as the rule reads it: who raised it and when; what it says does not change whether it adds up. */
export interface ConcernToAddUp {
  id: string
  childId: string
  agencyId: string
  agencyName: string
  recordedAt: Date
  indicators: readonly string[]
  disclosure: string
}

export interface AddsUp<C extends ConcernToAddUp = ConcernToAddUp> {
  /** The partnership's period, and the earliest moment inside it. */
  days: number
  since: Date
  /** The agencies, in the order they first raised a concern within the period, each with its concerns. */
  agencies: { agencyId: string; agencyName: string; concerns: C[] }[]
  /** Every concern within the period, oldest first. */
  concerns: C[]
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The concerns recorded within the last `concernsAddUpDays` days up to `now`, grouped by agency, when two or
 * more agencies raised them; otherwise null. The caller chooses whose concerns to pass (one child, or the
 * children of a household) and only those the reader may see.
 */
export function addsUp<C extends ConcernToAddUp>(
  concerns: readonly C[],
  now: Date,
  policy: { concernsAddUpDays: number },
): AddsUp<C> | null {
  const days = policy.concernsAddUpDays
  const since = new Date(now.getTime() - days * DAY_MS)
  const within = concerns
    .filter(c => c.recordedAt >= since && c.recordedAt <= now)
    .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime() || a.id.localeCompare(b.id))
  const agencies: AddsUp<C>['agencies'] = []
  for (const c of within) {
    const agency = agencies.find(a => a.agencyId === c.agencyId)
    if (agency) agency.concerns.push(c)
    else agencies.push({ agencyId: c.agencyId, agencyName: c.agencyName, concerns: [c] })
  }
  return agencies.length >= 2 ? { days, since, agencies, concerns: within } : null
}

/** The review's words the prompt answers to (DOMAIN.md §11, PI-1): action must not wait for a child to tell. */
export const ADDS_UP_SOURCE = {
  code: 'PI-1',
  title: 'Practitioners wait for the child to tell; action must not depend on a verbal disclosure',
  href: 'https://assets.publishing.service.gov.uk/media/67446a8a81f809b32c8568d3/CSPRP_-_I_wanted_them_all_to_notice.pdf',
} as const

/**
 * The prompt as a finding (SG-13's kind: a concern never needs a disclosure), one fact for each concern:
 * which agency, when, and what it recorded in outline, never what it says.
 */
export function addsUpFinding(
  found: AddsUp,
  childId: string,
  describe: (c: ConcernToAddUp) => { when: string; about: string },
): Finding {
  const names = found.agencies.map(a => a.agencyName)
  const list = names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
  return {
    safeguard: 'SG-13',
    severity: 'prompt',
    message:
      `Concerns from ${String(names.length)} agencies in the last ${String(found.days)} days: ${list}. ` +
      'Together they may show what no one agency sees; a disclosure is not needed to act.',
    childId,
    facts: found.concerns.map(c => {
      const { when, about } = describe(c)
      const signs =
        c.indicators.length === 1 ? '1 sign or indicator' : `${String(c.indicators.length)} signs or indicators`
      const disclosure = c.disclosure === 'none' ? 'no disclosure' : `disclosure: ${c.disclosure}`
      return `${c.agencyName}, ${when}, about ${about}: ${signs}; ${disclosure}`
    }),
    source: ADDS_UP_SOURCE,
  }
}
