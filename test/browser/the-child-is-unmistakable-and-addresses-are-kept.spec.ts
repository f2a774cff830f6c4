import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import { errorSummaryLinks, expectNoAxeViolations, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

// Issue 11, points 1 and 10: two children of one name, aged 6 and 16, are told apart at a glance in search and by
// the identity bar on every page about one of them; a parent's refuge address is confidential, read only by the
// people named, and everyone else is told only who holds it. Tables stay readable at 320 px.

const lantern = await startLantern()
const { app } = lantern

const year = new Date().getUTCFullYear()
const sw = await apiToken(app, 'sw@csc.example')
async function post<T>(url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  assert.equal(response.statusCode, 201, `${url}: ${response.body}`)
  return response.json<T>()
}
const NAME = { givenName: 'Wren', familyName: 'Sametwinly' }
const younger = await post<{ id: string }>('/api/v1/people', {
  ...NAME,
  dateOfBirth: `${String(year - 6)}-01-01`,
  sex: 'female',
  nhsNumber: '9434765919',
})
const elder = await post<{ id: string }>('/api/v1/people', {
  ...NAME,
  dateOfBirth: `${String(year - 16)}-01-01`,
  sex: 'female',
})
const mother = await post<{ id: string }>('/api/v1/people', {
  givenName: 'Linnet',
  familyName: 'Sametwinly',
  dateOfBirth: `${String(year - 34)}-01-01`,
  sex: 'female',
})
await post(`/api/v1/people/${younger.id}/relationships`, {
  otherPersonId: mother.id,
  kind: 'parent',
  livesWith: false,
  hasContact: true,
})
await post(`/api/v1/people/${elder.id}/relationships`, {
  otherPersonId: mother.id,
  kind: 'parent',
  livesWith: false,
  hasContact: true,
})
await post(`/api/v1/people/${younger.id}/addresses`, {
  line1: '14 Puddingstone Row',
  town: 'Millbrook Parva',
  postcode: 'ZZ1 2AB',
  from: `${String(year - 3)}-04-01`,
  confidential: false,
})

/** No page may scroll sideways at 320 px (WCAG 1.4.10): the tables reflow instead. */
async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'))
  const innerWidth = Number(await page.evaluate('window.innerWidth'))
  assert.ok(scrollWidth <= innerWidth, `${label} scrolls sideways at ${String(innerWidth)} px (${String(scrollWidth)})`)
}

const REFUGE = 'Flat 3, 9 Lanternlight Mews'

