// The browser test layer: the real app on a random port, Debian's chromium driven by playwright-core, axe on
// every page. Each spec file calls startLantern() once and shares that app and browser between its tests.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after } from 'node:test'
import { AxeBuilder } from '@axe-core/playwright'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
import { buildApp, type AppOptions } from '../../src/app.ts'
import { loadConfig } from '../../src/kernel/config.ts'
import { DEMO_PASSWORD, testDatabase } from '../helpers.ts'

export { DEMO_PASSWORD }

/** WCAG 2.2 A and AA, as axe tags them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

// Short enough that a missing element fails the test quickly, long enough for a loaded 2-core machine.
const STEP_TIMEOUT_MS = 10_000

/** For each spec's describe(): a hung step fails the file instead of stalling the run. */
export const SUITE = { timeout: 90_000 }

export interface Lantern {
  /** Where the app listens, like http://127.0.0.1:41234 */
  baseUrl: string
  /** The app itself, for setting up through its API what a test needs before the browser arrives. */
  app: FastifyInstance
  browser: Browser
  /** A fresh context (its own cookies) and page; closed with the browser after the file. */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/**
 * Starts the app on a fresh copy of the demo-seeded database (with the safeguard rules given, else the real ones)
 * and launches chromium; both close after the file.
 */
export async function startLantern(options: Pick<AppOptions, 'safeguards' | 'clock'> = {}): Promise<Lantern> {
  // Chromium starts while the database loads.
  const [opened, launched] = await Promise.allSettled([
    testDatabase(),
    chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS }),
  ])
  if (launched.status === 'rejected') {
    if (opened.status === 'fulfilled') await opened.value.close()
    throw launched.reason
  }
  if (opened.status === 'rejected') {
    await launched.value.close()
    throw opened.reason
  }
  const handle = opened.value
  const browser = launched.value
  const started: { app?: FastifyInstance } = {}

  // Registered before the app is built, and each step runs even if one before it failed: a browser or
  // database left open keeps the test file from ending.
  after(async () => {
    try {
      await browser.close()
    } finally {
      try {
        await started.app?.close()
        await started.app?.lantern.audit.drain()
      } finally {
        await handle.close()
      }
    }
  })

  const app = await buildApp({ db: handle.db, config: loadConfig({ LANTERN_DATA_DIR: '/nonexistent' }), ...options })
  started.app = app
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`

  return {
    baseUrl,
    app,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, ...options })
      context.setDefaultTimeout(STEP_TIMEOUT_MS)
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
      return context.newPage()
    },
  }
}

/** Runs axe over the whole page and fails listing each violation's id, impact and the elements it found. */
export async function expectNoAxeViolations(page: Page, label = ''): Promise<void> {
  // options() replaces the whole options object, tags included, so it has to come before withTags(). Legacy
  // mode runs axe.run() in the page instead of opening a blank page for each check, which halves the time;
  // all it gives up is cross-origin frames, which Lantern's CSP (default-src 'self') never loads.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_TAGS)
    .setLegacyMode()
    .analyze()
  const found = results.violations.map(v => {
    const targets = v.nodes.map(n => `    ${n.target.join(' ')}`).join('\n')
    return `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n${targets}`
  })
  const where = `${page.url()}${label ? ` ${label}` : ''}`
  assert.equal(
    found.length,
    0,
    `axe found ${found.length} WCAG 2.2 A/AA violation(s) on ${where}:\n${found.join('\n')}`,
  )
}

/**
 * axe's `region` rule (a best practice, not a WCAG tag, so expectNoAxeViolations does not run it): every piece of
 * the page is inside a landmark, so someone moving by landmarks with a screen reader misses nothing.
 */
export async function expectEverythingInALandmark(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withRules(['region'])
    .setLegacyMode()
    .analyze()
  const outside = results.violations.flatMap(v => v.nodes.map(n => `    ${n.target.join(' ')}: ${n.html}`))
  assert.equal(outside.length, 0, `content outside any landmark on ${page.url()}:\n${outside.join('\n')}`)
}

// One page per browser to run axe over copies of pages that had JavaScript off.
const checkers = new WeakMap<Browser, Page>()

/**
 * axe is JavaScript, so it cannot run in a page with JavaScript turned off. This copies the page exactly as
 * it stands (server HTML, no script ever ran), removes its scripts, serves it at the same address to a page
 * that can run axe, and checks that.
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page): Promise<void> {
  const browser = page.context().browser()
  assert.ok(browser, 'the page belongs to a launched browser')
  let checker = checkers.get(browser)
  if (!checker) {
    checker = await (await browser.newContext()).newPage()
    checkers.set(browser, checker)
  }
  // A request's address never carries the fragment (after a redirect to `...#team`, say), so match without it.
  const url = page.url().split('#')[0] ?? ''
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
  const isThePage = (u: URL) => u.href === url
  await checker.route(isThePage, route =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  )
  try {
    await checker.goto(url)
    assert.equal(await checker.locator('script').count(), 0)
    await expectNoAxeViolations(checker, '(as rendered without JavaScript)')
  } finally {
    await checker.unroute(isThePage)
  }
}

