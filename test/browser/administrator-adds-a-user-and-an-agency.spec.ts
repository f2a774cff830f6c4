import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generate } from 'otplib'
import { asPartnership, asSystem } from '../../src/db/context.ts'
import { issueInvitation } from '../../src/modules/directory/index.ts'
import {
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

// Obviously invented, so nobody mistakes them for a real person or service.
const NEW_USER = {
  name: 'Testy McTestface',
  email: 'testy.mctestface@partnership.example',
  password: 'a-long-enough-first-password',
}
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
    await expectErrorSummaryFocusesFields(page, ['displayName', 'email', 'agencyId', 'roles'])
  })

  it('keeps the answers when only the roles are wrong: an administrator cannot also be an auditor', async () => {
    await page.getByLabel('Full name').fill(NEW_USER.name)
    await page.getByLabel('Email address').fill(NEW_USER.email)
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Northshire Safeguarding Partnership' })
    await page.getByLabel('Auditor').check()
    await page.getByLabel('System administrator').check()
    await page.getByRole('button', { name: 'Add user' }).click()

    await verifyOnPage(page, 'Add a user', { error: true })
    await expectErrorSummaryFocusesFields(page, ['roles'])
    assert.match(
      await page.locator('.govuk-error-summary__list').innerText(),
      /cannot also have a practitioner or auditor role/,
    )
    assert.equal(await page.getByLabel('Full name').inputValue(), NEW_USER.name)
    assert.equal(await page.getByLabel('Email address').inputValue(), NEW_USER.email)
    assert.equal(
      (await page.getByLabel('Agency', { exact: true }).locator('option:checked').innerText()).trim(),
      'Northshire Safeguarding Partnership',
    )
    assert.ok(await page.getByLabel('Auditor').isChecked())
    await expectNoAxeViolations(page)
  })

  it('adds the user, says no invitation was sent (email is not set up here) and lists them as invited', async () => {
    await page.getByLabel('System administrator').uncheck()
    await Promise.all([
      page.waitForURL(url => url.pathname === '/admin/users'),
      page.getByRole('button', { name: 'Add user' }).click(),
    ])
    await verifyOnPage(page, 'Users')
    assert.match(
      await notificationText(page),
      /^User added, but no invitation was sent.*lantern user invite --email testy\.mctestface@partnership\.example/s,
    )
    const row = page.locator('tbody tr', { hasText: NEW_USER.name })
    assert.equal(await row.count(), 1)
    const cells = (await row.locator('td').allInnerTexts()).map(t => t.trim())
    assert.deepEqual(cells.slice(0, 6), [
      NEW_USER.name,
      NEW_USER.email,
      'Northshire Safeguarding Partnership',
      'Auditor',
      'Not set up yet',
      'Invited',
    ])
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
    await Promise.all([
      page.waitForURL(url => url.pathname === '/admin/agencies'),
      page.getByRole('button', { name: 'Add agency' }).click(),
    ])
    await verifyOnPage(page, 'Agencies')
    assert.equal(await notificationText(page), 'Agency added.')
    const cells = (await page.locator('tbody tr', { hasText: NEW_AGENCY }).locator('td').allInnerTexts()).map(t =>
      t.trim(),
    )
    assert.deepEqual(cells, [NEW_AGENCY, 'Education'])
    await expectNoAxeViolations(page)
  })

  it('offers the new agency when adding the next user', async () => {
    await page.goto('/admin/users/new')
    assert.equal(await page.getByLabel('Agency', { exact: true }).locator('option', { hasText: NEW_AGENCY }).count(), 1)
  })
})

// The user the administrator added above, who unlike the demo users must use an authenticator app.
let secret = ''

