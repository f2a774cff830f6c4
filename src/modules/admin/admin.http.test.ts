import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'

const { app, handle } = await testApp()
const db = handle.db

async function userCount(): Promise<number> {
  const rows = await asSystem(() => db.selectFrom('users').select('id').execute())
  return rows.length
}

describe('administrators', () => {
  it('add a user through the page, with every mistake named and what they typed kept', async () => {
    const agent = new Agent(app)
    await agent.signIn('admin@partnership.example')
    const form = page(await agent.get('/admin/users/new'))
    const police = form('#agencyId option').filter((_, o) => form(o).text() === 'Northshire Police').attr('value') ?? ''
    const before = await userCount()
    const bad = await agent.post('/admin/users', { displayName: 'Bramble Thistlewood', email: 'not-an-email', agencyId: '', password: 'short' })
    assert.equal(bad.statusCode, 400)
    const $ = page(bad)
    const summary = $('.govuk-error-summary a').map((_, a) => `${$(a).attr('href') ?? ''} ${$(a).text()}`).get()
    assert.deepEqual(summary.sort(), [
      '#agencyId Select an agency',
      '#email Enter an email address in the correct format, like name@example.org',
      '#password Password must be 12 characters or more',
      '#roles Select at least one role',
    ])
    assert.equal($('#displayName').val(), 'Bramble Thistlewood')
    assert.equal($('#email').val(), 'not-an-email')
    assert.equal(await userCount(), before, 'nothing saved')

    const good = await agent.post('/admin/users', { displayName: 'Bramble Thistlewood', email: 'Bramble.T@police.example', agencyId: police, roles: ['police_investigator', 'police_supervisor'], password: 'a-very-long-first-password' })
    assert.equal(good.headers.location, '/admin/users?added=1')
    const list = page(await agent.get('/admin/users?added=1'))
    assert.match(list('.govuk-notification-banner').text(), /User added/)
    assert.match(list('table').text(), /bramble\.t@police\.example/)
    const audit = await asSystem(() => db.selectFrom('auditLog').selectAll().where('action', '=', 'admin.users.add').execute())
    assert.equal(audit.length, 1)

    const duplicate = await agent.post('/admin/users', { displayName: 'Bramble Again', email: 'bramble.t@police.example', agencyId: police, roles: 'social_worker', password: 'a-very-long-first-password' })
    assert.equal(duplicate.statusCode, 400)
    assert.match(page(duplicate)('#email-error').text(), /already exists/)
    const kept = page(duplicate)
    assert.equal(kept('input[name="roles"][value="social_worker"]').attr('checked'), 'checked')
  })

  it('add an agency through the page', async () => {
    const agent = new Agent(app)
    await agent.signIn('admin@partnership.example')
    await agent.get('/admin/agencies/new')
    const empty = await agent.post('/admin/agencies', { name: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(page(empty)('.govuk-error-summary a').map((_, a) => page(empty)(a).text()).get(), ['Enter the agency name', 'Select the kind of agency'])
    const added = await agent.post('/admin/agencies', { name: 'Hollowmere Academy', kind: 'education' })
    assert.equal(added.headers.location, '/admin/agencies?added=1')
    assert.match(page(await agent.get('/admin/agencies?added=1'))('table').text(), /Hollowmere Academy/)
    const again = await agent.post('/admin/agencies', { name: 'Hollowmere Academy', kind: 'education' })
    assert.match(page(again)('#name-error').text(), /already exists/)
  })

  it('add users through the API', async () => {
    const token = await apiToken(app, 'admin@partnership.example')
    const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(token) })).json<{ id: string; kind: string }[]>()
    const health = agencies.find((a) => a.kind === 'health')?.id ?? ''
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: { displayName: 'Juniper Stethoscope', email: 'juniper@health.example', agencyId: health, roles: ['health_practitioner'], csaClinicalExperience: true, password: 'another-long-password' } })
    assert.equal(created.statusCode, 201)
    const duplicate = await app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: { displayName: 'Juniper Again', email: 'juniper@health.example', agencyId: health, roles: ['health_practitioner'], password: 'another-long-password' } })
    assert.equal(duplicate.statusCode, 400)
    assert.equal(duplicate.json<{ error: { fields: Record<string, string> } }>().error.fields.email, 'A user with this email address already exists')
  })

  it('are kept out of case work, and practitioners out of administration', async () => {
    const worker = new Agent(app)
    await worker.signIn('sw@csc.example')
    const refused = await worker.get('/admin/users')
    assert.equal(refused.statusCode, 403)
    assert.match(page(refused)('h1').text(), /You do not have access/)
    const denied = await asSystem(() => db.selectFrom('auditLog').selectAll().where('action', '=', 'admin.users.list').where('outcome', '=', 'denied').execute())
    assert.equal(denied.length, 1)
  })
})
