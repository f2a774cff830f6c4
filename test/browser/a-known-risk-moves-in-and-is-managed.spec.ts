import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import {
  confirmAnswers,
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 14's "done when" in the browser: a social worker records a step-father's conviction; he moves in with two
// children on a case, and each child's SG-08 task appears with its due date while his probation officer is told.
// The discussion, the sharing decision and the assessment clear it; a year on, SG-09 is overdue; ending the
// contact clears it. The service's clock is set, so the year can pass.

let now = new Date('2026-11-30T10:00:00Z')
const lantern = await startLantern({ clock: () => now })

async function api(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  const token = await apiToken(lantern.app, who)
  const response = await lantern.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) })
  assert.ok(response.statusCode < 300, `${method} ${url}: ${String(response.statusCode)} ${response.body}`)
  return response.json<Record<string, unknown> & { id: string }>()
}

async function fillDate(page: Page, name: string, [day, month, year]: [number, number, number]) {
  await page.locator(`#${name}-day`).fill(String(day))
  await page.locator(`#${name}-month`).fill(String(month))
  await page.locator(`#${name}-year`).fill(String(year))
}

async function family() {
  const person = (givenName: string, dateOfBirth: string, sex: string) =>
    api('sw@csc.example', 'POST', '/api/v1/people', { givenName, familyName: 'Stepwhistle', dateOfBirth, sex })
  const girl = await person('Juniper', '2016-03-14', 'female')
  const boy = await person('Bramble', '2019-09-02', 'male')
  const stepfather = await person('Corwin', '1978-01-20', 'male')
  const kase = await api('sw@csc.example', 'POST', '/api/v1/cases', {
    title: 'Stepwhistle children',
    childIds: [girl.id, boy.id],
    people: [],
  })
  return { girl: girl.id, boy: boy.id, stepfather: stepfather.id, kase: kase.id }
}

async function tasksPage(page: Page, caseId: string): Promise<string> {
  await page.goto(`/cases/${caseId}/tasks`)
  await expectNoAxeViolations(page, 'the case’s tasks and findings')
  return page.locator('main').innerText()
}

