import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { apiToken, bearer, testApp } from '../../../test/helpers.ts'
import { verifyAuditLog } from './index.ts'

const { app, handle } = await testApp()
const db = handle.db

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

async function brokenChains(): Promise<string[]> {
  return (await verifyAuditLog(db, 7)).filter(r => !r.ok).map(r => r.problem ?? '')
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
    assert.deepEqual(await brokenChains(), [])
  })

  it('detects an edited row', async () => {
    await tamper(sql`update audit_log set ip = '10.6.6.6' where seq = 3 and partnership_id = ${await northshire()}`)
    assert.match((await brokenChains())[0] ?? '', /row 3 does not match/)
    await tamper(sql`update audit_log set ip = '10.1.2.3' where seq = 3 and partnership_id = ${await northshire()}`)
    assert.deepEqual(await brokenChains(), [], 'restoring the row restores the chain')
  })

  it('detects reordered rows', async () => {
    const p = await northshire()
    await tamper(sql`update audit_log set seq = -seq where partnership_id = ${p} and seq in (4, 5)`)
    await tamper(
      sql`update audit_log set seq = case seq when -4 then 5 else 4 end where partnership_id = ${p} and seq in (-4, -5)`,
    )
    assert.match((await brokenChains())[0] ?? '', /row 4 does not match/)
    await tamper(sql`update audit_log set seq = -seq where partnership_id = ${p} and seq in (4, 5)`)
    await tamper(
      sql`update audit_log set seq = case seq when -4 then 5 else 4 end where partnership_id = ${p} and seq in (-4, -5)`,
    )
    assert.deepEqual(await brokenChains(), [])
  })

  it('detects a removed row, and a removed tail', async () => {
    const p = await northshire()
    const last = await asSystem(() =>
      db.selectFrom('auditChain').select('lastSeq').where('partnershipId', '=', p).executeTakeFirstOrThrow(),
    )
    await tamper(sql`delete from audit_log where partnership_id = ${p} and seq = ${last.lastSeq}`)
    assert.match((await brokenChains())[0] ?? '', /rows were removed/)
    await tamper(sql`delete from audit_log where partnership_id = ${p} and seq = 8`)
    assert.match((await brokenChains())[0] ?? '', /row 8 is missing/)
  })

  it('says so through the command line with exit code 3', async () => {
    // The CLI's verify is the same function; its exit code is tested in test/cli.test.ts on a real data folder.
    assert.ok((await verifyAuditLog(db)).some(r => !r.ok))
  })
})
