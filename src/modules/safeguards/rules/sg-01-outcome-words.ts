import type { Finding } from '../../../kernel/findings.ts'
import { sourceOf } from '../catalogue.ts'
import type { Rule } from '../snapshot.ts'

/**
 * SG-01 (PR-3): a police close without charge is "no further police action at this time", and never stands
 * alone: it needs its reasons, its Home Office outcome code and the agencies told, so that nobody reads it as
 * "nothing happened" and the agencies can go on protecting the child. (The words "no further action" and "NFA"
 * are refused where they are typed, by the investigations module's schemas.)
 */
export const sg01OutcomeWords: Rule = snapshot =>
  snapshot.investigations.flatMap((investigation): Finding[] => {
    const outcome = investigation.outcome
    if (outcome?.kind !== 'no_further_police_action_at_this_time') return []
    const missing = [
      ...(outcome.rationaleGiven ? [] : ['no rationale']),
      ...(outcome.code.trim() ? [] : ['no outcome code']),
      ...(outcome.agenciesInformed > 0 ? [] : ['no agency recorded as told']),
    ]
    if (!missing.length) return []
    return [
      {
        safeguard: 'SG-01',
        severity: 'block',
        message:
          'Record why there is no further police action at this time, its outcome code and the agencies told of it',
        recordId: investigation.id,
        facts: [
          `the outcome of investigation ${investigation.crimeReference} is no further police action at this time, with ${missing.join(', ')}`,
        ],
        source: sourceOf('SG-01'),
      },
    ]
  })
