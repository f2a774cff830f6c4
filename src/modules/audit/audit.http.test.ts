import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { apiToken, bearer, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import { verifyAuditLog } from './index.ts'

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

async function northshire(): Promise<string> {
  const row = await asSystem(() =>
    db.selectFrom('partnerships').select('partnershipId').where('name', '=', 'Northshire').executeTakeFirstOrThrow(),
  )
  return row.partnershipId
}

/** Tampering as someone with direct database access would: triggers off for this session only. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await asSystem(() =>
    db.transaction().execute(async trx => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await statement.execute(trx)
    }),
  )
}

/** What is wrong with one partnership's chain, if anything. */
async function brokenChains(partnershipId: string): Promise<string[]> {
  return (await verifyAuditLog(db, 7)).filter(r => r.partnershipId === partnershipId && !r.ok).map(r => r.problem ?? '')
}

/**
 * A partnership of the test's own with ten audit rows from 10.1.2.3, so a test can break its chain without
 * breaking another test's.
 */
async function chainOfTen(): Promise<string> {
  const { partnershipId } = await given.partnership()
  for (let i = 0; i < 10; i++)
    await app.lantern.audit.record({ partnershipId, action: 'test.entry', ip: '10.1.2.3', at: clock() })
  return partnershipId
}

describe('the audit log', () => {
  it('records every audited read with who, agency, action, object, when and from where', async () => {
    const token = await apiToken(app, 'sw@csc.example')
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token), remoteAddress: '10.1.2.3' }),
      ),
    )
    assert.ok(responses.every(r => r.statusCode === 200))
    const rows = await asSystem(() => db.selectFrom('auditLog').selectAll().where('action', '=', 'me.read').execute())
    assert.equal(rows.length, 20)
    const user = await asSystem(() =>
      db.selectFrom('users').select(['id', 'agencyId']).where('email', '=', 'sw@csc.example').executeTakeFirstOrThrow(),
    )
    for (const row of rows) {
      assert.equal(row.userId, user.id)
      assert.equal(row.agencyId, user.agencyId)
      assert.equal(row.objectType, 'user')
      assert.equal(row.objectId, user.id)
      assert.equal(row.ip, '10.1.2.3')
    }
    const p = await northshire()
    const seqs = (
      await asSystem(() =>
        db.selectFrom('auditLog').select('seq').where('partnershipId', '=', p).orderBy('seq').execute(),
      )
    ).map(r => r.seq)
    assert.deepEqual(
      seqs,
      seqs.map((_, i) => i + 1),
      'one gapless sequence per partnership',
    )
  })

  it('verifies intact', async () => {
    const p = await chainOfTen()
    assert.deepEqual(await brokenChains(p), [])
    assert.deepEqual(await brokenChains(await northshire()), [])
  })

  it('detects an edited row', async () => {
    const p = await chainOfTen()
    await tamper(sql`update audit_log set ip = '10.6.6.6' where seq = 3 and partnership_id = ${p}`)
    assert.match((await brokenChains(p))[0] ?? '', /row 3 does not match/)
    await tamper(sql`update audit_log set ip = '10.1.2.3' where seq = 3 and partnership_id = ${p}`)
    assert.deepEqual(await brokenChains(p), [], 'restoring the row restores the chain')
  })

  it('detects reordered rows', async () => {
    const p = await chainOfTen()
    await tamper(sql`update audit_log set seq = -seq where partnership_id = ${p} and seq in (4, 5)`)
    await tamper(
      sql`update audit_log set seq = case seq when -4 then 5 else 4 end where partnership_id = ${p} and seq in (-4, -5)`,
    )
    assert.match((await brokenChains(p))[0] ?? '', /row 4 does not match/)
    await tamper(sql`update audit_log set seq = -seq where partnership_id = ${p} and seq in (4, 5)`)
    await tamper(
      sql`update audit_log set seq = case seq when -4 then 5 else 4 end where partnership_id = ${p} and seq in (-4, -5)`,
    )
    assert.deepEqual(await brokenChains(p), [])
  })

  it('detects a removed row, and a removed tail', async () => {
    const p = await chainOfTen()
    const last = await asSystem(() =>
      db.selectFrom('auditChain').select('lastSeq').where('partnershipId', '=', p).executeTakeFirstOrThrow(),
    )
    await tamper(sql`delete from audit_log where partnership_id = ${p} and seq = ${last.lastSeq}`)
    assert.match((await brokenChains(p))[0] ?? '', /rows were removed/)
    await tamper(sql`delete from audit_log where partnership_id = ${p} and seq = 8`)
    assert.match((await brokenChains(p))[0] ?? '', /row 8 is missing/)
  })

  it('says so through the command line with exit code 3', async () => {
    const p = await chainOfTen()
    await tamper(sql`delete from audit_log where partnership_id = ${p} and seq = 8`)
    // The CLI's verify is the same function; its exit code is tested in test/cli.test.ts on a real data folder.
    assert.ok((await verifyAuditLog(db)).some(r => !r.ok))
  })
})
