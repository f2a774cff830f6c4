import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asPartnership } from '../../src/db/context.ts'
import { addUser } from '../../src/modules/directory/index.ts'
import { apiToken, bearer, DEMO_PASSWORD } from '../helpers.ts'
import {
  expectNoAxeViolations,
  expectNoAxeViolationsWithoutJavaScript,
  notificationText,
  signIn,
  SUITE,
  startLantern,
  verifyOnPage,
} from './support.ts'

const lantern = await startLantern()

/**
 * A new police investigator (an obviously invented name) whom Sam Caseworth, the demo social worker, adds to the
 * teams of `cases` new cases, through the API: each addition is a notification for them.
 */
async function investigatorOnCases(email: string, cases: number): Promise<{ ids: string[]; references: string[] }> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
      id: string
      reference: string
    }>()
  const me = (await lantern.app.inject({ url: '/api/v1/me', headers: bearer(sw) })).json<{
    partnership: { id: string }
  }>()
  const agencies = (await lantern.app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
    { id: string; kind: string }[]
  >()
  const police = agencies.find(a => a.kind === 'police')?.id ?? ''
  const userId = await asPartnership(me.partnership.id, () =>
    addUser(lantern.app.lantern.db, {
      partnershipId: me.partnership.id,
      agencyId: police,
      email,
      displayName: email.split('@')[0]?.replace('.', ' ') ?? email,
      password: DEMO_PASSWORD,
      roles: ['police_investigator'],
      mfaExempt: true,
    }),
  )
  const ids: string[] = []
  const references: string[] = []
  for (let n = 0; n < cases; n++) {
    const child = await post('/api/v1/people', {
      givenName: 'Plover',
      familyName: 'Toldworth',
      dateOfBirth: '2016-04-04',
      sex: 'female',
    })
    const kase = await post('/api/v1/cases', { title: 'Told browser test case', childIds: [child.id] })
    await post(`/api/v1/cases/${kase.id}/members`, { userId })
    ids.push(kase.id)
    references.push(kase.reference)
  }
  return { ids, references }
}

describe('a practitioner is told, and marks notifications read', SUITE, () => {
  it('sees the unread count in the header, reads the list, marks one read and opens another', async () => {
    const { references } = await investigatorOnCases('wren.toldworth@police.example', 2)
    const page = await lantern.newPage()
    await signIn(page, 'wren.toldworth@police.example')
    const header = page.getByRole('link', { name: 'Notifications (2 unread)' })
    assert.equal(await header.count(), 1, 'the header counts both')
    await expectNoAxeViolations(page, 'home with unread notifications')

    await header.click()
    await verifyOnPage(page, 'Notifications')
    assert.match(await page.locator('main').innerText(), /2 unread notifications/)
    const items = page.locator('.lantern-notifications__item')
    assert.equal(await items.count(), 2)
    assert.match(await items.first().innerText(), new RegExp(`added you to the team of case ${references[1] ?? ''}`))
    await expectNoAxeViolations(page, 'notifications')

    await items
      .first()
      .getByRole('button', { name: /Mark as read/ })
      .click()
    await page.waitForURL(url => url.search === '?read=one')
    assert.match(await notificationText(page), /Notification marked as read/)
    assert.equal(await page.getByRole('link', { name: 'Notifications (1 unread)' }).count(), 1)
    assert.equal(await page.locator('.lantern-notifications__item--unread').count(), 1)
    await expectNoAxeViolations(page, 'notifications after marking one read')

    await page.locator('.lantern-notifications__item--unread a.govuk-link').click()
    await page.waitForURL(url => url.pathname.startsWith('/cases/'))
    await verifyOnPage(page, 'Told browser test case', { title: `${references[0] ?? ''}: Told browser test case` })
    await page.context().close()
  })

  it('marks all read without JavaScript, and the list reflows at 320 pixels', async () => {
    await investigatorOnCases('teasel.toldby@police.example', 2)
    const page = await lantern.newPage({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } })
    await signIn(page, 'teasel.toldby@police.example')
    await page.getByRole('link', { name: 'Notifications (2 unread)' }).click()
    await verifyOnPage(page, 'Notifications')
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'))
    assert.ok(width <= 320, `no sideways scrolling at 320 px (the page is ${String(width)} px wide)`)
    await expectNoAxeViolationsWithoutJavaScript(page)

    await page.getByRole('button', { name: 'Mark all as read' }).click()
    await page.waitForURL(url => url.search === '?read=all')
    assert.match(await notificationText(page), /Every notification is marked as read/)
    assert.equal(await page.getByRole('link', { name: 'Notifications', exact: true }).count(), 1)
    assert.equal(await page.locator('.lantern-notifications__item--unread').count(), 0)
    assert.equal(await page.getByRole('button', { name: 'Mark all as read' }).count(), 0)
    await expectNoAxeViolationsWithoutJavaScript(page)
    await page.context().close()
  })
})
