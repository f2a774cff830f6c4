import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()
const page = await lantern.newPage()

// Obviously invented, so nobody mistakes them for a real person or service.
const NEW_USER = { name: 'Testy McTestface', email: 'testy.mctestface@partnership.example' }
const NEW_AGENCY = 'Nowhereton Test Academy'

describe('an administrator adds a user and an agency', SUITE, () => {
  it('lists the users of the partnership', async () => {
    await signIn(page, 'admin@partnership.example')
    await page.getByRole('link', { name: 'Users' }).first().click()
    await verifyOnPage(page, 'Users')
    assert.ok((await page.locator('table').innerText()).includes('Sam Caseworth'))
    assert.equal(await page.getByText(NEW_USER.name).count(), 0)
    await expectNoAxeViolations(page)
  })

  it('shows every missing answer when the new user form is sent empty', async () => {
    await page.getByRole('button', { name: 'Add a user' }).click()
    await verifyOnPage(page, 'Add a user')
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Add user' }).click()
    await verifyOnPage(page, 'Add a user', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['displayName', 'email', 'agencyId', 'roles', 'password'])
  })

  it('keeps the answers but not the password when only the password is wrong', async () => {
    await page.getByLabel('Full name').fill(NEW_USER.name)
    await page.getByLabel('Email address').fill(NEW_USER.email)
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Northshire Safeguarding Partnership' })
    await page.getByLabel('Auditor').check()
    await page.getByLabel('First password').fill('too-short')
    await page.getByRole('button', { name: 'Add user' }).click()

    await verifyOnPage(page, 'Add a user', { error: true })
    await expectErrorSummaryFocusesFields(page, ['password'])
    assert.equal(await page.getByLabel('Full name').inputValue(), NEW_USER.name)
    assert.equal(await page.getByLabel('Email address').inputValue(), NEW_USER.email)
    assert.equal((await page.getByLabel('Agency', { exact: true }).locator('option:checked').innerText()).trim(), 'Northshire Safeguarding Partnership')
    assert.ok(await page.getByLabel('Auditor').isChecked())
    assert.equal(await page.getByLabel('First password').inputValue(), '')
    await expectNoAxeViolations(page)
  })

  it('adds the user and says so on the list', async () => {
    await page.getByLabel('First password').fill('a-long-enough-first-password')
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/users'), page.getByRole('button', { name: 'Add user' }).click()])
    await verifyOnPage(page, 'Users')
    assert.match(await notificationText(page), /^User added\./)
    const row = page.locator('tbody tr', { hasText: NEW_USER.name })
    assert.equal(await row.count(), 1)
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim())
    assert.deepEqual(cells, [NEW_USER.name, NEW_USER.email, 'Northshire Safeguarding Partnership', 'Auditor', 'Not set up yet'])
    await expectNoAxeViolations(page)
  })

  it('lists the agencies of the partnership', async () => {
    await page.getByRole('link', { name: 'Agencies' }).first().click()
    await verifyOnPage(page, 'Agencies')
    assert.ok((await page.locator('table').innerText()).includes('Northshire Police'))
    await expectNoAxeViolations(page)
  })

  it('shows both missing answers when the new agency form is sent empty', async () => {
    await page.getByRole('button', { name: 'Add an agency' }).click()
    await verifyOnPage(page, 'Add an agency')
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Add agency' }).click()
    await verifyOnPage(page, 'Add an agency', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['name', 'kind'])
  })

  it('keeps the name typed when only the kind is missing', async () => {
    await page.getByLabel('Agency name').fill(NEW_AGENCY)
    await page.getByRole('button', { name: 'Add agency' }).click()
    await verifyOnPage(page, 'Add an agency', { error: true })
    await expectErrorSummaryFocusesFields(page, ['kind'])
    assert.equal(await page.getByLabel('Agency name').inputValue(), NEW_AGENCY)
  })

  it('adds the agency and says so on the list', async () => {
    await page.getByLabel('Education').check()
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/agencies'), page.getByRole('button', { name: 'Add agency' }).click()])
    await verifyOnPage(page, 'Agencies')
    assert.equal(await notificationText(page), 'Agency added.')
    const cells = (await page.locator('tbody tr', { hasText: NEW_AGENCY }).locator('td').allInnerTexts()).map((t) => t.trim())
    assert.deepEqual(cells, [NEW_AGENCY, 'Education'])
    await expectNoAxeViolations(page)
  })

  it('offers the new agency when adding the next user', async () => {
    await page.goto('/admin/users/new')
    assert.equal(await page.getByLabel('Agency', { exact: true }).locator('option', { hasText: NEW_AGENCY }).count(), 1)
  })
})
