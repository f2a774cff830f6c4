import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  errorSummaryLinks,
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  focusedId,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

// Obviously invented, so nobody mistakes them for a real family.
const CHILD = { givenName: 'Wren', familyName: 'Browsertest', name: 'Wren Browsertest' }
const PARENT = { givenName: 'Marigold', familyName: 'Browsertest', name: 'Marigold Browsertest' }
const CASE_TITLE = 'Browser test case'
const DECISION = 'Hold a strategy discussion (reasonable cause to suspect significant harm)'

// What the journey creates, for the practitioners who come after.
const ids = { child: '', parent: '', case: '' }
let caseReference = ''

/** The id at the end of a path like /people/<id>. */
function idFrom(page: Page, prefix: string): string {
  const match = new RegExp(`^${prefix}/([0-9a-f-]{36})$`).exec(new URL(page.url()).pathname)
  assert.ok(match?.[1], `expected ${prefix}/<id>, at ${page.url()}`)
  return match[1]
}

/** Fills the person form's names and sex; the date of birth is left to the caller. */
async function fillPerson(page: Page, person: { givenName: string; familyName: string }): Promise<void> {
  await page.getByLabel('Given name').fill(person.givenName)
  await page.getByLabel('Family name').fill(person.familyName)
  await page.getByLabel('Female').check()
}

async function fillDateOfBirth(page: Page, day: string, month: string, year: string): Promise<void> {
  const date = page.getByRole('group', { name: 'Date of birth (optional)' })
  await date.getByLabel('Day').fill(day)
  await date.getByLabel('Month').fill(month)
  await date.getByLabel('Year').fill(year)
}

