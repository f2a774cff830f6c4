import { DEFAULT_POLICY, type Policy } from '../../policy/index.ts'
import type { RiskLinkSeen } from '../../risk/index.ts'
import type { PathwaySnapshot } from '../snapshot.ts'

// Cases as the rules read them, for the rules' own tests: an open case opened on a Monday morning with one
// child and nothing recorded yet, so each test adds only the facts its rule reads.

export const CHILD = '00000000-0000-4000-8000-00000000c001'
export const SIBLING = '00000000-0000-4000-8000-00000000c002'
export const LEAD = '00000000-0000-4000-8000-0000000000a1'
export const OPENED = new Date('2026-11-02T09:00:00Z')
/** A person with a conviction, linked to the child (SG-08, SG-09). */
export const KNOWN_PERSON = '00000000-0000-4000-8000-00000000d001'

/**
 * The child living with someone with a conviction since 16 November (recorded on the 18th), no probation contact
 * and no assessment unless said.
 */
export const riskLinkOf = (parts: Partial<RiskLinkSeen> = {}): RiskLinkSeen => ({
  childId: CHILD,
  personId: KNOWN_PERSON,
  personName: 'Farrow Mockley',
  link: 'lives_with',
  linkedAt: new Date('2026-11-16T10:00:00Z'),
  known: ['conviction'],
  knownAt: new Date('2026-11-18T10:00:00Z'),
  probationContactUserId: null,
  assessedAt: null,
  ...parts,
})

export function snapshotOf(parts: Partial<PathwaySnapshot> = {}): PathwaySnapshot {
  return {
    case: {
      id: '00000000-0000-4000-8000-0000000000ca',
      partnershipId: '00000000-0000-4000-8000-0000000000b1',
      status: 'open',
      leadUserId: LEAD,
      version: 1,
      reference: 'NS-2026-00001',
      openedAt: OPENED,
    },
    children: [{ personId: CHILD, status: 'open', role: 'subject' }],
    adults: [],
    team: [{ userId: LEAD, agencyId: null }],
    action: 'case.read',
    events: [],
    concerns: [],
    strategyDiscussions: [],
    strategyActions: [],
    investigations: [],
    abeInterviews: [],
    section47Enquiries: [],
    assessments: [],
    conferences: [],
    conclusionDiscussions: [],
    agreedActions: [],
    healthDecisions: [],
    childViews: [],
    parentViews: [],
    familyUpdates: [],
    letters: [],
    plans: [],
    planActions: [],
    siblingLinks: [],
    childNames: {},
    approvals: [],
    riskLinks: [],
    riskDiscussions: [],
    ...parts,
  }
}

/** The defaults every partnership starts with. */
export const POLICY: Policy = Object.fromEntries(
  Object.entries(DEFAULT_POLICY).map(([name, setting]) => [name, setting.value]),
) as Policy
