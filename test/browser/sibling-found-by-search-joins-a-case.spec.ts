import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  errorSummaryLinks,
  focusedId,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

// Obviously invented, so nobody mistakes them for a real family.
const CASE_TITLE = 'Sibling found by search browser test case'

/**
 * A case about Avocet Searchjoin, and her sister Stilt recorded by the same agency but linked to no household, so
 * the add page's household list cannot offer her; and another Stilt Searchjoin, younger, whom the date tells apart.
 */
async function caseWithSisterUnlinked() {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const inject = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const person = (givenName: string, dateOfBirth: string) =>
    inject('/api/v1/people', { givenName, familyName: 'Searchjoin', dateOfBirth, sex: 'female' })
  const child = await person('Avocet', '2016-05-05')
  const sister = await person('Stilt', '2013-07-21')
  await person('Stilt', '2020-01-02')
  const kase = await inject('/api/v1/cases', { title: CASE_TITLE, childIds: [child.id] })
  return { kase, sister }
}

const { kase, sister } = await caseWithSisterUnlinked()
const peopleTitle = `People: ${kase.reference}`
const addTitle = `Add a child to ${kase.reference}`

async function searchFor(page: Page, name: string, born: { day: string; month: string; year: string }) {
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Day').fill(born.day)
  await page.getByLabel('Month').fill(born.month)
  await page.getByLabel('Year').fill(born.year)
  await page.getByRole('button', { name: 'Search' }).click()
}

describe('a sister found by search joins a case', SUITE, () => {
  let page: Page

  it('has no one in the household to offer, so the practitioner searches', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/people`)
    await verifyOnPage(page, 'People', { title: peopleTitle })
    await page.getByRole('link', { name: 'Add a child' }).click()
    await verifyOnPage(page, 'Add a child', { title: addTitle })
    assert.equal(await page.locator('input[name="personId"]').count(), 0, 'no one in any household')
  })

  it('names the box when the date of birth is not a real one, keeping what was typed', async () => {
    await searchFor(page, 'Stilt Searchjoin', { day: '31', month: '2', year: '2013' })
    await verifyOnPage(page, 'Add a child', { title: addTitle, error: true })
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Date of birth must be a real date', href: '#dateOfBirth-day' },
    ])
    await page.locator('.govuk-error-summary a[href="#dateOfBirth-day"]').click()
    assert.equal(await focusedId(page), 'dateOfBirth-day')
    assert.match(await page.locator('#dateOfBirth-error').innerText(), /Date of birth must be a real date/)
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Stilt Searchjoin')
    await expectNoAxeViolations(page)
  })

  it('finds her with a slip in the name, the date of birth leaving out the younger Stilt', async () => {
    await searchFor(page, 'Stilt Serachjoin', { day: '21', month: '7', year: '2013' })
    await verifyOnPage(page, 'Add a child', { title: addTitle })
    assert.equal((await page.locator('#results').innerText()).trim(), '1 person found')
    const row = page.locator('table.govuk-table tbody tr')
    assert.deepEqual(
      (await row.locator('td').allInnerTexts()).slice(0, 3).map(t => t.trim()),
      ['Stilt Searchjoin', '21 July 2013', String(new Date().getUTCFullYear() - 2013 - (isBefore(7, 21) ? 1 : 0))],
    )
    await expectNoAxeViolations(page, 'search results')
  })

  it('chooses her, then says what she is in the case and why', async () => {
    await page.getByRole('link', { name: 'Choose Stilt Searchjoin' }).click()
    await verifyOnPage(page, 'Add a child', { title: addTitle })
    assert.ok(await page.getByLabel('Stilt Searchjoin').isChecked())
    await page.getByLabel('Brother or sister').check()
    await page.getByLabel('Why are they joining the case?').fill('Her sister said at school that Stilt was hurt too')
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === 'childAdded'),
      page.getByRole('button', { name: 'Add child to case' }).click(),
    ])
    await verifyOnPage(page, 'People', { title: peopleTitle })
    assert.equal(await notificationText(page), 'Child added to the case.')
    assert.match(
      await page.getByRole('table', { name: 'Children' }).innerText(),
      /Stilt Searchjoin.*Brother or sister/s,
    )
  })

  it('shows her as already on the case when searched again', async () => {
    await page.goto(`/cases/${kase.id}/children/new?q=Stilt+Searchjoin`)
    assert.match(await page.locator('table.govuk-table').innerText(), /Already on this case/)
    assert.equal(await page.getByRole('link', { name: 'Choose Stilt Searchjoin' }).count(), 1, 'only the younger one')
    assert.equal(await page.locator(`a[href*="${sister.id}"]`).count(), 0)
  })
})

describe('searching for someone to add without JavaScript', SUITE, () => {
  it('works as a plain GET form, and the results pass axe as rendered', async () => {
    const page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/adults/new`)
    await verifyOnPage(page, 'Add an adult', { title: `Add an adult to ${kase.reference}` })
    await searchFor(page, 'Stilt Searchjoin', { day: '', month: '', year: '' })
    assert.equal((await page.locator('#results').innerText()).trim(), '2 people found')
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})

/** Whether today (in the browser test's real time) is before this month and day: her birthday not yet come. */
function isBefore(month: number, day: number): boolean {
  const now = new Date()
  const m = now.getUTCMonth() + 1
  return m < month || (m === month && now.getUTCDate() < day)
}
