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
})
