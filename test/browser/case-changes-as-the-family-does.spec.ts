import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectErrorSummaryFocusesFields,
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
const CASE_TITLE = 'Family change browser test case'

/** A case about Dunlin Familychange, whose brother Knot lives with her but is not on the case: set up by the API. */
async function caseWithBrotherAround() {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const inject = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await inject('/api/v1/people', {
    givenName: 'Dunlin',
    familyName: 'Familychange',
    dateOfBirth: '2016-04-04',
    sex: 'female',
  })
  const brother = await inject('/api/v1/people', {
    givenName: 'Knot',
    familyName: 'Familychange',
    dateOfBirth: '2011-09-09',
    sex: 'male',
  })
  await inject(`/api/v1/people/${child.id}/relationships`, {
    otherPersonId: brother.id,
    kind: 'sibling',
    livesWith: true,
    hasContact: true,
  })
  const kase = await inject('/api/v1/cases', { title: CASE_TITLE, childIds: [child.id] })
  return kase
}

const kase = await caseWithBrotherAround()
const peopleTitle = `People: ${kase.reference}`

describe('a case grows and shrinks with the family, and reopens', SUITE, () => {
  let page: Page

  it('offers to add a child from the household, nothing pre-answered', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/people`)
    await verifyOnPage(page, 'People', { title: peopleTitle })
    await page.getByRole('link', { name: 'Add a child' }).click()
    await verifyOnPage(page, 'Add a child', { title: `Add a child to ${kase.reference}` })
    assert.equal(await page.locator('input[type="radio"]:checked').count(), 0)
    await expectNoAxeViolations(page)
  })

  it('asks who, as what and why when nothing was chosen', async () => {
    await page.getByRole('button', { name: 'Add child to case' }).click()
    await verifyOnPage(page, 'Add a child', { title: `Add a child to ${kase.reference}`, error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['personId', 'role', 'reason'])
  })

  it('adds the brother as a child who harmed another child', async () => {
    await page.getByLabel('Knot Familychange').check()
    await page.getByLabel('Child who harmed another child').check()
    await page.getByLabel('Why are they joining the case?').fill('His sister disclosed at school that he hurt her')
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === 'childAdded'),
      page.getByRole('button', { name: 'Add child to case' }).click(),
    ])
    await verifyOnPage(page, 'People', { title: peopleTitle })
    assert.equal(await notificationText(page), 'Child added to the case.')
    assert.match(
      await page.getByRole('table', { name: 'Children' }).innerText(),
      /Knot Familychange.*Child who harmed another child/s,
    )
    await expectNoAxeViolations(page)
  })

  it('removes him after a confirmation page that asks why', async () => {
    await page.getByRole('link', { name: 'Remove Knot Familychange from the case' }).click()
    await verifyOnPage(page, 'Remove Knot Familychange from the case?', {
      title: `Remove Knot Familychange from ${kase.reference}`,
    })
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Remove from case' }).click()
    await expectErrorSummaryFocusesFields(page, ['reason'])
    await page.getByLabel('Why are they leaving the case?').fill('Moved to live with his father out of the area')
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === 'childRemoved'),
      page.getByRole('button', { name: 'Remove from case' }).click(),
    ])
    assert.equal(await notificationText(page), 'Child removed from the case.')
    assert.doesNotMatch(await page.getByRole('table', { name: 'Children' }).innerText(), /Knot/)
  })

  it('reopens the case once closed, from a page that asks why', async () => {
    await page.goto(`/cases/${kase.id}/close`)
    await page.getByLabel('Why is the case closing?').fill('Support ended and the family moved away')
    await page.getByRole('button', { name: 'Continue' }).click()
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('closed')),
      page.getByRole('button', { name: 'Close the case' }).click(),
    ])
    await page.getByRole('button', { name: 'Reopen case' }).click()
    await verifyOnPage(page, 'Reopen the case?', { title: `Reopen ${kase.reference}` })
    await expectNoAxeViolations(page)
    await page.getByLabel('Why is the case reopening?').fill('New disclosure at school this morning')
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === 'reopened'),
      page.getByRole('button', { name: 'Reopen case' }).click(),
    ])
    assert.equal(await notificationText(page), 'Case reopened.')
    assert.equal((await page.locator('main .govuk-tag').first().innerText()).trim(), 'Open')
    await expectNoAxeViolations(page)
  })
})

describe('adding an adult without JavaScript', SUITE, () => {
  it('works as a plain form, and passes axe as rendered', async () => {
    const page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/adults/new`)
    await verifyOnPage(page, 'Add an adult', { title: `Add an adult to ${kase.reference}` })
    await expectNoAxeViolationsWithoutJavaScript(page)
    await page.getByRole('button', { name: 'Add adult to case' }).click()
    await verifyOnPage(page, 'Add an adult', { title: `Add an adult to ${kase.reference}`, error: true })
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})
