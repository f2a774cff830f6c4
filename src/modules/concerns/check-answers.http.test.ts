import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import type { LightMyRequestResponse } from 'fastify'
import { fixtures } from '../../../test/given.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'

// Issue 11: nothing permanent by accident, and the right child every time. A concern, a referral decision and a
// new case go through check your answers: only a confirmed post saves, once, after everything is checked again.

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const concernsAbout = async (childId: string) =>
  asSystem(() => db.selectFrom('concerns').select('id').where('childId', '=', childId).execute())
const casesOf = async (childId: string) =>
  asSystem(() => db.selectFrom('caseChildren').select('caseId').where('personId', '=', childId).execute())
const text = (response: LightMyRequestResponse) => page(response)('main').text().replace(/\s+/g, ' ')

const worried = (childId: string) => ({
  childId,
  description: 'Flinched when touched on the shoulder\nand would not say why',
  indicators: ['emo-withdrawn', 'beh-avoids-home-or-person'],
  disclosure: 'partial',
  refer: 'yes',
})

describe('check your answers before a concern is recorded', () => {
  it('asks every question that matters, with nothing chosen for the practitioner', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    const form = page(await agent.get(`/concerns/new?childId=${child.id}`))
    assert.equal(form('input[type="radio"]:checked').length, 0, 'no radio chosen')
    assert.equal(form('input[type="checkbox"]:checked').length, 0, 'no sign ticked')
    const missing = await agent.post('/concerns', { childId: child.id, description: 'Quiet all week' })
    assert.equal(missing.statusCode, 400)
    const summary = page(missing)('.govuk-error-summary').text()
    assert.match(summary, /Say whether the child has told anyone/)
    assert.match(summary, /Say whether to refer to children's social care now/)
    assert.equal(page(missing)('#description').text(), 'Quiet all week', 'what was typed comes back')
    assert.equal((await concernsAbout(child.id)).length, 0)
  })

  it('saves nothing until the answers are confirmed, and shows them in words with the child', async () => {
    const child = await given.child({ dateOfBirth: '2020-03-01', otherNames: ['Wrenny Oldname'] })
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    const checking = await agent.post('/concerns', worried(child.id))
    assert.equal(checking.statusCode, 200)
    const $ = page(checking)
    assert.equal($('h1').text().trim(), 'Check your answers before recording the concern')
    const main = text(checking)
    assert.match(main, /Is this the right child\?/)
    assert.match(main, new RegExp(`Name ${child.givenName} ${child.familyName}`))
    assert.match(main, /Date of birth 1 March 2020/)
    assert.match(main, /Age 6 years old/)
    assert.match(main, /Other names Wrenny Oldname/, 'the social worker may read the record')
    assert.match(main, /Signs and indicators Withdrawn or low/)
    assert.match(main, /Has the child told anyone\? A partial account, or hints/)
    assert.doesNotMatch(main, /emo-withdrawn|beh-avoids/, 'in words, not codes')
    assert.equal($('button[name="confirmed"]').text().trim(), 'Record the concern')
    assert.equal($('.govuk-warning-text').length, 0, 'a child of 6 with no open case: nothing to warn of')
    assert.equal((await concernsAbout(child.id)).length, 0, 'nothing saved yet')
  })

  it('shows a school only the identifying minimum of a child whose record it may not read', async () => {
    const child = await given.child({ otherNames: ['Hidden Othername'], nhsNumber: '9434765919' })
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    const main = text(await agent.post('/concerns', worried(child.id)))
    assert.match(main, /Age 9 years old/)
    assert.doesNotMatch(main, /Hidden Othername|943 476 5919/)
  })

  it('records a confirmed concern once, however often the confirmation is sent', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    await agent.post('/concerns', worried(child.id))
    const answers = agent.checkedAnswers()
    const first = await agent.confirm()
    assert.equal(first.statusCode, 303)
    assert.match(first.headers.location ?? '', /^\/concerns\/[0-9a-f-]{36}\?recorded=1$/)
    // The confirm button pressed again (a double click without JavaScript, or Back and confirm again).
    const again = await agent.post('/concerns', { ...answers, confirmed: 'yes' })
    assert.equal(again.statusCode, 303)
    assert.equal(again.headers.location, first.headers.location, 'sent where the first one went')
    assert.equal((await concernsAbout(child.id)).length, 1)
    const shown = page(await agent.get(first.headers.location ?? ''))
    assert.match(shown('.govuk-panel').text(), /Referred to children's social care/)
  })

  it('checks the hidden answers again when they are confirmed, and saves nothing that is wrong', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    await agent.post('/concerns', worried(child.id))
    const answers = agent.checkedAnswers()
    const tampered = await agent.post('/concerns', {
      ...answers,
      disclosure: 'everything',
      indicators: ['not-a-sign'],
      confirmed: 'yes',
    })
    assert.equal(tampered.statusCode, 400)
    const summary = page(tampered)('.govuk-error-summary').text()
    assert.match(summary, /Say whether the child has told anyone/)
    assert.match(summary, /Choose signs from the list/)
    const unexpected = await agent.post('/concerns', { ...answers, caseId: child.id, confirmed: 'yes' })
    assert.equal(unexpected.statusCode, 400)
    assert.equal((await concernsAbout(child.id)).length, 0)
  })

  it('goes back to the form filled in exactly as typed when an answer is changed', async () => {
    const child = await given.child()
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${child.id}`)
    const $check = page(await agent.post('/concerns', worried(child.id)))
    assert.equal($check('button[name="change"][value="disclosure"]').length, 1)
    assert.match($check('button[name="change"][value="disclosure"]').text(), /Change\s+has the child told anyone\?/)
    const change = await agent.post('/concerns', { ...agent.checkedAnswers(), change: 'disclosure' })
    assert.equal(change.statusCode, 200)
    const $ = page(change)
    assert.equal($('h1').text().trim(), `Record a concern about ${child.givenName} ${child.familyName}`)
    assert.equal($('#description').text(), 'Flinched when touched on the shoulder\nand would not say why')
    assert.equal($('input[name="disclosure"]:checked').val(), 'partial')
    assert.equal($('input[name="refer"]:checked').val(), 'yes')
    assert.deepEqual(
      $('input[name="indicators"]:checked')
        .map((_i, el) => $(el).val())
        .get(),
      ['emo-withdrawn', 'beh-avoids-home-or-person'],
    )
    assert.equal((await concernsAbout(child.id)).length, 0)
  })

  it('warns that the person is an adult, and still records a concern about a young adult', async () => {
    const adult = await given.child({ dateOfBirth: '2007-11-24' })
    const agent = await given.agent('dsl@school.example')
    await agent.get(`/concerns/new?childId=${adult.id}`)
    const checking = await agent.post('/concerns', worried(adult.id))
    const warning = page(checking)('.govuk-warning-text').text().replace(/\s+/g, ' ')
    assert.match(warning, /is 19: an adult\. Check this is the person you mean/)
    assert.equal((await agent.confirm()).statusCode, 303)
    assert.equal((await concernsAbout(adult.id)).length, 1)
  })

  it('warns of the child’s open case only to those who may know it exists', async () => {
    // The police on the team, and children's social care, the front door's agency, taken off it (only social
    // workers and team managers open cases now, and the lead's agency joins the team when they do).
    const { child, kase } = await given.childInCase({ members: ['dc@police.example'] })
    const csc = kase.team.find(t => t.agencyId !== null)
    assert.ok(csc)
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cases/${kase.id}/members/${csc.id}`,
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.equal(removed.statusCode, 200, removed.body)
    const check = async (who: 'dc@police.example' | 'mash@csc.example' | 'dsl@school.example') => {
      const agent = await given.agent(who)
      await agent.get(`/concerns/new?childId=${child.id}`)
      return page(await agent.post('/concerns', worried(child.id)))
    }
    const team = await check('dc@police.example')
    assert.match(team('.govuk-warning-text').text(), new RegExp(`already on the open case ${kase.reference}`))
    assert.equal(team(`.govuk-warning-text a[href="/cases/${kase.id}"]`).length, 1, 'the team is offered the case')
    const frontDoor = await check('mash@csc.example')
    assert.match(frontDoor('.govuk-warning-text').text(), new RegExp(kase.reference))
    assert.equal(frontDoor('.govuk-warning-text a').length, 0, 'the front door may know it exists, not open it')
    const school = await check('dsl@school.example')
    assert.equal(school('.govuk-warning-text').length, 0, 'the school learns nothing of a case it is not on')
    assert.doesNotMatch(school('main').text(), new RegExp(kase.reference))
  })
})

