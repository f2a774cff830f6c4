import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { expectNoAxeViolations, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

const lantern = await startLantern()
const page = await lantern.newPage()

describe('a practitioner meets a missing page and a forbidden one', SUITE, () => {
  it('shows an accessible page not found for an address that does not exist', async () => {
    await signIn(page, 'sw@csc.example')
    const response = await page.goto('/no-such-page')
    assert.equal(response?.status(), 404)
    await verifyOnPage(page, 'Page not found')
    // The not-found handler treats every asker as anonymous (src/modules/access/hooks.ts), so the page shows no
    // "Signed in as" line or Sign out button even to a signed-in practitioner; the session itself is untouched.
    assert.ok(await page.getByText('If you typed the web address, check it is correct.').isVisible())
    await expectNoAxeViolations(page)
  })

  it('shows an accessible no-access page when a social worker opens the administration pages', async () => {
    const response = await page.goto('/admin/users')
    assert.equal(response?.status(), 403, 'still signed in after the page not found, and refused rather than sent to sign in')
    await verifyOnPage(page, 'You do not have access to this page')
    assert.equal(await page.locator('table').count(), 0)
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0)
    await expectNoAxeViolations(page)
  })
})
