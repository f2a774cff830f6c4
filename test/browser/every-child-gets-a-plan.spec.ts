import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectNoAxeViolations,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 13, point 5: a social worker drafts a plan for a child with its actions through check your answers (a
// refused form keeps what was typed), agrees it on its confirmation page, and reviews it.

const lantern = await startLantern()

async function caseAboutAChild(): Promise<{ id: string; reference: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post('/api/v1/people', {
    givenName: 'Plover',
    familyName: 'Browserplan',
    dateOfBirth: '2015-07-07',
    sex: 'male',
  })
  return post('/api/v1/cases', { title: 'Plan browser test case', childIds: [child.id] })
}

/** Today in England (or a year on), as the date boxes take it: the service's clock is the real one here. */
async function fillDate(page: Page, name: string, yearsOn = 0) {
  const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
  await page.locator(`#${name}-day`).fill(String(Number(day)))
  await page.locator(`#${name}-month`).fill(String(Number(month)))
  await page.locator(`#${name}-year`).fill(String(Number(year) + yearsOn))
}

describe('every child gets a plan', SUITE, () => {
  it('drafts a plan with actions, agrees it and reviews it', async () => {
    const kase = await caseAboutAChild()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/plans`)
    await verifyOnPage(page, 'Plans', { title: `Plans: ${kase.reference}` })
    assert.match(await page.locator('main').innerText(), /No plan has been made for Plover Browserplan/)
    await expectNoAxeViolations(page, 'no plans yet')

    await page.getByRole('button', { name: 'Draft a plan for Plover Browserplan' }).click()
    await verifyOnPage(page, 'Draft a plan for a child')
    await expectNoAxeViolations(page, 'the plan form')
    assert.equal(await page.getByLabel('Plover Browserplan').isChecked(), true, 'the child from the link is chosen')
    await page.getByLabel('Child in need plan').check()
    await page
      .getByLabel('What is the plan for, and how is the child kept safe?')
      .fill('Weekly visits; a trusted adult at school')
    await fillDate(page, 'startsAt')
    await fillDate(page, 'reviewOn', -1)
    await page.locator('#x1Title').fill('Visit Plover at home each week')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Draft a plan for a child', { error: true })
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /The review date must be on or after the start date/)
    assert.match(summary, /Choose who owns action 1/)
    assert.equal(await page.locator('#x1Title').inputValue(), 'Visit Plover at home each week', 'kept as typed')
    assert.equal(await page.getByLabel('Child in need plan').isChecked(), true)
    await expectNoAxeViolations(page, 'the plan form refused')

    await fillDate(page, 'reviewOn', 1)
    await page.locator('#x1Owner').selectOption({ index: 1 })
    await fillDate(page, 'x1Due', 1)
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check the plan before drafting it',
      'Draft the plan',
      url => url.pathname.startsWith('/plans/'),
      [/Plover Browserplan/, /Visit Plover at home each week/],
    )
    await verifyOnPage(page, 'Child in need plan for Plover Browserplan')
    assert.match(await notificationText(page), /Plan drafted/)
    await expectNoAxeViolations(page, 'the draft plan')

    await page.getByRole('button', { name: 'Agree the plan' }).click()
    await verifyOnPage(page, 'Agree this child in need plan for Plover Browserplan?')
    await expectNoAxeViolations(page, 'agreeing the plan')
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('agreed')),
      page.getByRole('button', { name: 'Agree the plan' }).click(),
    ])
    assert.match(await notificationText(page), /Plan agreed/)
    assert.match(await page.locator('main').innerText(), /Agreed: in force/)

    await page.getByRole('button', { name: 'Review the plan' }).click()
    await verifyOnPage(page, 'Review the child in need plan for Plover Browserplan')
    await expectNoAxeViolations(page, 'the review form')
    await fillDate(page, 'reviewedOn')
    await page.getByLabel('What was the outcome of the review?').fill('Plover is settled; visits go on')
    await page.getByLabel('Yes, it continues').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Review the child in need plan for Plover Browserplan', { error: true })
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the date of the next review/)
    assert.equal(
      await page.getByLabel('What was the outcome of the review?').inputValue(),
      'Plover is settled; visits go on',
    )
    await expectNoAxeViolations(page, 'the review refused')
    await fillDate(page, 'nextReviewOn', 1)
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check the review before recording it',
      'Record the review',
      url => url.searchParams.has('reviewed'),
      [/Plover is settled; visits go on/],
    )
    assert.match(await page.locator('main').innerText(), /Plover is settled; visits go on/)
    await expectNoAxeViolations(page, 'the plan reviewed')

    await page.goto(`/cases/${kase.id}/plans`)
    assert.match(await page.locator('main').innerText(), /Visit Plover at home each week/)
    await expectNoAxeViolations(page, 'the case’s plans')
  })
})
