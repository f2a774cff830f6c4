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

// Issue 12, points 5 and 10: a social worker starts a section 47 enquiry about a child, completes it, sees the
// conclusion discussion it makes due (SG-02), and records that discussion, each step through check your answers.

const lantern = await startLantern()

async function caseAboutAChild(): Promise<{ id: string; reference: string; childId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post('/api/v1/people', {
    givenName: 'Dunlin',
    familyName: 'Browserenquiry',
    dateOfBirth: '2016-06-06',
    sex: 'female',
  })
  return {
    ...(await post('/api/v1/cases', { title: 'Enquiry browser test case', childIds: [child.id] })),
    childId: child.id,
  }
}

/** The child's views, heard today through the API: SG-11 refuses to complete the enquiry without them. */
async function childViewsHeard(kase: { id: string; childId: string }) {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const { day, month, year } = today()
  const heard = await lantern.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${kase.id}/child-views`,
    headers: bearer(sw),
    payload: {
      childId: kase.childId,
      stage: 'enquiry',
      givenAt: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`,
      words: 'I feel safe at school.',
      communicationMethod: 'spoken_english',
    },
  })
  assert.equal(heard.statusCode, 201, heard.body)
}

/** Today in England, as the date boxes take it: the service's clock is the real one here. */
function today(): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-')
  return { day: String(Number(day)), month: String(Number(month)), year }
}

async function fillDate(page: Page, name: string) {
  const { day, month, year } = today()
  await page.locator(`#${name}-day`).fill(day)
  await page.locator(`#${name}-month`).fill(month)
  await page.locator(`#${name}-year`).fill(year)
}

