import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  expectErrorSummaryFocusesFields,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12, point 3: the partnership manager sets the durations every deadline reads, on a page that says where
// each default comes from; a wrong value is refused naming the setting; the table reads at 320 px.

const lantern = await startLantern()

describe('the partnership manager sets the partnership’s deadlines', SUITE, () => {
  it('finds the settings from home, changes one, and sees who changed it', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'pm@partnership.example')
    await page.getByRole('link', { name: 'The partnership’s settings: deadlines and limits' }).click()
    await verifyOnPage(page, 'The partnership’s settings')
    await expectNoAxeViolations(page, 'the settings')
    await expectEverythingInALandmark(page)

    await page
      .getByRole('link', { name: 'Change concerns from different agencies add up when recorded within' })
      .click()
    await verifyOnPage(page, 'Concerns from different agencies add up when recorded within', {
      title: 'Change: Concerns from different agencies add up when recorded within',
    })
    await expectNoAxeViolations(page, 'a setting')

    await page.getByLabel('New value, in days').fill('0')
    await page.getByRole('button', { name: 'Change the setting' }).click()
    await expectErrorSummaryFocusesFields(page, ['value'])
    await expectNoAxeViolations(page, 'a setting refused')
    assert.equal(await page.getByLabel('New value, in days').inputValue(), '0', 'what was typed is kept')

    await page.getByLabel('New value, in days').fill('45')
    await page.getByRole('button', { name: 'Change the setting' }).click()
    await verifyOnPage(page, 'The partnership’s settings')
    assert.match(await notificationText(page), /add up when recorded within: changed/)
    assert.match(await page.locator('#concernsAddUpDays').innerText(), /45 days[\s\S]*by Priya Planwright/)
    await expectNoAxeViolations(page, 'a setting changed')
  })

  it('reads at 320 px without scrolling sideways', async () => {
    const page = await lantern.newPage({ viewport: { width: 320, height: 800 } })
    await signIn(page, 'auditor@partnership.example')
    await page.goto('/partnership/policy')
    await verifyOnPage(page, 'The partnership’s settings')
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    )
    assert.ok(overflow <= 0, `the page scrolls ${String(overflow)} px sideways`)
    await expectNoAxeViolations(page, 'the settings at 320 px')
  })
})
