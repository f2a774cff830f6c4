import assert from 'node:assert/strict'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import ts from 'typescript'
import { testDatabase } from '../../test/helpers.ts'
import { ACCOUNT_CHANGE_KINDS, AGENCY_KINDS } from '../kernel/roles.ts'
import { KEPT_FROM_ADMINISTRATORS } from '../modules/directory/index.ts'
import { ADULT_ROLES, CASE_STATUSES, CHILD_ROLES, VISIBILITIES } from '../kernel/codes/cases.ts'
import { DECISIONS, DISCLOSURES } from '../kernel/codes/concerns.ts'
import { NOTIFICATION_KINDS } from '../kernel/codes/notifications.ts'
import { OFFENDING_KINDS, RELATIONSHIP_KINDS, SEXES } from '../kernel/codes/people.ts'
import { TASK_STATUSES } from '../kernel/codes/safeguards.ts'
import {
  CHARGING_DECIDERS,
  CHARGING_DECISIONS,
  OUTCOME_CODES,
  OUTCOME_KINDS,
  SPECIAL_MEASURES,
  WILLINGNESS,
} from '../kernel/codes/investigations.ts'
import { ABUSE_CATEGORIES } from '../kernel/codes/cases.ts'
import { CONFERENCE_KINDS, SECTION47_OUTCOMES } from '../kernel/codes/enquiries.ts'
import { HEALTH_DECISIONS, PATHWAY_KINDS } from '../kernel/codes/health.ts'
import {
  APPROVAL_KINDS,
  APPROVAL_STATUSES,
  COMMUNICATION_METHODS,
  LETTER_AUDIENCES,
  LETTER_STATUSES,
  NO_WORDS_REASONS,
  PLAN_KINDS,
  PLAN_STATUSES,
  UPDATE_METHODS,
  UPDATE_TOPICS,
  VIEW_STAGES,
} from '../kernel/codes/families.ts'
import {
  CIVIL_ORDER_KINDS,
  LAWFUL_BASES,
  MAPPA_CATEGORIES,
  MAPPA_LEVELS,
  REGISTRATION_PERIODS,
  RISK_LEVELS,
  RISK_TOOLS,
} from '../kernel/codes/risk.ts'
import { asSystem } from './context.ts'

// The migrations are the schema; src/db/types.ts and the modules' code lists describe it again for TypeScript.
// Nothing but these tests keeps the two in step, so they compare the migrated database itself (embedded, and the
// server when TEST_DATABASE_URL is set) with the TypeScript, and name every difference.

/**
 * The TypeScript list each CHECK list must equal, by the table and column the database names. A CHECK list with
 * no entry here fails, so a new one cannot slip in untested: add its list to the owning module's code file first.
 */
