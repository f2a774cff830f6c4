import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, inventName, type Who } from '../../../test/given.ts'
import type { ApiBody, ErrorBody } from '../../../test/types.ts'

// The partnership's directory of local health pathways: the partnership manager adds, changes and withdraws them
// (pages through check your answers and a confirmation, and the API); practitioners and auditors read them; every
// change is in the audit log; bad input is refused naming the field, with nothing saved.

type Pathway = ApiBody<'healthPathwaysAdd', 201>

const { app, handle } = await testApp()
const given = fixtures(app)

const sarc = (fields: Record<string, unknown> = {}) => ({
  name: `${inventName().familyName} SARC`,
  kind: 'forensic_recent',
  phone: '0300 123 4567',
  youngestAge: 0,
  oldestAge: 17,
  ...fields,
})

async function call(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function added(fields: Record<string, unknown> = {}): Promise<Pathway> {
  const response = await call('partnership_manager', 'POST', '/api/v1/health-pathways', sarc(fields))
  assert.equal(response.statusCode, 201, response.body)
  return response.json<Pathway>()
}

async function countNamed(name: string): Promise<number> {
  const { rows } = await asSystem(() =>
    sql<{ n: number }>`select count(*)::int as n from health_pathways where name = ${name}`.execute(handle.db),
  )
  return rows[0]?.n ?? 0
}

async function auditActions(objectId: string): Promise<string[]> {
  await app.lantern.audit.drain()
  const { rows } = await asSystem(() =>
    sql<{
      action: string
    }>`select action from audit_log where object_id = ${objectId} and object_type = 'healthPathway' order by seq`.execute(
      handle.db,
    ),
  )
  return rows.map(r => r.action)
}

describe('the directory of local health pathways, through the API', () => {
  it('lets the partnership manager add a pathway, which practitioners and auditors then read', async () => {
    const pathway = await added({ email: 'sarc@example.org', notes: 'Open all hours' })
    assert.equal(pathway.kind, 'forensic_recent')
    assert.equal(pathway.active, true)
    assert.equal(pathway.version, 1)
    for (const who of ['social_worker', 'health_practitioner', 'police_investigator', 'auditor'] as const) {
      const list = await call(who, 'GET', '/api/v1/health-pathways')
      assert.equal(list.statusCode, 200, who)
      assert.ok(
        list.json<Pathway[]>().some(p => p.id === pathway.id && p.email === 'sarc@example.org'),
        who,
      )
    }
    assert.deepEqual(await auditActions(pathway.id), ['healthPathways.add'])
  })

  it('narrows the list by kind', async () => {
    const assessment = await added({ kind: 'health_non_recent', name: `${inventName().familyName} Paediatrics` })
    const sarcs = (await call('social_worker', 'GET', '/api/v1/health-pathways?kind=forensic_recent')).json<Pathway[]>()
    assert.ok(sarcs.every(p => p.kind === 'forensic_recent'))
    assert.ok(!sarcs.some(p => p.id === assessment.id))
    const bad = await call('social_worker', 'GET', '/api/v1/health-pathways?kind=dentist')
    assert.equal(bad.statusCode, 400)
    assert.ok(bad.json<ErrorBody>().error.fields?.kind)
  })

  it('refuses anyone but the partnership manager a change', async () => {
    for (const who of ['social_worker', 'health_practitioner', 'auditor'] as const) {
      const response = await call(who, 'POST', '/api/v1/health-pathways', sarc())
      assert.equal(response.statusCode, 403, who)
    }
    const pathway = await added()
    const patched = await call('health_practitioner', 'PATCH', `/api/v1/health-pathways/${pathway.id}`, {
      version: 1,
      name: 'Taken over',
    })
    assert.equal(patched.statusCode, 403)
  })

  it('refuses a youngest age above the oldest, and a pathway nobody can contact, naming the field and saving nothing', async () => {
    const upside = sarc({ youngestAge: 14, oldestAge: 12 })
    const ages = await call('partnership_manager', 'POST', '/api/v1/health-pathways', upside)
    assert.equal(ages.statusCode, 400)
    assert.match(ages.json<ErrorBody>().error.fields?.youngestAge ?? '', /must not be above the oldest/)
    assert.equal(await countNamed(upside.name), 0)
    const unreachable = sarc({ phone: undefined })
    const contact = await call('partnership_manager', 'POST', '/api/v1/health-pathways', unreachable)
    assert.equal(contact.statusCode, 400)
    assert.match(contact.json<ErrorBody>().error.fields?.phone ?? '', /at least one way to contact/)
    assert.equal(await countNamed(unreachable.name), 0)
    const wrongKind = await call('partnership_manager', 'POST', '/api/v1/health-pathways', sarc({ kind: 'dentist' }))
    assert.equal(wrongKind.statusCode, 400)
    assert.ok(wrongKind.json<ErrorBody>().error.fields?.kind)
  })

  it('changes a pathway as the version read, audits it, and refuses a stale version with 409', async () => {
    const pathway = await added()
    const changed = await call('partnership_manager', 'PATCH', `/api/v1/health-pathways/${pathway.id}`, {
      version: 1,
      oldestAge: 15,
      email: 'new@example.org',
    })
    assert.equal(changed.statusCode, 200, changed.body)
    assert.equal(changed.json<Pathway>().oldestAge, 15)
    assert.equal(changed.json<Pathway>().version, 2)
    const stale = await call('partnership_manager', 'PATCH', `/api/v1/health-pathways/${pathway.id}`, {
      version: 1,
      oldestAge: 16,
    })
    assert.equal(stale.statusCode, 409)
    assert.equal(stale.json<ErrorBody>().error.code, 'conflict')
    const now = (await call('social_worker', 'GET', `/api/v1/health-pathways/${pathway.id}`)).json<Pathway>()
    assert.equal(now.oldestAge, 15)
    assert.deepEqual(await auditActions(pathway.id), ['healthPathways.add', 'healthPathways.change'])
  })

  it('refuses a change that would put the youngest age above the oldest', async () => {
    const pathway = await added({ youngestAge: 5, oldestAge: 10 })
    const response = await call('partnership_manager', 'PATCH', `/api/v1/health-pathways/${pathway.id}`, {
      version: 1,
      youngestAge: 12,
    })
    assert.equal(response.statusCode, 400)
    assert.ok(response.json<ErrorBody>().error.fields?.youngestAge)
  })

  it('withdraws a pathway: gone from the list practitioners read, kept for the manager', async () => {
    const pathway = await added()
    const withdrawn = await call('partnership_manager', 'PATCH', `/api/v1/health-pathways/${pathway.id}`, {
      version: 1,
      active: false,
    })
    assert.equal(withdrawn.statusCode, 200)
    const list = (await call('social_worker', 'GET', '/api/v1/health-pathways')).json<Pathway[]>()
    assert.ok(!list.some(p => p.id === pathway.id))
    const all = (await call('partnership_manager', 'GET', '/api/v1/health-pathways?includeWithdrawn=true')).json<
      Pathway[]
    >()
    assert.equal(all.find(p => p.id === pathway.id)?.active, false)
  })

  it('answers 404 for a pathway that is not there', async () => {
    const response = await call('social_worker', 'GET', '/api/v1/health-pathways/00000000-0000-4000-8000-000000000000')
    assert.equal(response.statusCode, 404)
  })
})

describe('the directory of local health pathways, through the pages', () => {
  it('adds a pathway through check your answers', async () => {
    const pm = await given.agent('partnership_manager')
    const form = await pm.get('/partnership/health-pathways/new')
    assert.equal(form.statusCode, 200)
    // Nothing is pre-answered: no kind is chosen.
    assert.equal(page(form)('input[name="kind"]:checked').length, 0)
    const name = `${inventName().familyName} Children's SARC`
    const checking = await pm.post('/partnership/health-pathways/new', {
      name,
      kind: 'forensic_recent',
      phone: '0300 000 0000',
      email: '',
      address: '',
      youngestAge: '0',
      oldestAge: '17',
      notes: '',
    })
    assert.equal(checking.statusCode, 200)
    assert.match(page(checking)('h1').text(), /Check the local pathway/)
    assert.equal(await countNamed(name), 0)
    const done = await pm.confirm()
    assert.equal(done.statusCode, 303)
    assert.equal(await countNamed(name), 1)
    const list = await pm.get(String(done.headers.location))
    assert.match(list.body, /Local pathway added/)
    assert.ok(page(list)('#pathways td[data-label="Service"]').text().includes(name))
  })

  it('shows what is wrong with the form, keeping what was typed, and saves nothing', async () => {
    const pm = await given.agent('partnership_manager')
    await pm.get('/partnership/health-pathways/new')
    const name = `${inventName().familyName} Clinic`
    const response = await pm.post('/partnership/health-pathways/new', {
      name,
      kind: 'health_non_recent',
      phone: '',
      email: '',
      address: '',
      youngestAge: '16',
      oldestAge: '4',
      notes: '',
    })
    assert.equal(response.statusCode, 400)
    const $ = page(response)
    const summary = $('.govuk-error-summary').text()
    assert.match(summary, /Youngest age served must not be above the oldest age served/)
    assert.match(summary, /at least one way to contact the service/)
    assert.equal($('#name').val(), name)
    assert.equal(await countNamed(name), 0)
  })

  it('changes a pathway through check your answers, and withdraws one after a confirmation', async () => {
    const pathway = await added()
    const pm = await given.agent('partnership_manager')
    const form = await pm.get(`/partnership/health-pathways/${pathway.id}`)
    assert.equal(page(form)('#name').val(), pathway.name)
    const changed = await pm.postConfirmed(`/partnership/health-pathways/${pathway.id}`, {
      version: '1',
      name: `${pathway.name} (North)`,
      kind: 'forensic_recent',
      phone: '0300 123 4567',
      email: '',
      address: '',
      youngestAge: '0',
      oldestAge: '12',
      notes: '',
    })
    assert.equal(changed.statusCode, 303, changed.body.slice(0, 300))
    const asking = await pm.get(`/partnership/health-pathways/${pathway.id}/withdraw`)
    assert.match(page(asking)('h1').text(), /Withdraw/)
    const unconfirmed = await pm.post(`/partnership/health-pathways/${pathway.id}/withdraw`, { version: '2' })
    assert.equal(unconfirmed.statusCode, 200)
    const withdrawn = await pm.post(`/partnership/health-pathways/${pathway.id}/withdraw`, {
      version: '2',
      confirmed: 'yes',
    })
    assert.equal(withdrawn.statusCode, 303)
    const now = (await call('partnership_manager', 'GET', `/api/v1/health-pathways/${pathway.id}`)).json<Pathway>()
    assert.equal(now.active, false)
    assert.equal(now.oldestAge, 12)
    assert.deepEqual(await auditActions(pathway.id), [
      'healthPathways.add',
      'healthPathways.change',
      'healthPathways.withdraw',
    ])
  })

  it('shows the list to a practitioner without the links to change it, and refuses them the form', async () => {
    await added()
    const sw = await given.agent('social_worker')
    const list = await sw.get('/partnership/health-pathways')
    assert.equal(list.statusCode, 200)
    assert.equal(page(list)('a[href="/partnership/health-pathways/new"]').length, 0)
    assert.equal(page(list)('a:contains("Withdraw")').length, 0)
    assert.equal((await sw.get('/partnership/health-pathways/new')).statusCode, 403)
  })
})
