import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../src/db/context.ts'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 14, item 5: a probation officer reads the register of people who present a risk of sexual harm and
// narrows it to those managed at MAPPA level 2 whose assessment is overdue (a GET form: no JavaScript needed);
// anyone else is told the register is not theirs and where a worry goes.

const lantern = await startLantern()
const HEADING = 'Register of people who present a risk of sexual harm'

/** A man with a conviction, managed at MAPPA level 2 with no assessment, living with a girl of nine. */
async function stepFather(): Promise<{ id: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })
    assert.equal(response.statusCode, 201, response.body)
    return response.json<{ id: string }>()
  }
  const man = await post('/api/v1/people', {
    givenName: 'Brannock',
    familyName: 'Registerfield',
    dateOfBirth: '1981-05-06',
    sex: 'male',
  })
  const girl = await post('/api/v1/people', {
    givenName: 'Tansy',
    familyName: 'Registerfield',
    dateOfBirth: '2017-02-03',
    sex: 'female',
  })
  await post(`/api/v1/people/${man.id}/offending-history`, {
    kind: 'conviction',
    date: '2012-09-10',
    description: 'Convicted of sexual assault of a child under 13.',
  })
  await post(`/api/v1/people/${girl.id}/relationships`, {
    otherPersonId: man.id,
    kind: 'step_parent',
    livesWith: true,
    hasContact: true,
  })
  const { db } = lantern.app.lantern
  await asSystem(async () => {
    const po = await db
      .selectFrom('users')
      .select(['id', 'partnershipId', 'agencyId'])
      .where('email', '=', 'po@probation.example')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('riskManagement')
      .values({
        partnershipId: po.partnershipId,
        personId: man.id,
        mappaCategory: '1',
        mappaLevel: '2',
        probationContactUserId: po.id,
        policeLeadUserId: null,
        updatedByUserId: po.id,
        updatedByAgencyId: po.agencyId,
        updatedAt: new Date(),
      })
      .execute()
  })
  return man
}

describe('probation and the police read the register', SUITE, () => {
  it('a probation officer filters the register to MAPPA level 2 with an overdue assessment', async () => {
    const man = await stepFather()
    const page = await lantern.newPage()
    await signIn(page, 'po@probation.example')
    await page.goto('/register')
    await verifyOnPage(page, HEADING)
    await expectNoAxeViolations(page, 'the whole register')
    await expectEverythingInALandmark(page)

    await page.getByLabel('MAPPA level').selectOption('2')
    await page.getByLabel('Risk assessment overdue').check()
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(url => url.searchParams.get('mappaLevel') === '2')
    assert.equal(new URL(page.url()).searchParams.get('assessmentOverdue'), 'true')
    await verifyOnPage(page, HEADING)
    assert.match(await page.locator('#register-count').innerText(), /match/)
    const row = page.locator('tbody tr', { has: page.getByRole('link', { name: 'Brannock Registerfield' }) })
    const text = await row.innerText()
    assert.match(text, /Born 6 May 1981/)
    assert.match(text, /Conviction, 10 September 2012/)
    assert.match(text, /Overdue/)
    assert.match(text, /Category 1, level 2/)
    assert.match(text, /Tansy Registerfield, born 3 February 2017, \d+ years old: Lives with, has contact/)
    assert.equal(await page.getByLabel('Risk assessment overdue').isChecked(), true, 'the filter is kept')
    await expectNoAxeViolations(page, 'the register filtered')
    await expectNoAxeViolationsWithoutJavaScript(page)
    assert.equal(
      await row.getByRole('link', { name: 'Brannock Registerfield' }).getAttribute('href'),
      `/people/${man.id}/risk`,
    )
  })

  it('a school’s safeguarding lead is told the register is not theirs and where a worry goes', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'dsl@school.example')
    const response = await page.goto('/register')
    assert.equal(response?.status(), 403)
    assert.match(await page.locator('main').innerText(), /tell the front door by raising a concern/)
    await expectNoAxeViolations(page, 'the register refused')
  })
})
