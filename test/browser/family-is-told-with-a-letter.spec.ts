import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 13, points 3 and 4: a social worker records an update given to the family through check your answers,
// then makes the child's letter from the police outcome, edits it, opens its PDF and sends it.

const lantern = await startLantern()

/** A case about a child and their mother, whose police investigation closed with no further police action. */
async function caseWithAnOutcome(): Promise<{ id: string; reference: string; investigationId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const dc = await apiToken(lantern.app, 'dc@police.example')
  const call = async <T = { id: string; reference: string; version: number }>(
    token: string,
    url: string,
    payload?: Record<string, unknown>,
  ) => (await lantern.app.inject({ method: payload ? 'POST' : 'GET', url, headers: bearer(token), payload })).json<T>()
  const child = await call(sw, '/api/v1/people', {
    givenName: 'Linnea',
    familyName: 'Browserletter',
    dateOfBirth: '2015-09-09',
    sex: 'female',
  })
  const mother = await call(sw, '/api/v1/people', {
    givenName: 'Marsha',
    familyName: 'Browserletter',
    dateOfBirth: '1986-01-01',
    sex: 'female',
  })
  const kase = await call(sw, '/api/v1/cases', {
    title: 'Letter browser test case',
    childIds: [child.id],
    people: [{ personId: mother.id, role: 'non_abusing_parent' }],
  })
  const agencies = await call<{ id: string; kind: string }[]>(sw, '/api/v1/agencies')
  const police = agencies.find(a => a.kind === 'police')?.id ?? ''
  const csc = agencies.find(a => a.kind === 'childrens_social_care')?.id ?? ''
  await call(sw, `/api/v1/cases/${kase.id}/members`, { agencyId: police })
  const opened = new Date(Date.now() - 10 * 86_400_000).toISOString()
  const investigation = await call(dc, `/api/v1/cases/${kase.id}/investigations`, {
    crimeReference: `NS/LETTER${String(Date.now() % 100000)}/26`,
    childIds: [child.id],
    openedAt: opened,
    offences: 'Sexual assault of a child',
  })
  await call(dc, `/api/v1/investigations/${investigation.id}/outcome`, {
    version: investigation.version,
    outcome: 'no_further_police_action_at_this_time',
    outcomeCode: '15',
    rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
    agenciesInformed: [csc],
    decidedAt: new Date(Date.now() - 86_400_000).toISOString(),
  })
  return { id: kase.id, reference: kase.reference, investigationId: investigation.id }
}

/** Today in England, as the date boxes take it: the service's clock is the real one here. */
async function fillToday(page: Page, name: string) {
  const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
  await page.locator(`#${name}-day`).fill(String(Number(day)))
  await page.locator(`#${name}-month`).fill(String(Number(month)))
  await page.locator(`#${name}-year`).fill(year)
  await page.locator(`#${name}Time`).fill('00:01')
}

describe('the family is told, with a letter', SUITE, () => {
  it('records an update, then makes, edits and sends the child’s letter', async () => {
    const kase = await caseWithAnOutcome()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/family`)
    await verifyOnPage(page, 'Telling the family', { title: `Telling the family: ${kase.reference}` })
    await expectNoAxeViolations(page, 'the family page')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Record an update to the family' }).click()
    await verifyOnPage(page, 'Record an update to the family')
    await expectNoAxeViolations(page, 'the update form')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Record an update to the family', { error: true })
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Choose who was told/)
    assert.match(summary, /Choose what they were told/)
    await expectNoAxeViolations(page, 'the update form refused')
    await page.getByLabel('Marsha Browserletter').check()
    await page.getByLabel('How the enquiry or investigation is going').check()
    await fillToday(page, 'at')
    await page.getByLabel('Phone or video call').check()
    await page.getByLabel('What did they say back? (optional)').fill('Marsha asked who to call in the evenings')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the update',
      'Record the update',
      url => url.pathname === `/cases/${kase.id}/family`,
      [/Marsha Browserletter/, /Phone or video call/],
    )
    assert.match(await page.locator('main').innerText(), /Marsha asked who to call in the evenings/)

    await page.getByRole('button', { name: 'Make a letter' }).click()
    await verifyOnPage(page, 'Make a letter')
    await expectNoAxeViolations(page, 'the letter form')
    await page.getByLabel(/Police investigation NS\/LETTER/).check()
    await page.getByLabel('The child (child-friendly)').check()
    await page.getByLabel('Linnea Browserletter').check()
    await page.getByRole('button', { name: 'Make the letter' }).click()
    await verifyOnPage(page, 'Letter to Linnea Browserletter')
    await expectNoAxeViolations(page, 'the letter')
    const text = page.getByLabel('The letter')
    assert.match(await text.inputValue(), /^Dear Linnea,/)
    assert.match(await page.locator('.govuk-summary-list').innerText(), /Grade \d/)
    await text.fill(`${await text.inputValue()}\nYou can ring me on Tuesdays after school.`)
    await page.getByRole('button', { name: 'Save the letter' }).click()
    await verifyOnPage(page, 'Letter to Linnea Browserletter')
    assert.match(await page.getByLabel('The letter').inputValue(), /Tuesdays after school/)

    const pdfHref = await page.getByRole('link', { name: 'Letter as PDF' }).getAttribute('href')
    const pdf = await page.request.get(String(pdfHref))
    assert.equal(pdf.status(), 200)
    assert.match(pdf.headers()['content-type'] ?? '', /^application\/pdf/)

    await page.getByRole('link', { name: 'Printable letter' }).click()
    await expectNoAxeViolations(page, 'the printable letter')
    assert.match(await page.locator('main').innerText(), /Tuesdays after school/)
    await page.goBack()

    await page.getByRole('link', { name: 'Send the letter' }).click()
    await verifyOnPage(page, 'Send the letter')
    await expectNoAxeViolations(page, 'the send form')
    await page.getByLabel('Linnea Browserletter').check()
    await page.getByLabel('Home visit').check()
    await fillToday(page, 'sentAt')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before sending the letter',
      'Send the letter',
      url => url.pathname === `/cases/${kase.id}/family`,
      [/Their right to ask for a review/, /How to apply for criminal injuries compensation/],
    )
    await expectNoAxeViolations(page, 'the family page with the letter sent')
    assert.match(await page.locator('main').innerText(), /Letter sent/)
  })
})
