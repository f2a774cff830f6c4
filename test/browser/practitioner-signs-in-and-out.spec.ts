import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DEMO_PASSWORD,
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  notificationText,
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
    // GOV.UK Frontend moves focus to the summary so a screen reader announces it first.
    assert.equal(await page.locator('.govuk-error-summary:focus').count(), 1)
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['email', 'password'])
  })

  it('refuses a wrong password, keeping the email typed but not the password', async () => {
    await page.getByLabel('Email address').fill('sw@csc.example')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in', error: true })
    assert.equal((await page.locator('.govuk-error-summary__list').innerText()).trim(), 'Enter a correct email address and password')
    assert.equal(await page.getByLabel('Email address').inputValue(), 'sw@csc.example')
    assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '')
    await expectNoAxeViolations(page)
  })

  it('signs in to the home page', async () => {
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()])
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    assert.equal((await page.locator('.lantern-user').innerText()).trim(), "Signed in as Sam Caseworth, Northshire Children's Social Care")
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