describe('a social worker carries an enquiry to its conclusion', SUITE, () => {
  it('starts and completes an enquiry, then records the conclusion discussion it makes due', async () => {
    const kase = await caseAboutAChild()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}`)
    await page.getByRole('link', { name: 'Pathway', exact: true }).click()
    await expectNoAxeViolations(page, 'the case’s pathway')
    await page
      .getByRole('link', { name: 'Section 47 enquiry and child protection conference', exact: true })
      .first()
      .click()
    await verifyOnPage(page, 'Enquiries, assessments and conferences', {
      title: `Enquiries, assessments and conferences: ${kase.reference}`,
    })
    await expectNoAxeViolations(page, 'the case’s enquiries')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Start a section 47 enquiry' }).click()
    await verifyOnPage(page, 'Start a section 47 enquiry')
    await expectNoAxeViolations(page, 'the form')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Start a section 47 enquiry', { error: true })
    const summary = await page.locator('.govuk-error-summary').innerText()
    assert.match(summary, /Choose the child/)
    assert.match(summary, /Enter the date the enquiry started/)
    assert.match(summary, /Choose the category of abuse/)
    await expectNoAxeViolations(page, 'the form refused')

    await page.getByLabel('Dunlin Browserenquiry').check()
    await fillDate(page, 'startedAt')
    await page.getByLabel('Sexual abuse').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before starting the section 47 enquiry',
      'Start the enquiry',
      url => url.pathname.startsWith('/section47/'),
      [/Dunlin Browserenquiry/, /Sexual abuse/],
    )
    await verifyOnPage(page, 'Section 47 enquiry: Dunlin Browserenquiry')
    assert.match(await notificationText(page), /Recorded/)
    await expectNoAxeViolations(page, 'the enquiry')

    await childViewsHeard(kase)
    await fillDate(page, 'completedAt')
    await page.getByLabel('Not substantiated: support to continue from children’s social care').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before completing the enquiry about Dunlin Browserenquiry',
      'Complete the enquiry',
      url => url.searchParams.has('completed'),
      [/Not substantiated: support to continue/],
    )
    assert.match(await page.locator('main').innerText(), /Completed/)
    assert.equal(await page.getByRole('button', { name: 'Continue' }).count(), 0, 'completed once only')

    await page.goto(`/cases/${kase.id}/tasks`)
    assert.match(
      await page.locator('main').innerText(),
      /Hold a multi-agency conclusion discussion of risk, protection and support/,
    )
    await expectNoAxeViolations(page, 'the tasks with SG-02')

    await page.getByRole('link', { name: 'Pathway', exact: true }).click()
    await page
      .getByRole('link', { name: 'Conclusion discussion: risk, protection and support', exact: true })
      .first()
      .click()
    await verifyOnPage(page, 'Conclusion discussions', { title: `Conclusion discussions: ${kase.reference}` })
    await expectNoAxeViolations(page, 'no discussions yet')
    await page.getByRole('button', { name: 'Record a conclusion discussion' }).click()
    await verifyOnPage(page, 'Record a conclusion discussion')
    await expectNoAxeViolations(page, 'the discussion form')
    await fillDate(page, 'heldAt')
    await page.getByLabel('Dunlin Browserenquiry').check()
    await page.locator('#a1Name').fill('Sam Caseworth')
    await page.locator('#a1AgencyKind').selectOption('childrens_social_care')
    await page.locator('#a1Role').fill('Social worker')
    await page.locator('#a2Name').fill('Nadia Nurse')
    await page.locator('#a2AgencyKind').selectOption('health')
    await page.locator('#a2Role').fill('Safeguarding nurse')
    await page.getByLabel('What risk did the agencies consider?').fill('Contact with the uncle has ended')
    await page.getByLabel('How is each child protected?').fill('Safety plan agreed with her mother')
    await page.getByLabel('What support goes on?').fill('Counselling through school')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the conclusion discussion',
      'Record the discussion',
      url => url.searchParams.has('recorded'),
      [/Nadia Nurse, Safeguarding nurse \(Health\)/],
    )
    assert.match(await page.locator('main').innerText(), /Safety plan agreed with her mother/)
    await expectNoAxeViolations(page, 'the discussion recorded')

    await page.goto(`/cases/${kase.id}/tasks`)
    assert.doesNotMatch(await page.locator('main').innerText(), /Hold a multi-agency conclusion discussion/)
  })

  it('starts and completes an assessment, and records the initial conference', async () => {
    const kase = await caseAboutAChild()
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/enquiries`)

    await page.getByRole('button', { name: 'Start a child and family assessment' }).click()
    await verifyOnPage(page, 'Start a child and family assessment')
    await expectNoAxeViolations(page, 'the assessment form')
    await page.getByLabel('Dunlin Browserenquiry').check()
    await fillDate(page, 'startedAt')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before starting the assessment',
      'Start the assessment',
      url => url.pathname.startsWith('/assessments/'),
      [/Dunlin Browserenquiry/],
    )
    await verifyOnPage(page, 'Child and family assessment: Dunlin Browserenquiry')
    await expectNoAxeViolations(page, 'the assessment')
    await fillDate(page, 'completedAt')
    await page.getByLabel('What did the assessment find?').fill('Mother protective; Dunlin wants to stay at school.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before completing the assessment of Dunlin Browserenquiry',
      'Complete the assessment',
      url => url.pathname.startsWith('/assessments/'),
      [/Mother protective/],
    )
    assert.match(await page.locator('main').innerText(), /Completed/)

    // An initial conference needs an enquiry about the child started on or before it.
    await page.goto(`/cases/${kase.id}/section47/new`)
    await page.getByLabel('Dunlin Browserenquiry').check()
    await fillDate(page, 'startedAt')
    await page.getByLabel('Sexual abuse').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(page, 'Check your answers before starting the section 47 enquiry', 'Start the enquiry', url =>
      url.pathname.startsWith('/section47/'),
    )
    await page.goto(`/cases/${kase.id}/enquiries`)
    await page.getByRole('button', { name: 'Record a conference' }).click()
    await verifyOnPage(page, 'Record a child protection conference')
    await expectNoAxeViolations(page, 'the conference form')
    await page.getByLabel('Dunlin Browserenquiry').check()
    await page.locator('input[name=kind][value=initial]').check()
    await fillDate(page, 'heldAt')
    await page.locator('input[name=planMade][value=yes]').check()
    await page.locator('input[name=category][value=SAB]').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the conference',
      'Record the conference',
      url => url.pathname.endsWith('/enquiries'),
      [/Dunlin Browserenquiry/, /Sexual abuse/],
    )
    await expectNoAxeViolations(page, 'the enquiries with a conference')
  })
})
