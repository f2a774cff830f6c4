import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asPartnership, asSystem } from '../../db/context.ts'
import { DEMO_PASSWORD, bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type TestUser } from '../../../test/given.ts'
import type { ApiBody, ErrorBody } from '../../../test/types.ts'
import { addAgency, addUser } from '../directory/index.ts'
import { policyOf } from '../policy/index.ts'

// The partnership's settings: read by its manager and auditor, changed by its manager on a page or through the
// API, each change checked, compared with the version read, and audited. Each test that changes a setting has a
// partnership of its own, so no test sees another's change.

type PolicyBody = ApiBody<'partnershipPolicy', 200>

const { app, clock } = await testApp()
const given = fixtures(app)
const { db } = app.lantern

/** A partnership of the test's own with one partnership manager, signed in through the API and the pages. */
async function ownPartnership() {
  const { partnershipId, code } = await given.partnership()
  const agencyId = await asPartnership(partnershipId, () =>
    addAgency(db, partnershipId, `${inventName().familyName} Partnership Office`, 'partnership'),
  )
  const { givenName, familyName } = inventName()
  const email = `${givenName}.${familyName}.${code}@partnership.example`.toLowerCase() as `${string}@${string}`
  const userId = await asPartnership(partnershipId, () =>
    addUser(db, {
      partnershipId,
      agencyId,
      email,
      displayName: `${givenName} ${familyName}`,
      password: DEMO_PASSWORD,
      roles: ['partnership_manager'],
      mfaExempt: true,
    }),
  )
  const displayName = `${givenName} ${familyName}`
  const manager: TestUser = {
    id: userId,
    email,
    displayName,
    password: DEMO_PASSWORD,
    partnershipId,
    agencyId,
    roles: ['partnership_manager'],
  }
  return {
    partnershipId,
    userId,
    displayName,
    agent: () => given.agent(manager),
    token: () => given.apiToken(manager),
  }
}

async function readPolicy(token: string): Promise<PolicyBody> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/policy', headers: bearer(token) })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<PolicyBody>()
}

function patchPolicy(token: string, payload: Record<string, unknown>) {
  return app.inject({ method: 'PATCH', url: '/api/v1/policy', headers: bearer(token), payload })
}