describe('a social worker finds, records and corrects a child and their family', SUITE, () => {
  let page: Page

  it('shows every missing answer when the new person form is sent empty', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto('/people/new')
    await verifyOnPage(page, 'Add a person')
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Save' }).click()
    await verifyOnPage(page, 'Add a person', { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['givenName', 'familyName', 'sex'])
  })

  it('refuses a date of birth that does not exist, keeping what was typed', async () => {
    await fillPerson(page, CHILD)
    await fillDateOfBirth(page, '30', '2', '2018')
    await page.getByRole('button', { name: 'Save' }).click()
    await verifyOnPage(page, 'Add a person', { error: true })
    // A date input's summary link goes to its first input, the day, so this is checked here rather than with
    // expectErrorSummaryFocusesFields, which expects the link and the message to share the field's id.
    assert.deepEqual(await errorSummaryLinks(page), [
      { text: 'Date of birth must be a real date', href: '#dateOfBirth-day' },
    ])
    assert.equal(
      (await page.locator('#dateOfBirth-error').innerText()).replace(/\s+/g, ' ').trim(),
      'Error: Date of birth must be a real date',
    )
    await page.locator('.govuk-error-summary a[href="#dateOfBirth-day"]').click()
    assert.equal(await focusedId(page), 'dateOfBirth-day')
    assert.equal(await page.locator('#dateOfBirth-day').inputValue(), '30')
    assert.equal(await page.locator('#dateOfBirth-month').inputValue(), '2')
    assert.equal(await page.locator('#dateOfBirth-year').inputValue(), '2018')
    assert.equal(await page.getByLabel('Given name').inputValue(), CHILD.givenName)
    assert.ok(await page.getByLabel('Female').isChecked())
    await expectNoAxeViolations(page)
  })

  it('records the child and shows their record', async () => {
    await fillDateOfBirth(page, '3', '9', '2018')
    await Promise.all([
      page.waitForURL(url => url.pathname.startsWith('/people/') && url.searchParams.has('recorded')),
      page.getByRole('button', { name: 'Save' }).click(),
    ])
    ids.child = idFrom(page, '/people')
    await verifyOnPage(page, CHILD.name)
    assert.equal(await notificationText(page), 'Person recorded.')
    const details = page.locator('.govuk-summary-list')
    assert.match(await details.innerText(), /Date of birth\s+3 September 2018/)
    assert.match(await details.innerText(), /Sex\s+Female/)
    assert.ok(await page.getByText('No current family or household members are recorded.').isVisible())
    await expectNoAxeViolations(page)
  })

  it("records a parent, then adds her to the child's family and household", async () => {
    await page.goto('/people/new')
    await fillPerson(page, PARENT)
    await fillDateOfBirth(page, '14', '5', '1990')
    await Promise.all([
      page.waitForURL(url => url.pathname.startsWith('/people/') && url.searchParams.has('recorded')),
      page.getByRole('button', { name: 'Save' }).click(),
    ])
    ids.parent = idFrom(page, '/people')
    await verifyOnPage(page, PARENT.name)

    await page.goto(`/people/${ids.child}`)
    await page.getByRole('link', { name: 'Add a family or household member' }).click()
    const title = `Add someone to ${CHILD.name}'s family or household`
    await verifyOnPage(page, title)
    await expectNoAxeViolations(page)

    await page.getByLabel('Find the other person by name').fill(PARENT.givenName)
    await page.getByRole('button', { name: 'Search' }).click()
    await verifyOnPage(page, title)
    await page.getByLabel(PARENT.name).check()
    await page.getByLabel(`What are they to ${CHILD.givenName}?`).selectOption({ label: 'Parent' })
    await page
      .getByRole('group', { name: `Do they live with ${CHILD.givenName}?` })
      .getByLabel('Yes')
      .check()
    await page
      .getByRole('group', { name: `Do they have contact with ${CHILD.givenName}?` })
      .getByLabel('Yes')
      .check()
    await expectNoAxeViolations(page)

    await Promise.all([
      page.waitForURL(url => url.pathname === `/people/${ids.child}`),
      page.getByRole('button', { name: 'Add to family and household' }).click(),
    ])
    await verifyOnPage(page, CHILD.name)
    const row = page.locator('#household ~ table tbody tr', { hasText: PARENT.name })
    const cells = (await row.locator('td').allInnerTexts()).map(t => t.trim())
    // The last cell is the link to end the relationship.
    assert.deepEqual(cells.slice(0, -1), [
      PARENT.name,
      'Parent',
      '14 May 1990',
      // Address now: none recorded for the parent.
      'None recorded',
      'Yes',
      'Yes',
      'Not known',
      'None recorded',
    ])
    await expectNoAxeViolations(page)
  })

  it("records a sexual-offending history for the parent, which then shows in the child's household", async () => {
    await page.goto(`/people/${ids.parent}`)
    await page.getByRole('link', { name: 'Record sexual-offending history' }).click()
    const title = `Record sexual-offending history for ${PARENT.name}`
    await verifyOnPage(page, title)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, title, { error: true })
    await expectNoAxeViolations(page)
    const links = await Promise.all(
      (await page.locator('.govuk-error-summary a').all()).map(a => a.getAttribute('href')),
    )
    assert.deepEqual(links, ['#kind', '#date-day', '#sourceAgencyId', '#description'])
    await page.locator('.govuk-error-summary a[href="#date-day"]').click()
    assert.equal(await page.evaluate('document.activeElement.id'), 'date-day')

    await page.getByLabel('Caution', { exact: true }).check()
    // The form has two dates (when it was, and when it ends): this is the first.
    await page.locator('#date-day').fill('1')
    await page.locator('#date-month').fill('6')
    await page.locator('#date-year').fill('2012')
    await page.locator('#sourceAgencyId').selectOption({ label: 'Northshire Police' })
    await page.getByLabel('What happened, and what came of it').fill('Cautioned for an offence against a child')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      `Check the history before recording it for ${PARENT.name}`,
      'Record the history',
      url => url.searchParams.has('recordedHistory'),
      [/Caution/, /Northshire Police/],
    )
    await page.goto(`/people/${ids.child}`)
    const row = page.locator('#household ~ table tbody tr', { hasText: PARENT.name })
    assert.match(await row.innerText(), /Caution 1 June 2012/)
  })

  it('finds the child even when the name is misspelt', async () => {
    await page.goto('/people?q=Wren%20Browsertst')
    await verifyOnPage(page, 'Find a person')
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Wren Browsertst')
    const link = page.locator('table').getByRole('link', { name: CHILD.name, exact: true })
    assert.equal(await link.count(), 1)
    assert.equal(await link.getAttribute('href'), `/people/${ids.child}`)
    await expectNoAxeViolations(page)
  })

  it('shows the correction form filled in with the record', async () => {
    await page.goto(`/people/${ids.child}/edit`)
    await verifyOnPage(page, `Correct ${CHILD.name}'s record`)
    assert.equal(await page.getByLabel('Given name').inputValue(), CHILD.givenName)
    assert.equal(await page.locator('#dateOfBirth-day').inputValue(), '3')
    assert.equal(await page.locator('#dateOfBirth-month').inputValue(), '9')
    assert.equal(await page.locator('#dateOfBirth-year').inputValue(), '2018')
    assert.ok(await page.getByLabel('Female').isChecked())
    await expectNoAxeViolations(page)
  })

  it('asks for a title when a case is opened without one', async () => {
    await page.goto(`/people/${ids.child}`)
    await Promise.all([
      page.waitForURL(url => url.pathname === '/cases/new'),
      page.getByRole('button', { name: `Open a case about ${CHILD.givenName}` }).click(),
    ])
    assert.equal(new URL(page.url()).searchParams.get('childId'), ids.child)
    await verifyOnPage(page, `Open a case about ${CHILD.name}`)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, `Open a case about ${CHILD.name}`, { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['title'])
  })

  it('opens the case with the parent in a role, and shows it', async () => {
    await page.getByLabel('Case title').fill(CASE_TITLE)
    await page.getByLabel(`${PARENT.name} (Parent)`).selectOption({ label: 'Non-abusing parent or carer' })
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before opening the case',
      'Open the case',
      url => url.pathname.startsWith('/cases/') && url.searchParams.has('opened'),
      [new RegExp(`People on the case\\s+${PARENT.name}: Non-abusing parent or carer`)],
    )
    ids.case = idFrom(page, '/cases')
    caseReference = (await page.locator('.govuk-caption-l').innerText()).trim()
    assert.ok(caseReference)
    await verifyOnPage(page, CASE_TITLE, { title: `${caseReference}: ${CASE_TITLE}` })
    assert.equal(await notificationText(page), `Case ${caseReference} opened. You are its lead practitioner.`)
    assert.ok(await page.getByText('Lead practitioner: Sam Caseworth').isVisible())
    assert.equal(await page.getByRole('link', { name: CHILD.name }).count(), 1)
    await expectNoAxeViolations(page)
    await page
      .getByRole('navigation', { name: `Case ${caseReference}` })
      .getByRole('link', { name: 'People' })
      .click()
    await verifyOnPage(page, 'People', { title: `People: ${caseReference}` })
    assert.ok(await page.getByText(`${PARENT.name}: Non-abusing parent or carer`).isVisible())
    await expectNoAxeViolations(page)
  })

  it('shows the case opening on the chronology', async () => {
    await page
      .getByRole('navigation', { name: `Case ${caseReference}` })
      .getByRole('link', { name: 'Chronology' })
      .click()
    await page.waitForURL(url => url.pathname === `/cases/${ids.case}/chronology`)
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${caseReference}` })
    const items = page.locator('.moj-timeline__item')
    assert.equal(await items.count(), 1)
    assert.equal((await items.locator('.moj-timeline__title').innerText()).trim(), 'Case opened')
    assert.match(await items.locator('.moj-timeline__byline').innerText(), /^by Sam Caseworth, /)
    await expectNoAxeViolations(page)
  })
})

describe('a police investigator outside the case team uses emergency access', SUITE, () => {
  let page: Page

  it('refuses the case, offering emergency access', async () => {
    page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    const response = await page.goto(`/cases/${ids.case}`)
    assert.equal(response?.status(), 403)
    await verifyOnPage(page, 'You do not have access to this record')
    assert.equal(await page.getByText(CASE_TITLE).count(), 0)
    await expectNoAxeViolations(page)
  })

  it('asks why emergency access is needed', async () => {
    await page.getByRole('link', { name: /Ask for emergency access \(break-glass\)/ }).click()
    await page.waitForURL(url => url.pathname === `/cases/${ids.case}/break-glass`)
    await verifyOnPage(page, `Emergency access to ${caseReference}`)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, `Emergency access to ${caseReference}`, { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['reason'])
  })

  it('opens the case with a warning that it is by emergency access', async () => {
    await page
      .getByLabel('Why do you need to see this case now?')
      .fill('Child reported missing overnight; need the household details now.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, `Get emergency access to ${caseReference}?`)
    assert.match(await page.locator('main').innerText(), /its lead practitioner, is told at once/)
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.pathname === `/cases/${ids.case}`),
      page.getByRole('button', { name: 'Get emergency access' }).click(),
    ])
    await verifyOnPage(page, CASE_TITLE, { title: `${caseReference}: ${CASE_TITLE}` })
    assert.match(
      await page.locator('.govuk-warning-text').innerText(),
      /You are reading this case by emergency \(break-glass\) access/,
    )
    await expectNoAxeViolations(page)
  })

  it("reads the child's record from the case, told it is by emergency access and offered nothing to change", async () => {
    await Promise.all([
      page.waitForURL(url => url.pathname === `/people/${ids.child}`),
      page.getByRole('link', { name: CHILD.name }).first().click(),
    ])
    await verifyOnPage(page, CHILD.name)
    assert.match(
      await page.locator('.govuk-warning-text').innerText(),
      /emergency \(break-glass\) access to one of their cases\. You cannot change it/,
    )
    assert.equal(await page.getByRole('button', { name: 'Correct this record' }).count(), 0)
    assert.equal(await page.getByRole('link', { name: 'Add a family or household member' }).count(), 0)
    await expectNoAxeViolations(page)
  })
})

describe('a school safeguarding lead raises a concern without a disclosure', SUITE, () => {
  let page: Page
  const title = `Record a concern about ${CHILD.name}`

  it('says a disclosure is not needed, and asks for a description', async () => {
    page = await lantern.newPage()
    await signIn(page, 'dsl@school.example')
    await page.goto(`/concerns/new?childId=${ids.child}`)
    await verifyOnPage(page, title)
    assert.match(
      await page.locator('.govuk-inset-text').innerText(),
      /^You do not need the child to have told you anything\./,
    )
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, title, { error: true })
    await expectNoAxeViolations(page)
    // Nothing is answered for them (issue 11): whether the child told anyone, and whether to refer, are asked too.
    await expectErrorSummaryFocusesFields(page, ['description', 'disclosure', 'refer'])
  })

  it('records the concern and refers it', async () => {
    await page
      .getByLabel('What did you see or hear?')
      .fill('Wren has been withdrawn in class all week and said she is scared of bedtime.')
    await page.getByLabel('Withdrawn or low').check()
    await page.getByLabel('Nightmares or fear of bedtime').check()
    await page.getByLabel('No disclosure').check()
    await page.getByRole('group', { name: "Refer to children's social care now?" }).getByLabel('Yes').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the concern',
      'Record the concern',
      url => url.pathname.startsWith('/concerns/') && url.searchParams.has('recorded'),
      [/Is this the right child\?/, /Signs and indicators\s+Withdrawn or low\s+Nightmares or fear of bedtime/],
    )
    await verifyOnPage(page, 'Concern recorded')
    assert.match(await page.locator('.govuk-panel').innerText(), /Referred to children's social care/)
    assert.match(await page.locator('main').innerText(), /Awaiting the front door's decision/)
    await expectNoAxeViolations(page)
  })

  it('records nothing twice when the confirmation is refreshed', async () => {
    const mash = await apiToken(lantern.app, 'mash@csc.example')
    const referrals = () => lantern.app.inject({ url: '/api/v1/referrals', headers: bearer(mash) })
    const before = Number((await referrals()).headers['x-total-count'])
    await page.reload()
    await verifyOnPage(page, 'Concern recorded')
    assert.equal(Number((await referrals()).headers['x-total-count']), before)
  })
})

describe('the front door decides on the referral', SUITE, () => {
  let page: Page
  const title = `Referral about ${CHILD.name}`

  it('lists the referral awaiting a decision', async () => {
    page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    await page.goto('/front-door')
    await verifyOnPage(page, 'Referrals awaiting a decision')
    const row = page.locator('tbody tr', { hasText: CHILD.name })
    assert.equal(await row.count(), 1)
    assert.equal((await row.locator('td').nth(1).innerText()).trim(), 'Lanternfield Primary School')
    await expectNoAxeViolations(page)

    await row.getByRole('link', { name: CHILD.name }).click()
    await page.waitForURL(url => url.pathname.startsWith('/referrals/'))
    await verifyOnPage(page, title)
    const details = await page.locator('.govuk-summary-list').innerText()
    assert.match(details, /Referred by\s+Dev Safeguardson, Lanternfield Primary School/)
    assert.match(details, /Withdrawn or low; Nightmares or fear of bedtime/)
    assert.match(details, /Disclosure\s+No disclosure/)
    await expectNoAxeViolations(page)
  })

  it('asks for a decision and reasons', async () => {
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, title, { error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['decision', 'rationale'])
  })

  it('records the decision and shows it on the referral', async () => {
    const referral = new URL(page.url()).pathname.replace(/\/decision$/, '')
    await page.getByLabel(DECISION).check()
    await page
      .getByLabel('Reasons')
      .fill('Signs of possible sexual abuse with no protective explanation; police to join.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the decision',
      'Record the decision',
      url => url.pathname === referral,
    )
    await verifyOnPage(page, title)
    assert.equal(await page.getByRole('button', { name: 'Continue' }).count(), 0)
    assert.ok(await page.getByText(`${DECISION}, on `).isVisible())
    assert.ok(
      await page
        .getByText('Signs of possible sexual abuse with no protective explanation; police to join.')
        .isVisible(),
    )
    await expectNoAxeViolations(page)
  })
})

describe('an auditor sees who has looked at the case', SUITE, () => {
  it('lists the reads by the police investigator', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'auditor@partnership.example')
    await page.goto(`/cases/${ids.case}/audit`)
    await verifyOnPage(page, 'Who has looked at this case and its children', {
      title: `Who has looked at ${caseReference}`,
    })
    const rows = page.locator('tbody tr', { hasText: 'Dana Constable' })
    const actions = (await rows.locator('td:nth-child(4)').allInnerTexts()).map(t => t.trim())
    const read = actions.some(a => a.startsWith(`Read case ${caseReference} (`))
    assert.ok(read, `reads by Dana Constable: ${actions.join(', ')}`)
    const brokeGlass = actions.some(a => a.startsWith(`Used break-glass to read case ${caseReference} (`))
    assert.ok(brokeGlass, `break-glass by Dana Constable: ${actions.join(', ')}`)
    await expectNoAxeViolations(page)
  })
})
