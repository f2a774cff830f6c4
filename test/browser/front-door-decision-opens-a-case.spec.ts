import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

// Obviously invented, so nobody mistakes them for a real child.
const CHILD = { givenName: 'Whimbrel', familyName: 'Frontdoorcase' }
const TITLE = `Referral about ${CHILD.givenName} ${CHILD.familyName}`

/** A child with no case, and the school's concern about them referred to the front door: set up by the API. */
async function referredChild(): Promise<string> {
  const dsl = await apiToken(lantern.app, 'dsl@school.example')
  const inject = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(dsl), payload })).json<{
      id: string
      referralId: string
    }>()
  const child = await inject('/api/v1/people', { ...CHILD, dateOfBirth: '2015-06-06', sex: 'female' })
  const concern = await inject('/api/v1/concerns', {
    childId: child.id,
    description: 'Told her teacher she is scared to go home',
  })
  return concern.referralId
}

const referralId = await referredChild()

describe('a front-door decision opens a case with a lead', SUITE, () => {
  let page: Page

  it('asks for the lead practitioner beside the decision, nothing pre-answered', async () => {
    page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    await page.goto(`/referrals/${referralId}`)
    await verifyOnPage(page, TITLE)
    assert.equal(await page.getByLabel('Lead practitioner').inputValue(), '')
    await expectNoAxeViolations(page)
  })

  it('asks for a lead when a strategy discussion is chosen without one', async () => {
    await page.getByLabel(/Hold a strategy discussion/).check()
    await page.getByLabel('Reasons').fill('She is scared to go home and will not say why; police to join.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, TITLE, { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['leadUserId'])
  })

  it('opens the case, and the referral links to it', async () => {
    await page
      .getByLabel('Lead practitioner')
      .selectOption({ label: "Sam Caseworth, Northshire Children's Social Care" })
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the decision',
      'Record the decision',
      url => url.pathname === `/referrals/${referralId}`,
      [/Lead practitioner\s+Sam Caseworth, Northshire Children's Social Care/, /This opens a case about/],
    )
    await verifyOnPage(page, TITLE)
    assert.match(await page.locator('main').innerText(), /The concern is on case [A-Z]+-\d{4}-\d{5}\./)
    await expectNoAxeViolations(page)
  })

  it('shows the lead the case, opened from the referral', async () => {
    const lead = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(lead, 'sw@csc.example')
    const sw = await apiToken(lantern.app, 'sw@csc.example')
    const decided = await lantern.app.inject({
      url: `/api/v1/referrals/${referralId}`,
      headers: bearer(await apiToken(lantern.app, 'mash@csc.example')),
    })
    assert.equal(decided.json<{ decision: string }>().decision, 'strategy_discussion')
    const href = await page.locator('a[href^="/cases/"]').getAttribute('href')
    assert.ok(href)
    const kase = await lantern.app.inject({ url: `/api/v1${href}`, headers: bearer(sw) })
    assert.equal(kase.json<{ referralId: string }>().referralId, referralId)
    await lead.goto(href)
    assert.match(await lead.locator('main').innerText(), /Opened by the front door’s decision on a referral/)
    assert.match(await lead.locator('main').innerText(), /Lead practitioner: Sam Caseworth/)
    await expectNoAxeViolationsWithoutJavaScript(lead)
  })
})
