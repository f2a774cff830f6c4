import type { SafeguardEngine } from '../cases/index.ts'
import { pathwaySnapshots, type Rule } from './snapshot.ts'
import { keepAgreedActions, keepTasks } from './tasks.ts'

// The engine the write pipeline runs on every change to a case (handed to it in app.ts): read the case and its
// pathway as they now stand, run each rule (a pure function, one file each), and, once no finding blocks the
// change, keep the case's tasks in step with its `due` findings and its agreed actions. The same rules answer
// "what is open on this case" for its pages and API.

export function safeguardEngine(rules: readonly Rule[]): SafeguardEngine {
  return {
    check: async (trx, changes, now, policy) => {
      const [snapshots, current] = [await pathwaySnapshots(trx, changes), await policy()]
      const checked = [...snapshots.values()].map(snapshot => ({
        snapshot,
        findings: rules.flatMap(rule => rule(snapshot, now, current)),
      }))
      return {
        findings: checked.flatMap(c => c.findings),
        keep: async () => {
          await keepTasks(
            trx,
            checked.map(({ snapshot, findings }) => ({ kase: snapshot.case, findings })),
            now,
          )
          for (const { snapshot } of checked) await keepAgreedActions(trx, snapshot.case, snapshot.agreedActions, now)
        },
      }
    },
  }
}
