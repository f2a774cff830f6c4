import { CIVIL_ORDER_KINDS } from '../../../kernel/codes/risk.ts'
import { OFFENDING_KINDS } from '../../../kernel/codes/people.ts'
import type { RiskLinkSeen } from '../../risk/index.ts'

// Words SG-08 and SG-09 share for a link between a child and a person who presents a risk of sexual harm.

const LABELS: Readonly<Record<string, string>> = { ...OFFENDING_KINDS, ...CIVIL_ORDER_KINDS, other: 'Another order' }

/** What is known, in words: "conviction, sexual harm prevention order". Never a score. */
export function knownInWords(link: Pick<RiskLinkSeen, 'known'>): string {
  return link.known.map(code => (LABELS[code] ?? code).toLowerCase()).join(', ')
}

/** How the child is linked to the person, as a fact: "the child lives with Farrow Mockley". */
export function linkInWords(link: Pick<RiskLinkSeen, 'link' | 'personName'>): string {
  if (link.link === 'lives_with') return `the child lives with ${link.personName}`
  if (link.link === 'has_contact') return `the child has contact with ${link.personName}`
  return `${link.personName} is on the child's case`
}
