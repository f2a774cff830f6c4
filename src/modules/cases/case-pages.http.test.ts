import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, confirmationForm, page, testApp, type Agent } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { CaseBody, ChronologyEntry, ErrorBody } from '../../../test/types.ts'

// The case's pages (issue 11, point 7), their confirmations (point 2) and one can(): a page offers only what the
// server will allow this user, and nothing that cannot be taken back happens without a confirmation page.

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

async function api(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

const read = async (kase: { id: string }) =>
  (await api('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}`)).json<CaseBody>()

const memberId = (kase: CaseBody, name: string) => kase.team.find(t => (t.userName ?? t.agencyName) === name)?.id ?? ''

/** A case whose lead is the front door: as a case the front door opened before only social care could. */
async function ledByTheFrontDoor(): Promise<CaseBody> {
  const kase = await given.case({ title: 'Opened at the front door', members: ['mash@csc.example'] })
  const frontDoor = await given.userId('mash@csc.example')
  await asSystem(() => db.updateTable('cases').set({ leadUserId: frontDoor }).where('id', '=', kase.id).execute())
  return read(kase)
}

const text = ($: ReturnType<typeof page>, selector = 'main') => $(selector).text().replace(/\s+/g, ' ')

describe('the case overview', () => {
  it('shows each child with date of birth and age, what is due, and the latest five entries', async () => {
    const child = await given.child({ givenName: 'Wren', familyName: 'Overviewling', dateOfBirth: '2016-03-04' })
    const kase = await given.case({ children: [child], agencies: ['police'] })
    for (const n of [1, 2, 3, 4, 5, 6]) await given.entry(kase, { summary: `Home visit number ${String(n)}` })
    await given.breakGlass(kase, 'po@probation.example')
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/cases/${kase.id}`))
    const row = $('table:has(caption:contains("Children")) tbody tr').first()
    assert.equal(row.find('[data-label="Name"] a').attr('href'), `/people/${child.id}`)
    assert.equal(row.find('[data-label="Date of birth"]').text().trim(), '4 March 2016')
    assert.equal(row.find('[data-label="Age"]').text().trim(), '10')
    assert.equal(row.find('[data-label="In this case"]').text().trim(), 'Child the case is about')
    assert.match(text($, '#due + ul'), /Emergency access for Pat Overseer, Northshire Probation Service, ends today/)
    assert.equal($('#recent ~ .moj-timeline .moj-timeline__item').length, 5)
    assert.match(text($), /The latest 5 of 8 entries/)
    assert.equal($(`a[href="/cases/${kase.id}/chronology"]:contains("See the whole chronology")`).length, 1)
  })

  it('has a sub-navigation with the current page marked, and no Audit for a practitioner', async () => {
    const kase = await given.case()
    const agent = await given.agent('sw@csc.example')
    for (const [path, current] of [
      ['', 'Overview'],
      ['/chronology', 'Chronology'],
      ['/people', 'People'],
      ['/team', 'Team'],
      ['/pathway', 'Pathway'],
      ['/strategy-discussions', 'Pathway'],
      ['/investigations', 'Pathway'],
      ['/health', 'Pathway'],
    ] as const) {
      const $ = page(await agent.get(`/cases/${kase.id}${path}`))
      const nav = $('nav.moj-sub-navigation')
      assert.deepEqual(
        nav
          .find('a')
          .toArray()
          .map(a => $(a).text().trim()),
        ['Overview', 'Pathway', 'Chronology', 'People', 'Team', 'Tasks'],
      )
      assert.equal(nav.find('a[aria-current="page"]').text().trim(), current)
    }
  })
})

describe('closing a case', () => {
  it('asks why on a page of its own, then what will happen, and closes only when confirmed', async () => {
    const kase = await given.case({ title: 'To close' })
    const agent = await given.agent('sw@csc.example')
    const overview = page(await agent.get(`/cases/${kase.id}`))
    assert.equal(overview(`a[href="/cases/${kase.id}/close"]`).text().trim(), 'Close case')
    await agent.get(`/cases/${kase.id}/close`)
    const empty = await agent.post(`/cases/${kase.id}/close`, { reason: '' })
    assert.equal(empty.statusCode, 400)
    assert.equal(page(empty)('.govuk-error-summary a').attr('href'), '#reason')

    const asked = await agent.post(`/cases/${kase.id}/close`, { reason: 'Family moved away; handed to Southvale' })
    assert.equal(asked.statusCode, 200)
    const $ = page(asked)
    assert.equal($('h1').text().trim(), `Close case ${kase.reference}?`)
    assert.match(text($, '.govuk-summary-list'), /Why it is closing Family moved away; handed to Southvale/)
    assert.match(text($), /can reopen it later/)
    assert.equal((await read(kase)).status, 'open', 'nothing happened yet')

    const confirm = confirmationForm(asked)
    assert.deepEqual(confirm.fields, { reason: 'Family moved away; handed to Southvale', confirmed: 'yes' })
    const closed = await agent.post(confirm.action, confirm.fields)
    assert.equal(closed.statusCode, 303)
    assert.equal((await read(kase)).status, 'closed')
  })

  it('is refused to someone who may not close it, before they are asked why', async () => {
    const kase = await given.case({ agencies: ['police'] })
    const officer = await given.agent('dc@police.example')
    assert.equal(page(await officer.get(`/cases/${kase.id}`))(`a[href$="/close"]`).length, 0)
    assert.equal((await officer.get(`/cases/${kase.id}/close`)).statusCode, 403)
  })
})

describe('taking an agency off the team', () => {
  it('asks first, then removes the agency when confirmed', async () => {
    const kase = await given.case({ agencies: ['police'] })
    const agent = await given.agent('sw@csc.example')
    const url = `/cases/${kase.id}/members/${memberId(kase, 'Northshire Police')}/remove`
    const asked = page(await agent.get(url))
    assert.equal(asked('h1').text().trim(), 'Remove Northshire Police from the case team?')
    assert.match(text(asked), /Everyone in Northshire Police who is not on the team by name can no longer open/)
    const unconfirmed = await agent.post(url, {})
    assert.equal(unconfirmed.statusCode, 200)
    assert.ok(
      (await read(kase)).team.some(t => t.agencyName === 'Northshire Police'),
      'not removed yet',
    )
    const confirm = confirmationForm(unconfirmed)
    assert.equal((await agent.post(confirm.action, confirm.fields)).statusCode, 303)
    assert.ok(!(await read(kase)).team.some(t => t.agencyName === 'Northshire Police'))
  })
})

describe('sealing an entry', () => {
  it('says who will and will not see it, and seals it only when confirmed', async () => {
    const kase = await given.case({ members: ['dc@police.example'] })
    const entry: ChronologyEntry = await given.entry(kase, { summary: 'Mother is at a refuge in Lanternfield' })
    const agent = await given.agent('sw@csc.example')
    const url = `/cases/${kase.id}/chronology/${entry.id}/visibility`
    await agent.get(url)
    const dcId = await given.userId('dc@police.example')
    const asked = await agent.post(url, { visibility: 'sealed', sealedFor: [dcId], reason: 'A refuge address' })
    assert.equal(asked.statusCode, 200)
    const $ = page(asked)
    assert.equal($('h1').text().trim(), 'Seal this entry?')
    assert.match(text($), /Only Dana Constable \(Northshire Police\) and you will see this entry\./)
    const before = await api('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/chronology/${entry.id}`)
    assert.equal(before.json<ChronologyEntry>().visibility, 'normal', 'not sealed yet')

    const confirm = confirmationForm(asked)
    assert.deepEqual(confirm.fields.sealedFor, dcId)
    assert.equal((await agent.post(confirm.action, confirm.fields)).statusCode, 303)
    const after = await api('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/chronology/${entry.id}`)
    assert.equal(after.json<ChronologyEntry>().visibility, 'sealed')
  })
})

describe('break-glass', () => {
  it('says what emergency access means and who is told, and grants it only when confirmed', async () => {
    const kase = await given.case()
    const outsider = await given.agent('po@probation.example')
    const url = `/cases/${kase.id}/break-glass`
    await outsider.get(url)
    const asked = await outsider.post(url, { reason: 'Man on licence seen at the school gate' })
    assert.equal(asked.statusCode, 200)
    const $ = page(asked)
    assert.equal($('h1').text().trim(), `Get emergency access to ${kase.reference}?`)
    assert.match(text($), /Sam Caseworth, its lead practitioner, is told at once/)
    assert.match(text($), /until .* \(4 hours\)/)
    assert.equal((await outsider.get(`/cases/${kase.id}`)).statusCode, 403, 'no access yet')

    const confirm = confirmationForm(asked)
    assert.equal((await outsider.post(confirm.action, confirm.fields)).statusCode, 303)
    assert.equal((await outsider.get(`/cases/${kase.id}`)).statusCode, 200)
  })
})

describe('offered only what the server allows', () => {
  /** Every link and form on the case's overview and team pages, by where it leads and what it says. */
  async function caseOffers(agent: Agent, caseId: string) {
    const found: { to: string; says: string }[] = []
    for (const url of [`/cases/${caseId}`, `/cases/${caseId}/team`]) {
      const response = await agent.get(url)
      if (response.statusCode !== 200) continue
      const $ = page(response)
      for (const a of $('main a').toArray()) found.push({ to: $(a).attr('href') ?? '', says: $(a).text() })
      for (const f of $('main form').toArray()) found.push({ to: $(f).attr('action') ?? '', says: $(f).text() })
    }
    return found.map(o => ({ to: o.to, says: o.says.replace(/\s+/g, ' ').trim() }))
  }

  it('does not offer the front door "Change lead practitioner", nor let them change it', async () => {
    const kase = await ledByTheFrontDoor()
    const frontDoor = await given.agent('mash@csc.example')
    const offered = (await caseOffers(frontDoor, kase.id)).filter(o => o.to.endsWith('/lead'))
    assert.deepEqual(offered, [])
    assert.equal((await frontDoor.get(`/cases/${kase.id}/lead`)).statusCode, 403)
  })

  it("does not offer the police removing children's social care, and refuses it", async () => {
    const kase = await given.case({ agencies: ['police'] })
    const officer = await given.agent('dc@police.example')
    const removals = (await caseOffers(officer, kase.id)).filter(o => o.to.endsWith('/remove')).map(o => o.says)
    assert.deepEqual(removals, ['Remove Northshire Police from the case team'], 'only their own agency')
    const social = memberId(kase, "Northshire Children's Social Care")
    assert.equal((await officer.get(`/cases/${kase.id}/members/${social}/remove`)).statusCode, 403)
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/cases/${kase.id}/members/${social}`,
      headers: bearer(await given.apiToken('dc@police.example')),
    })
    assert.equal(deleted.statusCode, 403)
    assert.ok(
      (await read(kase)).team.some(t => t.id === social),
      'still on the team',
    )
  })

  for (const who of ['dc@police.example', 'mash@csc.example', 'nurse@health.example'] as const)
    it(`refuses ${who} opening a case (whoever opens it leads it), saying who may`, async () => {
      const child = await given.child({}, who === 'mash@csc.example' ? 'sw@csc.example' : who)
      const opened = await api(who, 'POST', '/api/v1/cases', { title: 'Ours to lead', childIds: [child.id] })
      assert.equal(opened.statusCode, 403)
      assert.match(
        opened.json<ErrorBody>().error.message,
        /Only a social worker or team manager in children's social care/,
      )
      const agent = await given.agent(who)
      const form = await agent.get(`/cases/new?childId=${child.id}`)
      assert.equal(form.statusCode, 403)
      assert.match(text(page(form)), /Only a social worker or team manager in children's social care can open a case/)
      const person = page(await agent.get(`/people/${child.id}`))
      assert.equal(person(`a[href^="/cases/new"]`).length, 0, 'the child’s page does not offer it')
    })

  it('lets a social worker open a case and lead it', async () => {
    const child = await given.child()
    const opened = await api('sw@csc.example', 'POST', '/api/v1/cases', { title: 'Ours', childIds: [child.id] })
    assert.equal(opened.statusCode, 201)
    assert.equal(opened.json<CaseBody>().leadUserId, await given.userId('sw@csc.example'))
  })
})

describe('every offer on the case pages, for every role', () => {
  /** The links and forms a page offers about this case, in its main content. */
  function offers(html: ReturnType<typeof page>, caseId: string) {
    const links = html('main a[href^="/cases/"]')
      .toArray()
      .map(a => html(a).attr('href') ?? '')
      .filter(href => href.startsWith(`/cases/${caseId}`))
    const forms = html('main form[method="post"]')
      .toArray()
      .map(f => html(f).attr('action') ?? '')
    return { links, forms }
  }

  /** Follows every link and sends every form (empty: nothing is confirmed, nothing chosen) the case pages offer. */
  async function refusedOffers(agent: Agent, caseId: string): Promise<string[]> {
    const refused: string[] = []
    const seen = new Set<string>()
    const pages = [
      `/cases/${caseId}`,
      `/cases/${caseId}/people`,
      `/cases/${caseId}/team`,
      `/cases/${caseId}/chronology`,
    ]
    for (const url of pages) {
      const response = await agent.get(url)
      if (response.statusCode !== 200) continue
      const { links, forms } = offers(page(response), caseId)
      for (const link of links.filter(l => !seen.has(l))) {
        seen.add(link)
        const followed = await agent.get(link)
        if (followed.statusCode === 403 || followed.statusCode === 404)
          refused.push(`GET ${link}: ${String(followed.statusCode)}`)
      }
      for (const action of forms.filter(f => !seen.has(`POST ${f}`))) {
        seen.add(`POST ${action}`)
        await agent.get(url)
        const sent = await agent.post(action, {})
        if (sent.statusCode === 403 || sent.statusCode === 404)
          refused.push(`POST ${action}: ${String(sent.statusCode)}`)
      }
    }
    return refused
  }

  const everyone = [
    'mash@csc.example',
    'sw@csc.example',
    'tm@csc.example',
    'dc@police.example',
    'nurse@health.example',
    'dsl@school.example',
    'po@probation.example',
  ] as const

  for (const who of everyone)
    it(`offers ${who} nothing that is then refused`, async () => {
      const child = await given.child()
      const sister = await given.child()
      const kase = await ledByTheFrontDoor()
      for (const body of [{ personId: child.id }, { personId: sister.id }])
        await api('tm@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, { ...body, reason: 'Same family' })
      for (const kind of ['police', 'health', 'education', 'probation'] as const)
        await api('tm@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, {
          agencyId: await given.agencyId(kind),
        })
      await given.entry(kase, { summary: 'A visit' })
      const agent = await given.agent(who)
      assert.deepEqual(await refusedOffers(agent, kase.id), [])
    })
})
