import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import { after } from 'node:test'
import * as cheerio from 'cheerio'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { buildApp, type AppOptions } from '../src/app.ts'
import { loadConfig, type Config } from '../src/kernel/config.ts'
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts'
import { asSystem } from '../src/db/context.ts'
import { DEMO_PASSWORD } from '../src/seed/demo.ts'

export { DEMO_PASSWORD }

/** Which database the tests run on: embedded unless LANTERN_TEST_DB=server (set by scripts/test.mjs). */
export const TEST_DB: 'embedded' | 'server' = process.env.LANTERN_TEST_DB === 'server' ? 'server' : 'embedded'

/** A new server database copied from the run's template (server mode only); `drop` removes it. */
export async function serverTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL
  const template = process.env.LANTERN_TEST_PG_TEMPLATE
  if (!base || !template) throw new Error('Run the tests with npm test: TEST_DATABASE_URL and a template are needed')
  const name = `${template}_${randomBytes(4).toString('hex')}`
  const admin = await openDatabase({ url: base, poolSize: 1 })
  await asSystem(() => sql`create database ${sql.id(name)} template ${sql.id(template)}`.execute(admin.db))
  await admin.close()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const again = await openDatabase({ url: base, poolSize: 1 })
      // pg's pool.end() resolves before its clients' sockets have closed; forcing the drop while a backend is
      // still saying goodbye sends that client an error nobody listens for any more. Wait for them to go.
      for (let i = 0; i < 50; i++) {
        const { rows } = await asSystem(() =>
          sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(again.db),
        )
        if (rows[0]?.n === 0) break
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      await asSystem(() => sql`drop database if exists ${sql.id(name)} with (force)`.execute(again.db))
      await again.close()
    },
  }
}

/** A fresh copy of the migrated, demo-seeded template, dropped when the test file ends. */
export async function testDatabase(): Promise<DatabaseHandle> {
  if (TEST_DB === 'server') {
    const { url, drop } = await serverTestDatabase()
    const handle = await openDatabase({ url, poolSize: 5 })
    return {
      ...handle,
      close: async () => {
        await handle.close()
        await drop()
      },
    }
  }
  const file = process.env.LANTERN_TEST_TEMPLATE
  if (!file) throw new Error('Run the tests with npm test: it prepares the template database')
  const dump = new Blob([await fs.readFile(file)])
  return openDatabase({ loadDataDir: dump })
}

export interface TestClock {
  (): Date
  set(iso: string): void
  advance(ms: number): void
}

/** A frozen clock the test moves deliberately. */
export function testClock(start = '2026-11-25T09:00:00.000Z'): TestClock {
  let now = new Date(start)
  const clock = (() => new Date(now)) as TestClock
  clock.set = iso => (now = new Date(iso))
  clock.advance = ms => (now = new Date(now.getTime() + ms))
  return clock
}

export interface TestApp {
  app: FastifyInstance
  handle: DatabaseHandle
  clock: TestClock
  config: Config
}

/** The real app on a fresh database; closed after the file's tests. */
export async function testApp(
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'safeguards'> = {},
): Promise<TestApp> {
  const handle = await testDatabase()
  const clock = testClock()
  const config = loadConfig({ LANTERN_DATA_DIR: '/nonexistent', ...env })
  const app = await buildApp({
    db: handle.db,
    config,
    clock,
    logger: process.env.LANTERN_TEST_LOG ? { level: 'debug' } : false,
    ...options,
  })
  await app.ready()
  after(async () => {
    await app.close()
    await app.lantern.audit.drain()
    await handle.close()
  })
  return { app, handle, clock, config }
}

