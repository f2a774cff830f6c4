import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import { expectNoAxeViolations, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

// Issue 11, point 5: the chronology said "Concern recorded" and the social worker leading the case could not read
// the concern or the front door's reasons. Now she follows the entry to the concern and reads both.

const lantern = await startLantern()
const { app } = lantern

const SEEN = 'Sandpiper arrived with bruised wrists and flinched when the door banged.'
const WORDS = 'He said I must not tell or I will be taken away.'
const REASONS = 'Earlier police information about a visitor; reasonable cause to suspect significant harm.'

async function post<T>(who: string, url: string, payload: Record<string, unknown>): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: bearer(await apiToken(app, who)), payload })
  assert.ok([200, 201].includes(response.statusCode), `${url}: ${response.body}`)
  return response.json<T>()
}

// The school records the child and raises a concern; the front door decides on a strategy discussion led by Sam.
const child = await post<{ id: string }>('dsl@school.example', '/api/v1/people', {
  givenName: 'Sandpiper',
  familyName: 'Browsertest',
  dateOfBirth: '2015-10-02',
  sex: 'male',
})
const concern = await post<{ id: string; referralId: string }>('dsl@school.example', '/api/v1/concerns', {
  childId: child.id,
  description: SEEN,
  childWords: WORDS,
  indicators: ['phy-unexplained-injury', 'emo-fear-of-person-place'],
  disclosure: 'partial',
})
const samId = (await app.inject({ url: '/api/v1/me', headers: bearer(await apiToken(app, 'sw@csc.example')) })).json<{
  id: string
}>().id
const { caseId } = await post<{ caseId: string }>(
  'mash@csc.example',
  `/api/v1/referrals/${concern.referralId}/decision`,
  {
    version: 1,
    decision: 'strategy_discussion',
    rationale: REASONS,
    leadUserId: samId,
  },
)

const { reference } = (
  await app.inject({ url: `/api/v1/cases/${caseId}`, headers: bearer(await apiToken(app, 'sw@csc.example')) })
).json<{ reference: string }>()

describe('the lead social worker reads what was reported', SUITE, () => {
  it('follows the chronology to the concern, and reads it and the front door’s reasons', async () => {
    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${caseId}/chronology`)
    await verifyOnPage(page, 'Chronology', { title: `Chronology: ${reference}` })
    await expectNoAxeViolations(page)
    await Promise.all([
      page.waitForURL(url => url.pathname === `/concerns/${concern.id}`),
      page.getByRole('link', { name: /Read the concern and the front door’s decision/ }).click(),
    ])
    await verifyOnPage(page, 'Concern about Sandpiper Browsertest')
    const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ')
    for (const said of [
      SEEN,
      WORDS,
      'Fears a particular person or place',
      'Dev Safeguardson, Lanternfield Primary School',
      REASONS,
    ])
      assert.ok(main.includes(said), `the concern page says ${said}`)
    await expectNoAxeViolations(page)
  })
})
