import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type TestUser } from '../../../test/given.ts'
import type { CaseBody, ErrorBody } from '../../../test/types.ts'

// Adding someone to a case who is not in any of its children's households: the add pages' own person search,
// audited and limited as /people's is, offering only people the practitioner may read in full.

// A low limit, so the test of it is short; every other test searches as a practitioner of its own.
const { app, handle } = await testApp({ LANTERN_SEARCHES_PER_MINUTE: '3' })
const db = handle.db
const given = fixtures(app)

/** A social worker of the test's own (so no other test's searches count against them), with a case they lead. */
async function worker() {
  const user = await given.user('social_worker')
  const { child, kase } = await given.childInCase({ by: user })
  return { user, child, kase, agent: await given.agent(user) }
}

/** One slip: the last two letters of the family name swapped ("Givensworht"). */
const swapped = (name: string) => `${name.slice(0, -2)}${name.slice(-1)}${name.slice(-2, -1)}`

const dateBoxes = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-')
  return `&dateOfBirth-day=${day}&dateOfBirth-month=${month}&dateOfBirth-year=${year}`
}

const rowOf = ($: ReturnType<typeof page>, name: string) =>
  $('table.govuk-table tbody tr').filter((_i, row) => $(row).find('td').first().text().trim() === name)

describe('adding someone found by search, through the pages', () => {
  it('finds a sibling with a slip in the name, with their date of birth and age, and offers to choose them', async () => {
    const { user, kase, agent } = await worker()
    const sister = await given.child({ dateOfBirth: '2014-06-09' }, user)
    const found = await agent.get(
      `/cases/${kase.id}/children/new?q=${encodeURIComponent(`${sister.givenName} ${swapped(sister.familyName)}`)}`,
    )
    assert.equal(found.statusCode, 200, found.body)
    const $ = page(found)
    const row = rowOf($, `${sister.givenName} ${sister.familyName}`)
    assert.equal(row.length, 1, $('main').text())
    const cells = row.find('td')
    assert.equal(cells.eq(1).text().trim(), '9 June 2014')
    assert.equal(cells.eq(2).text().trim(), '12', 'aged 12 on the test clock’s day (25 November 2026)')
    assert.equal(row.find('a').attr('href'), `/cases/${kase.id}/children/new?personId=${sister.id}#personId`)
  })

  it('narrows the search to the date of birth given', async () => {
    const { user, kase, agent } = await worker()
    const older = await given.child({ dateOfBirth: '2012-01-15' }, user)
    const younger = await given.child(
      { givenName: older.givenName, familyName: older.familyName, dateOfBirth: '2019-09-30' },
      user,
    )
    const name = `${older.givenName} ${older.familyName}`
    const both = page(await agent.get(`/cases/${kase.id}/children/new?q=${encodeURIComponent(name)}`))
    assert.equal(rowOf(both, name).length, 2)
    const one = page(
      await agent.get(`/cases/${kase.id}/children/new?q=${encodeURIComponent(name)}${dateBoxes('2019-09-30')}`),
    )
    assert.equal(rowOf(one, name).length, 1)
    assert.match(rowOf(one, name).find('a').attr('href') ?? '', new RegExp(younger.id))
  })

  it('does not offer someone whose full record is not open to the practitioner, and says why', async () => {
    const { kase, agent } = await worker()
    const known = await given.child({}, 'dc@police.example')
    const name = `${known.givenName} ${known.familyName}`
    const $ = page(await agent.get(`/cases/${kase.id}/adults/new?q=${encodeURIComponent(name)}`))
    const row = rowOf($, name)
    assert.equal(row.length, 1)
    assert.equal(row.find('a').length, 0, 'no Choose link')
    assert.match(row.text(), /Known to another agency: their record is not open to you/)
    // Nor is the person offered when their id is put in the address by hand.
    const chosen = page(await agent.get(`/cases/${kase.id}/adults/new?personId=${known.id}`))
    assert.equal(chosen(`input[name="personId"][value="${known.id}"]`).length, 0)
  })

  it('shows someone already on the case as such, not as a choice', async () => {
    const { child, kase, agent } = await worker()
    const name = `${child.givenName} ${child.familyName}`
    const $ = page(await agent.get(`/cases/${kase.id}/children/new?q=${encodeURIComponent(name)}`))
    assert.equal(rowOf($, name).find('a').length, 0)
    assert.match(rowOf($, name).text(), /Already on this case/)
  })

  it('goes on to the role and reason for the person chosen, and adds them', async () => {
    const { user, kase, agent } = await worker()
    const brother = await given.child({ dateOfBirth: '2011-02-02' }, user)
    const form = page(await agent.get(`/cases/${kase.id}/children/new?personId=${brother.id}`))
    const radio = form(`input[name="personId"][value="${brother.id}"]`)
    assert.equal(radio.attr('checked'), 'checked')
    assert.match(form(`#${radio.attr('aria-describedby')?.split(' ')[0] ?? ''}`).text(), /Found by search/)
    assert.equal(form('#personId-hint').text().trim(), 'The person you chose from the search.', 'no household')
    const refused = await agent.post(`/cases/${kase.id}/children`, {
      personId: brother.id,
      reason: 'Disclosed by his sister at school',
      version: String(kase.version),
    })
    assert.equal(refused.statusCode, 400)
    assert.equal(page(refused)('.govuk-error-summary a').attr('href'), '#role')
    assert.equal(page(refused)(`input[name="personId"][value="${brother.id}"]`).attr('checked'), 'checked')
    const added = await agent.post(`/cases/${kase.id}/children`, {
      personId: brother.id,
      role: 'harmed_another_child',
      reason: 'Disclosed by his sister at school',
      version: String(kase.version),
    })
    assert.equal(added.statusCode, 303, added.body)
    const read = await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(await given.apiToken(user)) })
    assert.equal(read.json<CaseBody>().children.find(c => c.id === brother.id)?.role, 'harmed_another_child')
  })

  it('keeps what was typed when the date of birth is not a real date, naming the box', async () => {
    const { kase, agent } = await worker()
    const refused = await agent.get(`/cases/${kase.id}/children/new?q=Teasel${dateBoxes('2016-02-31')}`)
    assert.equal(refused.statusCode, 400)
    const $ = page(refused)
    assert.match($('.govuk-error-summary').text(), /Date of birth must be a real date/)
    assert.equal($('.govuk-error-summary a').attr('href'), '#dateOfBirth-day')
    assert.equal($('#q').val(), 'Teasel')
    assert.equal($('#dateOfBirth-day').val(), '31')
    assert.equal($('#results').length, 0, 'no search was made')
  })

  it('asks for a name when only a date of birth is given', async () => {
    const { kase, agent } = await worker()
    const refused = await agent.get(`/cases/${kase.id}/adults/new?q=${dateBoxes('2016-02-03')}`)
    assert.equal(refused.statusCode, 400)
    assert.equal(page(refused)('.govuk-error-summary a').attr('href'), '#q')
  })

  it('audits each search as people.search, with the terms and whom it found', async () => {
    const { user, kase, agent } = await worker()
    const sister = await given.child({ dateOfBirth: '2015-04-04' }, user)
    const q = `${sister.givenName} ${sister.familyName}`
    await agent.get(`/cases/${kase.id}/children/new?q=${encodeURIComponent(q)}${dateBoxes('2015-04-04')}`)
    await app.lantern.audit.drain()
    const rows = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select('detail')
        .where('action', '=', 'people.search')
        .where('userId', '=', user.id)
        .execute(),
    )
    assert.equal(rows.length, 1)
    const detail = rows[0]?.detail as { terms: Record<string, string>; resultIds: string[] }
    assert.deepEqual(detail.terms, { q, dateOfBirth: '2015-04-04' })
    assert.deepEqual(detail.resultIds, [sister.id])
  })

  it('counts searches on the add pages and /people together against the one limit, and not the empty form', async () => {
    const { kase, agent } = await worker()
    const answers: number[] = []
    for (const url of [
      `/cases/${kase.id}/children/new`,
      `/cases/${kase.id}/children/new?q=Wren`,
      '/people?q=Wren',
      `/cases/${kase.id}/adults/new?q=Wren`,
      `/cases/${kase.id}/children/new?q=Wren`,
      '/people?q=Wren',
    ])
      answers.push((await agent.get(url)).statusCode)
    assert.deepEqual(answers, [200, 200, 200, 200, 429, 429])
    assert.equal((await agent.get(`/cases/${kase.id}/children/new`)).statusCode, 200, 'the form without a search')
  })
})

