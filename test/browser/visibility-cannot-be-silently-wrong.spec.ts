import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  errorSummaryLinks,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 11, point 3: a name ticked while "Everyone who can read the case" is chosen used to save a refuge address
// for everyone, without a word. Now the names sit beneath "Only the people I name", the mistake is refused, and
// the saved entry says who can see it.

const lantern = await startLantern()
const { app } = lantern

const POLICE_USER = 'Dana Constable, Northshire Police'
const REFUGE = 'Mother and Plover are at the Harbour Lane refuge: the address is held by the lead.'
const YEAR = String(new Date().getUTCFullYear() - 1)

const sw = await apiToken(app, 'sw@csc.example')
async function post<T>(url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  assert.equal(response.statusCode, 201, `${url}: ${response.body}`)
  return response.json<T>()
}
const child = await post<{ id: string }>('/api/v1/people', {
  givenName: 'Plover',
  familyName: 'Browsertest',
  dateOfBirth: '2016-03-09',
  sex: 'female',
})
const kase = await post<{ id: string; reference: string }>('/api/v1/cases', {
  title: 'Visibility browser test case',
  childIds: [child.id],
})
const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
  { id: string; kind: string }[]
>()
await post(`/api/v1/cases/${kase.id}/members`, { agencyId: agencies.find(a => a.kind === 'police')?.id })
const chronologyPath = `/cases/${kase.id}/chronology`

async function fillEntry(page: Page): Promise<void> {
  await page.getByLabel('What kind of entry is it?').selectOption({ label: 'Case note' })
  const date = page.getByRole('group', { name: 'When did it happen?' })
  await date.getByLabel('Day').fill('3')
  await date.getByLabel('Month').fill('7')
  await date.getByLabel('Year').fill(YEAR)
  await page.getByLabel('At what time? (UK time)').fill('10:15')
  await page.getByLabel('What happened?').fill(REFUGE)
}

const refugeEntries = async () =>
  (await app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(sw) }))
    .json<{ summary: string }[]>()
    .filter(e => e.summary === REFUGE).length

describe('a social worker names a reader but leaves "everyone" chosen', SUITE, () => {
  let page: Page

  it('shows the names only beneath "Only the people I name"', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`${chronologyPath}/new`)
    await verifyOnPage(page, 'Add to the chronology')
    assert.ok(!(await page.getByLabel(POLICE_USER).isVisible()), 'hidden while another choice is made')
    await expectNoAxeViolations(page)
    await page.getByLabel('Only the people I name').check()
    assert.ok(await page.getByLabel(POLICE_USER).isVisible())
    assert.equal(await page.getByLabel('Only the people I name').getAttribute('aria-expanded'), null)
    await expectNoAxeViolations(page, '(names revealed)')
  })

  it('refuses the dangerous mistake: a name ticked, "everyone" chosen, nothing saved', async () => {
    await fillEntry(page)
    await page.getByLabel(POLICE_USER).check()
    await page.getByLabel('Everyone who can read the case').check()
    assert.ok(await page.getByLabel(POLICE_USER).isVisible(), 'a ticked name never goes out of sight')
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    assert.deepEqual(await errorSummaryLinks(page), [
      {
        text: 'You named people who may read it: choose “Only the people I name”, or untick the names',
        href: '#visibility',
      },
    ])
    assert.equal(await page.getByLabel('What happened?').inputValue(), REFUGE)
    assert.ok(await page.getByLabel(POLICE_USER).isChecked(), 'keeps the name ticked')
    assert.equal(await refugeEntries(), 0)
    await expectNoAxeViolations(page)
  })

  it('saves the right choice, and says who can see it', async () => {
    await page.getByLabel('Only the people I name').check()
    await Promise.all([
      page.waitForURL(url => url.pathname === chronologyPath && url.searchParams.has('recorded')),
      page.getByRole('button', { name: 'Add to the chronology' }).click(),
    ])
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${kase.reference}` })
    assert.equal(
      await notificationText(page),
      'Entry added to the chronology. Who can see it: Sealed: only Dana Constable and the author.',
    )
    const item = page.locator('.moj-timeline__item', { hasText: REFUGE })
    assert.match(await item.innerText(), /Who can see it: Sealed: only Dana Constable and the author/)
    const opening = page.locator('.moj-timeline__item', { hasText: 'Case opened' })
    assert.match(await opening.innerText(), /Who can see it: Everyone who can read the case/)
    await expectNoAxeViolations(page)
  })
})

describe('with JavaScript off', SUITE, () => {
  it('shows the names beneath "Only the people I name", and refuses the same mistake', async () => {
    const page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`${chronologyPath}/new`)
    await verifyOnPage(page, 'Add to the chronology')
    assert.ok(await page.getByLabel(POLICE_USER).isVisible())
    await expectNoAxeViolationsWithoutJavaScript(page)
    await fillEntry(page)
    await page.getByLabel(POLICE_USER).check()
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    assert.equal((await errorSummaryLinks(page))[0]?.href, '#visibility')
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})