/** A browser-like client over app.inject: keeps cookies and sends the CSRF token of the last page it saw. */
export class Agent {
  readonly cookies = new Map<string, string>()
  csrf = ''
  last: LightMyRequestResponse | undefined
  /** Where the last form was posted: a check-your-answers page posts back there. */
  lastPost = ''
  /** Each agent is its own client address, as separate browsers would be (sign-in is rate-limited per address). */
  readonly remoteAddress = `127.0.${String(Math.floor(Math.random() * 250))}.${String(Math.floor(Math.random() * 250) + 1)}`
  constructor(readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
    if (token) this.csrf = token
    this.last = response
    return response
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        remoteAddress: this.remoteAddress,
        headers: { cookie: this.cookieHeader() },
      }),
    )
  }

  /**
   * Posts a form as a browser would; pass csrf: null to leave the token out, and headers for what a browser adds
   * of its own (a Referer, an Accept asking for JSON).
   */
  async post(
    url: string,
    fields: Record<string, string | string[]>,
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one)
    const csrf = options.csrf === undefined ? this.csrf : options.csrf
    this.lastPost = url
    if (csrf !== null) body.append('_csrf', csrf)
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        remoteAddress: this.remoteAddress,
        headers: {
          ...options.headers,
          cookie: this.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
        },
      }),
    )
  }

  /**
   * The answers a check-your-answers page (the last page seen) carries in its one form, as its buttons send them:
   * every hidden input but the CSRF token, which post() adds.
   */
  checkedAnswers(): Record<string, string[]> {
    const $ = cheerio.load(this.last?.body ?? '')
    const form = $('button[name="confirmed"]').closest('form')
    if (!form.length) throw new Error(`Not a check-your-answers page (${String(this.last?.statusCode)})`)
    const fields: Record<string, string[]> = {}
    form.find('input[type="hidden"]').each((_i, el) => {
      const name = $(el).attr('name') ?? ''
      if (name !== '_csrf') (fields[name] ??= []).push($(el).attr('value') ?? '')
    })
    return fields
  }

  /** Presses the confirm button of the check-your-answers page just seen (with `extra`: a tick, say). */
  async confirm(extra: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    return this.post(this.lastPost, { ...this.checkedAnswers(), confirmed: 'yes', ...extra })
  }

  /** Posts a form that goes through check your answers, and confirms them when that page comes back. */
  async postConfirmed(
    url: string,
    fields: Record<string, string | string[]>,
    extra: Record<string, string | string[]> = {},
  ): Promise<LightMyRequestResponse> {
    const checking = await this.post(url, fields)
    if (checking.statusCode !== 200 || !checking.body.includes('name="confirmed"')) return checking
    return this.confirm(extra)
  }

  /** Signs in through the sign-in page (demo users need no second factor). */
  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/sign-in')
    return this.post('/sign-in', { email, password })
  }
}

export function page(response: LightMyRequestResponse): cheerio.CheerioAPI {
  return cheerio.load(response.body)
}

/** A short-lived API token for a demo user, through the API itself. */
export async function apiToken(app: FastifyInstance, email: string): Promise<string> {
  // Each call comes from its own address: token requests are rate-limited per address, as sign-in is.
  const remoteAddress = `127.1.${String(Math.floor(Math.random() * 250))}.${String(Math.floor(Math.random() * 250) + 1)}`
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/token',
    payload: { email, password: DEMO_PASSWORD },
    remoteAddress,
  })
  if (response.statusCode !== 201) throw new Error(`token for ${email}: ${response.statusCode} ${response.body}`)
  return response.json<{ token: string }>().token
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}

/**
 * The form of a confirmation page (src/web/views/confirm.njk) as its button would send it: where it posts and every
 * hidden field (the answers carried, and the confirmation marker), without the CSRF token the agent adds.
 */
export function confirmationForm(response: LightMyRequestResponse): {
  action: string
  fields: Record<string, string | string[]>
} {
  const $ = page(response)
  const form = $('form:has(input[name="confirmed"])')
  if (form.length !== 1) throw new Error(`No confirmation page: ${$('h1').text()}`)
  const fields: Record<string, string | string[]> = {}
  for (const input of form.find('input[type="hidden"]').toArray()) {
    const name = $(input).attr('name') ?? ''
    const value = $(input).attr('value') ?? ''
    if (name === '_csrf') continue
    const before = fields[name]
    fields[name] = before === undefined ? value : ([] as string[]).concat(before, value)
  }
  return { action: form.attr('action') ?? '', fields }
}
