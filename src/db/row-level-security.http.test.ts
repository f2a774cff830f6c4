import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { TEST_DB, testApp } from '../../test/helpers.ts'
import { asPartnership, asSystem } from './context.ts'

const { app, handle } = await testApp()
const db = handle.db

const partnerships = await asSystem(() => db.selectFrom('partnerships').select(['partnershipId', 'name']).execute())
const northshire = partnerships.find(p => p.name === 'Northshire')?.partnershipId ?? ''
const southvale = partnerships.find(p => p.name === 'Southvale')?.partnershipId ?? ''

describe('row-level security', () => {
  it('keeps a query that forgets its where to its own partnership', async () => {
    const north = await asPartnership(northshire, () =>
      db.selectFrom('users').select(['email', 'partnershipId']).execute(),
    )
    assert.equal(north.length, 10)
    assert.ok(north.every(u => u.partnershipId === northshire))
    const south = await asPartnership(southvale, () => sql<{ email: string }>`select email from users`.execute(db))
    assert.deepEqual(
      south.rows.map(r => r.email),
      ['sw@southvale.example'],
    )
    const agencies = await asPartnership(southvale, () => db.selectFrom('agencies').selectAll().execute())
    assert.ok(agencies.every(a => a.partnershipId === southvale))
  })

  it('shows nothing to a connection with no partnership', async () => {
    const rows = await db.selectFrom('users').select('email').execute()
    assert.equal(rows.length, 0)
  })

  it('runs the application as a role without superuser rights', async () => {
    const who = await asPartnership(northshire, () =>
      sql<{
        user: string
        bypass: boolean
      }>`select current_user as user, rolbypassrls as bypass from pg_roles where rolname = current_user`.execute(db),
    )
    assert.deepEqual(who.rows, [{ user: 'lantern_app', bypass: false }])
  })

  it('will not write a row into another partnership', async () => {
    await assert.rejects(
      asPartnership(southvale, () =>
        db
          .insertInto('agencies')
          .values({ partnershipId: northshire, name: 'Smuggled Agency', kind: 'police' })
          .execute(),
      ),
      /row-level security/,
    )
  })

  it('keeps the audit log append-only, even for the owner', async () => {
    await app.lantern.audit.record({ partnershipId: northshire, action: 'test.event', at: new Date() })
    await assert.rejects(
      asPartnership(northshire, () => sql`update audit_log set action = 'x'`.execute(db)),
      /permission denied/,
    )
    await assert.rejects(
      asPartnership(northshire, () => sql`delete from audit_log`.execute(db)),
      /permission denied/,
    )
    await assert.rejects(
      asSystem(() => sql`delete from audit_log`.execute(db)),
      /cannot be changed/,
    )
    await assert.rejects(
      asPartnership(northshire, () =>
        sql`select lantern_audit_append(${JSON.stringify([{ partnershipId: southvale, action: 'x', at: new Date().toISOString() }])}::jsonb)`.execute(
          db,
        ),
      ),
      /another partnership/,
    )
  })

  // On the server each statement is prepared once a connection and its plan kept: a kept plan must still ask
  // for the partnership of whoever runs it, not remember the first one's.
  it('keeps a statement run again and again, by two partnerships in turn, to each one’s own rows', async () => {
    const emails = (partnershipId: string) =>
      asPartnership(partnershipId, () => db.selectFrom('users').select('email').where('email', 'like', '%@%').execute())
    for (let i = 0; i < 12; i++) {
      const north = await emails(northshire)
      const south = await emails(southvale)
      assert.equal(north.length, 10)
      assert.deepEqual(
        south.map(u => u.email),
        ['sw@southvale.example'],
      )
    }
  })

  it('prepares a statement with parameters once a connection', { skip: TEST_DB !== 'server' }, async () => {
    // The statement names itself in a comment, so it can find itself among those its connection has prepared.
    const marker = `prepared_${String(Date.now())}`
    const found = await asPartnership(northshire, () =>
      sql<{ statements: number }>`select count(*)::int as statements from pg_prepared_statements
        where statement like ${`%${marker}%`} /* ${sql.raw(marker)} */`.execute(db),
    )
    assert.equal(found.rows[0]?.statements, 1)
  })

  it('keeps the system’s connections apart from the application’s', { skip: TEST_DB !== 'server' }, async () => {
    // Switching a connection between the two roles would cost a round trip each way and its kept plans.
    const backend = sql<{ pid: number }>`select pg_backend_pid() as pid`
    const system = new Set<number>()
    const application = new Set<number>()
    for (let i = 0; i < 5; i++) {
      for (const r of (await asSystem(() => backend.execute(db))).rows) system.add(r.pid)
      for (const r of (await asPartnership(northshire, () => backend.execute(db))).rows) application.add(r.pid)
    }
    assert.deepEqual(
      [...system].filter(pid => application.has(pid)),
      [],
    )
  })
})
