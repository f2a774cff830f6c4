import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectErrorSummaryFocusesFields,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12 points 6–8: the child-abuse investigator records an investigation on a case, plans an ABE interview,
// and records the outcome in Lantern's words ("no further police action at this time", never "NFA", SG-01).

const lantern = await startLantern()

/** A case about one child, with the police on its team. */
async function policeCase() {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const call = async <T = { id: string; reference: string }>(url: string, payload?: Record<string, unknown>) =>
    (await lantern.app.inject({ method: payload ? 'POST' : 'GET', url, headers: bearer(sw), payload })).json<T>()
  const child = await call('/api/v1/people', {
    givenName: 'Briony',
    familyName: 'Statementon',
    dateOfBirth: '2015-06-06',
    sex: 'female',
  })
  const kase = await call('/api/v1/cases', { title: 'Worries shared by school', childIds: [child.id], people: [] })
  const agencies = await call<{ id: string; kind: string }[]>('/api/v1/agencies')
  await call(`/api/v1/cases/${kase.id}/members`, { agencyId: agencies.find(a => a.kind === 'police')?.id })
  return { kase }
}

describe('the police investigate, plan an interview and record an outcome', SUITE, () => {
  it('records an investigation, an ABE interview and the outcome through check your answers', async () => {
    const { kase } = await policeCase()
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')
    await page.goto(`/cases/${kase.id}`)
    await page.getByRole('link', { name: 'Pathway', exact: true }).click()
    await page.getByRole('link', { name: 'Police investigation and outcome', exact: true }).first().click()
    await verifyOnPage(page, 'Police investigations', { title: `Police investigations: ${kase.reference}` })
    await expectNoAxeViolations(page, 'the case’s investigations')
    await expectEverythingInALandmark(page)

    await page.getByRole('button', { name: 'Record a police investigation' }).click()
    await verifyOnPage(page, 'Record a police investigation')
    await expectNoAxeViolations(page, 'a new investigation')
    await page.locator('#openedAt-day').fill('2')
    await page.locator('#openedAt-month').fill('11')
    await page.locator('#openedAt-year').fill('2026')
    await page.getByRole('button', { name: 'Continue' }).click()
    await verifyOnPage(page, 'Record a police investigation', { error: true })
    await expectErrorSummaryFocusesFields(page, ['crimeReference', 'childIds', 'offences'])
    await expectNoAxeViolations(page, 'a new investigation refused')
    assert.equal(await page.locator('#openedAt-day').inputValue(), '2', 'what was typed is kept')

    await page.getByLabel('Crime reference').fill('NS/7001/26')
    await page.getByLabel('Briony Statementon').first().check()
    await page.getByLabel('Offences being investigated').fill('Sexual assault of a child under 13')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the investigation',
      'Record the investigation',
      url => url.pathname.startsWith('/investigations/'),
      [/NS\/7001\/26/, /2 November 2026/],
    )
    await verifyOnPage(page, 'Police investigation NS/7001/26')
    await expectNoAxeViolations(page, 'the investigation')

    await page.getByRole('link', { name: 'Plan an ABE interview' }).click()
    await verifyOnPage(page, 'Plan an ABE interview')
    await expectNoAxeViolations(page, 'planning an interview')
    await page.getByLabel('Briony Statementon').check()
    await page.locator('#plannedAt-day').fill('30')
    await page.locator('#plannedAt-month').fill('11')
    await page.locator('#plannedAt-year').fill('2026')
    await page.getByLabel('Lead interviewer: name').fill('DC Morgan Reid')
    await page.getByLabel('Lead interviewer: role').fill('Child abuse investigator')
    await page.getByLabel('Lead interviewer: agency').selectOption({ label: 'Northshire Police' })
    await page.locator('#leadHasJointTraining').check()
    await page.locator('#intermediary-2').check()
    await page.getByLabel('Live link (section 24)').check()
    await page.getByLabel('Not asked yet').check()
    await page.locator('#held-2').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the interview',
      'Record the interview',
      url => url.pathname.startsWith('/investigations/'),
      [/DC Morgan Reid/, /Live link/],
    )
    assert.match(await page.locator('main').innerText(), /30 November 2026/)

    await page.getByRole('button', { name: 'Record the outcome' }).click()
    await verifyOnPage(page, 'Record the outcome of the investigation')
    await expectNoAxeViolations(page, 'the outcome')
    const offered = await page.locator('main').innerText()
    assert.doesNotMatch(offered, /no further action|\bNFA\b/i, 'nothing on the page offers “no further action”')
    await page.getByLabel('No further police action at this time').check()
    await page.getByLabel('Home Office outcome code').selectOption('15')
    await page
      .getByLabel('Rationale')
      .fill('The CPS advised the evidence does not meet the test for charge at this time')
    await page.getByLabel("Northshire Children's Social Care").check()
    await page.locator('#decidedAt-day').fill('20')
    await page.locator('#decidedAt-month').fill('11')
    await page.locator('#decidedAt-year').fill('2026')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the outcome',
      'Record the outcome',
      url => url.pathname.startsWith('/investigations/') && !url.pathname.endsWith('/outcome'),
      [/No further police action at this time/, /15: Evidential difficulties/],
    )
    await verifyOnPage(page, 'Police investigation NS/7001/26')
    assert.match(await page.locator('main').innerText(), /Closed/)
    await expectNoAxeViolations(page, 'the investigation closed')
  })

  it('records charging advice, the charging decision and the interview as held, with axe on each page', async () => {
    const { kase } = await policeCase()
    const dc = await apiToken(lantern.app, 'dc@police.example')
    const asPolice = async (url: string, payload: Record<string, unknown>) =>
      (await lantern.app.inject({ method: 'POST', url, headers: bearer(dc), payload })).json<{ id: string }>()
    const child = (await lantern.app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(dc) })).json<{
      children: { id: string }[]
    }>().children[0]?.id
    const investigation = await asPolice(`/api/v1/cases/${kase.id}/investigations`, {
      crimeReference: 'NS/7002/26',
      childIds: [child],
      openedAt: '2026-11-02',
      offences: 'Sexual assault of a child',
    })
    const police = (await lantern.app.inject({ url: '/api/v1/agencies', headers: bearer(dc) }))
      .json<{ id: string; kind: string }[]>()
      .find(a => a.kind === 'police')?.id
    const interview = await asPolice(`/api/v1/investigations/${investigation.id}/abe-interviews`, {
      childId: child,
      plannedAt: '2026-11-20',
      lead: { name: 'Morgan Reid', role: 'Child abuse investigator', agencyId: police, hasJointTraining: true },
      intermediary: false,
      childInformedAt: '2026-11-10',
      informedBy: { name: 'Sam Caseworth', role: 'Social worker' },
      childWillingness: 'willing',
      held: false,
    })
    const [year = '', month = '', day = ''] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
      .format(new Date())
      .split('-')
    const fillToday = async (page: Page, name: string) => {
      await page.locator(`#${name}-day`).fill(String(Number(day)))
      await page.locator(`#${name}-month`).fill(String(Number(month)))
      await page.locator(`#${name}-year`).fill(year)
    }
    const page = await lantern.newPage()
    await signIn(page, 'dc@police.example')

    await page.goto(`/investigations/${investigation.id}/charging-advice`)
    await verifyOnPage(page, 'Record early charging advice', { title: 'Record early charging advice' })
    await expectNoAxeViolations(page, 'charging advice')
    await fillToday(page, 'soughtAt')
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(page, 'Check your answers before recording the advice', 'Record the advice', url =>
      url.pathname.endsWith(investigation.id),
    )

    await page.goto(`/investigations/${investigation.id}/charging-decision`)
    await verifyOnPage(page, 'Record the charging decision', { title: 'Record the charging decision' })
    await expectNoAxeViolations(page, 'the charging decision')
    await fillToday(page, 'decidedAt')
    await page.locator('input[name=decision][value=charge]').check()
    await page.locator('input[name=decidedBy][value=cps]').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(page, 'Check your answers before recording the decision', 'Record the decision', url =>
      url.pathname.endsWith(investigation.id),
    )

    await page.goto(`/abe-interviews/${interview.id}/held`)
    await verifyOnPage(page, 'Record the ABE interview as held', { title: 'Record the ABE interview as held' })
    await expectNoAxeViolations(page, 'recording the interview as held')
    await fillToday(page, 'heldAt')
    await page.locator('input[name=childWillingness][value=willing]').check()
    await page.locator('input[name=toldDecliningHarms][value=not_asked]').check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      page,
      'Check your answers before recording the interview as held',
      'Record it as held',
      url => url.pathname.endsWith('/held') || url.pathname.startsWith('/investigations/'),
    )
    await expectNoAxeViolations(page, 'the interview held')
  })
})
