import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12, point 1 (its first slice): every safeguard links to the review item it comes from. A practitioner
// finds the review from the help page, reads the safeguards, and follows one to the review's words.

const lantern = await startLantern()

describe('a practitioner reads why a safeguard asks what it asks', SUITE, () => {
  it('goes from help to the review, to a safeguard, to its source, and back', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    await page.goto(`${lantern.baseUrl}/help`)
    await page.getByRole('link', { name: 'Read about the review and the safeguards' }).click()
    await verifyOnPage(page, 'The national review and Lantern’s safeguards')
    await expectNoAxeViolations(page, 'the review')
    await expectEverythingInALandmark(page)

    const safeguard = page.locator('#SG-05')
    assert.match(await safeguard.innerText(), /early charging advice/)
    await safeguard.getByRole('link', { name: 'NR-7: Early charging advice' }).click()
    await verifyOnPage(page, 'NR-7: Early charging advice')
    await expectNoAxeViolations(page, 'a review item')
    await expectEverythingInALandmark(page)
    assert.match(await page.locator('main').innerText(), /investigations do not drift/)

    await page.getByRole('link', { name: 'All of the review' }).click()
    await verifyOnPage(page, 'The national review and Lantern’s safeguards')
  })
})
