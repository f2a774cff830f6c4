import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Finding } from '../../src/kernel/findings.ts'
import { addWorkingDays } from '../../src/kernel/working-days.ts'
import type { Safeguard } from '../../src/modules/cases/index.ts'
import { apiToken, bearer } from '../helpers.ts'
import {
  expectEverythingInALandmark,
  expectNoAxeViolations,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

// Issue 12, point 2: a due finding becomes a task for the lead practitioner, listed under My tasks and on the
// case with the finding that raised it; doing what it asks closes it. The rule is this test's own (the real ones
// come with the pathway): a case with no non-abusing parent on it should have one within two working days.

const MESSAGE = 'Ask the parent or carer who did not harm the child for their views'
const parentAsked: Safeguard = (snapshot): Finding[] =>
  snapshot.case.status === 'open' && !snapshot.adults.some(a => a.role === 'non_abusing_parent')
    ? [
        {
          safeguard: 'SG-T1',
          severity: 'due',
          message: MESSAGE,
          dueAt: addWorkingDays(snapshot.case.openedAt, 2),
          facts: ['no non-abusing parent or carer is on the case'],
          source: { code: 'RQ-6', title: 'The views of children and non-abusing parents', href: '/review/RQ-6' },
        },
      ]
    : []

const lantern = await startLantern({ safeguards: [parentAsked] })

async function post(token: string, url: string, payload: Record<string, unknown>) {
  const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })
  assert.ok(response.statusCode < 300, `${url}: ${response.body.slice(0, 300)}`)
  return response.json<{ id: string; reference: string }>()
}

describe('a practitioner works through their tasks', SUITE, () => {
  it('finds the task from the header, reads why on the case, and sees it close when done', async () => {
    const token = await apiToken(lantern.app, 'sw@csc.example')
    const child = await post(token, '/api/v1/people', {
      givenName: 'Tansy',
      familyName: 'Taskmorrow',
      dateOfBirth: '2018-03-03',
      sex: 'female',
    })
    const kase = await post(token, '/api/v1/cases', { title: 'Worries at school', childIds: [child.id], people: [] })

    const page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.getByRole('link', { name: 'Tasks', exact: true }).click()
    await verifyOnPage(page, 'My tasks', { title: 'My tasks: to do' })
    await expectNoAxeViolations(page, 'my tasks')
    await expectEverythingInALandmark(page)
    const row = page.locator('tbody tr', { hasText: kase.reference })
    assert.match(await row.innerText(), new RegExp(MESSAGE))

    await row.getByRole('link', { name: kase.reference }).click()
    await verifyOnPage(page, 'Tasks and findings', { title: `Tasks and findings: ${kase.reference}` })
    assert.match(await page.locator('.lantern-findings').innerText(), /Because: no non-abusing parent or carer/)
    await expectNoAxeViolations(page, 'a case’s tasks and findings')
    await expectEverythingInALandmark(page)

    const parent = await post(token, '/api/v1/people', { givenName: 'Yarrow', familyName: 'Taskmorrow', sex: 'female' })
    await post(token, `/api/v1/cases/${kase.id}/adults`, {
      personId: parent.id,
      role: 'non_abusing_parent',
      reason: 'Mother, living with Tansy',
    })
    await page.reload()
    assert.match(await page.locator('main').innerText(), /No safeguard has anything to say about this case now/)
    await page.getByRole('link', { name: 'Done' }).click()
    assert.match(await page.locator('tbody').innerText(), new RegExp(MESSAGE))
    await expectNoAxeViolations(page, 'done tasks')
  })
})
