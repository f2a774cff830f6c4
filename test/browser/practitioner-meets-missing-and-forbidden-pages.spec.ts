import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { expectNoAxeViolations, signIn, startLantern, verifyOnPage } from './support.ts'

const lantern = await startLantern()
const page = await lantern.newPage()

describe('a practitioner meets a missing page and a forbidden one', () => {
  it('shows an accessible page not found for an address that does not exist', async () => {
    await signIn(page, 'sw@csc.example')
    const response = await page.goto('/no-such-page')
    assert.equal(response?.status(), 404)
    await verifyOnPage(page, 'Page not found')
    assert.match(await page.locator('.lantern-user').innerText(), /Signed in as Sam Caseworth/)
    await expectNoAxeViolations(page)
  })

  it('shows an accessible no-access page when a social worker opens the administration pages', async () => {
    const response = await page.goto('/admin/users')
    assert.equal(response?.status(), 403)
    await verifyOnPage(page, 'You do not have access to this page')
    assert.equal(await page.locator('table').count(), 0)
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0)
    await expectNoAxeViolations(page)
  })
})
