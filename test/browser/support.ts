// The browser test layer: the real app on a random port, Debian's chromium driven by playwright-core, axe on
// every page. Each spec file calls startLantern() once and shares that app and browser between its tests.
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { after } from 'node:test'
import { AxeBuilder } from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { DEMO_PASSWORD, testDatabase } from '../helpers.ts'

export { DEMO_PASSWORD }

/** WCAG 2.2 A and AA, as axe tags them. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

// Short enough that a missing element fails the test quickly, long enough for a loaded 2-core machine.
const STEP_TIMEOUT_MS = 10_000

/** For each spec's describe(): a hung step fails the file instead of stalling the run. */
export const SUITE = { timeout: 90_000 }

export interface Lantern {
  /** Where the app listens, like http://127.0.0.1:41234 */
  baseUrl: string
  browser: Browser
  /** A fresh context (its own cookies) and page; closed with everything else after the file. */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/** Starts the app on a fresh copy of the demo-seeded database and launches chromium; both close after the file. */
export async function startLantern(): Promise<Lantern> {
  // Chromium starts while the database loads: together they are most of a spec file's start-up time.
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
  const app = await buildApp({ db: handle.db, config: loadConfig({ LANTERN_DATA_DIR: '/nonexistent' }) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  const contexts: BrowserContext[] = []

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined)
    await browser.close()
    await app.close()
    await app.lantern.audit.drain()
    await handle.close()
  })

  return {
    baseUrl,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, ...options })
      contexts.push(context)
      context.setDefaultTimeout(STEP_TIMEOUT_MS)
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
      return context.newPage()
    },
  }
}

/** Runs axe over the whole page and fails listing each violation's id, impact and the elements it found. */
export async function expectNoAxeViolations(page: Page, label = ''): Promise<void> {
  // options() replaces the whole options object, tags included, so it has to come before withTags().
  const results = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags(WCAG_TAGS).analyze()
  const found = results.violations.map((v) => {
    const targets = v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')
    return `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n${targets}`
  })
  const where = `${page.url()}${label ? ` ${label}` : ''}`
  assert.equal(found.length, 0, `axe found ${found.length} WCAG 2.2 A/AA violation(s) on ${where}:\n${found.join('\n')}`)
}

/**
 * axe is JavaScript, so it cannot run in a page with JavaScript turned off. This copies the page exactly as
 * it stands (server HTML, no script ever ran), removes its scripts, serves it at the same address to a page
 * that can run axe, and checks that.
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page): Promise<void> {
  const browser = page.context().browser()
  assert.ok(browser, 'the page belongs to a launched browser')
  const url = page.url()
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
  const context = await browser.newContext()
  try {
    const copy = await context.newPage()
    await copy.route((u) => u.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }))
    await copy.goto(url)
    assert.equal(await copy.locator('script').count(), 0)
    await expectNoAxeViolations(copy, '(as rendered without JavaScript)')
  } finally {
    await context.close()
  }
}

/** The page object's check that the browser is where the test thinks: the heading and the <title> agree. */
export async function verifyOnPage(page: Page, heading: string, options: { error?: boolean; title?: string } = {}): Promise<void> {
  assert.equal((await page.locator('h1').innerText()).trim(), heading, `expected the page headed "${heading}" at ${page.url()}`)
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
  for (const link of await links.all()) out.push({ text: (await link.innerText()).trim(), href: (await link.getAttribute('href')) ?? '' })
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
  assert.deepEqual(links.map((l) => l.href), fields.map((f) => `#${f}`))
  for (const [index, field] of fields.entries()) {
    const link = links[index]
    assert.ok(link)
    const message = (await page.locator(`#${field}-error`).innerText()).replace(/\s+/g, ' ').trim()
    assert.equal(message, `Error: ${link.text}`, `the message beside "${field}" matches the summary`)
    await summary.locator(`a[href="#${field}"]`).click()
    assert.equal(await focusedId(page), field, `clicking "${link.text}" focuses #${field}`)
  }
}

/** Signs in through the sign-in page; demo users need no second factor, so this lands on the home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()])
}

/** Signs out with the button in the service navigation; lands on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()])
}

/** Text of the success notification banner, or '' when there is none. */
export async function notificationText(page: Page): Promise<string> {
  const banner = page.locator('.govuk-notification-banner')
  if ((await banner.count()) === 0) return ''
  return (await banner.locator('.govuk-notification-banner__content').innerText()).trim()
}