describe('check your answers before the front door decides', () => {
  it('decides only once the answers are confirmed, and shows the form again when someone else decided first', async () => {
    const { referralId } = await given.concern()
    const id = String(referralId)
    const agent = await given.agent('mash@csc.example')
    await agent.get(`/referrals/${id}`)
    const decision = { version: '1', decision: 'early_help', rationale: 'Family asked for help with routines' }
    const checking = await agent.post(`/referrals/${id}/decision`, decision)
    assert.equal(checking.statusCode, 200)
    assert.match(text(checking), /Decision Refer to early help/)
    assert.match(text(checking), /Is this the right child\?/)
    const answers = agent.checkedAnswers()
    const decidedBy = async () =>
      asSystem(() => db.selectFrom('referrals').select(['decision', 'version']).where('id', '=', id).executeTakeFirst())
    assert.equal((await decidedBy())?.decision, null, 'nothing decided yet')
    // Someone else decides meanwhile, through the API.
    const other = await given.agent('mash@csc.example')
    await other.get(`/referrals/${id}`)
    assert.equal(
      (await other.postConfirmed(`/referrals/${id}/decision`, { ...decision, decision: 'advice_and_information' }))
        .statusCode,
      303,
    )
    const late = await agent.post(`/referrals/${id}/decision`, { ...answers, confirmed: 'yes' })
    assert.equal(late.statusCode, 409)
    assert.match(page(late)('.govuk-error-summary').text(), /Someone else decided this referral/)
    assert.equal((await decidedBy())?.decision, 'advice_and_information')
  })

  it('says a decision that opens a case will open it, led by whom', async () => {
    const { referralId } = await given.concern()
    const agent = await given.agent('mash@csc.example')
    await agent.get(`/referrals/${String(referralId)}`)
    const checking = await agent.post(`/referrals/${String(referralId)}/decision`, {
      version: '1',
      decision: 'strategy_discussion',
      leadUserId: await given.userId('sw@csc.example'),
      rationale: 'Indicators suggest possible sexual abuse; strategy discussion today',
    })
    const main = text(checking)
    assert.match(main, /Lead practitioner Sam Caseworth, Northshire Children's Social Care/)
    assert.match(main, /This opens a case about .*, with the concern on it, led by Sam Caseworth\./)
  })
})

describe('check your answers before a case is opened', () => {
  it('opens nothing until confirmed, then opens one case', async () => {
    const child = await given.child()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/new?childId=${child.id}`)
    const checking = await agent.post('/cases', { childId: child.id, title: 'Worries shared by school' })
    assert.equal(checking.statusCode, 200)
    assert.match(text(checking), /Case title Worries shared by school/)
    assert.match(text(checking), /Age 9 years old/)
    assert.equal((await casesOf(child.id)).length, 0)
    const answers = agent.checkedAnswers()
    const opened = await agent.confirm()
    assert.equal(opened.statusCode, 303)
    assert.equal(
      (await agent.post('/cases', { ...answers, confirmed: 'yes' })).headers.location,
      opened.headers.location,
    )
    assert.equal((await casesOf(child.id)).length, 1)
  })

  it('opens a second case about a child only when the practitioner ticks that they mean to', async () => {
    const { child, kase } = await given.childInCase()
    const agent = await given.agent('sw@csc.example')
    await agent.get(`/cases/new?childId=${child.id}`)
    const checking = page(await agent.post('/cases', { childId: child.id, title: 'A second worry' }))
    assert.match(checking('.govuk-warning-text').text(), new RegExp(`already on the open case ${kase.reference}`))
    assert.equal(checking(`.govuk-warning-text a[href="/cases/${kase.id}"]`).length, 1)
    assert.equal(checking('input[name="acknowledged"]:checked').length, 0, 'not ticked for them')
    const unticked = await agent.confirm()
    assert.equal(unticked.statusCode, 400)
    assert.match(page(unticked)('.govuk-error-summary').text(), /Tick to open a second case about .* anyway/)
    assert.equal((await casesOf(child.id)).length, 1)
    assert.equal((await agent.confirm({ acknowledged: 'yes' })).statusCode, 303)
    assert.equal((await casesOf(child.id)).length, 2)
  })
})
