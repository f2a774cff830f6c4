import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { londonParts } from '../../src/web/dates.ts'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  errorSummaryLinks,
  expectErrorSummaryFocusesFields,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12, point 9 (SG-07): the partnership manager adds a local SARC to the directory; a concern about a child
// on a case makes their health pathway decision due; the safeguarding nurse on the case team records it, choosing
// the SARC the directory offers for the child's age, and the SG-07 task closes by itself.

const lantern = await startLantern()

async function post(token: string, url: string, payload: Record<string, unknown>) {
  const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })
  assert.ok(response.statusCode < 300, `${url}: ${response.body.slice(0, 300)}`)
  return response.json<{ id: string; reference: string }>()
}

describe('a health pathway is decided for each child', SUITE, () => {
  it('the partnership manager adds a SARC; the nurse decides; the task closes by itself', async () => {
    const pmPage = await lantern.newPage()
    await signIn(pmPage, 'pm@partnership.example')
    await pmPage.getByRole('link', { name: 'Local health pathways: SARCs and health assessments' }).click()
    await verifyOnPage(pmPage, 'Local health pathways')
    await expectNoAxeViolations(pmPage, 'the directory')
    await expectEverythingInALandmark(pmPage)
    await pmPage.getByRole('button', { name: 'Add a local pathway' }).click()
    await verifyOnPage(pmPage, 'Add a local health pathway')
    await expectNoAxeViolations(pmPage, 'the add form')
    await pmPage.getByLabel('Name of the service').fill('Hollybrook Children’s SARC')
    await pmPage.getByRole('button', { name: 'Continue' }).click()
    await expectErrorSummaryFocusesFields(pmPage, ['kind', 'youngestAge', 'oldestAge'])
    await expectNoAxeViolations(pmPage, 'the add form refused')
    assert.equal(await pmPage.getByLabel('Name of the service').inputValue(), 'Hollybrook Children’s SARC')
    await pmPage.getByLabel(/Forensic medical examination/).check()
    await pmPage.getByLabel('Phone (optional)').fill('0300 555 0101')
    await pmPage.getByLabel('Youngest age served, in years').fill('0')
    await pmPage.getByLabel('Oldest age served, in years').fill('17')
    await pmPage.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      pmPage,
      'Check the local pathway before adding it',
      'Add the local pathway',
      url => url.pathname === '/partnership/health-pathways',
      [/Hollybrook Children’s SARC/, /0 to 17/],
    )
    assert.match(await notificationText(pmPage), /Local pathway added/)
    await expectNoAxeViolations(pmPage, 'the directory with the SARC')

    // A child on a case whose team includes health, with a concern recorded on it: SG-07 makes a decision due.
    const sw = await apiToken(lantern.app, 'sw@csc.example')
    const child = await post(sw, '/api/v1/people', {
      givenName: 'Sorrel',
      familyName: 'Pathwayfield',
      dateOfBirth: '2016-06-06',
      sex: 'female',
    })
    const kase = await post(sw, '/api/v1/cases', {
      title: 'Worries shared by school',
      childIds: [child.id],
      people: [],
    })
    const agencies = (await lantern.app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
      { id: string; kind: string }[]
    >()
    const health = agencies.find(a => a.kind === 'health')
    assert.ok(health)
    await post(sw, `/api/v1/cases/${kase.id}/members`, { agencyId: health.id })
    await post(sw, '/api/v1/concerns', {
      childId: child.id,
      caseId: kase.id,
      description: 'Told her teacher it happened again at the weekend',
    })

    const page = await lantern.newPage()
    await signIn(page, 'nurse@health.example')
    await page.goto(`/cases/${kase.id}/tasks`)
    assert.match(await page.locator('main').innerText(), /Decide the child’s health pathway/)
    await page.getByRole('link', { name: 'Pathway', exact: true }).click()
    await page.getByRole('link', { name: 'Health pathway', exact: true }).first().click()
    await verifyOnPage(page, 'Health pathways', { title: `Health pathways: ${kase.reference}` })
    await expectNoAxeViolations(page, 'the case’s health pathways, due')
    await expectEverythingInALandmark(page)
    assert.match(await page.locator('main').innerText(), /Due[\s\S]*Decide the child’s health pathway/)

    await page.getByRole('button', { name: 'Record a health pathway decision for Sorrel Pathwayfield' }).click()
    await verifyOnPage(page, 'Health pathway decision for Sorrel Pathwayfield')
    await expectNoAxeViolations(page, 'the decision form')
    await page.getByRole('button', { name: 'Continue' }).click()
    // A date's error links to its first box, so the summary is read here rather than by the helper for one-box fields.
    assert.deepEqual(
      (await errorSummaryLinks(page)).map(l => l.href),
      ['#pathway', '#decidedAt-day', '#decidedAtTime'],
    )
    await expectNoAxeViolations(page, 'the decision form refused')

    await page.getByLabel(/Forensic medical examination at a sexual assault referral centre/).check()
    await page.getByLabel('Hollybrook Children’s SARC').check()
    await page.getByLabel('Reasons for the decision').fill('She said it happened at the weekend')
    const [today] = londonParts(new Date())
    const [year, month, day] = today.split('-')
    const decided = page.getByRole('group', { name: 'When was it decided?' })
    await decided.getByLabel('Day').fill(String(Number(day)))
    await decided.getByLabel('Month').fill(String(Number(month)))
    await decided.getByLabel('Year').fill(year ?? '')
    await page.getByLabel('At what time? (UK time)').fill('12:01am')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the decision',
      'Record the decision',
      url => url.pathname === `/cases/${kase.id}/health`,
      [/Sorrel Pathwayfield/, /Hollybrook Children’s SARC/],
    )
    assert.match(await notificationText(page), /Health pathway recorded/)
    const main = await page.locator('main').innerText()
    assert.match(main, /Forensic \(SARC\) referral, decided/)
    assert.doesNotMatch(main, /Decide the child’s health pathway/)
    await expectNoAxeViolations(page, 'the case’s health pathways, decided')

    // The SG-07 task closed by itself: nobody ticked it.
    await page.getByRole('link', { name: 'Tasks', exact: true }).first().click()
    await page.goto(`/cases/${kase.id}/tasks?status=done`)
    assert.match(await page.locator('main').innerText(), /Decide the child’s health pathway/)
    await page.goto(`/cases/${kase.id}/tasks`)
    assert.doesNotMatch(
      await page
        .locator('main table')
        .innerText()
        .catch(() => ''),
      /Decide the child’s health pathway/,
    )
    await expectNoAxeViolations(page, 'the case’s tasks')
  })

  it('the partnership manager withdraws a local pathway after confirming what that means', async () => {
    const pm = await apiToken(lantern.app, 'pm@partnership.example')
    await post(pm, '/api/v1/health-pathways', {
      name: 'Withdrawnbury Community Paediatrics',
      kind: 'health_non_recent',
      phone: '0300 555 0101',
      youngestAge: 0,
      oldestAge: 17,
    })
    const page = await lantern.newPage()
    await signIn(page, 'pm@partnership.example')
    await page.goto('/partnership/health-pathways')
    await page.getByRole('link', { name: 'Withdraw Withdrawnbury Community Paediatrics' }).click()
    await verifyOnPage(page, 'Withdraw Withdrawnbury Community Paediatrics?')
    await expectNoAxeViolations(page, 'the withdrawal confirmation')
    await page.getByRole('button', { name: 'Withdraw Withdrawnbury Community Paediatrics' }).click()
    await page.waitForURL(url => url.searchParams.get('withdrawn') === '1')
    const row = page.getByRole('row', { name: /Withdrawnbury Community Paediatrics/ })
    assert.match(await row.innerText(), /Withdrawn/)
    await expectNoAxeViolations(page, 'the directory after withdrawing')
  })
})
