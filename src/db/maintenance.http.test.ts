import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import { testDatabase } from '../../test/helpers.ts'
import { asSystem } from './context.ts'
import { keepStatisticsFresh } from './maintenance.ts'

const handle = await testDatabase()
after(() => handle.close())

const estimatedPeople = async () =>
  (
    await asSystem(() =>
      sql<{ n: number }>`select reltuples::int as n from pg_class where relname = 'people'`.execute(handle.db),
    )
  ).rows[0]?.n

describe('planner statistics', () => {
  it('are refreshed at start in embedded mode, where no autovacuum runs, and left to autovacuum on a server', async () => {
    const before = await estimatedPeople()
    assert.equal(before, -1, 'a table never analysed has no estimate')
    const stop = await keepStatisticsFresh(handle, error => {
      throw error
    })
    stop()
    const afterwards = await estimatedPeople()
    if (handle.kind === 'embedded') {
      assert.equal(afterwards, 0, 'ANALYZE counted the empty people table')
    } else {
      assert.equal(afterwards, before, 'nothing run on a server')
    }
  })
})
