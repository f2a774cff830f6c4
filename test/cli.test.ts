import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { openDatabase } from '../src/db/connection.ts'
import { asSystem } from '../src/db/context.ts'
import { migrate } from '../src/db/migrate.ts'
import { createAuditLog } from '../src/modules/audit/index.ts'
import { findPartnershipAsSystem } from '../src/modules/directory/index.ts'
import { seedDemo } from '../src/seed/demo.ts'
import { LANTERN, serviceDatabaseEnv } from './service-process.ts'

const env = await serviceDatabaseEnv()

function lantern(...args: string[]) {
  const result = spawnSync(process.execPath, [LANTERN, ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  })
  return { code: result.status, out: result.stdout, err: result.stderr }
}

describe('the lantern command', () => {
  it('explains itself', () => {
    const help = lantern('--help')
    assert.equal(help.code, 0)
    assert.match(help.out, /token create/)
    assert.match(help.out, /user invite/)
    assert.match(help.out, /user disable/)
    assert.equal(lantern('token', 'create', '--help').code, 0)
    assert.equal(lantern().code, 2)
  })

  it('refuses unknown commands, options and roles with exit code 2 and a clear message', () => {
    const unknown = lantern('frobnicate')
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /Unknown command "frobnicate"/)
    assert.equal(lantern('migrate', '--colour').code, 2)
    const role = lantern(
      'user',
      'add',
      '--partnership',
      'Northshire',
      '--agency',
      'Northshire Police',
      '--email',
      'a@police.example',
      '--name',
      'Wizzy Wand',
      '--roles',
      'wizard',
    )
    assert.equal(role.code, 2)
    assert.match(role.err, /Unknown roles: wizard/)
  })

  it('migrates, seeds the demo and a synthetic partnership, adds a user and creates a token', () => {
    assert.equal(lantern('migrate').code, 0)
    const seed = lantern('seed', '--demo', '--synthetic', '25')
    assert.equal(seed.code, 0, seed.err)
    assert.match(seed.out, /Added \d+ people, 25 cases and 250 chronology events, all invented/)
    const added = lantern(
      'user',
      'add',
      '--partnership',
      'Northshire',
      '--agency',
      'Northshire Police',
      '--email',
      'Quill.Inkwell@police.example',
      '--name',
      'Quill Inkwell',
      '--roles',
      'police_investigator,police_supervisor',
    )
    assert.equal(added.code, 0, added.err)
    assert.doesNotMatch(added.out, /password/i, 'no password is printed')
    const first = /http:\/\/localhost:\d+\/invitation\/(i_[A-Za-z0-9_-]{40,})/.exec(added.out)?.[1]
    assert.ok(first, added.out)
    const invited = lantern('user', 'invite', '--email', 'quill.inkwell@police.example')
    assert.equal(invited.code, 0, invited.err)
    const second = /\/invitation\/(i_[A-Za-z0-9_-]{40,})/.exec(invited.out)?.[1]
    assert.ok(second && second !== first, 'a fresh invitation each time')
    const twoHats = lantern(
      'user',
      'add',
      '--partnership',
      'Northshire',
      '--agency',
      'Northshire Police',
      '--email',
      'two.hats@police.example',
      '--name',
      'Twohats Doubleduty',
      '--roles',
      'administrator,police_investigator',
    )
    assert.equal(twoHats.code, 2)
    assert.match(twoHats.err, /--roles: A system administrator cannot also have a practitioner or auditor role/)
    const disabled = lantern('user', 'disable', '--email', 'quill.inkwell@police.example')
    assert.equal(disabled.code, 0, disabled.err)
    assert.match(disabled.out, /Disabled quill\.inkwell@police\.example/)
    assert.match(lantern('user', 'invite', '--email', 'quill.inkwell@police.example').err, /is disabled/)
    const token = lantern('token', 'create', '--email', 'sw@csc.example', '--days', '30')
    assert.equal(token.code, 0, token.err)
    assert.match(token.out.trim(), /^lantern_[A-Za-z0-9_-]{40,}$/)
    assert.equal(lantern('token', 'revoke', '--id', /Token (\S+) for/.exec(token.err)?.[1] ?? 'x').code, 0)
  })

  it('verifies the audit log, and exits 3 once a row is tampered with', async () => {
    // A migrated database with a chain to verify, whether or not the test above has run: migrating and seeding
    // change nothing the second time, and the audited row is this test's own.
    const setUp = await openDatabase({ url: env.DATABASE_URL, dataDir: env.LANTERN_DATA_DIR })
    await migrate(setUp.db)
    await seedDemo(setUp.db)
    const northshire = await findPartnershipAsSystem(setUp.db, 'Northshire')
    const audit = createAuditLog(setUp.db)
    await audit.record({ partnershipId: northshire?.partnershipId ?? null, action: 'cli.test', at: new Date() })
    await setUp.close()
    const ok = lantern('audit', 'verify')
    assert.equal(ok.code, 0, ok.out + ok.err)
    assert.match(ok.out, /intact/)
    const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.LANTERN_DATA_DIR })
    await asSystem(() =>
      handle.db.transaction().execute(async trx => {
        await sql`set local session_replication_role = replica`.execute(trx)
        await sql`update audit_log set action = 'nothing.to.see' where seq = 1`.execute(trx)
      }),
    )
    await handle.close()
    const broken = lantern('audit', 'verify')
    assert.equal(broken.code, 3)
    assert.match(broken.out, /BROKEN: row 1 does not match/)
  })

  it('sweeps overdue tasks once: a second sweep finds nothing more to raise', async () => {
    const setUp = await openDatabase({ url: env.DATABASE_URL, dataDir: env.LANTERN_DATA_DIR })
    await migrate(setUp.db)
    await seedDemo(setUp.db)
    // A case with a task gone overdue, written directly: the sweep's work, whoever made the task.
    await asSystem(async () => {
      const lead = await setUp.db
        .selectFrom('users')
        .select(['id', 'partnershipId'])
        .where('email', '=', 'sw@csc.example')
        .executeTakeFirstOrThrow()
      const kase = await setUp.db
        .insertInto('cases')
        .values({
          partnershipId: lead.partnershipId,
          reference: `NS-CLI-${String(Date.now())}`,
          title: 'CLI sweep case',
          leadUserId: lead.id,
          openedAt: new Date('2026-11-01T09:00:00Z'),
          openedByUserId: lead.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await setUp.db
        .insertInto('tasks')
        .values({
          partnershipId: lead.partnershipId,
          caseId: kase.id,
          key: `action:${kase.id}`,
          title: 'Ring the school',
          ownerUserId: lead.id,
          dueAt: new Date('2026-11-02T17:00:00Z'),
          status: 'open',
          createdAt: new Date('2026-11-01T09:00:00Z'),
        })
        .execute()
    })
    await setUp.close()
    const first = lantern('safeguards', 'sweep')
    assert.equal(first.code, 0, first.err)
    assert.match(first.out, /^[1-9]\d* task\(s\) raised as overdue/)
    const second = lantern('safeguards', 'sweep')
    assert.equal(second.code, 0, second.err)
    assert.match(second.out, /^0 task\(s\) raised as overdue/)
  })
})