describe('the partnership’s settings', () => {
  it('shows each setting with its default and where it comes from', async () => {
    const { agent } = await ownPartnership()
    const $ = page(await (await agent()).get('/partnership/policy'))
    const row = $('#concernsAddUpDays')
    assert.match(row.text(), /30 days/)
    assert.match(row.text(), /Never: the default/)
    assert.equal(row.find('a[href="/review/PI-1"]').length, 1, 'the source links to the review’s page')
    assert.equal(row.find('a[href="/partnership/policy/concernsAddUpDays"]').length, 1)
  })

  it('changes a setting from its page, and says who changed it and when', async () => {
    const own = await ownPartnership()
    const agent = await own.agent()
    const form = page(await agent.get('/partnership/policy/breakGlassHours'))
    assert.equal(form('#value').val(), undefined, 'nothing is pre-answered')
    const sent = await agent.post('/partnership/policy/breakGlassHours', {
      value: '2',
      version: String(form('input[name=version]').val()),
    })
    assert.equal(sent.statusCode, 303)
    assert.equal(sent.headers.location, '/partnership/policy?changed=breakGlassHours')
    const $ = page(await agent.get(sent.headers.location))
    assert.match($('.govuk-notification-banner').text(), /How long emergency \(break-glass\) access to a case lasts/)
    assert.match($('#breakGlassHours').text(), /2 hours/)
    assert.match($('#breakGlassHours').text(), new RegExp(`by ${own.displayName}`))
    assert.equal((await asPartnership(own.partnershipId, () => policyOf(db))).breakGlassHours, 2)
  })

  it('refuses zero, a negative number, words and more than the most allowed, naming the setting', async () => {
    const own = await ownPartnership()
    const agent = await own.agent()
    await agent.get('/partnership/policy/breakGlassHours')
    for (const [value, message] of [
      ['0', /How long emergency \(break-glass\) access to a case lasts must be a whole number of hours from 1 to 24/],
      ['-3', /must be a whole number, like 5/],
      ['four', /must be a whole number, like 5/],
      ['25', /from 1 to 24/],
      ['', /Enter the new value/],
    ] as const) {
      const sent = await agent.post('/partnership/policy/breakGlassHours', { value, version: '0' })
      assert.equal(sent.statusCode, 400, value)
      const $ = page(sent)
      assert.match($('#value-error').text(), message)
      assert.equal($('#value').val(), value, 'what was typed comes back')
    }
    assert.equal((await readPolicy(await own.token())).version, 0, 'nothing was saved')
  })

  it('tells a manager someone else changed the settings since they opened the page, saving nothing', async () => {
    const own = await ownPartnership()
    const agent = await own.agent()
    const token = await own.token()
    await agent.get('/partnership/policy/breakGlassHours')
    assert.equal((await patchPolicy(token, { version: 0, settings: { concernsAddUpDays: 45 } })).statusCode, 200)
    const sent = await agent.post('/partnership/policy/breakGlassHours', { value: '6', version: '0' })
    assert.equal(sent.statusCode, 409)
    const $ = page(sent)
    assert.match($('#value-error').text(), /Someone else changed the partnership’s settings/)
    assert.equal($('input[name=version]').val(), '1', 'sending it again goes ahead')
    assert.equal((await readPolicy(token)).settings.find(s => s.name === 'breakGlassHours')?.value, 4)
  })

  it('changes several settings through the API at once, or none when one is wrong', async () => {
    const own = await ownPartnership()
    const token = await own.token()
    const refused = await patchPolicy(token, { version: 0, settings: { concernsAddUpDays: 20, breakGlassHours: 0 } })
    assert.equal(refused.statusCode, 400)
    assert.match(JSON.stringify(refused.json<ErrorBody>()), /breakGlassHours/)
    assert.equal((await readPolicy(token)).version, 0, 'the good one was not saved either')

    const changed = await patchPolicy(token, { version: 0, settings: { concernsAddUpDays: 20, breakGlassHours: 6 } })
    assert.equal(changed.statusCode, 200, changed.body)
    const body = changed.json<PolicyBody>()
    assert.equal(body.version, 2)
    const addUp = body.settings.find(s => s.name === 'concernsAddUpDays')
    assert.deepEqual(
      { value: addUp?.value, default: addUp?.default, changedBy: addUp?.changedBy, href: addUp?.source.href },
      { value: 20, default: 30, changedBy: own.displayName, href: '/review/PI-1' },
    )
  })

  it('lets only one of two changes made from the same version through', async () => {
    const own = await ownPartnership()
    const token = await own.token()
    const answers = await Promise.all([
      patchPolicy(token, { version: 0, settings: { breakGlassPerDay: 2 } }),
      patchPolicy(token, { version: 0, settings: { breakGlassPerDay: 5 } }),
    ])
    assert.deepEqual(answers.map(a => a.statusCode).sort(), [200, 409])
    assert.equal((await readPolicy(token)).version, 1)
  })

  it('audits each change with what it was and what it became', async () => {
    const own = await ownPartnership()
    clock.set('2026-11-30T10:00:00.000Z')
    await patchPolicy(await own.token(), { version: 0, settings: { referralDecisionWorkingDays: 2 } })
    await app.lantern.audit.drain()
    const row = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['action', 'userId', 'detail', 'outcome'])
        .where('partnershipId', '=', own.partnershipId)
        .where('action', '=', 'partnership.changePolicy')
        .executeTakeFirstOrThrow(),
    )
    assert.equal(row.userId, own.userId)
    assert.deepEqual(row.detail, { changes: [{ name: 'referralDecisionWorkingDays', from: 1, to: 2 }] })
  })

  it('lets the auditor read the settings but not change them', async () => {
    const auditor = await given.agent('auditor@partnership.example')
    const $ = page(await auditor.get('/partnership/policy'))
    assert.equal($('#breakGlassHours').length, 1)
    assert.equal($('a[href^="/partnership/policy/"]').length, 0, 'no Change link is offered')
    assert.equal((await auditor.get('/partnership/policy/breakGlassHours')).statusCode, 403)
    const token = await given.apiToken('auditor@partnership.example')
    assert.equal((await patchPolicy(token, { version: 0, settings: { breakGlassHours: 2 } })).statusCode, 403)
  })

  it('keeps the settings from practitioners', async () => {
    const worker = await given.agent('sw@csc.example')
    assert.equal((await worker.get('/partnership/policy')).statusCode, 403)
  })
})
