import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectErrorSummaryFocusesFields,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  focusedId,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 11: two children with one name, aged 6 and 16, were told apart only by an ISO date, and a concern was
// recorded against the wrong one; "No disclosure" and "Refer: yes" were chosen for the practitioner, and nothing
// was checked before it was permanent. Now a concern, a referral decision and a new case go through check your
// answers, which starts with the child's facts and their age, and nothing is saved until it is confirmed.

const lantern = await startLantern()

/** A date of birth that makes someone `years` old today, a month past their birthday. */
function bornYearsAgo(years: number): string {
  const d = new Date()
  d.setUTCFullYear(d.getUTCFullYear() - years)
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 10)
}

const sw = await apiToken(lantern.app, 'sw@csc.example')
async function api(token: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const r = await lantern.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) })
  assert.ok(r.statusCode < 300, `${method} ${url}: ${String(r.statusCode)} ${r.body}`)
  return r.json<{ id: string; reference: string }>()
}
const person = (givenName: string, familyName: string, years: number) =>
  api(sw, 'POST', '/api/v1/people', { givenName, familyName, dateOfBirth: bornYearsAgo(years), sex: 'female' })

// Two children of one name: the younger is the one the school is worried about.
const younger = await person('Wren', 'Samename', 6)
const older = await person('Wren', 'Samename', 16)
const youngAdult = await person('Tansy', 'Grownupton', 19)
const onACase = await person('Yarrow', 'Alreadyopen', 8)
const openCase = await api(sw, 'POST', '/api/v1/cases', {
  title: 'Worries at home',
  childIds: [onACase.id],
  people: [],
})

const concernsAbout = async (id: string) =>
  (
    await lantern.app.inject({
      url: `/api/v1/people/${id}/concerns`,
      headers: bearer(sw),
    })
  ).json<unknown[]>().length

/** Moves focus with the Tab key until `target` has it: what a keyboard user must be able to do. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab')
    if ((await target.and(page.locator(':focus')).count()) === 1) return
  }
  assert.fail('could not reach it with the Tab key')
}

async function fillConcern(page: Page): Promise<void> {
  await page
    .getByLabel('What did you see or hear?')
    .fill('Wren cried when it was time to go home and hid in the toilets.')
  await page.getByLabel('Withdrawn or low').check()
  await page.getByLabel('No disclosure').check()
  await page.getByRole('group', { name: "Refer to children's social care now?" }).getByLabel('Yes').check()
}

describe('the wrong child is caught before a concern is recorded', SUITE, () => {
  let page: Page

  it('asks every question, with nothing chosen for the practitioner', async () => {
    page = await lantern.newPage()
    await signIn(page, 'dsl@school.example')
    await page.goto(`/concerns/new?childId=${older.id}`)
    await verifyOnPage(page, 'Record a concern about Wren Samename')
    assert.equal(await page.locator('input[type="radio"]:checked').count(), 0)
    await page.getByLabel('What did you see or hear?').fill('Wren cried when it was time to go home.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Record a concern about Wren Samename', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['disclosure', 'refer'])
  })

  it('shows the child’s age before anything is saved, so the 16-year-old is not taken for the 6-year-old', async () => {
    await fillConcern(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before recording the concern')
    const facts = page.locator('.govuk-summary-list').first()
    assert.match(await facts.innerText(), /Name\s+Wren Samename/)
    assert.match(await facts.innerText(), /Age\s+16 years old/)
    assert.match(await page.locator('main').innerText(), /Has the child told anyone\?\s+No disclosure/)
    assert.equal(await concernsAbout(older.id), 0, 'nothing saved yet')
    await expectNoAxeViolations(page)
    await expectEverythingInALandmark(page)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('leaves without saving, and records the concern about the right child once confirmed, by keyboard', async () => {
    await page.goto(`/concerns/new?childId=${younger.id}`)
    await fillConcern(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before recording the concern')
    assert.match(await page.locator('.govuk-summary-list').first().innerText(), /Age\s+6 years old/)
    // "Change" goes back to the form as typed, by keyboard.
    const change = page.getByRole('button', { name: "Change the child's own words" })
    await tabTo(page, change)
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')])
    await verifyOnPage(page, 'Record a concern about Wren Samename')
    assert.match(await page.getByLabel('What did you see or hear?').inputValue(), /hid in the toilets/)
    assert.ok(await page.getByLabel('No disclosure').isChecked())
    await page.getByLabel("The child's own words (optional)").fill('I don’t want to go home')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before recording the concern')
    assert.match(await page.locator('main').innerText(), /The child's own words\s+I don’t want to go home/)
    await expectNoAxeViolations(page)
    const confirm = page.getByRole('button', { name: 'Record the concern' })
    await tabTo(page, confirm)
    await Promise.all([page.waitForURL(url => url.searchParams.has('recorded')), page.keyboard.press('Enter')])
    await verifyOnPage(page, 'Concern recorded')
    await expectNoAxeViolations(page)
    assert.equal(await concernsAbout(younger.id), 1)
    assert.equal(await concernsAbout(older.id), 0, 'the older child has no concern recorded by mistake')
  })
})

describe('nothing is saved by accident', SUITE, () => {
  it('saves nothing when the practitioner goes elsewhere from check your answers', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dsl@school.example')
    const child = await person('Linnet', 'Notsavedby', 7)
    await page.goto(`/concerns/new?childId=${child.id}`)
    await fillConcern(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before recording the concern')
    await page.goto('/')
    assert.equal(await concernsAbout(child.id), 0)
  })
})

describe('warnings on check your answers', SUITE, () => {
  it('warns when the person is an adult, and still records a concern about a young adult', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/concerns/new?childId=${youngAdult.id}`)
    await fillConcern(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before recording the concern')
    assert.match(await page.locator('.govuk-warning-text').innerText(), /Tansy Grownupton is 19: an adult/)
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('recorded')),
      page.getByRole('button', { name: 'Record the concern' }).click(),
    ])
    assert.equal(await concernsAbout(youngAdult.id), 1)
  })

  it('offers the child’s open case, and opens a second only when ticked', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/new?childId=${onACase.id}`)
    await page.getByLabel('Case title').fill('A second worry')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Check your answers before opening the case')
    const warning = page.locator('.govuk-warning-text')
    assert.match(await warning.innerText(), new RegExp(`already on the open case ${openCase.reference}`))
    assert.equal(await warning.getByRole('link', { name: `Go to case ${openCase.reference}` }).count(), 1)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Open the case' }).click()
    await verifyOnPage(page, 'Check your answers before opening the case', { error: true })
    await expectNoAxeViolations(page)
    await page.locator('.govuk-error-summary a').click()
    assert.equal(await focusedId(page), 'acknowledged')
    await page.keyboard.press('Space')
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('opened')),
      page.getByRole('button', { name: 'Open the case' }).click(),
    ])
    await expectNoAxeViolations(page)
  })
})
