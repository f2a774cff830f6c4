import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { testApp } from '../../test/helpers.ts'
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
})
