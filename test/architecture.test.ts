import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { moduleOf, violations, type Tree } from './architecture.ts'

const src = path.resolve(import.meta.dirname, '..', 'src')

async function realTree(): Promise<Tree> {
  const files = new Map<string, string>()
  for (const entry of fs.readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts') || entry.endsWith('.test.ts')) continue
    files.set(entry.split(path.sep).join('/'), fs.readFileSync(path.join(src, entry), 'utf8'))
  }
  const tables = new Map<string, readonly string[]>()
  let views: readonly string[] = []
  for (const file of files.keys()) {
    if (!file.endsWith('/tables.ts')) continue
    const declared = (await import(path.join(src, file))) as { tables: readonly string[]; views?: readonly string[] }
    tables.set(moduleOf(file), declared.tables)
    views = [...views, ...(declared.views ?? [])]
  }
  return { files, tables, views }
}

/** A small tree: kernel, web, people (owning people) and cases (owning cases), each reached by index.ts. */
function tree(extra: Record<string, string> = {}): Tree {
  return {
    files: new Map(
      Object.entries({
        'kernel/ids.ts': 'export const x = 1',
        'web/render.ts': "import { x } from '../kernel/ids.ts'",
        'modules/people/index.ts': "export { getPerson } from './service.ts'",
        'modules/people/service.ts': "db.selectFrom('people').selectAll()",
        'modules/cases/index.ts': "export { getCase } from './service.ts'",
        'modules/cases/service.ts':
          "import { getPerson } from '../people/index.ts'\ndb.selectFrom('cases').innerJoin('userDirectory as d', j => j)",
        ...extra,
      }),
    ),
    tables: new Map([
      ['people', ['people']],
      ['cases', ['cases']],
    ]),
    views: ['userDirectory'],
  }
}

describe('the shape of the code', () => {
  it('keeps every rule in the real tree: layers, no cycle, index.ts only, own tables only', async () => {
    assert.deepEqual(violations(await realTree()), [])
  })

  it('declares every table the migrations create exactly once', async () => {
    // migrate.ts itself creates the table that records which migrations ran.
    const created = new Set<string>(['schemaMigrations'])
    for (const file of fs.readdirSync(path.join(src, 'db', 'migrations')))
      for (const m of fs
        .readFileSync(path.join(src, 'db', 'migrations', file), 'utf8')
        .matchAll(/create table (\w+)/gi))
        created.add((m[1] ?? '').replace(/_([a-z])/g, (_x, c: string) => c.toUpperCase()))
    const declared = [...(await realTree()).tables.values()].flat()
    assert.deepEqual([...created].sort(), [...declared].sort())
  })

  it('finds nothing wrong in a well-shaped tree', () => {
    assert.deepEqual(violations(tree()), [])
  })

  it('refuses an import past another module’s index.ts', () => {
    const problems = violations(tree({ 'modules/cases/more.ts': "import { getPerson } from '../people/service.ts'" }))
    assert.deepEqual(problems, [
      'modules/cases/more.ts imports modules/people/service.ts: reach another module only through its index.ts',
    ])
  })

  it('refuses a query on a table another module owns, through Kysely or in raw SQL', () => {
    const problems = violations(
      tree({
        'modules/people/more.ts': "db.selectFrom('cases as c')",
        'modules/people/raw.ts': 'sql`select 1 from cases where id = ${id}`',
      }),
    )
    assert.deepEqual(problems, [
      'modules/people/more.ts queries cases, which cases owns',
      'modules/people/raw.ts queries cases, which cases owns',
    ])
  })

  it('refuses an import upwards, and names the cycle it closes', () => {
    const problems = violations(tree({ 'modules/people/more.ts': "import { getCase } from '../cases/index.ts'" }))
    assert.ok(
      problems.includes('modules/people/more.ts imports modules/cases/index.ts: people is in a lower layer than cases'),
    )
    assert.ok(problems.some(p => p.startsWith('cycle between modules cases <-> people')))
  })

  it('refuses a cycle inside one layer', () => {
    const problems = violations(
      tree({
        'modules/partnership/index.ts': "import { y } from '../home/index.ts'",
        'modules/home/index.ts': "import { z } from '../partnership/index.ts'",
      }),
    )
    assert.deepEqual(problems.length, 1)
    assert.match(problems[0] ?? '', /^cycle between modules (home <-> partnership|partnership <-> home)/)
  })

  it('refuses an import of the composition', () => {
    const problems = violations(tree({ 'web/more.ts': "import type { x } from '../app.ts'" }))
    assert.deepEqual(problems, ['web/more.ts imports app.ts: nothing but the composition imports app'])
  })
})
