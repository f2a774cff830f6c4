import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixtures } from '../../../test/given.ts'
import { Agent, bearer, page, testApp } from '../../../test/helpers.ts'
import { SAFEGUARDS } from './catalogue.ts'
import { REVIEW_ITEMS } from './review.ts'

// The review behind the safeguards: a page for each of its items, the list of safeguards with their sources, and
// the same for systems. Every finding's link lands on one of these pages.

const { app } = await testApp()
const given = fixtures(app)

interface ReviewItemOut {
  code: string
  kind: string
  title: string
  summary: string[]
  href: string
  safeguards: { id: string; severity: string }[]
}

describe('the review behind the safeguards', () => {
  it('gives systems every item of the review with the safeguards that carry it', async () => {
    const worker = await given.user('social_worker')
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/review',
      headers: bearer(await given.apiToken(worker)),
    })
    assert.equal(response.statusCode, 200)
    const items = response.json<ReviewItemOut[]>()
    assert.deepEqual(
      items.map(i => i.code),
      REVIEW_ITEMS.map(i => i.code),
    )
    const enquiries = items.find(i => i.code === 'PR-3')
    assert.ok(enquiries)
    assert.deepEqual(
      enquiries.safeguards.map(s => s.id),
      ['SG-01', 'SG-02', 'SG-10'],
    )
    assert.equal(enquiries.href, '/review/PR-3')
  })

  it('names, for every safeguard, a review item that exists', () => {
    const codes = new Set(REVIEW_ITEMS.map(i => i.code))
    for (const s of SAFEGUARDS) for (const code of s.sources) assert.ok(codes.has(code), `${s.id} cites ${code}`)
  })

  it('shows an item of the review with what Lantern does about it', async () => {
    const agent = await given.agent(await given.user('police_investigator'))
    const response = await agent.get('/review/PR-6')
    assert.equal(response.statusCode, 200)
    const $ = page(response)
    assert.equal($('h1').text().trim(), 'PR-6: Health')
    assert.match($('main').text(), /health professional with clinical experience of child sexual abuse/)
    assert.deepEqual(
      $('main li a')
        .toArray()
        .map(a => $(a).text().trim()),
      ['SG-06', 'SG-07'],
    )
  })

  it('says when no safeguard carries an item', async () => {
    const agent = await given.agent(await given.user('designated_safeguarding_lead'))
    const $ = page(await agent.get('/review/NR-8'))
    assert.match($('main').text(), /No safeguard carries this one/)
  })

  it('lists every safeguard with links to its sources', async () => {
    const agent = await given.agent(await given.user('social_worker'))
    const $ = page(await agent.get('/review'))
    assert.equal($('tbody tr').length, SAFEGUARDS.length)
    assert.equal($('#SG-03 a').first().attr('href'), '/review/PI-2')
  })

  it('answers an unknown item with not found', async () => {
    const agent = await given.agent(await given.user('social_worker'))
    assert.equal((await agent.get('/review/PR-99')).statusCode, 404)
  })

  it('asks someone not signed in to sign in first', async () => {
    const response = await new Agent(app).get('/review/PR-3')
    assert.equal(response.statusCode, 303)
    assert.match(response.headers.location ?? '', /^\/sign-in/)
  })
})
