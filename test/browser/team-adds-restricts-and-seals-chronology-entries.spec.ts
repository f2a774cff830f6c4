import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  errorSummaryLinks,
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  focusedId,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()
const { app } = lantern

// Obviously invented, so nobody mistakes them for a real family.
const CHILD = { givenName: 'Wren', familyName: 'Browsertest', name: 'Wren Browsertest' }
const BUSY_CHILD = { givenName: 'Kestrel', familyName: 'Browsertest' }
const POLICE_USER = 'Dana Constable, Northshire Police'
// Last year, so every entry is in the past whatever today is; July, so UK time (BST) is not UTC.
const YEAR = String(new Date().getUTCFullYear() - 1)
const VISIT = {
  summary: 'Home visit: Wren showed me her room and said she sleeps well.',
  when: `1 July ${YEAR} at 9:30am`,
  iso: `${YEAR}-07-01T08:30:00.000Z`,
}
const SEAL_REASON = 'Wren asked that only the investigator and I know what she said'

// The fixtures, set up through the JSON API as the social worker: a case about Wren, with the police on its team.
const sw = await apiToken(app, 'sw@csc.example')
async function post<T>(url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  assert.equal(response.statusCode, 201, `${url}: ${response.body}`)
  return response.json<T>()
}
async function openCaseAbout(
  child: { givenName: string; familyName: string },
  title: string,
): Promise<{ id: string; reference: string }> {
  const person = await post<{ id: string }>('/api/v1/people', {
    givenName: child.givenName,
    familyName: child.familyName,
    dateOfBirth: '2017-05-09',
    sex: 'female',
  })
  return post('/api/v1/cases', { title, childIds: [person.id] })
}
const kase = await openCaseAbout(CHILD, 'Chronology browser test case')
const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
  { id: string; kind: string }[]
>()
await post(`/api/v1/cases/${kase.id}/members`, { agencyId: agencies.find(a => a.kind === 'police')?.id })
const chronologyPath = `/cases/${kase.id}/chronology`
const chronologyTitle = `Chronology: ${kase.reference}`

async function whenFields(page: Page): Promise<{ day: string; month: string; year: string; time: string }> {
  return {
    day: await page.locator('#occurredAt-day').inputValue(),
    month: await page.locator('#occurredAt-month').inputValue(),
    year: await page.locator('#occurredAt-year').inputValue(),
    time: await page.getByLabel('At what time? (UK time)').inputValue(),
  }
}

/** Fills the new-entry form's kind, date and time; what happened and who can see it are left to the caller. */
async function fillEntry(page: Page, kind: string, day: string, month: string, time: string): Promise<void> {
  await page.getByLabel('What kind of entry is it?').selectOption({ label: kind })
  const date = page.getByRole('group', { name: 'When did it happen?' })
  await date.getByLabel('Day').fill(day)
  await date.getByLabel('Month').fill(month)
  await date.getByLabel('Year').fill(YEAR)
  await page.getByLabel('At what time? (UK time)').fill(time)
}

/** Submits a form that, once accepted, goes back to the chronology with `flag` set. */
async function submitToChronology(page: Page, button: string, flag: string): Promise<void> {
  await Promise.all([
    page.waitForURL(url => url.pathname === chronologyPath && url.searchParams.has(flag)),
    page.getByRole('button', { name: button }).click(),
  ])
}

/** The timeline entry that says `summary`. */
const entry = (page: Page, summary: string) => page.locator('.moj-timeline__item', { hasText: summary })
const entryTitle = async (page: Page, summary: string) =>
  (await entry(page, summary).locator('.moj-timeline__title').innerText()).replace(/\s+/g, ' ').trim()

let visibilityPath = ''

