import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 14, item 4 (SG-08 without a case): a child in no open case lives with a step-father with a conviction.
// The front door, who reads the register, opens the child's record and is told who, and how to raise a concern.

const lantern = await startLantern()

async function household(): Promise<{ childId: string }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{ id: string }>()
  const child = await post('/api/v1/people', {
    givenName: 'Wren',
    familyName: 'Riskmockley',
    dateOfBirth: '2016-04-04',
    sex: 'female',
  })
  const stepFather = await post('/api/v1/people', {
    givenName: 'Farrow',
    familyName: 'Riskmockley',
    dateOfBirth: '1979-05-05',
    sex: 'male',
  })
  await post(`/api/v1/people/${child.id}/relationships`, {
    otherPersonId: stepFather.id,
    kind: 'step_parent',
    livesWith: true,
    hasContact: true,
  })
  await post(`/api/v1/people/${stepFather.id}/offending-history`, {
    kind: 'conviction',
    date: '2014-02-02',
    description: 'Convicted of an offence against a child',
  })
  return { childId: child.id }
}

describe('a child with no case who lives with someone known to present a risk', SUITE, () => {
  it('shows the front door who, whom to contact, and how to record a concern', async () => {
    const { childId } = await household()
    const page = await lantern.newPage()
    await signIn(page, 'mash@csc.example')
    await page.goto(`/people/${childId}`)
    await verifyOnPage(page, 'Wren Riskmockley')
    const prompt = page.locator('#risk-prompt')
    assert.match(await prompt.innerText(), /This child lives with\s+Farrow Riskmockley, who is known to present a risk/)
    assert.match(await prompt.innerText(), /No probation contact is recorded: contact the front door/)
    await expectNoAxeViolations(page, 'the child’s record with the risk prompt')
    await expectEverythingInALandmark(page)
    await prompt.getByRole('link', { name: 'Record a concern about this child' }).click()
    assert.equal(new URL(page.url()).pathname, '/concerns/new')
  })
})
