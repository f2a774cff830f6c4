import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 14, items 1 and 2: a social worker records a conviction with the agency it came from; probation records a
// civil order, a risk assessment and how the person is managed, and reads what is known on the person's risk page.
// A practitioner who may not see the detail learns only that something is known and whom to contact.

const lantern = await startLantern()

async function uncle(): Promise<string> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const response = await lantern.app.inject({
    method: 'POST',
    url: '/api/v1/people',
    headers: bearer(sw),
    payload: { givenName: 'Barnaby', familyName: 'Riskworth', dateOfBirth: '1975-06-06', sex: 'male' },
  })
  return response.json<{ id: string }>().id
}

async function fillDate(page: Page, name: string, day: number, month: number, year: number) {
  await page.locator(`#${name}-day`).fill(String(day))
  await page.locator(`#${name}-month`).fill(String(month))
  await page.locator(`#${name}-year`).fill(String(year))
}

/** Chooses the option of a select whose words include `text` (a user's name, shown with their agency and email). */
async function chooseOption(page: Page, id: string, text: string) {
  const value = await page.locator(`#${id} option`, { hasText: text }).first().getAttribute('value')
  await page.locator(`#${id}`).selectOption(value ?? '')
}

/** Today in England: the service's clock is the real one here. */
function today(): [number, number, number] {
  const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
  return [Number(day), Number(month), Number(year)]
}

const HEADING = 'What is known that may mean they present a risk of sexual harm'

describe('what is known about a person is recorded', SUITE, () => {
  it('records a conviction, a civil order, a risk assessment and the management, and reads the risk page', async () => {
    const personId = await uncle()
    const sam = await lantern.newPage()
    await signIn(sam, 'sw@csc.example')
    await sam.goto(`/people/${personId}/offending-history/new`)
    await verifyOnPage(sam, 'Record sexual-offending history for Barnaby Riskworth')
    await expectNoAxeViolations(sam, 'the offending history form')
    await sam.getByLabel('Conviction').check()
    await fillDate(sam, 'date', 3, 4, 2012)
    await sam.locator('#sourceAgencyId').selectOption({ label: 'Northshire Police' })
    await sam.locator('#description').fill('Convicted of an offence against a child.')
    await sam.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      sam,
      'Check the history before recording it for Barnaby Riskworth',
      'Record the history',
      u => u.pathname === `/people/${personId}`,
      [/Northshire Police/],
    )
    assert.match(await sam.locator('#offending-history + ul').innerText(), /From Northshire Police; recorded by Sam/)

    const pat = await lantern.newPage()
    await signIn(pat, 'po@probation.example')
    await pat.goto(`/people/${personId}/risk`)
    await verifyOnPage(pat, HEADING, { title: 'What is known about Barnaby Riskworth' })
    assert.match(await pat.locator('main').innerText(), /born 6 June 1975/)
    await expectNoAxeViolations(pat, 'the risk page with history only')
    await expectEverythingInALandmark(pat)

    await pat.getByRole('link', { name: 'Record a civil order' }).click()
    await verifyOnPage(pat, 'Record a civil order for Barnaby Riskworth')
    await expectNoAxeViolations(pat, 'the civil order form')
    await pat.getByLabel('Sexual Harm Prevention Order').check()
    await fillDate(pat, 'startsOn', 1, 3, 2025)
    await fillDate(pat, 'expiresOn', 1, 3, 2024)
    await pat.locator('#prohibitions').fill('No unsupervised contact with any child under 16.')
    await pat.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(pat, 'Record a civil order for Barnaby Riskworth', { error: true })
    assert.match(await pat.locator('.govuk-error-summary').innerText(), /Expiry date must be after/)
    assert.equal(await pat.locator('#prohibitions').inputValue(), 'No unsupervised contact with any child under 16.')
    await expectNoAxeViolations(pat, 'the civil order refused')
    await fillDate(pat, 'expiresOn', 1, 3, 2030)
    await pat.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      pat,
      'Check the civil order before recording it for Barnaby Riskworth',
      'Record the civil order',
      u => u.pathname === `/people/${personId}/risk`,
      [/Sexual Harm Prevention Order/, /1 March 2030/],
    )
    assert.match(await notificationText(pat), /Civil order recorded/)

    await pat.getByRole('link', { name: 'Record a risk assessment' }).click()
    await verifyOnPage(pat, 'Record a risk assessment of Barnaby Riskworth')
    await expectNoAxeViolations(pat, 'the risk assessment form')
    await pat.getByLabel('Active Risk Management System (ARMS)').check()
    const [day, month, year] = today()
    await fillDate(pat, 'assessedOn', day, month, year)
    await pat.locator('#assessorAgencyId').selectOption({ label: 'Northshire Probation Service' })
    await pat.getByLabel('High', { exact: true }).check()
    await pat.locator('#summary').fill('High risk to children known to him.')
    await fillDate(pat, 'nextReviewOn', 1, 1, year + 1)
    await pat.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      pat,
      'Check the risk assessment before recording it for Barnaby Riskworth',
      'Record the risk assessment',
      u => u.pathname === `/people/${personId}/risk`,
      [/Northshire Probation Service/, /High/],
    )

    await pat.getByRole('link', { name: 'Change how they are managed' }).click()
    await verifyOnPage(pat, 'How Barnaby Riskworth is managed')
    await expectNoAxeViolations(pat, 'the management form')
    await pat.locator('#mappaCategory').selectOption('1')
    await pat.locator('#mappaLevel').selectOption('2')
    await chooseOption(pat, 'probationContactUserId', 'Pat Overseer')
    await chooseOption(pat, 'policeLeadUserId', 'Dana Constable')
    await pat.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      pat,
      'Check how Barnaby Riskworth is managed before saving it',
      'Save how they are managed',
      u => u.pathname === `/people/${personId}/risk`,
      [/Category 1/, /Pat Overseer/],
    )

    const main = await pat.locator('main').innerText()
    assert.match(main, /Current/)
    assert.match(main, /0 months old/)
    assert.match(main, /In force/)
    assert.match(main, /Dana Constable \(dc@police\.example\)/)
    assert.match(main, /Convicted of an offence against a child\./)
    await expectNoAxeViolations(pat, 'the risk page with everything recorded')

    // A practitioner who may not see the person's record learns only that something is known, and whom to ask.
    const nell = await lantern.newPage()
    await signIn(nell, 'nurse@health.example')
    await nell.goto(`/people/${personId}/risk`)
    await verifyOnPage(nell, HEADING, { title: 'What is known about Barnaby Riskworth' })
    const minimum = await nell.locator('main').innerText()
    assert.match(minimum, /Something is known about this person/)
    assert.match(minimum, /po@probation\.example/)
    assert.doesNotMatch(minimum, /Convicted|Sexual Harm Prevention Order/)
    await expectNoAxeViolations(nell, 'the risk page at the minimum')
  })
})