describe('two children of one name are told apart', SUITE, () => {
  let page: Page

  it('by age, other names and area in search results', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people?q=${encodeURIComponent('Wren Sametwinly')}`)
    await verifyOnPage(page, 'Find a person')
    const age = (id: string) => page.locator(`tbody tr:has(a[href="/people/${id}"]) [data-label="Age"]`).innerText()
    assert.equal((await age(younger.id)).trim(), '6')
    assert.equal((await age(elder.id)).trim(), '16')
    const area = page.locator(`tbody tr:has(a[href="/people/${younger.id}"]) [data-label="Area"]`)
    assert.equal((await area.innerText()).trim(), 'Millbrook Parva, ZZ1')
    await expectNoAxeViolations(page, '(search results)')
  })

  it("by the identity bar on the child's page and the pages about her", async () => {
    await page.locator(`a[href="/people/${younger.id}"]`).click()
    await verifyOnPage(page, 'Wren Sametwinly')
    const bar = page.locator('.moj-identity-bar')
    assert.match(await bar.innerText(), /Wren Sametwinly\s+Born 1 January \d{4}, age 6\s+NHS number 943 476 5919/)
    await expectNoAxeViolations(page, '(person page)')
    // Her elder sister is listed with her age, a link to her page.
    const sister = page.locator('#siblings + table tbody tr', { hasText: 'Wren Sametwinly' })
    assert.equal((await sister.locator('[data-label="Age"]').innerText()).trim(), '16')
    assert.equal(await sister.locator(`a[href="/people/${elder.id}"]`).count(), 1)
    await page.goto(`/people/${younger.id}/chronology`)
    assert.match(await page.locator('.moj-identity-bar').innerText(), /age 6/)
    await expectNoAxeViolations(page, '(chronology across cases)')
  })
})

describe("a parent's refuge address is confidential", SUITE, () => {
  it('is added naming who else may read it, the names revealed beneath "Yes"', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${mother.id}/addresses/new`)
    await verifyOnPage(page, 'Add an address for Linnet Sametwinly')
    assert.ok(!(await page.getByLabel('Tamsin Teamlead, Northshire Children').isVisible()))
    await expectNoAxeViolations(page, '(address form)')
    await page.getByLabel('Address line 1').fill(REFUGE)
    await page.getByLabel('Town or city').fill('Quillhaven')
    await page.getByLabel('Postcode').fill('zz9 4qx')
    const moved = page.getByRole('group', { name: 'When did they move in?' })
    await moved.getByLabel('Day').fill('1')
    await moved.getByLabel('Month').fill('9')
    await moved.getByLabel('Year').fill(String(year - 1))
    // Nothing is pre-answered: saving without saying whether it is confidential is refused.
    await page.getByRole('button', { name: 'Add address' }).click()
    await verifyOnPage(page, 'Add an address for Linnet Sametwinly', {
      error: true,
      title: 'Add an address for Linnet Sametwinly',
    })
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Say whether the address is confidential', href: '#confidential' },
    ])
    assert.equal(await page.getByLabel('Address line 1').inputValue(), REFUGE)
    await expectNoAxeViolations(page, '(address form with an error)')
    await page.getByLabel('Yes, only the people I name').check()
    await page.getByLabel('Tamsin Teamlead, Northshire Children').check()
    await expectNoAxeViolations(page, '(names revealed)')
    await Promise.all([
      page.waitForURL(url => url.pathname === `/people/${mother.id}` && url.searchParams.has('addressAdded')),
      page.getByRole('button', { name: 'Add address' }).click(),
    ])
    const row = page.locator('#addresses + table tbody tr', { hasText: REFUGE })
    assert.match(await row.innerText(), /Confidential/)
    assert.match(await row.innerText(), /Only Sam Caseworth, Tamsin Teamlead/)
    await expectNoAxeViolations(page, '(address added)')
  })

  it('is never shown to another user: they are told who holds it', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    await page.goto(`/people/${younger.id}`)
    const mum = page.locator('#household ~ table').first().locator('tbody tr', { hasText: 'Linnet Sametwinly' })
    assert.equal(
      (await mum.locator('[data-label="Address now"]').innerText()).trim(),
      'Confidential address: held by Sam Caseworth; ask them',
    )
    assert.doesNotMatch(await page.locator('main').innerText(), /Lanternlight|Quillhaven/)
    await expectNoAxeViolations(page, '(household, address held)')
    await page.goto(`/people/${mother.id}`)
    assert.doesNotMatch(await page.locator('main').innerText(), /Lanternlight|Quillhaven/)
    await expectNoAxeViolations(page, '(parent page, address held)')
  })
})

describe('at 320 px wide', SUITE, () => {
  it("the person's page and search results do not scroll sideways", async () => {
    const page = await lantern.newPage({ viewport: { width: 320, height: 640 } })
    await signIn(page, 'sw@csc.example')
    await page.goto(`/people/${younger.id}`)
    await expectNoSidewaysScroll(page, "the child's page")
    await expectNoAxeViolations(page, '(person page at 320 px)')
    await page.goto(`/people?q=${encodeURIComponent('Wren Sametwinly')}`)
    await expectNoSidewaysScroll(page, 'search results')
    await page.goto(`/people/${mother.id}`)
    await expectNoSidewaysScroll(page, "the parent's page with addresses")
  })
})
