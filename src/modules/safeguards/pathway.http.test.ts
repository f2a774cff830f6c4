import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixtures } from '../../../test/given.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import type { ApiBody } from '../../../test/types.ts'

// The case's pathway view, page and API: each child, where they are, what is due next.

const { app } = await testApp()
const given = fixtures(app)

type Pathway = ApiBody<'casePathway', 200>

describe('the case’s pathway', () => {
  it('answers each child’s steps to a system', async () => {
    const { child, kase } = await given.childInCase()
    const response = await app.inject({
      url: `/api/v1/cases/${kase.id}/pathway`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.equal(response.statusCode, 200, response.body)
    const body = response.json<Pathway>()
    assert.deepEqual(
      body.children.map(c => c.childId),
      [child.id],
    )
    const strategy = body.children[0]?.steps.find(s => s.key === 'strategy')
    assert.equal(strategy?.status, 'to_do')
  })

  it('shows each child by name with a task list of their steps', async () => {
    const { child, kase } = await given.childInCase()
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/cases/${kase.id}/pathway`))
    assert.equal($('h1').text().trim(), 'Pathway')
    assert.equal($(`#child-${child.id}`).text().trim(), `${child.givenName} ${child.familyName}`)
    assert.match($('.govuk-task-list').text(), /Strategy discussion/)
    assert.equal($('.moj-sub-navigation a[aria-current="page"]').text().trim(), 'Pathway')
    assert.match($(`#child-${child.id} + p`).text(), /Born 5 May 2017 \(9 years old\)/)
  })

  it('is refused to someone off the case', async () => {
    const { kase } = await given.childInCase()
    const response = await app.inject({
      url: `/api/v1/cases/${kase.id}/pathway`,
      headers: bearer(await given.apiToken('dc@police.example')),
    })
    assert.equal(response.statusCode, 403)
  })
})

describe('the pathway’s links', () => {
  it('links each step to its page on the case', async () => {
    const { kase } = await given.childInCase()
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/cases/${kase.id}/pathway`))
    assert.equal(
      $('.govuk-task-list a')
        .filter((_i, a) => $(a).text().trim() === 'Strategy discussion')
        .attr('href'),
      `/cases/${kase.id}/strategy-discussions`,
      $('.govuk-task-list').html() ?? '',
    )
  })

  it('offers to ask a manager to agree no support plan is needed once the child’s enquiry has ended', async () => {
    const { child, kase } = await given.childInCase()
    const sw = bearer(await given.apiToken('sw@csc.example'))
    const started = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${kase.id}/section47`,
      headers: sw,
      payload: { childId: child.id, startedAt: '2026-11-16', category: 'SAB' },
    })
    const enquiry = started.json<{ id: string; version: number }>()
    const agent = await given.agent('sw@csc.example')
    const ask = async () => page(await agent.get(`/cases/${kase.id}/pathway`))('a:contains("Ask a team manager")')
    assert.equal((await ask()).length, 0, 'nothing to ask while the enquiry is open')
    await given.childViews(kase, child)
    const completed = await app.inject({
      method: 'POST',
      url: `/api/v1/section47/${enquiry.id}/complete`,
      headers: sw,
      payload: { version: enquiry.version, completedAt: '2026-11-24', outcome: 'not_substantiated_support' },
    })
    assert.equal(completed.statusCode, 200, completed.body)
    assert.equal((await ask()).attr('href'), `/cases/${kase.id}/approvals/new?kind=no_support_plan&childId=${child.id}`)
  })
})