const ENUMS: Record<string, readonly string[]> = {
  'account_changes.kind': ACCOUNT_CHANGE_KINDS,
  'agencies.kind': Object.keys(AGENCY_KINDS),
  'case_adults.role': Object.keys(ADULT_ROLES),
  'case_children.role': Object.keys(CHILD_ROLES),
  'case_children.status': CASE_STATUSES,
  'cases.status': CASE_STATUSES,
  'chronology_events.visibility': Object.keys(VISIBILITIES),
  'concerns.disclosure': Object.keys(DISCLOSURES),
  'notifications.kind': Object.keys(NOTIFICATION_KINDS),
  'offending_history.kind': Object.keys(OFFENDING_KINDS),
  'people.sex': Object.keys(SEXES),
  'referrals.decision': Object.keys(DECISIONS),
  'relationships.kind': Object.keys(RELATIONSHIP_KINDS),
  'tasks.status': TASK_STATUSES,
  'strategy_discussions.categories': Object.keys(ABUSE_CATEGORIES),
  'strategy_attendees.agency_kind': Object.keys(AGENCY_KINDS),
  'investigations.charging_decision': Object.keys(CHARGING_DECISIONS),
  'investigations.charging_decided_by': Object.keys(CHARGING_DECIDERS),
  'investigations.outcome_kind': Object.keys(OUTCOME_KINDS),
  'investigations.outcome_code': Object.keys(OUTCOME_CODES),
  'abe_interviews.willingness': Object.keys(WILLINGNESS),
  'abe_interviews.special_measures': Object.keys(SPECIAL_MEASURES),
  'section47_enquiries.category': Object.keys(ABUSE_CATEGORIES),
  'section47_enquiries.outcome': Object.keys(SECTION47_OUTCOMES),
  'conferences.kind': Object.keys(CONFERENCE_KINDS),
  'conferences.category': Object.keys(ABUSE_CATEGORIES),
  'conclusion_attendees.agency_kind': Object.keys(AGENCY_KINDS),
  'family_updates.method': Object.keys(UPDATE_METHODS),
  'family_update_topics.topic': Object.keys(UPDATE_TOPICS),
  'letters.audience': Object.keys(LETTER_AUDIENCES),
  'letters.status': LETTER_STATUSES,
  'health_pathways.kind': Object.keys(PATHWAY_KINDS),
  'health_referrals.pathway': Object.keys(HEALTH_DECISIONS),
  'approvals.kind': Object.keys(APPROVAL_KINDS),
  'approvals.status': APPROVAL_STATUSES,
  // Plans (0037).
  'plans.kind': Object.keys(PLAN_KINDS),
  'plans.status': PLAN_STATUSES,
  'child_views.stage': Object.keys(VIEW_STAGES),
  'child_views.reason_not_recorded': Object.keys(NO_WORDS_REASONS),
  'child_views.communication_method': Object.keys(COMMUNICATION_METHODS),
  // The register (0039, 0040).
  'offending_history.registration_period': Object.keys(REGISTRATION_PERIODS),
  'civil_orders.kind': Object.keys(CIVIL_ORDER_KINDS),
  'risk_assessments.tool': Object.keys(RISK_TOOLS),
  'risk_assessments.level': Object.keys(RISK_LEVELS),
  'risk_management.mappa_category': Object.keys(MAPPA_CATEGORIES),
  'risk_management.mappa_level': Object.keys(MAPPA_LEVELS),
  'risk_discussion_attendees.agency_kind': Object.keys(AGENCY_KINDS),
  'information_sharing.lawful_basis': Object.keys(LAWFUL_BASES),
  // users_administrator_apart: the roles an administrator may not also hold.
  'users.roles': KEPT_FROM_ADMINISTRATORS,
}

interface CheckList {
  constraint: string
  column: string | null
  values: string[]
}

/**
 * Every ARRAY[...] in a constraint as pg_get_constraintdef writes it, with the column it is compared with:
 * `col IN (...)` comes back as `(col = ANY (ARRAY[...]))`, on a varchar column as
 * `((col)::text = ANY ((ARRAY[...])::text[]))`, and array columns as `col <@ ARRAY[...]` or `col && ARRAY[...]`.
 * A list whose column cannot be read has column null.
 */
