import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { DEMO_PASSWORD, serverTestDatabase, TEST_DB } from './helpers.ts'
import { exited, startService } from './service-process.ts'

// A write the service acknowledged survives kill -9, on whichever database this run uses.

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@partnership.example', password: DEMO_PASSWORD }),
  })
  assert.equal(response.status, 201)
  return ((await response.json()) as { token: string }).token
}

describe(`durability on ${TEST_DB} PostgreSQL`, () => {
  it('keeps an acknowledged write after the service is killed with SIGKILL', async () => {
    const env: Record<string, string> = {}
    if (TEST_DB === 'server') {
      const db = await serverTestDatabase()
      after(db.drop)
      env.DATABASE_URL = db.url
    } else {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantern-durability-'))
      after(() => fs.rm(dir, { recursive: true, force: true }))
      env.LANTERN_DATA_DIR = dir
    }
    const first = await startService(env)
    const created = await fetch(`${first.url}/api/v1/agencies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token(first.url)}` },
      body: JSON.stringify({ name: 'Kestrel Lane Surgery', kind: 'health' }),
    })
    assert.equal(created.status, 201)
    first.child.kill('SIGKILL')
    await exited(first.child)

    const second = await startService(env)
    try {
      const list = await fetch(`${second.url}/api/v1/agencies`, { headers: { authorization: `Bearer ${await token(second.url)}` } })
      const names = ((await list.json()) as { name: string }[]).map((a) => a.name)
      assert.ok(names.includes('Kestrel Lane Surgery'), `after restart: ${names.join(', ')}`)
      const health = await fetch(`${second.url}/health`)
      assert.equal(health.status, 200)
    } finally {
      second.child.kill('SIGTERM')
      assert.equal(await exited(second.child), 0, 'SIGTERM shuts down cleanly')
    }
  })
})
