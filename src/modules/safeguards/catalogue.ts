import type { Finding } from '../../kernel/findings.ts'
import { urls } from '../../web/urls.ts'
import { reviewItem } from './review.ts'

// Every safeguard Lantern holds (DESIGN.md's table), with the review items it carries. The rules themselves are
// one file each and come with the pathway steps they watch; this list is what the review pages, the policy page
// and a finding's source read, so a safeguard is described once.

export interface SafeguardEntry {
  id: string
  /** What it asks, in a sentence a practitioner reads on a review page. */
  rule: string
  severity: Finding['severity']
  /** When it applies by default, in words (the durations themselves live in the partnership's policy). */
  when: string
  /** Codes of the review items it carries, the first being the one a finding names. */
  sources: readonly [string, ...string[]]
}

export const SAFEGUARDS: readonly SafeguardEntry[] = [
  {
    id: 'SG-01',
    rule: '“No further action” or “NFA” is never an outcome. A police close without charge is “no further police action at this time”, with a rationale, an outcome code and the agencies told.',
    severity: 'block',
    when: 'refused when the outcome is recorded',
    sources: ['PR-3'],
  },
  {
    id: 'SG-02',
    rule: 'When a section 47 enquiry is completed or a police investigation closes, the agencies hold a conclusion discussion of risk, protection and support.',
    severity: 'due',
    when: 'due within 10 working days',
    sources: ['PR-3'],
  },
  {
    id: 'SG-03',
    rule: 'After a close without charge, each child has a support plan (or a manager-approved reason for none), and the child and family have been told the reasons, their right to ask for a review and about compensation, before the case may close.',
    severity: 'block',
    when: 'refused when the case is closed',
    sources: ['PI-2', 'PR-5'],
  },
  {
    id: 'SG-04',
    rule: 'While an enquiry or investigation is open, the child and family are told how it is going.',
    severity: 'due',
    when: 'every 28 days',
    sources: ['PI-2'],
  },
  {
    id: 'SG-05',
    rule: 'A police investigation gets a charging decision, and early charging advice is sought, without drift.',
    severity: 'due',
    when: 'early advice within 28 days; a charging decision within 90 days',
    sources: ['NR-7'],
  },
  {
    id: 'SG-06',
    rule: 'A strategy discussion about sexual abuse includes a health professional with clinical experience of child sexual abuse, or records a consultation with one.',
    severity: 'block',
    when: 'refused when the discussion is completed',
    sources: ['PR-6'],
  },
  {
    id: 'SG-07',
    rule: 'A concern about sexual abuse gets a health pathway decision: a forensic (SARC) referral for recent abuse, a health assessment for non-recent abuse.',
    severity: 'due',
    when: 'due within 1 working day for recent abuse',
    sources: ['PR-6'],
  },
  {
    id: 'SG-08',
    rule: 'A person with a sexual-offending history who lives with or has contact with a child leads to a multi-agency discussion and an up-to-date risk assessment, and probation is told where they supervise.',
    severity: 'due',
    when: 'due within 5 working days',
    sources: ['PR-4', 'PI-4'],
  },
  {
    id: 'SG-09',
    rule: 'The risk assessment of such a person is kept current while their contact with a child continues.',
    severity: 'due',
    when: 'when the assessment is older than 12 months',
    sources: ['PR-4'],
  },
  {
    id: 'SG-10',
    rule: 'When a sibling harmed, there is a plan for every child in the family: the child harmed, the child who harmed and the other siblings.',
    severity: 'block',
    when: 'due 10 working days after harm by a sibling comes to the case; refused when a plan is agreed while a child has none',
    sources: ['PR-3'],
  },
  {
    id: 'SG-11',
    rule: 'Each child in an enquiry has their views recorded in their own words, or why not and how they communicate.',
    severity: 'due',
    when: 'due before the enquiry ends',
    sources: ['PR-5'],
  },
  {
    id: 'SG-12',
    rule: 'Before an ABE interview is recorded as held, the child was told what it is and that it is their choice, by whom, and their willingness recorded; an unsure child is never told that declining harms the investigation.',
    severity: 'block',
    when: 'refused when the interview is recorded as held',
    sources: ['PI-3'],
  },
  {
    id: 'SG-13',
    rule: 'A concern never needs a disclosure: signs and indicators alone can make a referral.',
    severity: 'prompt',
    when: 'when a concern is recorded',
    sources: ['PI-1'],
  },
  {
    id: 'SG-14',
    rule: 'The views of the parent or carer who did not harm the child are sought.',
    severity: 'prompt',
    when: 'while none is recorded',
    sources: ['RQ-6'],
  },
  {
    id: 'SG-15',
    rule: 'A practitioner leading interviews has joint ABE training.',
    severity: 'prompt',
    when: 'when an interview is planned',
    sources: ['PR-2'],
  },
  {
    id: 'SG-16',
    rule: 'A child and family assessment is completed within the time Working Together to Safeguard Children sets, without drift.',
    severity: 'due',
    when: 'due within 45 working days of its start',
    sources: ['PI-2'],
  },
  {
    id: 'SG-17',
    rule: 'A child in a section 47 enquiry has an initial child protection conference within the time Working Together to Safeguard Children sets from the strategy discussion that started it, unless the enquiry concludes no conference is needed.',
    severity: 'due',
    when: 'due within 15 working days of the strategy discussion',
    sources: ['PI-2'],
  },
  {
    id: 'SG-18',
    rule: 'A child with a child protection plan has review conferences as often as Working Together to Safeguard Children sets: the first within 3 months of the initial conference, then at most 6 months apart.',
    severity: 'due',
    when: 'first review within 3 months; then every 6 months',
    sources: ['PI-2'],
  },
]

const BY_ID = new Map(SAFEGUARDS.map(s => [s.id, s]))

export function safeguardEntry(id: string): SafeguardEntry | undefined {
  return BY_ID.get(id)
}

/** The safeguards that carry a review item. */
export function safeguardsCarrying(code: string): SafeguardEntry[] {
  return SAFEGUARDS.filter(s => s.sources.includes(code))
}

/** A finding's source: the safeguard's first review item, with the Lantern page that summarises it. */
export function sourceOf(safeguardId: string): Finding['source'] {
  const entry = BY_ID.get(safeguardId)
  const item = entry && reviewItem(entry.sources[0])
  if (!item) throw new Error(`No review item for ${safeguardId}`)
  return { code: item.code, title: item.title, href: urls.reviewItem(item.code) }
}