describe('a social worker adds a home visit for the case team only', SUITE, () => {
  let page: Page

  it('opens the form from the chronology with nothing answered for the user', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(chronologyPath)
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    await expectNoAxeViolations(page)

    await Promise.all([
      page.waitForURL(url => url.pathname === `${chronologyPath}/new`),
      page.getByRole('button', { name: 'Add to the chronology' }).click(),
    ])
    await verifyOnPage(page, 'Add to the chronology')
    // Issue 11: when it happened was filled in as now, and who can see it as everyone. Neither is assumed now.
    assert.deepEqual(await whenFields(page), { day: '', month: '', year: '', time: '' })
    assert.equal(await page.locator('input[name="visibility"]:checked').count(), 0)
    await expectNoAxeViolations(page)
  })

  it('asks what kind of entry it is, when it happened, what happened and who can see it when the form is sent as it comes', async () => {
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    await expectNoAxeViolations(page)
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Choose what kind of entry this is', href: '#kind' },
      { text: 'Enter the date it happened', href: '#occurredAt-day' },
      { text: 'Enter the time it happened', href: '#occurredAtTime' },
      { text: 'Enter what happened', href: '#summary' },
      { text: 'Choose who can see this entry', href: '#visibility' },
    ])
  })

  it('refuses 31 June with nothing said about what happened, keeping what was typed', async () => {
    await fillEntry(page, 'Home visit', '31', '6', '9:30')
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    await expectNoAxeViolations(page)
    // A date input's summary link goes to its first input, the day, while its message belongs to the whole
    // date, so this is checked here rather than with expectErrorSummaryFocusesFields.
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'The date it happened must be a real date', href: '#occurredAt-day' },
      { text: 'Enter what happened', href: '#summary' },
      { text: 'Choose who can see this entry', href: '#visibility' },
    ])
    assert.equal(
      (await page.locator('#occurredAt-error').innerText()).replace(/\s+/g, ' ').trim(),
      'Error: The date it happened must be a real date',
    )
    assert.equal(
      (await page.locator('#summary-error').innerText()).replace(/\s+/g, ' ').trim(),
      'Error: Enter what happened',
    )
    for (const field of ['occurredAt-day', 'summary']) {
      await page.locator(`.govuk-error-summary a[href="#${field}"]`).click()
      assert.equal(await focusedId(page), field)
    }
    assert.deepEqual(await whenFields(page), { day: '31', month: '6', year: YEAR, time: '9:30' })
    assert.equal(await page.getByLabel('What kind of entry is it?').inputValue(), 'visit.home')
  })

  it('adds the corrected visit for the case team only, shown in UK time', async () => {
    await page.getByRole('group', { name: 'When did it happen?' }).getByLabel('Day').fill('1')
    await page.getByRole('group', { name: 'When did it happen?' }).getByLabel('Month').fill('7')
    await page.getByLabel('Which child is it about?').selectOption({ label: CHILD.name })
    await page.getByLabel('What happened?').fill(VISIT.summary)
    await page.getByLabel('The case team only').check()
    await submitToChronology(page, 'Add to the chronology', 'recorded')
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    assert.equal(await notificationText(page), 'Entry added to the chronology. Who can see it: Case team only.')
    assert.equal(await entry(page, VISIT.summary).count(), 1)
    assert.equal(await entryTitle(page, VISIT.summary), 'Home visit Case team only')
    assert.match(await entry(page, VISIT.summary).locator('.moj-timeline__byline').innerText(), /^by Sam Caseworth, /)
    const time = entry(page, VISIT.summary).locator('time')
    assert.equal(await time.getAttribute('datetime'), VISIT.iso, '09:30 in summer in England is 08:30 UTC')
    assert.equal((await time.innerText()).trim(), VISIT.when)
    await expectNoAxeViolations(page)
  })

  it('seals the visit for the police investigator, asking why', async () => {
    const change = entry(page, VISIT.summary).getByRole('link', {
      name: `Change who can see this entry of ${VISIT.when}`,
    })
    visibilityPath = (await change.getAttribute('href')) ?? ''
    await Promise.all([page.waitForURL(url => url.pathname === visibilityPath), change.click()])
    await verifyOnPage(page, 'Change who can see this entry')
    assert.ok(await page.getByLabel('The case team only').isChecked())
    await expectNoAxeViolations(page)

    await page.getByLabel('Only the people I name').check()
    await page.getByLabel(POLICE_USER).check()
    await page.getByRole('button', { name: 'Save who can see it' }).click()
    await verifyOnPage(page, 'Change who can see this entry', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['reason'])
    assert.ok(await page.getByLabel('Only the people I name').isChecked())
    assert.ok(await page.getByLabel(POLICE_USER).isChecked(), 'keeps who was named')

    await page.getByLabel('Why are you changing who can see it?').fill(SEAL_REASON)
    await page.getByRole('button', { name: 'Save who can see it' }).click()
    await verifyOnPage(page, 'Seal this entry?')
    assert.match(await page.locator('main').innerText(), /Only Dana Constable \(Northshire Police\) and you will see/)
    await expectNoAxeViolations(page)
    await submitToChronology(page, 'Seal the entry', 'changed')
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    assert.equal(
      await notificationText(page),
      'Who can see the entry has changed. Who can see it: Sealed: only Dana Constable and the author.',
    )
    assert.equal(await entryTitle(page, VISIT.summary), 'Home visit Sealed')
    const told = `An entry of 1 July ${YEAR} was sealed for Dana Constable, Sam Caseworth: ${SEAL_REASON}`
    assert.equal(await entryTitle(page, told), 'Who can see an entry changed Case team only')
    await expectNoAxeViolations(page)
  })
})

