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

/** Set up through the API: a child the police recorded, and an adult in her household only social care may read. */
async function family(): Promise<{ child: string; adult: string; hiddenChild: string }> {
  const dc = await apiToken(lantern.app, 'dc@police.example')
  const front = await apiToken(lantern.app, 'mash@csc.example')
  const post = async (token: string, url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<{ id: string }>().id
  const child = await post(dc, '/api/v1/people', {
    givenName: 'Sorrel',
    familyName: 'Browserneed',
    dateOfBirth: '2016-06-06',
    sex: 'female',
  })
  const adult = await post(front, '/api/v1/people', {
    givenName: 'Bramble',
    familyName: 'Browserhidden',
    dateOfBirth: '1980-06-06',
    sex: 'male',
  })
  const hiddenChild = await post(front, '/api/v1/people', {
    givenName: 'Tansy',
    familyName: 'Browsernotyours',
    dateOfBirth: '2017-07-07',
    sex: 'female',
  })
  await post(front, `/api/v1/people/${child}/relationships`, {
    otherPersonId: adult,
    kind: 'parent_partner',
    livesWith: true,
    hasContact: true,
  })
  return { child, adult, hiddenChild }
}

const people = await family()

describe('a police investigator opens a case only about people they may read', SUITE, () => {
  it('lists a household member they may not read without a role to choose', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    await page.goto(`/cases/new?childId=${people.child}`)
    await verifyOnPage(page, 'Open a case about Sorrel Browserneed')
    assert.equal(await page.locator(`select[name="role-${people.adult}"]`).count(), 0)
    assert.match(
      await page.locator('main').innerText(),
      /Bramble Browserhidden[\s\S]*You cannot name them on this case/,
    )
    await expectNoAxeViolations(page)
  })

  it('is refused the form for a child they may not read, and offered a concern for the front door', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    await page.goto(`/cases/new?childId=${people.hiddenChild}`)
    await verifyOnPage(page, 'You do not have access to this record')
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.pathname === '/concerns/new'),
      page.getByRole('link', { name: /Record a concern for the front door/ }).click(),
    ])
    await verifyOnPage(page, 'Record a concern about Tansy Browsernotyours')
  })
})

describe('an auditor reads the whole log', SUITE, () => {
  it('shows sign-ins and searches, filtered by person and activity, with and without JavaScript', async () => {
    const sw = await apiToken(lantern.app, 'sw@csc.example')
    await lantern.app.inject({ url: '/api/v1/people?q=Sorrel%20Browserneed', headers: bearer(sw) })
    const page = await lantern.newPage()
    await signIn(page, 'auditor@partnership.example')
    await Promise.all([
      page.waitForURL(url => url.pathname === '/audit'),
      page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Audit log' }).click(),
    ])
    await verifyOnPage(page, 'Audit log')
    await expectNoAxeViolations(page)
    await page.getByLabel('Who').selectOption({ label: 'Sam Caseworth (sw@csc.example)' })
    await page.getByLabel('What').selectOption({ label: 'Searches for people' })
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('activity') === 'search'),
      page.getByRole('button', { name: 'Show' }).click(),
    ])
    assert.match(await page.locator('tbody').innerText(), /Searched for “Sorrel Browserneed”/)
    await expectNoAxeViolations(page)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('reflows the table at 320 pixels wide, each value labelled', async () => {
    const page = await lantern.newPage({ viewport: { width: 320, height: 640 } })
    await signIn(page, 'auditor@partnership.example')
    await page.goto('/audit?activity=signIn')
    // A string, evaluated in the page: the project's TypeScript has no DOM types.
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    )
    assert.ok(overflow <= 0, `the page scrolls sideways by ${String(overflow)} px`)
    await expectNoAxeViolations(page)
  })
})
