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

// Obviously invented, so nobody mistakes them for a real family.
const CHILD = { givenName: 'Teasel', familyName: 'Recordbrowse' }
const NAME = 'Teasel Recordbrowse'

/**
 * Set up through the API: a child the social worker recorded, on a case with an entry, and concerns from the
 * school and from health, the school's referred to the front door.
 */
async function record(): Promise<{ child: string; kase: string; reference: string; referral: string }> {
  const tokens = {
    sw: await apiToken(lantern.app, 'sw@csc.example'),
    dsl: await apiToken(lantern.app, 'dsl@school.example'),
    nurse: await apiToken(lantern.app, 'nurse@health.example'),
  }
  const post = async (token: string, url: string, payload: Record<string, unknown>) => {
    const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })
    assert.ok(response.statusCode < 300, `${url}: ${response.body.slice(0, 300)}`)
    return response.json<Record<string, unknown>>()
  }
  const child = String(
    (await post(tokens.sw, '/api/v1/people', { ...CHILD, dateOfBirth: '2018-04-04', sex: 'male' })).id,
  )
  const kase = await post(tokens.sw, '/api/v1/cases', { title: 'Worries at home', childIds: [child], people: [] })
  await post(tokens.sw, `/api/v1/cases/${String(kase.id)}/chronology`, {
    kind: 'visit.home',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    summary: 'Home visit: Teasel quiet and watchful',
    childId: child,
  })
  const fromSchool = await post(tokens.dsl, '/api/v1/concerns', {
    childId: child,
    description: 'Regressed in class and frightened at home time',
    indicators: ['beh-regression'],
    disclosure: 'none',
  })
  await post(tokens.nurse, '/api/v1/concerns', {
    childId: child,
    description: 'Soreness seen at a health check',
    indicators: ['phy-anogenital-symptoms'],
    disclosure: 'none',
    referToChildrensSocialCare: false,
  })
  return { child, kase: String(kase.id), reference: String(kase.reference), referral: String(fromSchool.referralId) }
}

const made = await record()

describe("a social worker reads a child's whole record", SUITE, () => {
  it('shows the prompt naming the agencies, the case, the concerns and the chronology', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${made.child}`)
    await verifyOnPage(page, NAME)
    const prompt = page.locator('#concerns-add-up')
    assert.match(await prompt.innerText(), /Concerns from 2 agencies in the last 30 days/)
    assert.match(await prompt.innerText(), /Lanternfield Primary School[\s\S]*Northshire Health Trust/)
    assert.equal(
      await page.getByRole('link', { name: made.reference, exact: true }).first().getAttribute('href'),
      `/cases/${made.kase}`,
    )
    assert.match(await page.locator('main').innerText(), /Home visit: Teasel quiet and watchful/)
    await expectNoAxeViolations(page)
  })

  it('opens a concern from the record', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${made.child}`)
    await Promise.all([
      page.waitForURL(url => url.pathname.startsWith('/concerns/')),
      page.locator('#concerns ~ table a').first().click(),
    ])
    await verifyOnPage(page, `Concern about ${NAME}`)
  })

  it('reads the whole chronology across cases on its own page', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${made.child}`)
    await Promise.all([
      page.waitForURL(url => url.pathname === `/people/${made.child}/chronology`),
      page.getByRole('link', { name: /whole chronology across cases/ }).click(),
    ])
    await verifyOnPage(page, 'Chronology across cases', { title: `Chronology: ${NAME}` })
    assert.match(await page.locator('.moj-timeline').innerText(), /Home visit: Teasel quiet and watchful/)
    await expectNoAxeViolations(page)
  })

  it('reflows the lists at 320 pixels wide, and works without JavaScript', async () => {
    const page = await lantern.newPage({ viewport: { width: 320, height: 800 }, javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${made.child}`)
    await verifyOnPage(page, NAME)
    // A string, evaluated in the page: the project's TypeScript has no DOM types.
    assert.equal(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      0,
      'nothing scrolls sideways at 320 px',
    )
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})

describe('the case lead sees concerns that add up on the case page', SUITE, () => {
  it('shows the prompt for the child, naming the agencies', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${made.kase}`)
    await verifyOnPage(page, 'Worries at home', { title: `${made.reference}: Worries at home` })
    const prompt = page.locator(`#concerns-add-up-${made.child}`)
    assert.match(await prompt.innerText(), /Concerns about Teasel Recordbrowse add up/)
    assert.match(await prompt.innerText(), /Lanternfield Primary School[\s\S]*Northshire Health Trust/)
    await expectNoAxeViolations(page)
  })
})

describe('the front door sees concerns that add up on the referral', SUITE, () => {
  it('shows the prompt on the referral page', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    await page.goto(`/referrals/${made.referral}`)
    await verifyOnPage(page, `Referral about ${NAME}`)
    assert.match(await page.locator('#concerns-add-up').innerText(), /Northshire Health Trust/)
    await expectNoAxeViolations(page)
  })
})
