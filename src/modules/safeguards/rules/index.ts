import type { Rule } from '../snapshot.ts'
import { sg07HealthPathway } from './sg-07-health-pathway.ts'

/**
 * Every safeguard rule the write pipeline runs, one file each beside this one (`sg-05-charging-advice.ts` …),
 * each a pure function of the case as it stands, the time and the partnership's policy. They arrive with the
 * pathway steps they watch (issue 12); the engine, the tasks they keep and the sweep are already in place.
 */
export const RULES: readonly Rule[] = [sg07HealthPathway]