function checkLists(constraint: string, definition: string): CheckList[] {
  const lists: CheckList[] = []
  for (const match of definition.matchAll(/ARRAY\[([^\]]*)\]/g)) {
    const before = definition.slice(0, match.index)
    const column =
      /\(?\b([a-z_][a-z0-9_]*)\)?(?:::[a-z ]+(?:\[\])?)?\s*(?:=\s*ANY|<>\s*ALL|<@|@>|&&)\s*\(*$/.exec(before)?.[1] ??
      null
    const values = [...(match[1] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map(m => (m[1] ?? '').replaceAll("''", "'"))
    lists.push({ constraint, column, values })
  }
  return lists
}

/** What differs between a CHECK list and the TypeScript list registered for it, in words. */
function listDifference(where: string, inSql: readonly string[], inTypeScript: readonly string[]): string[] {
  const onlySql = inSql.filter(v => !inTypeScript.includes(v))
  const onlyTypeScript = inTypeScript.filter(v => !inSql.includes(v))
  return [
    ...(onlySql.length ? [`${where}: in the CHECK but not in TypeScript: ${onlySql.join(', ')}`] : []),
    ...(onlyTypeScript.length ? [`${where}: in TypeScript but not in the CHECK: ${onlyTypeScript.join(', ')}`] : []),
  ]
}

const handle = await testDatabase()
after(() => handle.close())

describe('CHECK lists and the TypeScript enums', () => {
  it('reads the lists in each form PostgreSQL writes them, and says when it cannot tell the column', () => {
    assert.deepEqual(checkLists('t_kind_check', "CHECK ((kind = ANY (ARRAY['a'::text, 'it''s'::text])))"), [
      { constraint: 't_kind_check', column: 'kind', values: ['a', "it's"] },
    ])
    assert.deepEqual(
      checkLists('t', "CHECK (((kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))"),
      [{ constraint: 't', column: 'kind', values: ['a', 'b'] }],
    )
    assert.deepEqual(checkLists('t', "CHECK ((codes <@ ARRAY['x'::text, 'y'::text]))"), [
      { constraint: 't', column: 'codes', values: ['x', 'y'] },
    ])
    assert.deepEqual(checkLists('t', "CHECK ((kind <> ALL (ARRAY['z'::text])))"), [
      { constraint: 't', column: 'kind', values: ['z'] },
    ])
    assert.deepEqual(checkLists('t', "CHECK ((cardinality(ARRAY['a'::text]) > 0))"), [
      { constraint: 't', column: null, values: ['a'] },
    ])
    assert.deepEqual(checkLists('t', "CHECK ((code ~ '^[A-Z]{2,4}$'::text))"), [])
  })

  it('names each value one side has and the other lacks', () => {
    assert.deepEqual(listDifference('people.sex', ['female', 'male', 'unknown'], ['unknown', 'male', 'female']), [])
    assert.deepEqual(listDifference('people.sex', ['female', 'male'], ['female', 'male', 'unknown']), [
      'people.sex: in TypeScript but not in the CHECK: unknown',
    ])
    assert.deepEqual(listDifference('people.sex', ['female', 'male', 'other'], ['female', 'male']), [
      'people.sex: in the CHECK but not in TypeScript: other',
    ])
  })

  it('every CHECK list in the migrated database equals the enum registered for its table and column', async () => {
    const { rows } = await asSystem(() =>
      sql<{ tableName: string; constraintName: string; definition: string }>`
        select c.conrelid::regclass::text as table_name, c.conname as constraint_name,
          pg_get_constraintdef(c.oid) as definition
        from pg_constraint c
        where c.contype = 'c' and c.connamespace = 'public'::regnamespace
        order by 1, 2`.execute(handle.db),
    )
    const problems: string[] = []
    const seen = new Set<string>()
    for (const row of rows) {
      for (const list of checkLists(row.constraintName, row.definition)) {
        if (list.column === null) {
          problems.push(`${row.tableName} (${row.constraintName}): a CHECK list whose column this test cannot read`)
          continue
        }
        const key = `${row.tableName}.${list.column}`
        const registered = ENUMS[key]
        if (!registered) {
          problems.push(`${key} (${row.constraintName}): a CHECK list with no TypeScript enum registered in this test`)
          continue
        }
        seen.add(key)
        problems.push(...listDifference(`${key} (${row.constraintName})`, list.values, registered))
      }
    }
    for (const key of Object.keys(ENUMS))
      if (!seen.has(key)) problems.push(`${key}: registered in this test, but the database has no CHECK list for it`)
    assert.deepEqual(problems, [])
  })
})

/** A column as src/db/types.ts declares it: what a select returns, and whether an insert may leave it out. */
interface DeclaredColumn {
  kind: string
  /** Null when the type says nothing either way (jsonb is `unknown` until whoever reads it narrows it). */
  nullable: boolean | null
  optionalOnInsert: boolean
}

/** Reads the Database interface of src/db/types.ts through the compiler, so aliases and Generated<> are resolved. */
function declaredTables(): Map<string, Map<string, DeclaredColumn>> {
  const file = fileURLToPath(new URL('./types.ts', import.meta.url))
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url))
  const { config } = ts.readConfigFile(tsconfig, file => ts.sys.readFile(file)) as { config: unknown }
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfig))
  const program = ts.createProgram([file], { ...options, types: [] })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(file)
  const module = source && checker.getSymbolAtLocation(source)
  const database = module && checker.getExportsOfModule(module).find(s => s.name === 'Database')
  if (!database) throw new Error(`${file} exports no Database interface`)

  const kindOf = (type: ts.Type): string => {
    if (checker.isTypeAssignableTo(type, checker.getStringType())) return 'string'
    if (checker.isTypeAssignableTo(type, checker.getNumberType())) return 'number'
    if (checker.isTypeAssignableTo(type, checker.getBooleanType())) return 'boolean'
    if (type.getSymbol()?.name === 'Date') return 'Date'
    if (checker.isArrayType(type)) return `${kindOf(checker.getTypeArguments(type as ts.TypeReference)[0] ?? type)}[]`
    return checker.typeToString(type)
  }
  const unknown = ts.TypeFlags.Unknown | ts.TypeFlags.Any

  const tables = new Map<string, Map<string, DeclaredColumn>>()
  for (const table of checker.getDeclaredTypeOfSymbol(database).getProperties()) {
    const columns = new Map<string, DeclaredColumn>()
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const type = checker.getTypeOfSymbol(column)
      // Kysely's ColumnType<Select, Insert, Update> (and Generated<T>, which is one) keeps each side in a property;
      // a union such as `Timestamp | null` is read member by member, as Kysely reads it.
      const members = type.isUnion() ? type.types : [type]
      const side = (name: string) =>
        members.flatMap(member => {
          const property = member.getProperty(name)
          const type = property ? checker.getTypeOfSymbol(property) : member
          return type.isUnion() ? type.types : [type]
        })
      const select = side('__select__')
      const values = select.filter(t => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)))
      const insert = side('__insert__')
      columns.set(column.name, {
        kind: values.some(t => t.flags & unknown) ? 'unknown' : [...new Set(values.map(kindOf))].join(' | '),
        nullable: select.some(t => t.flags & unknown) ? null : select.some(t => t.flags & ts.TypeFlags.Null),
        optionalOnInsert: insert.some(t => t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Never)),
      })
    }
    tables.set(table.name, columns)
  }
  return tables
}

