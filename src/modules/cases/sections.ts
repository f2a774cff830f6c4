import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'

/**
 * A part of the case page a module above cases contributes (concerns' prompt when concerns add up): as the
 * person page takes record sections, the case page takes these at composition. The page includes `template`
 * with what `load` answered as `section`.
 */
export interface CaseSection<Data = unknown> {
  template: string
  load(db: Db, actor: Actor, kase: { id: string; children: readonly { id: string }[] }, now: Date): Promise<Data>
}
