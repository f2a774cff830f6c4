import type { Db } from '../db/connection.ts'
import type { Config } from '../kernel/config.ts'
import type { AuditLog } from '../modules/audit/index.ts'
import type { Actions, RegisteredRoute } from './actions.ts'

/** What every module reaches through `app.lantern`; app.ts builds it. */
export interface Services {
  db: Db
  audit: AuditLog
  config: Config
  /** The time now; tests freeze and move it. */
  clock: () => Date
  /** Every action the modules declared, merged. */
  actions: Actions
  /** Every route the app registered, with its action. */
  routes: RegisteredRoute[]
}