/** What each PostgreSQL column type reads back as, given the parsers src/db/connection.ts sets. */
const KIND_OF_UDT: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  date: 'string',
  int4: 'number',
  int8: 'number',
  bool: 'boolean',
  timestamptz: 'Date',
  jsonb: 'unknown',
  _text: 'string[]',
  _uuid: 'string[]',
  numeric: 'string',
}

/** The CamelCasePlugin's name for a table or column. */
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

describe('src/db/types.ts and the migrated database', () => {
  it('has every table and column, as nullable as the database, Generated exactly where it has a default', async () => {
    const { rows } = await asSystem(() =>
      sql<{
        tableName: string
        columnName: string
        isNullable: 'YES' | 'NO'
        hasDefault: boolean
        udtName: string
        isView: boolean
      }>`
        select c.table_name, c.column_name, c.is_nullable, c.udt_name, t.table_type = 'VIEW' as is_view,
          c.column_default is not null or c.is_identity = 'YES' or c.is_generated = 'ALWAYS' as has_default
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type in ('BASE TABLE', 'VIEW')
        order by c.table_name, c.ordinal_position`.execute(handle.db),
    )
    const declared = declaredTables()
    const problems: string[] = []
    const missingTables = new Set<string>()
    const inDatabase = new Set<string>()
    for (const row of rows) {
      const where = `${row.tableName}.${row.columnName}`
      const tableName = camel(row.tableName)
      inDatabase.add(tableName)
      inDatabase.add(`${tableName}.${camel(row.columnName)}`)
      const table = declared.get(tableName)
      if (!table) {
        missingTables.add(`${row.tableName}: in the database, not in types.ts`)
        continue
      }
      const column = table.get(camel(row.columnName))
      if (!column) {
        problems.push(`${where}: in the database, not in types.ts`)
        continue
      }
      const nullable = row.isNullable === 'YES'
      // PostgreSQL reports every column of a view as nullable and without a default, whatever its tables say:
      // for the read-only views (migration 0014) only the columns and their types can be compared.
      if (!row.isView && column.nullable !== null && column.nullable !== nullable)
        problems.push(
          nullable ? `${where}: nullable, but types.ts lacks | null` : `${where}: not null, but types.ts has | null`,
        )
      if (!row.isView && column.optionalOnInsert !== row.hasDefault)
        problems.push(
          row.hasDefault
            ? `${where}: has a default, but types.ts does not make it Generated`
            : `${where}: has no default, but types.ts lets an insert leave it out`,
        )
      const kind = KIND_OF_UDT[row.udtName] ?? `(no TypeScript kind known for ${row.udtName}: add it to KIND_OF_UDT)`
      if (column.kind !== kind) problems.push(`${where}: ${row.udtName} reads as ${kind}, types.ts says ${column.kind}`)
    }
    for (const [tableName, columns] of declared) {
      if (!inDatabase.has(tableName)) {
        problems.push(`${tableName}: in types.ts, not in the database`)
        continue
      }
      for (const columnName of columns.keys())
        if (!inDatabase.has(`${tableName}.${columnName}`))
          problems.push(`${tableName}.${columnName}: in types.ts, not in the database`)
    }
    assert.deepEqual([...missingTables, ...problems], [])
  })
})
