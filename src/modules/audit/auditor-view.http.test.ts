import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Agent, apiToken, bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures } from '../../../test/given.ts'
import type { AuditRow } from '../../../test/types.ts'

// The auditor's view (issue 11, point 9): the log in plain English naming the record, newest first, by child or by
// user across cases, filtered by who, what, when and outcome, downloaded as CSV, and itself audited.

const { app, clock } = await testApp()
const given = fixtures(app)
const auditorToken = await apiToken(app, 'auditor@partnership.example')
const auditor = await given.agent('auditor@partnership.example')

async function api(query: string, token = auditorToken) {
  const r = await app.inject({ url: `/api/v1/audit?${query}`, headers: bearer(token) })
  assert.equal(r.statusCode, 200, r.body)
  return { rows: r.json<AuditRow[]>(), headers: r.headers }
}

/** The text of each row of the page's table, as someone reads it. */
async function tableRows(url: string): Promise<string[]> {
  const r = await auditor.get(url)
  assert.equal(r.statusCode, 200, r.body.slice(0, 500))
  const $ = page(r)
  return $('tbody tr')
    .map((_, row) => $(row).text().replace(/\s+/g, ' ').trim())
    .get()
}

describe('each row in plain English', () => {
  it('names the case and its child, in UK time, on the page and in the API', async () => {
    const { child, kase } = await given.childInCase()
    clock.set('2026-07-01T13:15:00Z')
    const sw = await given.agent('sw@csc.example')
    assert.equal((await sw.get(`/cases/${kase.id}/chronology`)).statusCode, 200)
    clock.set('2026-11-25T09:00:00Z')
    const named = `Read the chronology of case ${kase.reference} (${child.givenName} ${child.familyName})`
    const rows = await tableRows(`/audit?personId=${child.id}`)
    const row = rows.find(r => r.includes(named))
    assert.ok(row, `no row reads “${named}” among ${rows.join('\n')}`)
    // British Summer Time: 13:15 UTC is 2:15pm in England.
    assert.match(row, /^1 July 2026 at 2:15pm Sam Caseworth/)
    assert.match(row, /Northshire Children's Social Care .* Done$/)
    const { rows: fromApi } = await api(`personId=${child.id}&action=case.chronology`)
    assert.equal(fromApi.at(-1)?.description, named)
  })

  it('says what was refused, naming the record', async () => {
    const { kase } = await given.childInCase()
    const dc = await given.apiToken('dc@police.example')
    const r = await app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${kase.id}`,
      headers: bearer(dc),
      payload: { version: kase.version, leadUserId: await given.userId('dc@police.example') },
    })
    assert.equal(r.statusCode, 403)
    const rows = await tableRows(`/audit?activity=caseChange&outcome=denied`)
    assert.ok(
      rows.some(
        x => x.includes(`Refused: changed the lead practitioner of case ${kase.reference}`) && x.endsWith('Refused'),
      ),
      rows.join('\n'),
    )
  })

  it('shows the newest first', async () => {
    const first = await given.person()
    const second = await given.person()
    const rows = await tableRows(`/audit?activity=personChange`)
    const at = (p: { givenName: string; familyName: string }) =>
      rows.findIndex(r => r.includes(`Recorded ${p.givenName} ${p.familyName}`))
    assert.ok(at(second) >= 0 && at(second) < at(first), rows.join('\n'))
  })
})

describe('a child’s audit', () => {
  it('holds reads of their record, their cases, concerns about them and searches that found them, and no one else’s', async () => {
    const { child, kase } = await given.childInCase()
    const other = await given.childInCase()
    const concern = await given.concern({ child })
    const mash = await given.agent('mash@csc.example')
    await mash.get(`/people/${child.id}`)
    await mash.get(`/concerns/${concern.id}`)
    await mash.get(`/people?q=${encodeURIComponent(`${child.givenName} ${child.familyName}`)}`)
    const sw = await given.agent('sw@csc.example')
    await sw.get(`/cases/${kase.id}`)
    await sw.get(`/cases/${other.kase.id}`)
    const rows = (await tableRows(`/audit?personId=${child.id}`)).join('\n')
    const name = `${child.givenName} ${child.familyName}`
    assert.match(rows, new RegExp(`Read the record of ${name}`))
    assert.match(rows, new RegExp(`Read the concern about ${name}`))
    assert.match(rows, new RegExp(`Recorded a concern about ${name}`))
    assert.match(rows, new RegExp(`Searched for “${name}” \\(found 1 person\\)`))
    assert.match(rows, new RegExp(`Read case ${kase.reference} \\(${name}\\)`))
    assert.doesNotMatch(rows, new RegExp(other.kase.reference))
  })

  it('is reached from the rows that name them, and titled with their name', async () => {
    const child = await given.child()
    await (await given.agent('sw@csc.example')).get(`/people/${child.id}`)
    const r = await auditor.get(`/audit?activity=personRead`)
    const link = page(r)(`a[href="/audit?personId=${child.id}"]`)
    assert.equal(link.first().text().trim(), `Audit of ${child.givenName} ${child.familyName}`)
    const theirs = await auditor.get(`/audit?personId=${child.id}`)
    assert.equal(page(theirs)('h1').text().trim(), `Audit of ${child.givenName} ${child.familyName}`)
  })
})

describe('filters', () => {
  it('narrow by who, what and outcome, and keep them on every page link and the download', async () => {
    const user = await given.user('social_worker')
    const agent = await given.agent(user)
    for (let i = 0; i < 3; i++) await agent.get(`/people/${(await given.child({}, user)).id}`)
    const r = await auditor.get(`/audit?userId=${user.id}&activity=personRead&outcome=ok`)
    const $ = page(r)
    const rows = $('tbody tr')
    assert.equal(rows.length, 3)
    rows.each((_, row) => {
      assert.match($(row).text(), new RegExp(`${user.displayName}[\\s\\S]*Read the record of`))
    })
    assert.equal($('#userId option[selected]').attr('value'), user.id)
    assert.equal($('#activity option[selected]').attr('value'), 'personRead')
    assert.equal($('#outcome option[selected]').attr('value'), 'ok')
    const csv = $('a[download]').attr('href') ?? ''
    assert.match(csv, new RegExp(`^/audit\\.csv\\?userId=${user.id}&`))
    assert.match(csv, /activity=personRead/)
    assert.match(csv, /outcome=ok/)
  })

  it('narrow by day in England, both days included', async () => {
    const user = await given.user('social_worker')
    const agent = await given.agent(user)
    const child = await given.child({}, user)
    clock.set('2026-10-02T22:30:00Z') // 11:30pm on 2 October in England
    await agent.get(`/people/${child.id}`)
    clock.set('2026-10-03T09:00:00Z')
    await agent.get(`/people/${child.id}`)
    clock.set('2026-11-25T09:00:00Z')
    const day = (from: string, to: string) => {
      const [fy, fm, fd] = from.split('-')
      const [ty, tm, td] = to.split('-')
      return `from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`
    }
    const second = await tableRows(`/audit?userId=${user.id}&activity=personRead&${day('2026-10-02', '2026-10-02')}`)
    assert.equal(second.length, 1)
    assert.match(second[0] ?? '', /^2 October 2026 at 11:30pm/)
    const both = await tableRows(`/audit?userId=${user.id}&activity=personRead&${day('2026-10-02', '2026-10-03')}`)
    assert.equal(both.length, 2)
  })

  it('refuses a date that is not a real one with a 400 naming the box, keeping what was typed', async () => {
    const r = await auditor.get('/audit?from-day=31&from-month=2&from-year=2026')
    assert.equal(r.statusCode, 400)
    const $ = page(r)
    assert.match($('.govuk-error-summary').text(), /From must be a real date/)
    assert.equal($('input[name="from-day"]').attr('value'), '31')
  })
})

describe('the CSV download', () => {
  it('holds the same rows in plain English, with cells a spreadsheet would run made safe', async () => {
    const odd = await given.user('social_worker', { displayName: '=HYPERLINK("http://x.example","click")' })
    const agent = await given.agent(odd)
    const child = await given.child({}, odd)
    await agent.get(`/people/${child.id}`)
    const r = await auditor.get(`/audit.csv?userId=${odd.id}&activity=personRead`)
    assert.equal(r.statusCode, 200)
    assert.match(String(r.headers['content-type']), /^text\/csv/)
    assert.equal(r.headers['content-disposition'], 'attachment; filename="audit-2026-11-25.csv"')
    assert.equal(r.headers['cache-control'], 'no-store')
    const lines = r.body.trimEnd().split('\r\n')
    assert.equal(lines[0], 'When (UK time),When (ISO 8601),Who,Email,Agency,What,Outcome,From address')
    assert.equal(lines.length, 2, r.body)
    assert.ok(lines[1]?.startsWith('25 November 2026 at 9:00am,2026-11-25T09:00:00.000Z,"\'=HYPERLINK(""http'))
    assert.match(lines[1] ?? '', new RegExp(`Read the record of ${child.givenName} ${child.familyName},Done,`))
  })

  it('is audited as a download of the log, with the filter asked', async () => {
    const user = await given.user('social_worker')
    await auditor.get(`/audit.csv?userId=${user.id}`)
    const { rows } = await api('action=audit.export&order=newest&limit=1')
    assert.equal(rows[0]?.email, 'auditor@partnership.example')
    assert.equal((rows[0].detail as { filter: { userId: string } }).filter.userId, user.id)
  })
})

describe('who may read the audit', () => {
  it('is the auditor alone: anyone else is refused the page, the download and the API, and the refusal is audited', async () => {
    const pm = await given.agent('pm@partnership.example')
    assert.equal((await pm.get('/audit')).statusCode, 403)
    assert.equal((await pm.get('/audit.csv')).statusCode, 403)
    const sw = await given.apiToken('sw@csc.example')
    assert.equal((await app.inject({ url: '/api/v1/audit', headers: bearer(sw) })).statusCode, 403)
    const { rows } = await api('action=audit.&outcome=denied&order=newest&limit=3')
    assert.deepEqual(
      rows.map(r => [r.action, r.email]),
      [
        ['audit.search', 'sw@csc.example'],
        ['audit.export', 'pm@partnership.example'],
        ['audit.search', 'pm@partnership.example'],
      ],
    )
  })

  it('records every reading of the log, with what was asked', async () => {
    const child = await given.child()
    await auditor.get(`/audit?personId=${child.id}&activity=personRead`)
    const { rows } = await api('action=audit.search&order=newest&limit=2')
    const read = rows.find(r => (r.detail as { filter: { personId?: string } }).filter.personId === child.id)
    assert.ok(read, JSON.stringify(rows))
    assert.equal((read.detail as { filter: { group: string } }).filter.group, 'personRead')
  })

  it('offers the audit log in the header to auditors only', async () => {
    const nav = async (agent: Agent) => page(await agent.get('/'))('.govuk-service-navigation a[href="/audit"]').length
    assert.equal(await nav(auditor), 1)
    assert.equal(await nav(await given.agent('pm@partnership.example')), 0)
    assert.equal(await nav(await given.agent('sw@csc.example')), 0)
  })
})

describe('the API', () => {
  it('pages newest first by cursor, and says where the next page starts', async () => {
    const user = await given.user('social_worker')
    const agent = await given.agent(user)
    for (let i = 0; i < 3; i++) await agent.get(`/people/${(await given.child({}, user)).id}`)
    const query = `userId=${user.id}&activity=personRead&order=newest&limit=2`
    const first = await api(query)
    assert.equal(first.rows.length, 2)
    assert.ok((first.rows[0]?.seq ?? 0) > (first.rows[1]?.seq ?? 0))
    const cursor = first.headers['x-next-cursor']
    assert.equal(cursor, String(first.rows[1]?.seq))
    const second = await api(`${query}&cursor=${cursor}`)
    assert.equal(second.rows.length, 1)
    assert.ok((second.rows[0]?.seq ?? 0) < (first.rows[1]?.seq ?? 0))
    assert.equal(second.headers['x-next-cursor'], undefined)
    assert.equal(first.headers['x-total-count'], '3')
  })

  it('refuses a person id that is not one, naming the field', async () => {
    const r = await app.inject({ url: '/api/v1/audit?personId=nope', headers: bearer(auditorToken) })
    assert.equal(r.statusCode, 400)
    assert.ok(r.json<{ error: { fields: Record<string, string> } }>().error.fields.personId)
  })
})
