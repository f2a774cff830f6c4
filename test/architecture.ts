// The rules of Lantern's shape, as pure functions over source files, so the architecture test can run them on
// the real tree and on small trees with one deliberate violation each (proving each rule can fail).
//
// - Layers: a module imports only modules in its own layer or below (LAYERS, lowest first); app.ts, server.ts,
//   the command line and the seeders compose everything and nothing imports them.
// - No cycle between modules, type imports included.
// - A module is reached only through its index.ts.
// - A module queries only the tables it declares in its tables.ts, and any declared view.
import path from 'node:path'

/** Lowest first. Modules in one layer may use each other (without a cycle) and every layer below. */
export const LAYERS: readonly (readonly string[])[] = [
  ['kernel', 'db'],
  ['audit'],
  ['web'],
  ['directory', 'policy'],
  ['auth'],
  ['access'],
  ['people', 'admin', 'notifications'],
  ['cases'],
  // Manager approvals sit just above cases, so any pathway step may ask for one.
  ['concerns', 'approvals'],
  // The pathway: each step's records on a case, with pages and API; the safeguards above read them.
  // The register of people who present a risk of sexual harm (`risk`) is here too: its discussion is on a case.
  ['strategy', 'enquiries', 'investigations', 'health', 'conclusions', 'voice', 'families', 'plans', 'risk'],
  ['safeguards'],
  ['partnership', 'home'],
  ['app', 'server', 'cli', 'seed'],
]

/** Where a source file belongs: src/modules/<name>/…, src/<dir>/…, or app/server for the top-level files. */
export function moduleOf(file: string): string {
  const parts = file.split('/')
  if (parts[0] === 'modules') return parts[1] ?? 'modules'
  if (parts.length === 1) return parts[0] === 'app.ts' ? 'app' : parts[0] === 'server.ts' ? 'server' : 'kernel'
  return parts[0] ?? ''
}

function layerOf(module: string): number {
  const index = LAYERS.findIndex(layer => layer.includes(module))
  if (index < 0) throw new Error(`Module ${module} is in no layer: add it to LAYERS in test/architecture.ts`)
  return index
}

/** Relative imports (`import`, `export … from`, `import()`), resolved to paths under src. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = []
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g
  for (const m of text.matchAll(pattern)) {
    const spec = m[1] ?? m[2] ?? ''
    found.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)))
  }
  return found
}

const QUERY_METHODS =
  /\b(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto)\(\s*'(\w+)/g
const SQL_TEMPLATE = /\bsql(?:<[^`]*?>)?`([^`]*)`/g
const RAW_SQL = /\b(?:from|join|into|update)\s+([a-z_]+)\b/gi

const snakeToCamel = (name: string) => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')

/** The tables (camelCase) a file's queries name, through Kysely's builders or in raw SQL. */
export function tablesQueried(text: string, known: ReadonlySet<string>): string[] {
  const code = stripComments(text)
  const names = new Set<string>()
  for (const m of code.matchAll(QUERY_METHODS)) if (m[1] && known.has(m[1])) names.add(m[1])
  for (const template of code.matchAll(SQL_TEMPLATE))
    for (const m of (template[1] ?? '').matchAll(RAW_SQL)) {
      const name = snakeToCamel(m[1] ?? '')
      if (known.has(name)) names.add(name)
    }
  return [...names]
}

export interface Tree {
  /** Path under src → source text, test files left out. */
  files: ReadonlyMap<string, string>
  /** Module → the tables it owns. */
  tables: ReadonlyMap<string, readonly string[]>
  /** Views any module may join. */
  views: readonly string[]
}

/** Every broken rule, one line each, naming the file and what it did. */
export function violations(tree: Tree): string[] {
  const problems: string[] = []
  const owner = new Map<string, string>()
  for (const [module, names] of tree.tables)
    for (const name of names) {
      const other = owner.get(name)
      if (other) problems.push(`table ${name} is declared by both ${other} and ${module}`)
      owner.set(name, module)
    }
  const known = new Set([...owner.keys(), ...tree.views])
  const edges = new Map<string, Map<string, string>>()
  for (const [file, text] of tree.files) {
    const from = moduleOf(file)
    for (const target of importsOf(file, text)) {
      if (target.startsWith('..')) continue
      const to = moduleOf(target)
      if (to === from) continue
      if (!edges.has(from)) edges.set(from, new Map())
      edges.get(from)?.set(to, `${file} imports ${target}`)
      if (target.startsWith('modules/') && !/^modules\/[^/]+\/index\.ts$/.test(target))
        problems.push(`${file} imports ${target}: reach another module only through its index.ts`)
      if (['app', 'server', 'cli', 'seed'].includes(to) && !['app', 'server', 'cli', 'seed'].includes(from))
        problems.push(`${file} imports ${target}: nothing but the composition imports ${to}`)
      else if (layerOf(to) > layerOf(from))
        problems.push(`${file} imports ${target}: ${from} is in a lower layer than ${to}`)
    }
    for (const table of tablesQueried(text, known)) {
      if (tree.views.includes(table)) continue
      const own = owner.get(table)
      if (own !== from) problems.push(`${file} queries ${table}, which ${own ?? 'no module'} owns`)
    }
  }
  for (const cycle of cyclesIn(edges)) {
    const why = cycle.flatMap(a => cycle.filter(b => edges.get(a)?.has(b)).map(b => edges.get(a)?.get(b) ?? ''))
    problems.push(`cycle between modules ${cycle.join(' <-> ')}: ${why.join('; ')}`)
  }
  return problems
}

/** Strongly connected groups of more than one module (Tarjan). */
function cyclesIn(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, counter)
    low.set(v, counter)
    counter++
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0))
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string | undefined
      do {
        w = stack.pop()
        if (w === undefined) break
        onStack.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1) cycles.push(group.sort())
    }
  }
  const all = new Set([...edges.keys(), ...[...edges.values()].flatMap(m => [...m.keys()])])
  for (const v of all) if (!index.has(v)) visit(v)
  return cycles
}
