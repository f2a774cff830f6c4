import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// The auditor's view (issue 11, point 9): from the header, the log in plain English naming each record, a child's
// audit across cases, filters by who, what, outcome and day, and the same rows as a CSV download.

const lantern = await startLantern()

/** Set up through the API: a child on a case, read by the social worker and refused to the police. */
async function work(): Promise<{ child: string; caseId: string; reference: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const dc = await apiToken(lantern.app, 'dc@police.example')
  const post = async (token: string, url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post(sw, '/api/v1/people', {
    givenName: 'Yarrow',
    familyName: 'Browseraudit',
    dateOfBirth: '2015-03-03',
    sex: 'female',
  })
  const kase = await post(sw, '/api/v1/cases', { title: 'Worries shared by school', childIds: [child.id], people: [] })
  await lantern.app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(sw) })
  await lantern.app.inject({ url: `/api/v1/cases/${kase.id}/chronology`, headers: bearer(dc) })
  return { child: child.id, caseId: kase.id, reference: kase.reference }
}

const { child, caseId, reference } = await work()

describe('an auditor reads the audit of a child', SUITE, () => {
  it('finds the log in the header, follows a child’s name, filters, and downloads the rows', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'auditor@partnership.example')
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click()
    await verifyOnPage(page, 'Audit log')
    await expectNoAxeViolations(page)
    await expectEverythingInALandmark(page)

    await page.getByRole('link', { name: 'Audit of Yarrow Browseraudit' }).first().click()
    await verifyOnPage(page, 'Audit of Yarrow Browseraudit')
    const rows = await page.locator('tbody').innerText()
    assert.match(rows, new RegExp(`Read the chronology of case ${reference} \\(Yarrow Browseraudit\\)`))
    assert.match(rows, new RegExp(`Refused: read the chronology of case ${reference}`))
    await expectNoAxeViolations(page)

    await page.getByLabel('Outcome').selectOption({ label: 'Refused' })
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(url => url.searchParams.get('outcome') === 'denied')
    assert.equal(url(page).searchParams.get('personId'), child)
    const refused = await page.locator('tbody tr').allInnerTexts()
    assert.ok(refused.length > 0 && refused.every(r => r.includes('Refused')), refused.join('\n'))
    await expectNoAxeViolations(page)

    const href = await page.getByRole('link', { name: 'Download these rows as CSV' }).getAttribute('href')
    const csv = await page.request.get(href ?? '')
    assert.equal(csv.status(), 200)
    assert.match(await csv.text(), new RegExp(`Refused: read the chronology of case ${reference}`))
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('says which date box is wrong, keeping what was typed', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'auditor@partnership.example')
    await page.goto('/audit')
    const from = page.getByRole('group', { name: 'From' })
    await from.getByLabel('Day').fill('31')
    await from.getByLabel('Month').fill('2')
    await from.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Show' }).click()
    await verifyOnPage(page, 'Audit log', { error: true })
    assert.match(await page.locator('.govuk-error-summary').innerText(), /From must be a real date/)
    assert.equal(await from.getByLabel('Day').inputValue(), '31')
    await expectNoAxeViolations(page)
  })

  it('shows a case’s audit in the same plain English, with a way to each child’s audit', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'auditor@partnership.example')
    await page.goto(`/cases/${caseId}/audit`)
    await verifyOnPage(page, 'Who has looked at this case and its children', {
      title: `Who has looked at ${reference}`,
    })
    assert.match(
      await page.locator('tbody').innerText(),
      new RegExp(`Read the chronology of case ${reference} \\(Yarrow Browseraudit\\)`),
    )
    assert.equal(
      await page.getByRole('link', { name: 'Audit of Yarrow Browseraudit' }).first().getAttribute('href'),
      `/audit?personId=${child}`,
    )
    await expectNoAxeViolations(page)
  })
})

function url(page: { url(): string }): URL {
  return new URL(page.url())
}
