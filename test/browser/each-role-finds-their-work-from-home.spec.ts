import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

/** Set up through the API: a child in a case Sam Caseworth leads, and a concern about her from the school. */
async function work(): Promise<{ caseId: string; reference: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const dsl = await apiToken(lantern.app, 'dsl@school.example')
  const post = async (token: string, url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post(sw, '/api/v1/people', {
    givenName: 'Linnet',
    familyName: 'Browserhome',
    dateOfBirth: '2016-04-04',
    sex: 'female',
  })
  const kase = await post(sw, '/api/v1/cases', { title: 'Worries shared by school', childIds: [child.id], people: [] })
  await post(dsl, '/api/v1/concerns', { childId: child.id, description: 'Said she did not want to go home.' })
  return { caseId: kase.id, reference: kase.reference }
}

const { caseId, reference } = await work()

describe('each role finds their work from the home page', SUITE, () => {
  it('a social worker sees their open case and goes to it without knowing its address', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    const mine = page.locator('#my-cases + table')
    assert.match(await mine.innerText(), /Linnet Browserhome[\s\S]*Referral decision/)
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.pathname === `/cases/${caseId}`),
      mine.getByRole('link', { name: reference }).click(),
    ])
    await page.goto('/')
    assert.match(await page.locator('#recent + ul').innerText(), new RegExp(`Case: ${reference}`))
  })

  it('a social worker filters and pages the case list, with and without JavaScript', async () => {
    const page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.getByRole('link', { name: /^All \d+, with filters$/ }).click()
    await verifyOnPage(page, 'Cases I lead or am on the team of', { title: 'Cases' })
    await page.getByLabel('Status').selectOption('closed')
    await page.getByRole('button', { name: 'Show cases' }).click()
    assert.match(await page.locator('main').innerText(), /No cases match/)
    await expectNoAxeViolationsWithoutJavaScript(page)
    await page.getByLabel('Status').selectOption('open')
    await page.getByRole('button', { name: 'Show cases' }).click()
    assert.match(await page.locator('main table').innerText(), /Linnet Browserhome/)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})

describe('the front door, team managers and referrers find theirs first', SUITE, () => {
  it('the front door sees referrals awaiting a decision first', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    assert.equal(await page.locator('main h2').first().innerText(), 'Referrals awaiting a decision')
    assert.match(await page.locator('#awaiting + table').innerText(), /Linnet Browserhome/)
    await expectNoAxeViolations(page)
  })

  it('a team manager sees their team’s open cases first', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'tm@csc.example')
    assert.equal(await page.locator('main h2').first().innerText(), 'Your team’s open cases')
    assert.match(await page.locator('#team-cases + table').innerText(), new RegExp(reference))
    await expectNoAxeViolations(page)
  })

  it('a school’s safeguarding lead sees the referral they raised', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dsl@school.example')
    assert.match(await page.locator('#raised + table').innerText(), /Linnet Browserhome[\s\S]*Awaiting/)
    await expectNoAxeViolations(page)
  })
})

describe('the home page on a narrow screen', SUITE, () => {
  it('reflows the case table at 320 px wide', async () => {
    const page = await lantern.newPage({ viewport: { width: 320, height: 640 } })
    await signIn(page, 'sw@csc.example')
    assert.ok(await page.locator('#my-cases + table').isVisible())
    // A string, evaluated in the page: the project's TypeScript has no DOM types.
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    )
    assert.ok(overflow <= 0, `the page scrolls sideways by ${String(overflow)} px`)
    await expectNoAxeViolations(page)
  })
})

describe('the partnership manager and the auditor land on the partnership’s lists', SUITE, () => {
  for (const email of ['pm@partnership.example', 'auditor@partnership.example']) {
    it(`${email} opens the lists from home and asks for a period`, async () => {
      const page = await lantern.newPage()
      await signIn(page, email)
      await expectNoAxeViolations(page)
      await page.getByRole('link', { name: /Open cases by agency, referrals by decision/ }).click()
      await verifyOnPage(page, 'The partnership’s lists')
      assert.doesNotMatch(await page.locator('main').innerText(), /Browserhome/)
      await expectNoAxeViolations(page)
      const from = page.getByRole('group', { name: 'From' })
      await from.getByLabel('Day').fill('1')
      await from.getByLabel('Month').fill('11')
      await from.getByLabel('Year').fill('2026')
      const to = page.getByRole('group', { name: 'To' })
      await to.getByLabel('Day').fill('1')
      await to.getByLabel('Month').fill('10')
      await to.getByLabel('Year').fill('2026')
      await page.getByRole('button', { name: 'Show concerns for this period' }).click()
      await verifyOnPage(page, 'The partnership’s lists', { error: true })
      assert.match(await page.locator('.govuk-error-summary').innerText(), /To must be the same as or after from/)
      assert.equal(await to.getByLabel('Month').inputValue(), '10')
      await expectNoAxeViolations(page)
    })
  }
})
