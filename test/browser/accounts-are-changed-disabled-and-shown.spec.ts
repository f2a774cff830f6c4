import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import {
  DEMO_PASSWORD,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

describe('a practitioner changes their own password', SUITE, () => {
  it('names each missing answer, then changes it and says they are signed out elsewhere', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'po@probation.example')
    await page.goto('/account/password')
    await verifyOnPage(page, 'Change your password')
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Change password' }).click()
    await verifyOnPage(page, 'Change your password', { error: true })
    assert.ok((await page.locator('.govuk-error-summary__list a').count()) > 0)
    await expectNoAxeViolations(page)
    await page.getByLabel('Current password').fill(DEMO_PASSWORD)
    await page.getByLabel('New password', { exact: true }).fill('an-invented-passphrase-42')
    await page.getByLabel('Confirm new password').fill('an-invented-passphrase-42')
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === '1'),
      page.getByRole('button', { name: 'Change password' }).click(),
    ])
    assert.match(await notificationText(page), /Your password has been changed/)
    await expectNoAxeViolations(page)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})

describe('an administrator disables an account after a confirmation', SUITE, () => {
  it('asks to confirm, then lists the account as disabled', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'admin@partnership.example')
    await page.goto('/admin/users')
    await Promise.all([
      page.waitForURL(url => url.pathname.endsWith('/disable')),
      page.getByRole('link', { name: "Disable Nell Wardwell's account" }).click(),
    ])
    await verifyOnPage(page, "Disable Nell Wardwell's account")
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('disabled') === '1'),
      page.getByRole('button', { name: 'Disable account' }).click(),
    ])
    assert.match(await notificationText(page), /Account disabled/)
    assert.match(await page.locator('tr', { hasText: 'Nell Wardwell' }).innerText(), /Disabled/)
    await expectNoAxeViolations(page)
  })
})

describe('the partnership manager sees new accounts', SUITE, () => {
  it('lists the accounts created, by whom and with which roles', async () => {
    const admin = await apiToken(lantern.app, 'admin@partnership.example')
    const agencies = (await lantern.app.inject({ url: '/api/v1/agencies', headers: bearer(admin) })).json<
      { id: string; kind: string }[]
    >()
    const created = await lantern.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(admin),
      payload: {
        displayName: 'Wynn Newstarter',
        email: 'wynn.newstarter@police.example',
        agencyId: agencies.find(a => a.kind === 'police')?.id,
        roles: ['police_investigator'],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const page = await lantern.newPage()
    await signIn(page, 'pm@partnership.example')
    await page.goto('/partnership/accounts')
    await verifyOnPage(page, 'New and changed accounts')
    assert.match(await page.locator('main').innerText(), /Wynn Newstarter[\s\S]*Adrian Keyholder/)
    await expectNoAxeViolations(page)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})