describe('adding someone through the API by any id', () => {
  async function add(user: TestUser, caseId: string, who: 'children' | 'adults', body: Record<string, unknown>) {
    return app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/${who}`,
      headers: bearer(await given.apiToken(user)),
      payload: { reason: 'Found living at the address', ...body },
    })
  }

  it('refuses an adult whose full record the caller may not read', async () => {
    const { user, kase } = await worker()
    const unseen = await given.adult({}, 'dc@police.example')
    const refused = await add(user, kase.id, 'adults', { personId: unseen.id, role: 'other' })
    assert.equal(refused.statusCode, 403, refused.body)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
  })

  it('refuses a merged record, naming the record kept, and saves nothing', async () => {
    const { user, kase } = await worker()
    const kept = await given.child({ dateOfBirth: '2013-03-13' }, user)
    const twice = await given.child(
      { givenName: kept.givenName, familyName: kept.familyName, dateOfBirth: '2013-03-13' },
      user,
    )
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${twice.id}/merge`,
      headers: bearer(await given.apiToken(user)),
      payload: { intoPersonId: kept.id, reason: 'Same child, recorded twice by two teams' },
    })
    assert.equal(merged.statusCode, 200, merged.body)
    const refused = await add(user, kase.id, 'children', { personId: twice.id })
    assert.equal(refused.statusCode, 400, refused.body)
    assert.match(refused.json<ErrorBody>().error.fields?.personId ?? '', new RegExp(`merged.*${kept.id}`))
    const read = await app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(await given.apiToken(user)) })
    assert.equal(read.json<CaseBody>().children.length, 1)
  })
})
