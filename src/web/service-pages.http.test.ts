import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Agent, page, testApp } from '../../test/helpers.ts'
import { fixtures } from '../../test/given.ts'

// The pages the footer links to answer anyone, signed in or not, and every page carries the footer.

const { app, config } = await testApp()
const given = fixtures(app)

const PAGES = [
  { url: '/accessibility', heading: 'Accessibility statement for Lantern', link: 'Accessibility statement' },
  { url: '/privacy', heading: 'Privacy notice', link: 'Privacy notice' },
  { url: '/cookies', heading: 'Cookies', link: 'Cookies' },
  { url: '/help', heading: 'Help and contact', link: 'Help and contact' },
] as const

/** The footer's links, as text and address, in order. */
function footerLinks(html: string): { text: string; href: string }[] {
  const $ = page({ body: html } as Parameters<typeof page>[0])
  return $('footer .govuk-footer__inline-list a')
    .toArray()
    .map(a => ({ text: $(a).text().trim(), href: $(a).attr('href') ?? '' }))
}

const FOOTER = PAGES.map(p => ({ text: p.link, href: p.url }))

describe('service pages: accessibility, privacy, cookies, help', () => {
  for (const { url, heading } of PAGES) {
    it(`answers ${url} to someone not signed in`, async () => {
      const response = await new Agent(app).get(url)
      assert.equal(response.statusCode, 200)
      const $ = page(response)
      assert.equal($('h1').text().trim(), heading)
      assert.equal($('title').text(), `${heading} – Lantern`)
      assert.equal($('.lantern-user').length, 0, 'nobody is signed in')
      assert.deepEqual(footerLinks(response.body), FOOTER)
    })

    it(`answers ${url} to someone signed in, with their name in the header`, async () => {
      const worker = await given.user('social_worker')
      const response = await (await given.agent(worker)).get(url)
      assert.equal(response.statusCode, 200)
      const $ = page(response)
      assert.equal($('h1').text().trim(), heading)
      assert.match($('header .lantern-user').text(), new RegExp(`Signed in as ${worker.displayName}`))
    })
  }

  it('lets someone part-way through signing in, who cannot get a security code, read the help page', async () => {
    const worker = await given.user('social_worker', { mfaExempt: false })
    const agent = new Agent(app)
    const signIn = await agent.signIn(worker.email, worker.password)
    assert.equal(signIn.headers.location, '/sign-in/set-up-authenticator')
    assert.equal((await agent.get('/')).statusCode, 303, 'the rest of the service waits for the second factor')
    const help = await agent.get('/help')
    assert.equal(help.statusCode, 200)
    assert.match(page(help)('h1').text(), /Help and contact/)
  })

  it('puts the footer links on the sign-in page and on a signed-in page', async () => {
    assert.deepEqual(footerLinks((await new Agent(app).get('/sign-in')).body), FOOTER)
    const home = await (await given.agent(await given.user('social_worker'))).get('/')
    assert.equal(home.statusCode, 200)
    assert.deepEqual(footerLinks(home.body), FOOTER)
  })

  it('lists on the cookies page every cookie signing in and sending a form sets, none kept after the browser closes', async () => {
    const agent = new Agent(app)
    const set = new Map<string, { maxAge?: number; expires?: Date }>()
    const remember = (response: Awaited<ReturnType<Agent['get']>>) => {
      for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[])
        if (c.value !== '') set.set(c.name, c)
    }
    remember(await agent.get('/sign-in'))
    remember(await agent.signIn('sw@csc.example'))
    remember(await agent.get('/account/password'))
    remember(await agent.post('/account/password', {}))
    assert.ok(set.size >= 2, `cookies set: ${[...set.keys()].join(', ')}`)

    const $ = page(await agent.get('/cookies'))
    const listed = $('main h3')
      .toArray()
      .map(h => $(h).text().trim())
    assert.deepEqual(listed.toSorted(), [...set.keys()].toSorted())
    for (const [name, cookie] of set) {
      assert.equal(cookie.maxAge, undefined, `${name} has no Max-Age`)
      assert.equal(cookie.expires, undefined, `${name} has no Expires`)
    }
    const expires = $('main .govuk-summary-list__row')
      .toArray()
      .filter(row => $(row).find('dt').text().trim() === 'Expires')
      .map(row => $(row).find('dd').text().trim())
    assert.equal(expires.length, set.size)
    for (const text of expires) assert.match(text, /^When you close your browser/)
    const session = `after ${String(config.session.idleMinutes)} minutes without use, ${String(config.session.absoluteHours)} hours after you signed in`
    assert.ok(
      expires.some(text => text.includes(session)),
      'the session limits come from the configuration',
    )
  })

  it('says in the accessibility statement how long a session lasts without use', async () => {
    const response = await new Agent(app).get('/accessibility')
    assert.match(
      page(response)('main').text().replace(/\s+/g, ' '),
      new RegExp(`ends ${String(config.session.idleMinutes)} minutes after you last saved or opened a page`),
    )
  })
})
