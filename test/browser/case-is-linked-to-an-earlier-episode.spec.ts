import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { apiToken, bearer } from '../helpers.ts'
import { expectNoAxeViolations, notificationText, signIn, SUITE, startLantern, verifyOnPage } from './support.ts'

const lantern = await startLantern()

// Obviously invented, so nobody mistakes them for a real family.
const EARLIER_TITLE = 'Episode browser test, first time round'
const LATER_TITLE = 'Episode browser test, second time round'

/** A child with a closed case about them and a new open one, set up by the API as the social worker. */
async function twoEpisodes() {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const inject = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await inject('/api/v1/people', {
    givenName: 'Tern',
    familyName: 'Episodic',
    dateOfBirth: '2015-02-02',
    sex: 'female',
  })
  const earlier = await inject('/api/v1/cases', { title: EARLIER_TITLE, childIds: [child.id] })
  await inject(`/api/v1/cases/${earlier.id}/close`, { reason: 'Support ended; the family moved away' })
  const later = await inject('/api/v1/cases', { title: LATER_TITLE, childIds: [child.id] })
  return { earlier, later }
}

const { earlier, later } = await twoEpisodes()

describe('a practitioner links a case to an earlier episode about the same child', SUITE, () => {
  let page: Page

  it('offers the closed case about the child on the new case', async () => {
    page = await lantern.newPage()
    await signIn(page, 'sw@csc.example')
    await page.goto(`/cases/${later.id}`)
    await verifyOnPage(page, LATER_TITLE, { title: `${later.reference}: ${LATER_TITLE}` })
    const choice = page.getByLabel('Link an earlier case about these children')
    const offered = await choice.locator('option').allInnerTexts()
    assert.ok(
      offered.some(text => text.startsWith(earlier.reference)),
      `${earlier.reference} among ${offered.join(', ')}`,
    )
    await expectNoAxeViolations(page)
  })

  it('links it, and shows it as the earlier episode', async () => {
    const choice = page.getByLabel('Link an earlier case about these children')
    await choice.selectOption({ value: earlier.id })
    await Promise.all([
      page.waitForURL(url => url.searchParams.get('changed') === 'episodeLinked'),
      page.getByRole('button', { name: 'Link earlier episode' }).click(),
    ])
    await verifyOnPage(page, LATER_TITLE, { title: `${later.reference}: ${LATER_TITLE}` })
    assert.equal(await notificationText(page), 'Earlier episode linked.')
    const episodes = page.locator('#episodes + ul')
    assert.match(
      await episodes.innerText(),
      new RegExp(
        `Earlier episode: ${earlier.reference}, opened \\d{1,2} [A-Z][a-z]+ \\d{4}, closed \\d{1,2} [A-Z][a-z]+ \\d{4}`,
      ),
    )
    // Linked once, it is no longer offered.
    assert.equal(await page.getByLabel('Link an earlier case about these children').count(), 0)
    await expectNoAxeViolations(page)
  })

  it('shows the new case as the later episode on the earlier one', async () => {
    await page.locator('#episodes + ul').getByRole('link', { name: earlier.reference }).click()
    await verifyOnPage(page, EARLIER_TITLE, { title: `${earlier.reference}: ${EARLIER_TITLE}` })
    const episodes = page.locator('#episodes + ul')
    assert.match(await episodes.innerText(), new RegExp(`Later episode: ${later.reference}, opened`))
    await episodes.getByRole('link', { name: later.reference }).click()
    await verifyOnPage(page, LATER_TITLE, { title: `${later.reference}: ${LATER_TITLE}` })
    await expectNoAxeViolations(page)
  })
})
