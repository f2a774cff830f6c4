import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  errorSummaryLinks,
  expectErrorSummaryFocusesFields,
  focusedId,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// A social worker ends a relationship (the household then shows it under Past), says one flagged record is a
// different child, and merges another into the child's record after checking both side by side.

const lantern = await startLantern()

const sw = await apiToken(lantern.app, 'sw@csc.example')
async function post(url: string, payload: Record<string, unknown>): Promise<{ id: string }> {
  const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<{ id: string }>()
}

// Obviously invented names. Two more records look like Corrie's: a different child, and Corrie recorded twice.
const child = await post('/api/v1/people', {
  givenName: 'Corrie',
  familyName: 'Browserfam',
  dateOfBirth: '2016-09-09',
  sex: 'female',
})
const stepdad = await post('/api/v1/people', {
  givenName: 'Osric',
  familyName: 'Browserfam',
  dateOfBirth: '1984-01-01',
  sex: 'male',
})
await post('/api/v1/people', {
  givenName: 'Corry',
  familyName: 'Browserfam',
  dateOfBirth: '2016-09-09',
  sex: 'male',
})
const twice = await post('/api/v1/people', {
  givenName: 'Corrie',
  familyName: 'Browserfamm',
  dateOfBirth: '2016-09-09',
  sex: 'female',
})
const relationship = await post(`/api/v1/people/${child.id}/relationships`, {
  otherPersonId: stepdad.id,
  kind: 'step_parent',
  livesWith: true,
  hasContact: true,
  startedOn: '2022-05-01',
})

const CHILD = 'Corrie Browserfam'

describe('a social worker keeps the family and the child’s record right', SUITE, () => {
  let page: Page

  it('shows the household now, with a way to end each relationship', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${child.id}`)
    await verifyOnPage(page, CHILD)
    assert.match(await page.locator('#household ~ table').first().innerText(), /Osric Browserfam/)
    await expectNoAxeViolations(page)
  })

  it('refuses an end before the relationship began, keeping what was typed', async () => {
    await page.getByRole('link', { name: 'End the relationship with Osric Browserfam' }).click()
    await verifyOnPage(page, 'End the relationship between Corrie Browserfam and Osric Browserfam')
    await expectNoAxeViolations(page)
    await page.getByLabel('Day').fill('1')
    await page.getByLabel('Month').fill('1')
    await page.getByLabel('Year').fill('2020')
    await page.getByLabel('Why did it end?').fill('Moved out after the strategy discussion')
    await page.getByRole('button', { name: 'End the relationship' }).click()
    await verifyOnPage(page, 'End the relationship between Corrie Browserfam and Osric Browserfam', { error: true })
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Date it ended must be on or after the date it started, 1 May 2022', href: '#endedOn-day' },
    ])
    await page.locator('.govuk-error-summary a[href="#endedOn-day"]').click()
    assert.equal(await focusedId(page), 'endedOn-day')
    assert.equal(await page.getByLabel('Why did it end?').inputValue(), 'Moved out after the strategy discussion')
    await expectNoAxeViolations(page)
  })

  it('ends it, and the household shows it under Past with the date and reason', async () => {
    await page.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'End the relationship' }).click()
    await verifyOnPage(page, CHILD)
    assert.match(await notificationText(page), /Relationship ended/)
    const past = await page.locator('#past-members ~ table').innerText()
    assert.match(past, /Osric Browserfam/)
    assert.match(past, /1 January 2026/)
    assert.match(past, /Moved out after the strategy discussion/)
    await expectNoAxeViolations(page)
  })

  it('says a flagged record is a different child, and it is flagged no more', async () => {
    await page.getByRole('link', { name: 'they are not the same person (Corry Browserfam)' }).click()
    await verifyOnPage(page, 'Are these two records different people?')
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'They are not the same person' }).click()
    await verifyOnPage(page, CHILD)
    assert.match(await notificationText(page), /not the same person/)
    assert.doesNotMatch(await page.locator('.govuk-inset-text').innerText(), /Corry/)
  })

  it('merges the record made twice after checking both, and the old address leads to the record kept', async () => {
    await page.getByRole('link', { name: "Merge Corrie Browserfamm's record into this record" }).click()
    await verifyOnPage(page, 'Check these are the same person before you merge the records', {
      title: `Merge Corrie Browserfamm's record into another`,
    })
    const cards = await page.locator('.govuk-summary-card').allInnerTexts()
    assert.match(cards[0] ?? '', /Corrie Browserfamm[\s\S]*10 years old[\s\S]*9 September 2016/)
    assert.match(cards[1] ?? '', /Corrie Browserfam\b[\s\S]*10 years old[\s\S]*9 September 2016/)
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Merge the records' }).click()
    await verifyOnPage(page, 'Check these are the same person before you merge the records', {
      title: `Merge Corrie Browserfamm's record into another`,
      error: true,
    })
    await expectErrorSummaryFocusesFields(page, ['reason'])
    await page.getByLabel('How do you know they are the same person?').fill('Same GP, same school, same address')
    await page.getByRole('button', { name: 'Merge the records' }).click()
    await verifyOnPage(page, CHILD)
    assert.match(await notificationText(page), /merged into this one/)
    await page.goto(`/people/${twice.id}`)
    await verifyOnPage(page, CHILD)
  })

  it('undoes the merge from the record kept, after a page that says what moves back and asks why', async () => {
    await page.goto(`/people/${child.id}`)
    await page.getByRole('link', { name: "Undo this merge of Corrie Browserfamm's record" }).click()
    await verifyOnPage(page, 'Check what moves back before you undo the merge', {
      title: "Undo the merge of Corrie Browserfamm's record",
    })
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Undo the merge' }).click()
    await verifyOnPage(page, 'Check what moves back before you undo the merge', {
      title: "Undo the merge of Corrie Browserfamm's record",
      error: true,
    })
    await expectErrorSummaryFocusesFields(page, ['reason'])
    await page.getByLabel('Why was the merge wrong?').fill('Cousins with the same name: the school confirmed it')
    await page.getByRole('button', { name: 'Undo the merge' }).click()
    await verifyOnPage(page, 'Corrie Browserfamm')
    assert.match(await notificationText(page), /Merge undone/)
    await expectNoAxeViolations(page)
  })

  it('works without JavaScript, and the household reflows at 320 pixels', async () => {
    const plain = await lantern.newPage({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    await signIn(plain, 'sw@csc.example')
    await plain.goto(`/relationships/${relationship.id}/end`)
    await expectNoAxeViolationsWithoutJavaScript(plain)
    await plain.goto(`/people/${child.id}`)
    const overflow = Number(
      await plain.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    )
    assert.ok(overflow <= 0, `the page scrolls sideways by ${String(overflow)} px`)
    await expectNoAxeViolationsWithoutJavaScript(plain)
  })
})
