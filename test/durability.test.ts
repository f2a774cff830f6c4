import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEMO_PASSWORD, TEST_DB } from './helpers.ts'
import { exited, serviceDatabaseEnv, startService } from './service-process.ts'

// A write the service acknowledged survives kill -9, on whichever database this run uses.

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@partnership.example', password: DEMO_PASSWORD }),
  })
  assert.equal(response.status, 201)
  return ((await response.json()) as { token: string }).token
}

describe(`durability on ${TEST_DB} PostgreSQL`, () => {
  it('keeps an acknowledged write after the service is killed with SIGKILL', async () => {
    const env = await serviceDatabaseEnv()
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
      const list = await fetch(`${second.url}/api/v1/agencies`, {
        headers: { authorization: `Bearer ${await token(second.url)}` },
      })
      const names = ((await list.json()) as { name: string }[]).map(a => a.name)
      assert.ok(names.includes('Kestrel Lane Surgery'), `after restart: ${names.join(', ')}`)
      const health = await fetch(`${second.url}/health`)
      assert.equal(health.status, 200)
    } finally {
      second.child.kill('SIGTERM')
      assert.equal(await exited(second.child), 0, 'SIGTERM shuts down cleanly')
    }
  })
})
