#!/usr/bin/env node
// npm test: type check, lint, then every test layer. Database tests run on embedded PostgreSQL and, when
// TEST_DATABASE_URL is set, again on that PostgreSQL server. Browser tests run once. Ends with one line:
// "N passed, N failed".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
process.chdir(root)
const tmp = path.join(root, '.tmp')
fs.mkdirSync(tmp, { recursive: true })
const updateApiSchema = process.argv.includes('--update-api-schema')
// --update-api-schema runs no tests: it only writes test/api-schema.d.ts again (see the API contract step).
const only = updateApiSchema ? ['--update-api-schema'] : process.argv.slice(2)

function run(label, command, args, env = {}) {
  console.log(`\n== ${label}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return result.status ?? 1
}

function files(dir, pattern) {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(f => path.join(dir, String(f)))
    .filter(f => pattern.test(f) && !f.includes('node_modules'))
    .filter(f => only.length === 0 || only.some(o => f.includes(o)))
    .sort()
}

const totals = { passed: 0, failed: 0 }
let failedSteps = []

// Test files run two at a time by default: each file has its own database copy and random ports, and one file
// mostly waits on one core (PGlite runs in its process; the server's backend in another), so two keep both cores
// of a CI machine busy. LANTERN_TEST_CONCURRENCY=1 runs them one by one, to read a failure's output in order.
const concurrency = Number(process.env.LANTERN_TEST_CONCURRENCY ?? 2)

function tests(label, list, env) {
  if (list.length === 0) return
  const report = path.join(tmp, `report-${label.replace(/\W+/g, '-')}.tap`)
  const status = run(
    label,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${String(concurrency)}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${report}`,
      ...list,
    ],
    env,
  )
  const tap = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : ''
  const count = name => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(tap)?.[1] ?? 0)
  totals.passed += count('pass')
  totals.failed += count('fail') + count('cancelled')
  if (status !== 0) failedSteps.push(label)
}

if (only.length === 0) {
  if (run('type check', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']) !== 0)
    failedSteps.push('type check')
  if (run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.']) !== 0)
    failedSteps.push('lint')
}

const unit = files('src', /\.test\.ts$/).filter(f => !f.endsWith('.http.test.ts'))
const database = [...files('src', /\.http\.test\.ts$/), ...files('test', /\.test\.ts$/)]
const browser = files('test/browser', /\.spec\.ts$/)

tests('unit', unit, {})

const template = path.join(tmp, 'template.tar')
let templateReady = false
if (database.length + browser.length > 0) {
  templateReady = true
  if (
    run('prepare embedded template', process.execPath, [
      '--import',
      'tsx',
      'scripts/prepare-test-db.ts',
      'embedded',
      template,
    ]) !== 0
  )
    failedSteps.push('template')
}
tests('database (embedded)', database, { LANTERN_TEST_DB: 'embedded', LANTERN_TEST_TEMPLATE: template })

// The API contract: the document the app serves passes `redocly lint` (redocly.yaml), and the client types
// generated from it (test/api-schema.d.ts, which test/api-client.test.ts type-checks against) are the ones
// checked in. `node scripts/test.mjs --update-api-schema` writes them again after a deliberate change.
if (only.length === 0 || updateApiSchema || only.some(o => 'openapi api-client api-contract'.includes(o))) {
  const document = path.join(tmp, 'openapi.json')
  const generated = updateApiSchema ? path.join(root, 'test', 'api-schema.d.ts') : path.join(tmp, 'api-schema.d.ts')
  const bin = name => path.join(root, 'node_modules', '.bin', name)
  const ok =
    (templateReady ||
      run('prepare embedded template', process.execPath, [
        '--import',
        'tsx',
        'scripts/prepare-test-db.ts',
        'embedded',
        template,
      ]) === 0) &&
    run('write the OpenAPI document', process.execPath, [
      '--import',
      'tsx',
      'scripts/write-openapi.ts',
      template,
      document,
    ]) === 0 &&
    run('redocly lint', bin('redocly'), ['lint', '--config', 'redocly.yaml', document]) === 0 &&
    run('generate the API client types', bin('openapi-typescript'), [document, '-o', generated]) === 0
  const same =
    ok && fs.readFileSync(generated, 'utf8') === fs.readFileSync(path.join(root, 'test', 'api-schema.d.ts'), 'utf8')
  if (!same) {
    if (ok)
      console.log(
        'test/api-schema.d.ts differs from the OpenAPI document the app serves: if the change is meant, run node scripts/test.mjs --update-api-schema and commit it',
      )
    failedSteps.push('API contract')
  }
  // The scenario test is type-checked against the checked-in types by the type check above; when only some
  // files run, check it here so the step stands on its own.
  if (
    same &&
    only.length > 0 &&
    run('type-check the API client scenario', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit']) !== 0
  )
    failedSteps.push('API client type check')
}

if (process.env.TEST_DATABASE_URL && database.length > 0) {
  const name = `lantern_test_${process.pid}`
  if (
    run('prepare server template', process.execPath, [
      '--import',
      'tsx',
      'scripts/prepare-test-db.ts',
      'server',
      name,
    ]) !== 0
  )
    failedSteps.push('server template')
  tests('database (PostgreSQL server)', database, { LANTERN_TEST_DB: 'server', LANTERN_TEST_PG_TEMPLATE: name })
  run('drop server test databases', process.execPath, [
    '--import',
    'tsx',
    'scripts/prepare-test-db.ts',
    'drop-server',
    name,
  ])
} else if (database.length > 0) {
  console.log('\n(TEST_DATABASE_URL is not set: database tests ran on embedded PostgreSQL only)')
}

tests('browser', browser, { LANTERN_TEST_DB: 'embedded', LANTERN_TEST_TEMPLATE: template })

if (failedSteps.length) console.log(`\nFailed: ${failedSteps.join(', ')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed`)
process.exit(failedSteps.length || totals.failed ? 1 : 0)
