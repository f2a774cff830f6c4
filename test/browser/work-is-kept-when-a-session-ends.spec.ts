import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import { DEMO_PASSWORD, expectNoAxeViolations, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

const lantern = await startLantern()
const { app } = lantern

// Obviously invented, so nobody mistakes them for a real family.
const CHILD = { givenName: 'Plover', familyName: 'Timeouttest' }
const TYPED = 'Plover told me at the school gate that she does not want to go home tonight.'

const sw = await apiToken(app, 'sw@csc.example')
async function post<T>(url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  assert.equal(response.statusCode, 201, `${url}: ${response.body}`)
  return response.json<T>()
}
const child = await post<{ id: string }>('/api/v1/people', { ...CHILD, dateOfBirth: '2016-02-11', sex: 'female' })
const kase = await post<{ id: string; reference: string }>('/api/v1/cases', {
  title: 'Session timeout browser test case',
  childIds: [child.id],
})
const formPath = `/cases/${kase.id}/chronology/new`
const IDLE_MS = app.lantern.config.session.idleMinutes * 60_000

/** The session dialog, as assistive technology finds it. */
const dialog = (page: Page) => page.getByRole('dialog', { name: 'You will be signed out soon' })

describe('a social worker signed out while typing keeps their work', SUITE, () => {
  let page: Page

  it('says on the page when the session will end', async () => {
    page = await lantern.newPage()
    // The browser's clock is the test's to move; the server's session is real.
    await page.clock.install()
    await signIn(page, 'sw@csc.example')
    await page.goto(formPath)
    await verifyOnPage(page, 'Add to the chronology')
    assert.match(await page.locator('#session-end').innerText(), /^You will be signed out at \S+ unless you save/)
    assert.equal(await page.locator('dialog#session-dialog:not([open])').count(), 1, 'no warning yet')
  })

  it('warns two minutes before the end, and stays signed in when asked', async () => {
    await page.getByLabel('What happened?').fill(TYPED)
    await page.clock.fastForward(IDLE_MS - 110_000)
    await dialog(page).waitFor({ state: 'visible' })
    await expectNoAxeViolations(page, 'the warning')
    await page.getByRole('button', { name: 'Stay signed in' }).click()
    await dialog(page).waitFor({ state: 'hidden' })
    assert.equal(await page.getByLabel('What happened?').inputValue(), TYPED, 'the page stayed as it was')
  })

  it('signs out when the time runs out, and says why', async () => {
    await page.clock.fastForward(IDLE_MS + 5_000)
    await page.waitForURL(url => url.pathname === '/sign-in')
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /signed out because/)
    assert.equal(new URL(page.url()).searchParams.get('returnTo'), formPath)
    await expectNoAxeViolations(page, 'sign-in after the session ended')
  })

  it('takes them back to the form after signing in, with what they had typed', async () => {
    // On the page they were sent to, which remembers where they were: not a fresh sign-in page.
    await page.getByLabel('Email address').fill('sw@csc.example')
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
    await Promise.all([
      page.waitForURL(url => url.pathname === formPath),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ])
    await verifyOnPage(page, 'Add to the chronology')
    assert.equal(await page.getByLabel('What happened?').inputValue(), TYPED)
    assert.match(await page.getByRole('status').innerText(), /What you had typed has been put back/)
    await expectNoAxeViolations(page, 'the form given back')
  })

  it('gives nothing back once the form has been left', async () => {
    await page.goto('/')
    await page.goto(formPath)
    assert.equal(await page.getByLabel('What happened?').inputValue(), '')
  })

  it('keeps nothing for the next person when someone signs out on purpose', async () => {
    await page.getByLabel('What happened?').fill(TYPED)
    await Promise.all([
      page.waitForURL(url => url.pathname === '/sign-in'),
      page.locator('header').getByRole('button', { name: 'Sign out' }).click(),
    ])
    await signIn(page, 'sw@csc.example')
    await page.goto(formPath)
    assert.equal(await page.getByLabel('What happened?').inputValue(), '')
  })
})
