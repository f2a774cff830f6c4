import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 11, point 11: the footer's pages about the service, open signed in or not, and every piece of every page
// inside a landmark (axe's region rule) - the "Signed in as" line and back links included.

const lantern = await startLantern()

const FOOTER_PAGES = [
  { link: 'Accessibility statement', heading: 'Accessibility statement for Lantern', path: '/accessibility' },
  { link: 'Privacy notice', heading: 'Privacy notice', path: '/privacy' },
  { link: 'Cookies', heading: 'Cookies', path: '/cookies' },
  { link: 'Help and contact', heading: 'Help and contact', path: '/help' },
] as const

/** A child with a case and one entry on its chronology, recorded through the API by the demo social worker. */
async function childInCase(): Promise<{ child: string; kase: string }> {
  const token = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })
    assert.ok(response.statusCode < 300, `${url}: ${response.body.slice(0, 300)}`)
    return response.json<{ id: string }>()
  }
  const child = (
    await post('/api/v1/people', {
      givenName: 'Bramble',
      familyName: 'Landmarkwell',
      dateOfBirth: '2019-02-02',
      sex: 'female',
    })
  ).id
  const kase = (await post('/api/v1/cases', { title: 'Worries at nursery', childIds: [child], people: [] })).id
  await post(`/api/v1/cases/${kase}/chronology`, {
    kind: 'visit.home',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    summary: 'Home visit: Bramble chatty',
    childId: child,
  })
  return { child, kase }
}

const made = await childInCase()

/** Both checks on the page as it stands: WCAG 2.2 A and AA, and nothing outside a landmark. */
async function expectAccessible(page: Page): Promise<void> {
  await expectNoAxeViolations(page)
  await expectEverythingInALandmark(page)
}

/** Follows each footer link from the page the browser is on, and checks where each one lands. */
async function visitEachFooterPage(page: Page, signedIn: boolean): Promise<void> {
  const start = page.url()
  for (const { link, heading, path } of FOOTER_PAGES) {
    await page.goto(start)
    const footer = page.getByRole('contentinfo')
    await Promise.all([
      page.waitForURL(url => url.pathname === path),
      footer.getByRole('link', { name: link, exact: true }).click(),
    ])
    await verifyOnPage(page, heading)
    assert.equal(await page.getByRole('banner').locator('.lantern-user').count(), signedIn ? 1 : 0)
    await expectAccessible(page)
  }
}

/** The back link, found by its landmark: a navigation region named "Back". */
async function backLinkInItsLandmark(page: Page): Promise<string> {
  const back = page.getByRole('navigation', { name: 'Back' }).locator('.govuk-back-link')
  assert.equal(await back.count(), 1, `one back link inside the "Back" landmark on ${page.url()}`)
  return (await back.innerText()).trim()
}

describe('the footer pages and landmarks, signed out', SUITE, () => {
  it('shows the footer on the sign-in page, with everything in a landmark', async () => {
    const page = await lantern.newPage()
    await page.goto('/sign-in')
    await verifyOnPage(page, 'Sign in to Lantern', { title: 'Sign in' })
    const links = await page.getByRole('contentinfo').getByRole('link').allInnerTexts()
    assert.deepEqual(
      links.map(l => l.trim()),
      FOOTER_PAGES.map(p => p.link),
    )
    await expectAccessible(page)
  })

  it('opens each footer page without signing in', async () => {
    const page = await lantern.newPage()
    await page.goto('/sign-in')
    await visitEachFooterPage(page, false)
  })

  it('tells someone who is worried about a child in danger to call 999', async () => {
    const page = await lantern.newPage()
    await page.goto('/help')
    const warning = (await page.locator('.govuk-warning-text').innerText()).replace(/\s+/g, ' ')
    assert.match(warning, /If a child is in immediate danger, call 999/)
    assert.match(warning, /not a way to report a concern out of hours/)
  })
})

describe('the footer pages, signed in', SUITE, () => {
  it('opens each footer page signed in', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await visitEachFooterPage(page, true)
  })
})

describe('landmarks on the pages of a signed-in social worker', SUITE, () => {
  it('keeps the "Signed in as" line inside the header on the home page', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await verifyOnPage(page, 'Lantern', { title: 'Home' })
    const line = page.getByRole('banner').getByText('Signed in as')
    assert.equal((await line.innerText()).trim(), "Signed in as Sam Caseworth, Northshire Children's Social Care")
    await expectAccessible(page)
  })

  it("keeps the back link on a child's page inside a landmark", async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${made.child}`)
    await verifyOnPage(page, 'Bramble Landmarkwell')
    await expectAccessible(page)
    assert.equal(await backLinkInItsLandmark(page), 'Find a person')
  })

  it('keeps the case page and its chronology, with its back link, inside landmarks', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${made.kase}`)
    assert.match(await page.locator('h1').innerText(), /Worries at nursery/)
    await expectAccessible(page)

    await page.goto(`/cases/${made.kase}/chronology`)
    await expectAccessible(page)
    assert.equal(await backLinkInItsLandmark(page), 'Back to the case')
    await Promise.all([
      page.waitForURL(url => url.pathname === `/cases/${made.kase}`),
      page.getByRole('navigation', { name: 'Back' }).getByRole('link', { name: 'Back to the case' }).click(),
    ])
  })
})