/** The page object's check that the browser is where the test thinks: the heading and the <title> agree. */
export async function verifyOnPage(
  page: Page,
  heading: string,
  options: { error?: boolean; title?: string } = {},
): Promise<void> {
  assert.equal(
    (await page.locator('h1').innerText()).trim(),
    heading,
    `expected the page headed "${heading}" at ${page.url()}`,
  )
  const title = `${options.error ? 'Error: ' : ''}${options.title ?? heading} – Lantern`
  assert.equal(await page.title(), title)
}

/** The id of the element that has focus, or '' when nothing with an id has it. */
export async function focusedId(page: Page): Promise<string> {
  const focused = page.locator(':focus')
  if ((await focused.count()) === 0) return ''
  return (await focused.first().getAttribute('id')) ?? ''
}

/** The error summary's links as the page shows them, in order. */
export async function errorSummaryLinks(page: Page): Promise<{ text: string; href: string }[]> {
  const links = page.locator('.govuk-error-summary__list a')
  const out: { text: string; href: string }[] = []
  for (const link of await links.all())
    out.push({ text: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' })
  return out
}

/**
 * Checks the error state of a form page: the summary says "There is a problem" and lists exactly `fields`
 * (in order), each field shows its own message, and clicking each link moves focus to that field.
 */
export async function expectErrorSummaryFocusesFields(page: Page, fields: string[]): Promise<void> {
  const summary = page.locator('.govuk-error-summary')
  assert.equal((await summary.locator('.govuk-error-summary__title').innerText()).trim(), 'There is a problem')
  const links = await errorSummaryLinks(page)
  assert.deepEqual(
    links.map(l => l.href),
    fields.map(f => `#${f}`),
  )
  for (const [index, field] of fields.entries()) {
    const link = links[index]
    assert.ok(link)
    const message = (await page.locator(`#${field}-error`).innerText()).replace(/\s+/g, ' ').trim()
    assert.equal(message, `Error: ${link.text}`, `the message beside "${field}" matches the summary`)
    await summary.locator(`a[href="#${field}"]`).click()
    assert.equal(await focusedId(page), field, `clicking "${link.text}" focuses #${field}`)
  }
}

/**
 * Signs in through the sign-in page. Demo users need no second factor, so by default this waits for the home
 * page; pass `landsOn` for a user who goes on to a second-factor page.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, landsOn = '/'): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([
    page.waitForURL(url => url.pathname === landsOn),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** Signs out with the button in the service navigation; lands on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([
    page.waitForURL(url => url.pathname === '/sign-in'),
    page.getByRole('button', { name: 'Sign out' }).click(),
  ])
}

/** Text of the success notification banner, or '' when there is none. */
export async function notificationText(page: Page): Promise<string> {
  const banner = page.locator('.govuk-notification-banner')
  if ((await banner.count()) === 0) return ''
  return (await banner.locator('.govuk-notification-banner__content').innerText()).trim()
}

/**
 * Follows a link or presses a button from the keyboard (focus, then Enter), as someone without a mouse would, and
 * waits for the page it leads to (the address `until` accepts, or the next load).
 */
export async function pressEnter(page: Page, target: Locator, until?: (url: URL) => boolean): Promise<void> {
  await target.focus()
  // Always the next navigation of the page first: waiting for the load state alone would find the page already
  // loaded, and an address the page is already at (a form posting to where it is) would match at once; either
  // races ahead of the Enter. Then, if asked, the address it must end at.
  const navigated = page.waitForEvent('framenavigated', { predicate: frame => frame === page.mainFrame() })
  await Promise.all([navigated, page.keyboard.press('Enter')])
  if (until) await page.waitForURL(until)
  await page.waitForLoadState()
}

/**
 * Check your answers (issue 11): the page a form's "Continue" leads to before anything is saved. Checks it is that
 * page, passes axe and says `expect` (each a pattern its main content must match), then presses its confirm
 * button (`confirm`, as the page words it), which must lead where `to` says.
 */
export async function confirmAnswers(
  page: Page,
  heading: string,
  confirm: string,
  to: (url: URL) => boolean,
  expect: RegExp[] = [],
): Promise<void> {
  await verifyOnPage(page, heading)
  const main = await page.locator('main').innerText()
  for (const pattern of expect) assert.match(main, pattern)
  await expectNoAxeViolations(page, '(check your answers)')
  await Promise.all([page.waitForURL(to), page.getByRole('button', { name: confirm }).click()])
}
