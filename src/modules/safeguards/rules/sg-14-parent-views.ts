import { ADULT_ROLES, type CaseAdultRole } from '../../../kernel/codes/cases.ts'
import type { Finding } from '../../../kernel/findings.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'

/** The roles of an adult on the case whose views SG-14 asks for by name, the likeliest first. */
const PARENTS: readonly CaseAdultRole[] = ['non_abusing_parent', 'parent', 'carer']

/**
 * SG-14 (RQ-6): an open case seeks the views of the parent or carer who did not harm the child. It prompts while
 * none is recorded on the case, naming in its facts the adults on the case as a parent or carer (by their role on
 * the case: the snapshot holds no names, and a finding's words never carry one). It clears when one is recorded.
 */
export const sg14ParentViews: Rule = snapshot => {
  if (snapshot.case.status !== 'open' || snapshot.parentViews.length > 0) return []
  const alleged = new Set(snapshot.adults.filter(a => a.role === 'alleged_perpetrator').map(a => a.personId))
  const parents = snapshot.adults
    .filter(a => (PARENTS as readonly string[]).includes(a.role) && !alleged.has(a.personId))
    .sort((a, b) => PARENTS.indexOf(a.role as CaseAdultRole) - PARENTS.indexOf(b.role as CaseAdultRole))
    .map(a => ADULT_ROLES[a.role as CaseAdultRole].toLowerCase())
  const finding: Finding = {
    safeguard: 'SG-14',
    severity: 'prompt',
    message: 'Seek the views of the non-abusing parent or carer',
    childId: null,
    recordId: null,
    facts: [
      parents.length === 0
        ? 'no adult is on the case as a parent or carer'
        : `on the case as a parent or carer not alleged to have harmed the child: ${parents.join(', ')}`,
      'no views of a parent or carer have been recorded on the case',
    ],
    source: sourceOf('SG-14'),
  }
  return [finding]
}