describe('the new user sets their password from an invitation, then sets up an authenticator app', SUITE, () => {
  it('sets their own password from the invitation an operator printed for them', async () => {
    await signOut(page)
    // What `lantern user invite` does at the server.
    const user = await asSystem(() =>
      lantern.app.lantern.db
        .selectFrom('users')
        .select(['id', 'partnershipId'])
        .where('email', '=', NEW_USER.email)
        .executeTakeFirstOrThrow(),
    )
    const { token } = await asPartnership(user.partnershipId, () =>
      issueInvitation(lantern.app.lantern.db, { partnershipId: user.partnershipId, userId: user.id }, new Date()),
    )
    await page.goto(`/invitation/${token}`)
    await verifyOnPage(page, 'Set your password')
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Set password and continue' }).click()
    await verifyOnPage(page, 'Set your password', { error: true })
    await expectErrorSummaryFocusesFields(page, ['password', 'confirmPassword'])
    await expectNoAxeViolations(page)

    await page.getByLabel('Password', { exact: true }).fill(NEW_USER.password)
    await page.getByLabel('Confirm password').fill(NEW_USER.password)
    await Promise.all([
      page.waitForURL(url => url.pathname === '/sign-in/set-up-authenticator'),
      page.getByRole('button', { name: 'Set password and continue' }).click(),
    ])
    await verifyOnPage(page, 'Set up an authenticator app')

    await page.goto(`/invitation/${token}`)
    await verifyOnPage(page, 'This invitation link cannot be used', { title: 'This invitation link cannot be used' })
    await expectNoAxeViolations(page)
    await page.goto('/sign-in/set-up-authenticator')
  })

  it('asks for an authenticator app at the first sign-in', async () => {
    await signOut(page)
    await signIn(page, NEW_USER.email, NEW_USER.password, '/sign-in/set-up-authenticator')
    await verifyOnPage(page, 'Set up an authenticator app')
    assert.equal(await page.getByRole('img', { name: 'QR code to add Lantern to your authenticator app' }).count(), 1)
    assert.equal(await page.getByText('Signed in as').count(), 0, 'not signed in until the second factor is proven')
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 1)
    await expectNoAxeViolations(page)

    await page.goto('/')
    assert.equal(
      new URL(page.url()).pathname,
      '/sign-in/set-up-authenticator',
      'nothing else opens before the second factor',
    )
    await page.goto('/sign-in/set-up-authenticator')
  })

  it('shows an error for a missing code and for one that is not 6 digits', async () => {
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Set up an authenticator app', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['code'])

    await page.getByLabel('Security code').fill('12345')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Set up an authenticator app', { error: true })
    assert.equal(
      (await page.locator('.govuk-error-summary__list').innerText()).trim(),
      'Security code must be 6 digits, like 123456',
    )
    assert.equal(await page.getByLabel('Security code').inputValue(), '12345')
  })

  it('shows the key to type in instead of scanning, and accepts the code the app makes from it', async () => {
    const key = page.locator('#secret')
    assert.ok(!(await key.isVisible()))
    await page.getByText('I cannot scan the QR code').click()
    assert.ok(await key.isVisible())
    secret = (await key.innerText()).trim()
    assert.match(secret, /^[A-Z2-7]+=*$/)
    await expectNoAxeViolations(page)

    await page.getByLabel('Security code').fill(await generate({ secret }))
    await Promise.all([
      page.waitForURL(url => url.pathname === '/'),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    assert.match(
      await page.locator('.lantern-user').innerText(),
      /^Signed in as Testy McTestface, Northshire Safeguarding Partnership$/,
    )
  })

  it('asks for a security code at the next sign-in', async () => {
    await signOut(page)
    assert.match(await notificationText(page), /You have signed out/)
    await signIn(page, NEW_USER.email, NEW_USER.password, '/sign-in/security-code')
    await verifyOnPage(page, 'Enter your security code')
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Enter your security code', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['code'])

    // A code is good once: the one used to set up may still be showing, so use the app's next one.
    await page.getByLabel('Security code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }))
    await Promise.all([
      page.waitForURL(url => url.pathname === '/'),
      page.getByRole('button', { name: 'Continue' }).click(),
    ])
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
  })
})
