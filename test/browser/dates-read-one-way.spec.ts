import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { londonDue, sentence } from '../../src/web/dates.ts'
import { apiToken, bearer } from '../helpers.ts'
import { errorSummaryLinks, expectNoAxeViolations, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

// Issue 11, point 6: one date style. A time typed as people write it ("2.15pm") is taken and shown as
// "at 2:15pm"; what is due reads as near as it is ("due tomorrow at 9:00am").

const lantern = await startLantern()
const { app } = lantern

// Obviously invented, so nobody mistakes them for a real family.
const CHILD = { givenName: 'Godwit', familyName: 'Datestest' }
const CHILD_NAME = `${CHILD.givenName} ${CHILD.familyName}`
// Last year, so the entry is in the past whatever today is; July, so UK time (BST) is not UTC.
const YEAR = String(new Date().getUTCFullYear() - 1)
const SUMMARY = 'Home visit: Godwit showed me the garden and talked about school.'

// Set up through the API: a case the social worker leads about Godwit, and the school's concern about Godwit,
// referred to the front door, so a referral decision is due on the case.
async function post<T>(who: string, url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(await apiToken(app, who)), payload })
  assert.equal(response.statusCode, 201, `${url}: ${response.body}`)
  return response.json<T>()
}
const child = await post<{ id: string }>('sw@csc.example', '/api/v1/people', {
  ...CHILD,
  dateOfBirth: '2016-04-12',
  sex: 'male',
})
const kase = await post<{ id: string; reference: string }>('sw@csc.example', '/api/v1/cases', {
  title: 'Dates browser test case',
  childIds: [child.id],
})
await post('dsl@school.example', '/api/v1/concerns', {
  childId: child.id,
  description: 'Came in without a coat again and said nobody was home',
})
const referral = (
  await app.inject({ url: '/api/v1/referrals', headers: bearer(await apiToken(app, 'mash@csc.example')) })
).json<{ id: string; childId: string; decisionDueAt: string }[]>()
const due = referral.find(r => r.childId === child.id)
assert.ok(due, 'the referral awaits a decision')
const dueAt = new Date(due.decisionDueAt)
const chronologyPath = `/cases/${kase.id}/chronology`

/** A deadline as the pages word it: due today, tomorrow, or on a day, at a time in the 12-hour clock. */
const RELATIVE_DUE = /^due (today|tomorrow|\d{1,2} [A-Z][a-z]+ \d{4}) at (\d{1,2}:\d{2}[ap]m|midnight|midday)$/

async function fillEntry(page: Page, time: string): Promise<void> {
  await page.getByLabel('What kind of entry is it?').selectOption({ label: 'Home visit' })
  const date = page.getByRole('group', { name: 'When did it happen?' })
  await date.getByLabel('Day').fill('1')
  await date.getByLabel('Month').fill('7')
  await date.getByLabel('Year').fill(YEAR)
  await page.getByLabel('At what time? (UK time)').fill(time)
  await page.getByLabel('What happened?').fill(SUMMARY)
  await page.getByLabel('Everyone who can read the case').check()
}

describe('dates read one way, in UK time', SUITE, () => {
  let page: Page

  it('shows the lead what is due on the case, worded as near as it is', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    const row = page.locator('#my-cases ~ table tbody tr', { hasText: kase.reference })
    const cell = (await row.locator('td[data-label="Due"]').innerText()).replace(/\s+/g, ' ').trim()
    // The decision is due one working day on: "due tomorrow", or the day written out over a weekend.
    const wording = londonDue(dueAt, new Date())
    assert.match(wording, RELATIVE_DUE)
    assert.equal(cell, `Referral decision ${wording}`)
    await expectNoAxeViolations(page)
  })

  it('refuses a time that is not one, saying how to write it and keeping what was typed', async () => {
    await page.goto(`${chronologyPath}/new`)
    await verifyOnPage(page, 'Add to the chronology')
    await expectNoAxeViolations(page)
    await fillEntry(page, '13pm')
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Enter the time it happened like 2:15pm or 14:15', href: '#occurredAtTime' },
    ])
    assert.equal(await page.getByLabel('At what time? (UK time)').inputValue(), '13pm')
    await expectNoAxeViolations(page)
  })

  it('takes "2.15pm" and shows the entry at 2:15pm on the chronology', async () => {
    await page.getByLabel('At what time? (UK time)').fill('2.15pm')
    await Promise.all([
      page.waitForURL(url => url.pathname === chronologyPath && url.searchParams.has('recorded')),
      page.getByRole('button', { name: 'Add to the chronology' }).click(),
    ])
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${kase.reference}` })
    const time = page.locator('.moj-timeline__item', { hasText: SUMMARY }).locator('time').first()
    assert.equal((await time.innerText()).trim(), `1 July ${YEAR} at 2:15pm`)
    assert.equal(await time.getAttribute('datetime'), `${YEAR}-07-01T13:15:00.000Z`, '2:15pm BST is 13:15 UTC')
    await expectNoAxeViolations(page)
  })

  it('shows the front door when each decision is due, and the referral when it was received, in UK time', async () => {
    const mash = await lantern.newPage()
    await signIn(mash, 'mash@csc.example')
    await mash.goto('/front-door')
    await verifyOnPage(mash, 'Referrals awaiting a decision')
    const cells = await mash.locator('tbody tr', { hasText: CHILD_NAME }).locator('td').allInnerTexts()
    const [, , received, decision] = cells.map(c => c.replace(/\s+/g, ' ').trim())
    assert.match(received ?? '', /^\d{1,2} [A-Z][a-z]+ \d{4} at (\d{1,2}:\d{2}[ap]m|midnight|midday)$/)
    assert.equal(decision, sentence(londonDue(dueAt, new Date())))
    await expectNoAxeViolations(mash)

    await mash.getByRole('link', { name: CHILD_NAME }).click()
    await verifyOnPage(mash, `Referral about ${CHILD_NAME}`)
    const summary = (await mash.locator('.govuk-summary-list').innerText()).replace(/\s+/g, ' ')
    assert.ok(summary.includes(`Received ${received ?? ''}`), summary)
    assert.doesNotMatch(summary, /\d{4}-\d{2}-\d{2}/, 'no ISO dates')
    await expectNoAxeViolations(mash)
  })
})
