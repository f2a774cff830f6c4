import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
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

// Issue 14, items 6 and 7: a man with a conviction moves in with a child's family. The agencies discuss the risk
// together (children's social care and probation), consider a civil order, then decide to share what is known with
// the police; both show on the case and on his record.

const lantern = await startLantern()

async function family(): Promise<{ id: string; reference: string; uncleId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post('/api/v1/people', {
    givenName: 'Posy',
    familyName: 'Riskworth',
    dateOfBirth: '2016-04-04',
    sex: 'female',
  })
  const uncle = await post('/api/v1/people', {
    givenName: 'Barnaby',
    familyName: 'Riskworth',
    dateOfBirth: '1979-09-09',
    sex: 'male',
  })
  const kase = await post('/api/v1/cases', {
    title: 'Risk discussion browser test case',
    childIds: [child.id],
    people: [{ personId: uncle.id, role: 'alleged_perpetrator' }],
  })
  return { ...kase, uncleId: uncle.id }
}

describe('the agencies discuss the risk and record what they share', SUITE, () => {
  it('records a two-agency discussion that considered a civil order, then the sharing decision', async () => {
    const kase = await family()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/pathway`)
    await page.getByRole('link', { name: 'Risk discussions and sharing decisions' }).click()
    await verifyOnPage(page, 'Risk discussions', { title: `Risk discussions: ${kase.reference}` })
    assert.match(await page.locator('main').innerText(), /Born 4 April 2016/)
    await expectNoAxeViolations(page, 'no discussions yet')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Record a risk discussion' }).click()
    await verifyOnPage(page, 'Record a risk discussion')
    assert.equal(await page.getByLabel('Barnaby Riskworth').isChecked(), false, 'nothing chosen beforehand')
    await expectNoAxeViolations(page, 'the discussion form')

    await page.locator('#heldAt-day').fill('24')
    await page.locator('#heldAt-month').fill('11')
    await page.locator('#heldAt-year').fill('2026')
    await page.locator('#heldAtTime').fill('2pm')
    await page.getByLabel('Barnaby Riskworth').check()
    await page.locator('#a1Name').fill('Sam Caseworth')
    await page.locator('#a1AgencyKind').selectOption('childrens_social_care')
    await page.locator('#a1Role').fill('Social worker')
    await page.locator('#summary').fill('He was convicted in 2015 and has moved in; visits stop until he is assessed')
    await page.getByLabel('Yes').check()
    await page.locator('#civilOrderReason').fill('A Sexual Risk Order would set conditions on his contact')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Record a risk discussion', { error: true })
    assert.match(await page.locator('.govuk-error-summary').innerText(), /at least two agencies/)
    assert.equal(await page.locator('#a1Name').inputValue(), 'Sam Caseworth', 'what was typed is kept')
    await expectNoAxeViolations(page, 'the discussion form refused')

    await page.locator('#a2Name').fill('Pat Offenderman')
    await page.locator('#a2AgencyKind').selectOption('probation')
    await page.locator('#a2Role').fill('Probation officer')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the risk discussion',
      'Record the discussion',
      url => url.pathname === '/information-sharing/new',
      [/Barnaby Riskworth/, /Pat Offenderman, Probation officer \(Probation\)/, /Yes, a civil order was considered/],
    )

    await verifyOnPage(page, 'Record a decision to share information, or not to')
    assert.match(await notificationText(page), /Risk discussion recorded/)
    await expectNoAxeViolations(page, 'the sharing form')
    await page.getByLabel('Yes, it was shared').check()
    await page.locator('#what').fill('His conviction and that he now lives with the family')
    await page.getByLabel('Northshire Police').check()
    await page.getByLabel('UK GDPR Article 6(1)(e): public task').check()
    await page.locator('#reason').fill('The police lead his management and must know where he lives')
    await page.locator('#at-day').fill('24')
    await page.locator('#at-month').fill('11')
    await page.locator('#at-year').fill('2026')
    await page.locator('#atTime').fill('3pm')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the sharing decision',
      'Record the decision',
      url => url.searchParams.has('shared'),
      [/Northshire Police/, /public task/],
    )

    await verifyOnPage(page, 'Risk discussions', { title: `Risk discussions: ${kase.reference}` })
    assert.match(await notificationText(page), /Sharing decision recorded/)
    const main = await page.locator('main').innerText()
    assert.match(main, /A Sexual Risk Order would set conditions on his contact/)
    assert.match(main, /His conviction and that he now lives with the family/)
    await expectNoAxeViolations(page, 'the discussion with its sharing decision')

    await page.goto(`/people/${kase.uncleId}`)
    const record = await page.locator('main').innerText()
    assert.match(record, /Information sharing decisions/)
    assert.match(record, /His conviction and that he now lives with the family/)
    await expectNoAxeViolations(page, 'his record with the sharing decision')
  })
})