describe('the people named see a sealed entry, and the rest of the team does not', SUITE, () => {
  it('shows it to the police investigator it names', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    await page.goto(chronologyPath)
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    assert.equal(await entry(page, VISIT.summary).count(), 1)
    assert.equal(await entryTitle(page, VISIT.summary), 'Home visit Sealed')
    assert.equal((await entry(page, VISIT.summary).locator('time').innerText()).trim(), VISIT.when)
    await expectNoAxeViolations(page)
  })

  it('keeps it from the team manager, who is on the team through the agency but not named', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'tm@csc.example')
    await page.goto(chronologyPath)
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    assert.equal(await page.getByText('Home visit: Wren').count(), 0)
    assert.ok(
      await page.getByText(SEAL_REASON, { exact: false }).isVisible(),
      'the team is told something is sealed, and why',
    )
    assert.ok(await page.getByRole('button', { name: 'Add to the chronology' }).isVisible(), 'on the team')
    await expectNoAxeViolations(page)

    const response = await page.goto(visibilityPath)
    assert.equal(response?.status(), 404)
    assert.equal(await page.getByText(VISIT.summary).count(), 0)
    await expectNoAxeViolations(page)
  })
})

describe('a social worker seals a new entry with JavaScript off', SUITE, () => {
  let page: Page
  const summary = 'Wren said at school that she is frightened of a visitor at home.'

  it('shows the people to name without the script that reveals them', async () => {
    page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`${chronologyPath}/new`)
    await verifyOnPage(page, 'Add to the chronology')
    assert.ok(await page.getByLabel(POLICE_USER).isVisible())
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('asks who may read a sealed entry, keeping what was typed', async () => {
    await fillEntry(page, 'Child seen', '2', '7', '14:05')
    await page.getByLabel('What happened?').fill(summary)
    await page.getByLabel('Only the people I name').check()
    await page.getByRole('button', { name: 'Add to the chronology' }).click()
    await verifyOnPage(page, 'Add to the chronology', { error: true })
    const links = await errorSummaryLinks(page)
    assert.deepEqual(links, [{ text: 'Choose who may read a sealed entry', href: '#sealedFor' }])
    assert.equal(await page.locator('#sealedFor').count(), 1, 'the summary link has a field to go to')
    assert.ok(await page.getByLabel('Only the people I name').isChecked())
    assert.ok(await page.getByLabel(POLICE_USER).isVisible())
    assert.equal(await page.getByLabel('What happened?').inputValue(), summary)
    assert.deepEqual(await whenFields(page), { day: '2', month: '7', year: YEAR, time: '14:05' })
    await expectNoAxeViolationsWithoutJavaScript(page)
  })

  it('adds the entry sealed for the police investigator', async () => {
    await page.getByLabel(POLICE_USER).check()
    await submitToChronology(page, 'Add to the chronology', 'recorded')
    await verifyOnPage(page, 'Chronology', { title: chronologyTitle })
    assert.equal(
      await notificationText(page),
      'Entry added to the chronology. Who can see it: Sealed: only Dana Constable and the author.',
    )
    assert.equal(await entryTitle(page, summary), 'Child seen Sealed')
    assert.equal((await entry(page, summary).locator('time').innerText()).trim(), `2 July ${YEAR} at 2:05pm`)
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})

describe('a long chronology shows a page at a time', SUITE, () => {
  // 105 entries and the case opening: more than the 100 a page shows, so a second page of 6.
  const ENTRIES = 105
  let page: Page
  let busy = { id: '', reference: '' }

  it('shows the newest 100 entries, with GOV.UK pagination', async () => {
    busy = await openCaseAbout(BUSY_CHILD, 'A long history')
    for (let i = 1; i <= ENTRIES; i++) {
      const occurredAt = new Date(Date.UTC(Number(YEAR), 0, 1) + i * 3_600_000).toISOString()
      await post(`/api/v1/cases/${busy.id}/chronology`, {
        kind: i % 2 ? 'call.family' : 'visit.home',
        occurredAt,
        summary: `Paged entry ${String(i)}`,
      })
    }
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${busy.id}/chronology`)
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${busy.reference}` })
    const items = page.locator('.moj-timeline__item')
    assert.equal(await items.count(), 100)
    assert.equal((await items.first().locator('.moj-timeline__title').innerText()).trim(), 'Case opened')
    assert.match(await items.nth(1).innerText(), /Paged entry 105\b/)
    assert.ok(await page.getByText(`Entries 1 to 100 of ${String(ENTRIES + 1)}, newest first.`).isVisible())
    const pagination = page.getByRole('navigation', { name: 'Pagination' })
    assert.ok(await pagination.isVisible())
    assert.equal(
      await pagination.getByRole('link', { name: 'Page 1', exact: true }).getAttribute('aria-current'),
      'page',
    )
    assert.equal(await pagination.getByRole('link', { name: 'Previous page' }).count(), 0)
    await expectNoAxeViolations(page)
  })

  it('goes to the second page with "Next"', async () => {
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('page') === '2'),
      page.getByRole('link', { name: 'Next page' }).click(),
    ])
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${busy.reference}` })
    const items = page.locator('.moj-timeline__item')
    assert.equal(await items.count(), 6)
    assert.match(await items.first().innerText(), /Paged entry 6\b/)
    assert.match(await items.last().innerText(), /Paged entry 1\b/)
    assert.ok(
      await page
        .getByText(`Entries 101 to ${String(ENTRIES + 1)} of ${String(ENTRIES + 1)}, newest first.`)
        .isVisible(),
    )
    const pagination = page.getByRole('navigation', { name: 'Pagination' })
    assert.equal(
      await pagination.getByRole('link', { name: 'Page 2', exact: true }).getAttribute('aria-current'),
      'page',
    )
    assert.equal(await pagination.getByRole('link', { name: 'Next page' }).count(), 0)
    assert.equal(
      await pagination.getByRole('link', { name: 'Previous page' }).getAttribute('href'),
      `/cases/${busy.id}/chronology`,
    )
    await expectNoAxeViolations(page)
  })

  it('shows every entry on one page, to print', async () => {
    const all = `Show all ${String(ENTRIES + 1)} entries on one page, to print`
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('all') === '1'),
      page.getByRole('link', { name: all }).click(),
    ])
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${busy.reference}` })
    assert.equal(await page.locator('.moj-timeline__item').count(), ENTRIES + 1)
    assert.ok(await page.getByText(`${String(ENTRIES + 1)} entries, newest first.`).isVisible())
    assert.equal(await page.locator('.govuk-pagination').count(), 0)
    assert.equal(await page.getByRole('link', { name: all }).count(), 0)
    await expectNoAxeViolations(page)
  })
})
