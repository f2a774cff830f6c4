import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { asPartnership } from '../../src/db/context.ts'
import { addUser } from '../../src/modules/directory/index.ts'
import { apiToken, bearer, DEMO_PASSWORD } from '../helpers.ts'
import {
  expectErrorSummaryFocusesFields,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  pressEnter,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

// Obviously invented, so nobody mistakes them for a real family.
const CASE_TITLE = 'Team browser test case'

/**
 * A case about a new child, opened by Sam Caseworth with Northshire Police on the team, set up through the API;
 * and a second social worker, so a team manager has someone other than Sam and herself to choose as lead.
 */
async function caseWithPolice(): Promise<{ id: string; reference: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const me = (await lantern.app.inject({ url: '/api/v1/me', headers: bearer(sw) })).json<{
    agency: { id: string }
    partnership: { id: string }
  }>()
  await asPartnership(me.partnership.id, () =>
    addUser(lantern.app.lantern.db, {
      partnershipId: me.partnership.id,
      agencyId: me.agency.id,
      email: 'robin.leadbetter@csc.example',
      displayName: 'Robin Leadbetter',
      password: DEMO_PASSWORD,
      roles: ['social_worker'],
      mfaExempt: true,
    }),
  )
  const inject = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await inject('/api/v1/people', {
    givenName: 'Plover',
    familyName: 'Browserteam',
    dateOfBirth: '2017-03-03',
    sex: 'male',
  })
  const kase = await inject('/api/v1/cases', { title: CASE_TITLE, childIds: [child.id] })
  const agencies = (await lantern.app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
    { id: string; kind: string }[]
  >()
  await inject(`/api/v1/cases/${kase.id}/members`, { agencyId: agencies.find(a => a.kind === 'police')?.id })
  return kase
}

const kase = await caseWithPolice()
const caseTitle = `${kase.reference}: ${CASE_TITLE}`

const teamTitle = `Case team: ${kase.reference}`
const leadTitle = `Change the lead practitioner of ${kase.reference}`

/** The team table's rows as the page shows them: member and agency. */
async function teamRows(page: Page): Promise<string[]> {
  const rows = await page.locator('#team tbody tr').all()
  return Promise.all(
    rows.map(async row =>
      (await row.locator('td').allInnerTexts())
        .slice(0, 2)
        .map(t => t.trim())
        .join(' / '),
    ),
  )
}

describe('the lead practitioner manages the case team', SUITE, () => {
  let page: Page

  it('shows the team, on its own page, with a Remove link for each member but the lead', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}`)
    await verifyOnPage(page, CASE_TITLE, { title: caseTitle })
    const subNav = page.getByRole('navigation', { name: `Case ${kase.reference}` })
    await pressEnter(page, subNav.getByRole('link', { name: 'Team', exact: true }))
    await verifyOnPage(page, 'Case team', { title: teamTitle })
    const nav = page.getByRole('navigation', { name: `Case ${kase.reference}` })
    assert.equal(await nav.getByRole('link', { name: 'Team', exact: true }).getAttribute('aria-current'), 'page')
    assert.deepEqual(await teamRows(page), [
      "Sam Caseworth (lead practitioner) / Northshire Children's Social Care",
      "Northshire Children's Social Care / Everyone in the agency",
      'Northshire Police / Everyone in the agency',
    ])
    assert.equal(await page.getByRole('link', { name: /^Remove Sam Caseworth/ }).count(), 0)
    await expectNoAxeViolations(page)
  })

  it('asks which practitioner to add when none was chosen', async () => {
    await page.getByRole('button', { name: 'Add practitioner' }).click()
    await verifyOnPage(page, 'Case team', { title: teamTitle, error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['userId'])
  })

  it('adds a practitioner from another agency', async () => {
    await page.getByLabel('Practitioner', { exact: true }).selectOption({ label: 'Dana Constable, Northshire Police' })
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('added')),
      page.getByRole('button', { name: 'Add practitioner' }).click(),
    ])
    await verifyOnPage(page, 'Case team', { title: teamTitle })
    assert.equal(await notificationText(page), 'Case team updated.')
    assert.ok((await teamRows(page)).includes('Dana Constable / Northshire Police'))
    await expectNoAxeViolations(page)
  })

  it('asks before removing an agency, saying what will happen', async () => {
    await pressEnter(page, page.getByRole('link', { name: 'Remove Northshire Police from the case team' }))
    await verifyOnPage(page, 'Remove Northshire Police from the case team?')
    assert.match(await page.locator('main').innerText(), /can no longer open this case, from now/)
    await expectNoAxeViolations(page)
  })

  it('goes back without removing anything', async () => {
    await pressEnter(page, page.getByRole('link', { name: 'No, go back to the case team' }).last())
    await verifyOnPage(page, 'Case team', { title: teamTitle })
    assert.ok((await teamRows(page)).includes('Northshire Police / Everyone in the agency'))
  })

  it('removes the agency once confirmed, keeping a practitioner added by name', async () => {
    await pressEnter(page, page.getByRole('link', { name: 'Remove Northshire Police from the case team' }))
    await pressEnter(page, page.getByRole('button', { name: 'Remove Northshire Police' }), url =>
      url.searchParams.has('removed'),
    )
    await verifyOnPage(page, 'Case team', { title: teamTitle })
    assert.equal(await notificationText(page), 'Case team updated.')
    assert.ok(!(await teamRows(page)).includes('Northshire Police / Everyone in the agency'))
    assert.ok(
      (await teamRows(page)).includes('Dana Constable / Northshire Police'),
      'Dana stays: she was added herself',
    )
    await expectNoAxeViolations(page)
  })

  it('says so when someone else removed the member first', async () => {
    await page.getByRole('link', { name: 'Remove Dana Constable from the case team' }).click()
    await verifyOnPage(page, 'Remove Dana Constable from the case team?')
    const other = await lantern.newPage()
    await signIn(other, 'tm@csc.example')
    await other.goto(`/cases/${kase.id}/team`)
    await other.getByRole('link', { name: 'Remove Dana Constable from the case team' }).click()
    await Promise.all([
      other.waitForURL(url => url.searchParams.has('removed')),
      other.getByRole('button', { name: 'Remove Dana Constable' }).click(),
    ])
    await page.getByRole('button', { name: 'Remove Dana Constable' }).click()
    await verifyOnPage(page, 'There is a problem')
    assert.match(await page.locator('main').innerText(), /someone may have removed them already/)
    await expectNoAxeViolations(page)
  })

  it('asks who should lead when no one was chosen, on a page of its own', async () => {
    await page.goto(`/cases/${kase.id}/team`)
    await pressEnter(page, page.getByRole('link', { name: 'Change the lead practitioner' }))
    await verifyOnPage(page, 'Change the lead practitioner', { title: leadTitle })
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Change lead practitioner' }).click()
    await verifyOnPage(page, 'Change the lead practitioner', { title: leadTitle, error: true })
    await expectNoAxeViolations(page)
    await expectErrorSummaryFocusesFields(page, ['leadUserId'])
  })
})

describe('a team manager and the lead change the lead at the same time', SUITE, () => {
  let manager: Page
  let lead: Page

  it('lets the lead hand the case to the team manager', async () => {
    manager = await lantern.newPage()
    await signIn(manager, 'tm@csc.example')
    // The team manager opens the lead page before the lead changes it.
    await manager.goto(`/cases/${kase.id}/lead`)
    await verifyOnPage(manager, 'Change the lead practitioner', { title: leadTitle })

    lead = await lantern.newPage()
    await signIn(lead, 'sw@csc.example')
    await lead.goto(`/cases/${kase.id}/lead`)
    await lead
      .getByLabel('New lead practitioner')
      .selectOption({ label: "Tamsin Teamlead, Northshire Children's Social Care" })
    await Promise.all([
      lead.waitForURL(url => url.searchParams.has('leadChanged')),
      lead.getByRole('button', { name: 'Change lead practitioner' }).click(),
    ])
    await verifyOnPage(lead, 'Case team', { title: teamTitle })
    assert.equal(await notificationText(lead), 'Lead practitioner changed.')
    assert.ok(await lead.getByText('Lead practitioner: Tamsin Teamlead').isVisible())
    assert.equal(
      await lead.getByRole('link', { name: 'Change the lead practitioner' }).count(),
      0,
      'Sam no longer leads, so cannot change the lead',
    )
    assert.equal(await lead.getByRole('link', { name: 'Remove Sam Caseworth from the case team' }).count(), 1)
    await expectNoAxeViolations(lead)
  })

  it('tells the team manager, sending from the page opened before, who leads now, keeping the choice', async () => {
    const choice = "Robin Leadbetter, Northshire Children's Social Care"
    await manager.getByLabel('New lead practitioner').selectOption({ label: choice })
    await manager.getByRole('button', { name: 'Change lead practitioner' }).click()
    await verifyOnPage(manager, 'Change the lead practitioner', { title: leadTitle, error: true })
    assert.match(
      await manager.locator('#leadUserId-error').innerText(),
      /Someone else changed this case after you opened it: the lead practitioner is now Tamsin Teamlead/,
    )
    assert.equal(await manager.locator('#leadUserId option:checked').innerText(), choice)
    await expectNoAxeViolations(manager)
    await expectErrorSummaryFocusesFields(manager, ['leadUserId'])
  })

  it('changes the lead when the team manager sends the choice again', async () => {
    await Promise.all([
      manager.waitForURL(url => url.searchParams.has('leadChanged')),
      manager.getByRole('button', { name: 'Change lead practitioner' }).click(),
    ])
    assert.ok(await manager.getByText('Lead practitioner: Robin Leadbetter').isVisible())
    await expectNoAxeViolations(manager)
  })
})

describe('the case team works without JavaScript', SUITE, () => {
  it('adds an agency with a plain form', async () => {
    const page = await lantern.newPage({ javaScriptEnabled: false })
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${kase.id}/team`)
    await page.getByLabel('Agency', { exact: true }).selectOption({ label: 'Northshire Health Trust' })
    await Promise.all([
      page.waitForURL(url => url.searchParams.has('added')),
      page.getByRole('button', { name: 'Add agency' }).click(),
    ])
    assert.ok((await teamRows(page)).includes('Northshire Health Trust / Everyone in the agency'))
    await expectNoAxeViolationsWithoutJavaScript(page)
  })
})
