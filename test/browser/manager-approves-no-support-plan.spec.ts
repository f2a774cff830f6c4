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

// Issue 13, point 7: a social worker asks a team manager to approve that no support plan is needed for a child,
// through check your answers; the team manager finds it in their approvals, returns it with a reason; asked again,
// approves it; the social worker sees the decision. Each step through a check page, axe on every page.

const lantern = await startLantern()

async function caseAboutAChild(): Promise<{ caseId: string; reference: string; childId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post('/api/v1/people', {
    givenName: 'Plover',
    familyName: 'Browserapproval',
    dateOfBirth: '2015-03-03',
    sex: 'male',
  })
  const kase = await post('/api/v1/cases', { title: 'Approval browser test case', childIds: [child.id] })
  return { caseId: kase.id, reference: kase.reference, childId: child.id }
}

const KIND = 'No support plan is needed for the child'

async function ask(page: Page, caseId: string, childId: string, reason: string) {
  await page.goto(`/cases/${caseId}/approvals/new?kind=no_support_plan&childId=${childId}`)
  await verifyOnPage(page, 'Ask a team manager to approve')
  await expectNoAxeViolations(page, 'the ask form')
  await page.getByLabel('Why are you asking?').fill(reason)
  await page.getByRole('button', { name: 'Continue' }).click()
  await confirmAnswers(
    page,
    'Check your answers before asking a team manager',
    'Ask for approval',
    url => url.pathname.startsWith('/approvals/'),
    [/Plover Browserapproval/, new RegExp(KIND)],
  )
  assert.match(await notificationText(page), /Your request was sent/)
  await expectNoAxeViolations(page, 'the request as asked')
  return new URL(page.url()).pathname
}

async function decide(page: Page, reference: string, verb: 'Approve' | 'Return', reason: string) {
  await page.getByRole('link', { name: 'Approvals', exact: true }).click()
  await verifyOnPage(page, 'Approvals')
  await expectNoAxeViolations(page, 'the approvals list')
  await expectEverythingInALandmark(page)
  await page
    .getByRole('link', { name: `${KIND} on case ${reference}` })
    .first()
    .click()
  await verifyOnPage(page, KIND, { title: `Approval: ${KIND}` })
  await expectNoAxeViolations(page, 'the request')
  await page.getByRole('button', { name: verb, exact: true }).click()
  await verifyOnPage(page, `${verb} the request`)
  await expectNoAxeViolations(page, 'the decision form')
  await page.getByRole('button', { name: 'Continue' }).click()
  await verifyOnPage(page, `${verb} the request`, { error: true })
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter the reason for your decision/)
  await expectNoAxeViolations(page, 'the decision form refused')
  await page.getByLabel(`Why do you ${verb.toLowerCase()} it?`).fill(reason)
  await page.getByRole('button', { name: 'Continue' }).click()
  await confirmAnswers(
    page,
    `Check your answers before you ${verb.toLowerCase()} the request`,
    `${verb} the request`,
    url => url.searchParams.has('done'),
    [new RegExp(reason)],
  )
  assert.match(await notificationText(page), /The one who asked has been told/)
  await expectNoAxeViolations(page, 'the request decided')
}

describe('a team manager approves that no support plan is needed', SUITE, () => {
  it('returns the first request with a reason, approves the second, and the social worker sees each decision', async () => {
    const { caseId, reference, childId } = await caseAboutAChild()
    const sam = await lantern.newPage()
    await signIn(sam, 'sw@csc.example')
    const taylor = await lantern.newPage()
    await signIn(taylor, 'tm@csc.example')

    const first = await ask(sam, caseId, childId, 'Counselling at school goes on and the family want nothing more')
    assert.match(await sam.locator('main').innerText(), /another team manager decides it|Waiting for a team manager/)
    await decide(taylor, reference, 'Return', 'Say what the school counsellor offers and for how long')

    await sam.goto(first)
    assert.match(await sam.locator('main').innerText(), /Returned[\s\S]*Say what the school counsellor offers/)

    const second = await ask(sam, caseId, childId, 'The counsellor sees him weekly until the summer; reviewed then')
    await decide(taylor, reference, 'Approve', 'Agreed: the weekly counselling is enough support for now')

    await sam.goto('/notifications')
    assert.match(await sam.locator('main').innerText(), new RegExp(`approved your request on case ${reference}`))
    await expectNoAxeViolations(sam, 'the notifications')
    await sam.goto(second)
    await verifyOnPage(sam, KIND, { title: `Approval: ${KIND}` })
    assert.match(await sam.locator('main').innerText(), /Approved[\s\S]*the weekly counselling is enough support/)
    assert.equal(await sam.getByRole('button', { name: 'Approve', exact: true }).count(), 0)
    await expectNoAxeViolations(sam, 'the decision as the asker sees it')
  })
})
