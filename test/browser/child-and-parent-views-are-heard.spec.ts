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

// Issue 13, points 1 and 2: a social worker records a child's views in their own words, through an interpreter,
// and the views of the mother who did not harm her; both are on the case's page of views, and the child's views
// are on her record.

const lantern = await startLantern()

async function family(): Promise<{ id: string; reference: string; childId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post('/api/v1/people', {
    givenName: 'Wren',
    familyName: 'Voicewell',
    dateOfBirth: '2015-02-02',
    sex: 'female',
  })
  const mother = await post('/api/v1/people', {
    givenName: 'Marta',
    familyName: 'Voicewell',
    dateOfBirth: '1988-03-03',
    sex: 'female',
  })
  const kase = await post('/api/v1/cases', {
    title: 'Views browser test case',
    childIds: [child.id],
    people: [{ personId: mother.id, role: 'non_abusing_parent' }],
  })
  return { ...kase, childId: child.id }
}

/** Today in England, as the date boxes take it: the service's clock is the real one here. */
async function fillToday(page: Page, name: string) {
  const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
  await page.locator(`#${name}-day`).fill(String(Number(day)))
  await page.locator(`#${name}-month`).fill(String(Number(month)))
  await page.locator(`#${name}-year`).fill(year)
}

const HEADING = 'Views of the children and their parents or carers'

describe('the views of the child and of the parent who did not harm her are heard', SUITE, () => {
  it('records a child’s views through check your answers, keeping what was typed when refused', async () => {
    const kase = await family()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/views`)
    await verifyOnPage(page, HEADING, { title: `Views: ${kase.reference}` })
    assert.match(await page.locator('main').innerText(), /Born 2 February 2015/)
    await expectNoAxeViolations(page, 'no views yet')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Record Wren Voicewell’s views' }).click()
    await verifyOnPage(page, 'Record a child’s views')
    assert.equal(await page.getByLabel('Wren Voicewell').isChecked(), true, 'the child chosen beforehand')
    assert.equal(await page.locator('#words').inputValue(), '', 'the words are never filled in')
    await expectNoAxeViolations(page, 'the child’s views form')

    await page.getByLabel('Section 47 enquiry').check()
    await fillToday(page, 'givenAt')
    await page.getByLabel('Through an interpreter').check()
    await page.locator('#language').fill('Polish')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Record a child’s views', { error: true })
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Enter the child's views in their own words, or choose why they are not recorded/)
    assert.match(summary, /interpreter or intermediary/)
    assert.equal(await page.locator('#language').inputValue(), 'Polish', 'what was typed is kept')
    assert.equal(await page.getByLabel('Through an interpreter').isChecked(), true)
    await expectNoAxeViolations(page, 'the form refused')

    await page.locator('#words').fill('Nie chcę, żeby wujek przychodził. I don’t want my uncle to come round.')
    await page.locator('#supportedBy').fill('Ana Kowalska, interpreter')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the child’s views',
      'Record the child’s views',
      url => url.searchParams.has('recorded'),
      [/Wren Voicewell/, /I don’t want my uncle to come round/, /Supported by Ana Kowalska, interpreter/],
    )
    await verifyOnPage(page, HEADING, { title: `Views: ${kase.reference}` })
    assert.match(await notificationText(page), /Views recorded/)
    const main = await page.locator('main').innerText()
    assert.match(main, /I don’t want my uncle to come round/)
    assert.match(main, /Through an interpreter/)
    await expectNoAxeViolations(page, 'the child’s views recorded')

    await page.goto(`/people/${kase.childId}`)
    const record = await page.locator('main').innerText()
    assert.match(record, /Views in their own words/)
    assert.match(record, /I don’t want my uncle to come round/)
    await expectNoAxeViolations(page, 'the child’s record with her views')
  })

  it('records the views of the mother who did not harm the child', async () => {
    const kase = await family()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/views`)
    await page.getByRole('button', { name: 'Record a parent’s or carer’s views' }).click()
    await verifyOnPage(page, 'Record a parent’s or carer’s views')
    await expectNoAxeViolations(page, 'the parent’s views form')
    await page.getByLabel('Marta Voicewell').check()
    await fillToday(page, 'givenAt')
    await page.locator('#words').fill('I want Wren kept safe from her uncle.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the parent’s or carer’s views',
      'Record their views',
      url => url.searchParams.has('recorded'),
      [/Marta Voicewell/],
    )
    assert.match(await page.locator('main').innerText(), /I want Wren kept safe from her uncle\./)
    await expectNoAxeViolations(page, 'the parent’s views recorded')
  })
})
