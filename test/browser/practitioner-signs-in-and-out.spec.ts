import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEMO_PASSWORD,
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  notificationText,
  signIn,
  signOut,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()
const page = await lantern.newPage()

describe('a practitioner signs in and out', SUITE, () => {
  it('shows an accessible sign-in page', async () => {
    await page.goto('/sign-in')
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.equal(await page.getByText('Signed in as').count(), 0)
    await expectNoAxeViolations(page)
  })

  it('lists both missing fields when the form is sent empty, and each link focuses its field', async () => {
    await page.getByRole('button', { name: 'Sign in' }).click()
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in', error: true })
    // GOV.UK Frontend moves focus to the summary so a screen reader announces it first: once its module has run,
    // which on a loaded machine can be after the page is shown.
    await page.locator('.govuk-error-summary:focus').waitFor()
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['email', 'password'])
  })

  it('refuses a wrong password, keeping the email typed but not the password', async () => {
    await page.getByLabel('Email address').fill('sw@csc.example')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in', error: true })
    assert.equal(
      (await page.locator('.govuk-error-summary__list').innerText()).trim(),
      'Enter a correct email address and password',
    )
    assert.equal(await page.getByLabel('Email address').inputValue(), 'sw@csc.example')
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '')
    await expectNoAxeViolations(page)
  })

  it('signs in to the home page', async () => {
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL(url => url.pathname === '/'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    assert.equal(
      (await page.locator('.lantern-user').innerText()).trim(),
      "Signed in as Sam Caseworth, Northshire Children's Social Care",
    )
    await expectNoAxeViolations(page)
  })

  it('signs out, and then the home page asks for sign-in again', async () => {
    await signOut(page)
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.match(await notificationText(page), /You have signed out/)
    await expectNoAxeViolations(page)

    await page.goto('/')
    assert.equal(new URL(page.url()).pathname, '/sign-in')
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.equal(await page.getByText('Signed in as').count(), 0)
  })
})

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
    assert.equal(
      response?.status(),
      403,
      'still signed in after the page not found, and refused rather than sent to sign in',
    )
    await verifyOnPage(page, 'You do not have access to this page')
    assert.equal(await page.locator('table').count(), 0)
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0)
    await expectNoAxeViolations(page)
  })
})
