import { caseSnapshot, type Safeguard, type SafeguardEngine } from '../cases/index.ts'
import { keepTasks } from './tasks.ts'

// The engine the write pipeline runs on every change to a case (handed to it in app.ts): read the case as it now
// stands, run each rule (a pure function, one file each), and, once no finding blocks the change, keep the case's
// tasks in step with its `due` findings. The same rules answer "what is open on this case" for its page and API.

export function safeguardEngine(rules: readonly Safeguard[]): SafeguardEngine {
  return {
    check: async (trx, caseId, change, now, policy) => {
      // With no rules there is nothing to find, and no task a rule could have opened to close.
      if (rules.length === 0) return { findings: [], keep: () => Promise.resolve() }
      const [snapshot, current] = [await caseSnapshot(trx, caseId, change), await policy()]
      const findings = rules.flatMap(rule => rule(snapshot, now, current))
      return { findings, keep: () => keepTasks(trx, snapshot.case, findings, now) }
    },
  }
}
