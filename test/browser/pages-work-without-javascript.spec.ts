import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  errorSummaryLinks,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  signOut,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()
const page = await lantern.newPage({ javaScriptEnabled: false })

// Lantern is used on locked-down machines; every page must work as plain HTML forms and links.
describe('pages work without JavaScript', SUITE, () => {
  it('shows the sign-in form without the enhancements', async () => {
    await page.goto('/sign-in')
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.doesNotMatch((await page.locator('body').getAttribute('class')) ?? '', /js-enabled/)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('shows the error summary when the form is sent empty, linking to each field', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click()
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in', error: true })
    const hrefs = (await errorSummaryLinks(page)).map(link => link.href)
    assert.deepEqual(hrefs, ['#email', '#password'])
    for (const href of hrefs)
      assert.equal(await page.locator(href).count(), 1, `the summary link ${href} has a field to go to`)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('signs in and out', async () => {
    await signIn(page, 'sw@csc.example')
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    assert.match(await page.locator('.lantern-user').innerText(), /Signed in as Sam Caseworth/)
    await expectNoAxeViolationsWithoutJavaScript(page)

    await signOut(page)
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.match(await notificationText(page), /You have signed out/)
    await page.goto('/')
    assert.equal(new URL(page.url()).pathname, '/sign-in')
  })
})
