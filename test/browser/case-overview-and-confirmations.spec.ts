import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  notificationText,
  pressEnter,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 11, points 7 and 2: a case page a tired practitioner can read (an overview, with sub-navigation), and
// nothing that cannot be taken back without a page that says what will happen. Names are obviously invented.

const lantern = await startLantern()

const CASE_TITLE = 'Overview browser test case'

async function post<T>(who: string, url: string, payload: Record<string, unknown>): Promise<T> {
  const token = await apiToken(lantern.app, who)
  return (await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<T>()
}

/** A case about two children, with the police on the team and a few entries, set up through the API. */
async function aCase(): Promise<{ id: string; reference: string; entryId: string }> {
  const child = await post<{ id: string }>('sw@csc.example', '/api/v1/people', {
    givenName: 'Linnet',
    familyName: 'Overviewfield',
    dateOfBirth: '2016-03-04',
    sex: 'female',
  })
  const brother = await post<{ id: string }>('sw@csc.example', '/api/v1/people', {
    givenName: 'Curlew',
    familyName: 'Overviewfield',
    dateOfBirth: '2010-09-09',
    sex: 'male',
  })
  const kase = await post<{ id: string; reference: string }>('sw@csc.example', '/api/v1/cases', {
    title: CASE_TITLE,
    childIds: [child.id, brother.id],
  })
  const agencies = (
    await lantern.app.inject({
      url: '/api/v1/agencies',
      headers: bearer(await apiToken(lantern.app, 'sw@csc.example')),
    })
  ).json<{ id: string; kind: string }[]>()
  await post('sw@csc.example', `/api/v1/cases/${kase.id}/members`, {
    agencyId: agencies.find(a => a.kind === 'police')?.id,
  })
  let entryId = ''
  for (const summary of ['Home visit: all well', 'Call from school', 'Mother is staying at a refuge in Lanternfield'])
    entryId = (
      await post<{ id: string }>('sw@csc.example', `/api/v1/cases/${kase.id}/chronology`, {
        kind: 'note',
        occurredAt: '2026-11-24T10:00:00Z',
        summary,
      })
    ).id
  return { ...kase, entryId }
}

const kase = await aCase()
const caseTitle = `${kase.reference}: ${CASE_TITLE}`

describe('the case overview', SUITE, () => {
  let page: Page

  it('shows the children with their ages, what is due and the latest entries', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}`)
    await verifyOnPage(page, CASE_TITLE, { title: caseTitle })
    const children = page.getByRole('table', { name: 'Children' })
    assert.match(await children.innerText(), /Linnet Overviewfield\s+4 March 2016\s+10/)
    assert.match(await children.innerText(), /Curlew Overviewfield\s+9 September 2010\s+16/)
    assert.ok(await page.getByRole('heading', { name: 'What is due' }).isVisible())
    assert.match(await page.locator('main').innerText(), /Mother is staying at a refuge/)
    assert.ok(await page.getByRole('link', { name: 'See the whole chronology' }).isVisible())
    await expectNoAxeViolations(page)
    await expectEverythingInALandmark(page)
  })

  it('moves between the case’s pages with the sub-navigation, from the keyboard', async () => {
    const nav = page.getByRole('navigation', { name: `Case ${kase.reference}` })
    assert.equal(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current'), 'page')
    assert.equal(await nav.getByRole('link', { name: 'Audit' }).count(), 0, 'the audit is for auditors')
    await pressEnter(page, nav.getByRole('link', { name: 'People' }))
    await verifyOnPage(page, 'People', { title: `People: ${kase.reference}` })
    assert.equal(await nav.getByRole('link', { name: 'People' }).getAttribute('aria-current'), 'page')
    assert.ok(await page.getByRole('link', { name: 'Add an adult' }).isVisible())
    await expectNoAxeViolations(page)
    await pressEnter(page, nav.getByRole('link', { name: 'Chronology' }))
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${kase.reference}` })
    assert.equal(await nav.getByRole('link', { name: 'Chronology' }).getAttribute('aria-current'), 'page')
    await expectNoAxeViolations(page)
  })
})

describe('sealing an entry is confirmed first', SUITE, () => {
  it('says who will see it, and seals it only once confirmed', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/chronology/${kase.entryId}/visibility`)
    await page.getByLabel('Only the people I name').check()
    await page.getByLabel('Dana Constable, Northshire Police').check()
    await page.getByLabel('Why are you changing who can see it?').fill('A refuge address')
    await page.getByRole('button', { name: 'Save who can see it' }).click()
    await verifyOnPage(page, 'Seal this entry?')
    assert.match(await page.locator('main').innerText(), /Only Dana Constable \(Northshire Police\) and you will see/)
    assert.match(await page.locator('main').innerText(), /not even|No one else will see it/)
    await expectNoAxeViolations(page)
    await pressEnter(page, page.getByRole('button', { name: 'Seal the entry' }), url => url.searchParams.has('changed'))
    assert.match(await notificationText(page), /Sealed: only Dana Constable and Sam Caseworth|Sealed: only/)
  })
})

describe('break-glass is confirmed first', SUITE, () => {
  it('says what emergency access means and who is told, then grants it', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'po@probation.example')
    await page.goto(`/cases/${kase.id}/break-glass`)
    await verifyOnPage(page, `Emergency access to ${kase.reference}`)
    await page.getByLabel('Why do you need to see this case now?').fill('Man on licence seen at the school gate')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, `Get emergency access to ${kase.reference}?`)
    assert.match(await page.locator('main').innerText(), /Sam Caseworth, its lead practitioner, is told at once/)
    await expectNoAxeViolations(page)
    await pressEnter(page, page.getByRole('button', { name: 'Get emergency access' }), url =>
      url.pathname.endsWith(kase.id),
    )
    await verifyOnPage(page, CASE_TITLE, { title: caseTitle })
    // Four hours from an evening run ends after midnight: the words depend on the time the suite runs.
    assert.match(await page.locator('main').innerText(), /Your emergency access to this case ends (today|tomorrow)/)
    await expectNoAxeViolations(page)
  })
})

describe('closing a case', SUITE, () => {
  let page: Page

  it('asks why on a page of its own', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}`)
    await pressEnter(page, page.getByRole('button', { name: 'Close case' }))
    await verifyOnPage(page, 'Close the case', { title: `Close case ${kase.reference}` })
    await expectNoAxeViolations(page)
  })

  it('then says what will happen, with the reason, before anything is permanent', async () => {
    await page.getByLabel('Why is the case closing?').fill('The family moved to Southvale, who have the work now')
    await pressEnter(page, page.getByRole('button', { name: 'Continue' }))
    await verifyOnPage(page, `Close case ${kase.reference}?`)
    assert.match(await page.locator('.govuk-summary-list').innerText(), /The family moved to Southvale/)
    assert.match(await page.locator('main').innerText(), /can reopen it later/)
    await expectNoAxeViolations(page)
  })

  it('closes it once confirmed', async () => {
    await pressEnter(page, page.getByRole('button', { name: 'Close the case' }), url => url.searchParams.has('closed'))
    await verifyOnPage(page, CASE_TITLE, { title: caseTitle })
    assert.equal(await notificationText(page), 'Case closed.')
    assert.ok(await page.getByRole('button', { name: 'Reopen case' }).isVisible())
    await expectNoAxeViolations(page)
  })
})
