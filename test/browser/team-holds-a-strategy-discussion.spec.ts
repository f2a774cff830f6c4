import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { londonDate } from '../../src/kernel/working-days.ts'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  notificationText,
  pressEnter,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12, point 4: the team records a strategy discussion with its attendees and an agreed action through check
// your answers; completing it without health expertise when sexual abuse is suspected is refused (SG-06), plainly;
// the agreed action is a task for its owner.

const lantern = await startLantern()

async function post(token: string, url: string, payload: Record<string, unknown>) {
  const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })
  assert.ok(response.statusCode < 300, `${url}: ${response.body.slice(0, 300)}`)
  return response.json<{ id: string; reference: string }>()
}

const DAY = 86_400_000
const [yesterday, nextWeek] = [londonDate(new Date(Date.now() - DAY)), londonDate(new Date(Date.now() + 7 * DAY))]
const parts = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

describe('the team holds a strategy discussion', SUITE, () => {
  it('records one through check your answers, is refused completing it without health expertise, and sees the action in tasks', async () => {
    const token = await apiToken(lantern.app, 'sw@csc.example')
    const me = (await lantern.app.inject({ url: '/api/v1/me', headers: bearer(token) })).json<{ id: string }>()
    const child = await post(token, '/api/v1/people', {
      givenName: 'Sorrel',
      familyName: 'Strategymoor',
      dateOfBirth: '2015-02-02',
      sex: 'female',
    })
    const kase = await post(token, '/api/v1/cases', { title: 'Disclosure at school', childIds: [child.id], people: [] })

    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}`)
    await page.getByRole('link', { name: 'Pathway', exact: true }).click()
    await expectNoAxeViolations(page, 'the case’s pathway')
    await page.getByRole('link', { name: 'Strategy discussion', exact: true }).first().click()
    await verifyOnPage(page, 'Strategy discussions', { title: `Strategy discussions: ${kase.reference}` })
    await expectNoAxeViolations(page, 'the case’s strategy discussions')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Record a strategy discussion' }).click()
    await verifyOnPage(page, 'Record a strategy discussion', {
      title: `Record a strategy discussion: ${kase.reference}`,
    })
    await expectNoAxeViolations(page, 'the form')

    const held = parts(yesterday)
    await page.locator('#heldAt-day').fill(held.day)
    await page.locator('#heldAt-month').fill(held.month)
    await page.locator('#heldAt-year').fill(held.year)
    await page.locator('#heldAtTime').fill('10am')
    await page.getByLabel('Sorrel Strategymoor').check()
    await page.getByLabel('Sexual abuse').check()
    await page.locator('#attendee1Name').fill('Sam Caseworth')
    await page.locator('#attendee1AgencyKind').selectOption('childrens_social_care')
    await page.locator('#attendee1Role').fill('Social worker')
    await page.locator('input[name=attendee1Csa][value=no]').check()
    await page.locator('#attendee2Name').fill('DC Morgan Hale')
    await page.locator('#attendee2AgencyKind').selectOption('police')
    await page.locator('#attendee2Role').fill('Child-abuse investigator')
    await page.locator('input[name=attendee2Csa][value=no]').check()

    // More rows, without JavaScript: a post back that keeps everything typed.
    await page.getByRole('button', { name: 'Add more attendee rows' }).click()
    assert.equal(await page.locator('#attendee9Name').count(), 1)
    assert.equal(await page.locator('#attendee2Name').inputValue(), 'DC Morgan Hale')
    await expectNoAxeViolations(page, 'the form with more rows')

    await page.locator('#informationShared').fill('Sorrel told her teacher about touching at home.')
    for (const [name, answer] of [
      ['section47', 'yes'],
      ['policeInvestigation', 'yes'],
      ['abeInterview', 'yes'],
      ['healthAssessment', 'yes'],
      ['immediateProtection', 'no'],
    ])
      await page.locator(`input[name=${name}][value=${answer}]`).check()
    await page.locator('#rationale').fill('Reasonable cause to suspect significant harm.')
    await page.locator('#action1Title').fill('Arrange a health assessment')
    await page.locator('#action1Owner').selectOption(`user:${me.id}`)
    const due = parts(nextWeek)
    await page.locator('#action1DueOn-day').fill(due.day)
    await page.locator('#action1DueOn-month').fill(due.month)
    await page.locator('#action1DueOn-year').fill(due.year)
    await page.locator('input[name=complete][value=no]').check()
    // Enter in a field continues, as the Continue button does (it does not add rows).
    await pressEnter(page, page.locator('#action1Title'), url => url.pathname.endsWith('/strategy-discussions/new'))

    await confirmAnswers(
      page,
      'Check the strategy discussion before recording it',
      'Record the discussion as a draft',
      url => url.pathname.startsWith('/strategy-discussions/'),
      [/DC Morgan Hale/, /Sexual abuse/, /Arrange a health assessment/],
    )
    assert.match(await notificationText(page), /Strategy discussion recorded/)
    await expectNoAxeViolations(page, 'the discussion')

    await page.getByRole('button', { name: 'Complete the discussion' }).click()
    await verifyOnPage(page, 'Complete this strategy discussion?')
    await expectNoAxeViolations(page, 'the confirmation')
    await page.getByRole('button', { name: 'Complete the discussion' }).click()
    await verifyOnPage(page, 'Complete this strategy discussion?', { error: true })
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /cannot be completed without health expertise/)
    assert.match(summary, /SG-06/)
    await expectNoAxeViolations(page, 'the refusal')

    await page.getByRole('link', { name: 'Tasks', exact: true }).first().click()
    await verifyOnPage(page, 'My tasks', { title: 'My tasks: to do' })
    assert.match(await page.locator('main').innerText(), /Arrange a health assessment/)
    await expectNoAxeViolations(page, 'my tasks')

    // The agreed action is marked done by hand, from the task list, through a page that says what that means.
    await page
      .getByRole('row', { name: /Arrange a health assessment/ })
      .getByRole('link', { name: /Mark as done/ })
      .click()
    await verifyOnPage(page, 'Mark the task as done')
    await expectNoAxeViolations(page, 'marking the task done')
    await page.getByRole('button', { name: 'Mark as done' }).click()
    await page.waitForURL(url => url.searchParams.get('status') === 'done')
    assert.match(await page.locator('main').innerText(), /Arrange a health assessment/)
    await expectNoAxeViolations(page, 'the case’s done tasks')
  })
})