describe('a person who presents a risk of sexual harm moves in with two children', SUITE, () => {
  it('raises SG-08 for each child, clears it with the agencies’ work, then SG-09 as the assessment ages', async () => {
    const { girl, boy, stepfather, kase } = await family()
    const officer = await api('po@probation.example', 'GET', '/api/v1/me')
    await api('po@probation.example', 'PATCH', `/api/v1/people/${stepfather}/risk-management`, {
      version: 0,
      mappaCategory: '1',
      mappaLevel: '2',
      probationContactUserId: officer.id,
    })

    // The social worker records his conviction, as the police told her.
    const sam = await lantern.newPage()
    await signIn(sam, 'sw@csc.example')
    await sam.goto(`/people/${stepfather}/offending-history/new`)
    await verifyOnPage(sam, 'Record sexual-offending history for Corwin Stepwhistle')
    await sam.getByLabel('Conviction').check()
    await fillDate(sam, 'date', [12, 6, 2018])
    await sam.locator('#sourceAgencyId').selectOption({ label: 'Northshire Police' })
    await sam.locator('#description').fill('Convicted of a sexual offence against a child.')
    await sam.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      sam,
      'Check the history before recording it for Corwin Stepwhistle',
      'Record the history',
      u => u.pathname === `/people/${stepfather}`,
      [/Northshire Police/],
    )

    // He moves in with both children.
    for (const child of [girl, boy])
      await api('sw@csc.example', 'POST', `/api/v1/people/${child}/relationships`, {
        otherPersonId: stepfather,
        kind: 'step_parent',
        livesWith: true,
        hasContact: true,
      })

    let tasks = await tasksPage(sam, kase)
    assert.match(tasks, /Corwin Stepwhistle/)
    assert.match(tasks, /SG-08/)
    assert.match(tasks, /7 December 2026/)
    await expectEverythingInALandmark(sam)

    // His probation officer is told, by the case's reference and his name.
    const pat = await lantern.newPage()
    await signIn(pat, 'po@probation.example')
    await pat.goto('/notifications')
    assert.match(await pat.locator('main').innerText(), /Corwin Stepwhistle/)
    await expectNoAxeViolations(pat, 'the probation officer’s notifications')

    // Two days later the agencies meet; a civil order is considered; what is shared is recorded.
    now = new Date('2026-12-02T15:00:00Z')
    // Their sessions ended overnight: each signs in again.
    await signIn(sam, 'sw@csc.example')
    await signIn(pat, 'po@probation.example')
    await sam.goto(`/cases/${kase}/risk-discussions/new`)
    await verifyOnPage(sam, 'Record a risk discussion')
    await fillDate(sam, 'heldAt', [2, 12, 2026])
    await sam.locator('#heldAtTime').fill('2pm')
    await sam.getByLabel('Corwin Stepwhistle').check()
    await sam.locator('#a1Name').fill('Sam Invented')
    await sam.locator('#a1AgencyKind').selectOption('childrens_social_care')
    await sam.locator('#a1Role').fill('Social worker')
    await sam.locator('#a2Name').fill('Pat Madeup')
    await sam.locator('#a2AgencyKind').selectOption('probation')
    await sam.locator('#a2Role').fill('Probation officer')
    await sam.locator('#summary').fill('He has moved in with two children; contact is supervised while he is assessed.')
    await sam.getByLabel('Yes').check()
    await sam.locator('#civilOrderReason').fill('The police will apply for a Sexual Harm Prevention Order.')
    await sam.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      sam,
      'Check your answers before recording the risk discussion',
      'Record the discussion',
      url => url.pathname === '/information-sharing/new',
      [/Corwin Stepwhistle/, /Yes, a civil order was considered/],
    )
    await sam.getByLabel('Yes, it was shared').check()
    await sam.locator('#what').fill('His conviction, and that he now lives with two children')
    await sam.getByLabel('Northshire Police').check()
    await sam.getByLabel(/Schedule 1 paragraph 18/).check()
    await sam.locator('#reason').fill('To protect the children he lives with')
    await fillDate(sam, 'at', [2, 12, 2026])
    await sam.locator('#atTime').fill('3pm')
    await sam.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      sam,
      'Check your answers before recording the sharing decision',
      'Record the decision',
      url => url.searchParams.has('shared'),
      [/Northshire Police/],
    )
    tasks = await tasksPage(sam, kase)
    assert.match(tasks, /SG-08/, 'a discussion alone is not enough: the assessment is missing')

    await pat.goto(`/people/${stepfather}/risk-assessments/new`)
    await verifyOnPage(pat, 'Record a risk assessment of Corwin Stepwhistle')
    await pat.getByLabel('Active Risk Management System (ARMS)').check()
    await fillDate(pat, 'assessedOn', [2, 12, 2026])
    await pat.locator('#assessorAgencyId').selectOption({ label: 'Northshire Probation Service' })
    await pat.getByLabel('High', { exact: true }).check()
    await pat.locator('#summary').fill('High risk of sexual harm to the children in the household.')
    await fillDate(pat, 'nextReviewOn', [2, 6, 2027])
    await pat.getByRole('button', { name: 'Continue' }).click()
    await confirmAnswers(
      pat,
      'Check the risk assessment before recording it for Corwin Stepwhistle',
      'Record the risk assessment',
      u => u.pathname === `/people/${stepfather}/risk`,
      [/High/],
    )
    tasks = await tasksPage(sam, kase)
    assert.doesNotMatch(tasks, /SG-08/, 'the discussion and a current assessment clear SG-08')

    // A year and more on, he still lives with them: the assessment is out of date.
    now = new Date('2027-12-06T10:00:00Z')
    const later = await lantern.newPage()
    await signIn(later, 'sw@csc.example')
    tasks = await tasksPage(later, kase)
    assert.match(tasks, /SG-09/)
    assert.match(tasks, /[Oo]verdue/)

    // He moves out: the social worker ends each relationship, and SG-09 clears.
    for (const [child, name] of [
      [girl, 'Juniper'],
      [boy, 'Bramble'],
    ] as const) {
      await later.goto(`/people/${child}`)
      await later.getByRole('link', { name: 'End the relationship with Corwin Stepwhistle' }).click()
      await verifyOnPage(later, `End the relationship between ${name} Stepwhistle and Corwin Stepwhistle`)
      await expectNoAxeViolations(later, 'ending the relationship')
      await fillDate(later, 'endedOn', [6, 12, 2027])
      await later.locator('#reason').fill('He moved out')
      await Promise.all([
        later.waitForURL(u => u.pathname === `/people/${child}`),
        later.getByRole('button', { name: 'End the relationship' }).click(),
      ])
    }
    tasks = await tasksPage(later, kase)
    assert.doesNotMatch(tasks, /SG-09/)
    assert.doesNotMatch(tasks, /SG-08/)
  })
})
