import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { asPartnership } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import { addAgency } from '../directory/index.ts'
import type { ApiBody, ErrorBody } from '../../../test/types.ts'
import { csvCell } from './csv.ts'

type Lists = ApiBody<'partnershipLists', 200>

const { app, clock } = await testApp()
const given = fixtures(app)

beforeEach(() => {
  clock.set('2026-11-25T09:00:00.000Z')
})

const CSC = "Northshire Children's Social Care"

async function lists(who: Who = 'pm@partnership.example', query = ''): Promise<Lists> {
  const response = await app.inject({
    url: `/api/v1/partnership/lists${query}`,
    headers: bearer(await given.apiToken(who)),
  })
  assert.equal(response.statusCode, 200, response.body)
  return response.json<Lists>()
}

const openCasesOf = (found: Lists, agency: string) => found.openCasesByAgency.find(r => r.agency === agency)?.cases
const concernsOf = (found: Lists, agency: string) => found.concernsByAgency.find(r => r.agency === agency)?.concerns

describe('the partnership’s lists', () => {
  it('counts open cases by the lead’s agency', async () => {
    const before = openCasesOf(await lists(), CSC) ?? 0
    await given.childInCase()
    assert.equal(openCasesOf(await lists(), CSC), before + 1)
  })

  it('counts referrals by decision, awaiting ones first', async () => {
    const before = await lists()
    await given.concern()
    const [awaiting] = (await lists()).referralsByDecision
    assert.ok(awaiting)
    assert.equal(awaiting.decision, null)
    assert.equal(awaiting.referrals, (before.referralsByDecision[0]?.referrals ?? 0) + 1)
  })

  it('counts concerns by recording agency within the period, both days included', async () => {
    const school = 'Lanternfield Primary School'
    const inPeriod = '?from=2026-11-25&to=2026-11-25'
    const later = '?from=2026-11-26'
    const [before, laterBefore] = [
      await lists('auditor@partnership.example', inPeriod),
      await lists('pm@partnership.example', later),
    ]
    await given.concern()
    assert.equal(
      concernsOf(await lists('auditor@partnership.example', inPeriod), school),
      (concernsOf(before, school) ?? 0) + 1,
    )
    assert.equal(concernsOf(await lists('pm@partnership.example', later), school), concernsOf(laterBefore, school))
  })

  it('shows the three tables on a page naming no child', async () => {
    const { child } = await given.childInCase()
    await given.concern({ child })
    const response = await (await given.agent('pm@partnership.example')).get('/partnership/lists')
    assert.equal(response.statusCode, 200)
    const $ = page(response)
    assert.equal($('table').length, 3)
    assert.equal($('a[download]').length, 3)
    assert.ok(!response.body.includes(child.familyName))
  })

  it('refuses a period that ends before it starts, naming the field and keeping what was typed (422)', async () => {
    const agent = await given.agent('pm@partnership.example')
    const response = await agent.get(
      '/partnership/lists?from-day=10&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026',
    )
    assert.equal(response.statusCode, 422)
    const $ = page(response)
    assert.match($('.govuk-error-summary').text(), /To must be the same as or after from/)
    assert.equal($('#to-day').val(), '1')
    assert.equal($('#from-day').val(), '10')
  })

  it('refuses a period the API cannot read, naming the field', async () => {
    const response = await app.inject({
      url: '/api/v1/partnership/lists?from=2026-02-30',
      headers: bearer(await given.apiToken('pm@partnership.example')),
    })
    assert.equal(response.statusCode, 400)
    assert.ok(response.json<ErrorBody>().error.fields?.from)
  })

  it('refuses the lists to practitioners (403)', async () => {
    const response = await app.inject({
      url: '/api/v1/partnership/lists',
      headers: bearer(await given.apiToken('sw@csc.example')),
    })
    assert.equal(response.statusCode, 403)
    const agent = await given.agent('sw@csc.example')
    assert.equal((await agent.get('/partnership/lists')).statusCode, 403)
    assert.equal((await agent.get('/partnership/lists/open-cases-by-agency.csv')).statusCode, 403)
  })
})

describe('the lists as CSV', () => {
  it('downloads open cases by agency as a named CSV file', async () => {
    const agent = await given.agent('auditor@partnership.example')
    const response = await agent.get('/partnership/lists/open-cases-by-agency.csv')
    assert.equal(response.statusCode, 200)
    assert.match(String(response.headers['content-type']), /^text\/csv/)
    assert.equal(response.headers['content-disposition'], 'attachment; filename="open-cases-by-agency-2026-11-25.csv"')
    const lines = response.body.split('\r\n')
    assert.equal(lines[0], 'Agency,Open cases')
    assert.ok(lines.some(l => l.startsWith(`${CSC},`)))
  })

  it('downloads concerns for the period asked, with the period on each row', async () => {
    const agent = await given.agent('pm@partnership.example')
    const response = await agent.get(
      '/partnership/lists/concerns-by-agency.csv?from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026',
    )
    assert.equal(response.statusCode, 200)
    const school = response.body.split('\r\n').find(l => l.startsWith('Lanternfield Primary School,'))
    assert.match(school ?? '', /^Lanternfield Primary School,2026-11-01,2026-11-30,\d+,\d+$/)
  })

  it('refuses a CSV for a period it cannot read (422)', async () => {
    const agent = await given.agent('pm@partnership.example')
    const response = await agent.get(
      '/partnership/lists/concerns-by-agency.csv?from-day=31&from-month=2&from-year=2026',
    )
    assert.equal(response.statusCode, 422)
    assert.match(response.body, /From must be a real date/)
  })

  it('defuses an agency name a spreadsheet would run as a formula', async () => {
    const pid = (await given.user('partnership_manager')).partnershipId
    await asPartnership(pid, () => addAgency(app.lantern.db, pid, '=HYPERLINK("http://example.invalid")', 'health'))
    const response = await (
      await given.agent('pm@partnership.example')
    ).get('/partnership/lists/open-cases-by-agency.csv')
    assert.ok(response.body.includes(`"'=HYPERLINK(""http://example.invalid"")",0`), response.body)
  })

  it('quotes each formula start, and commas and quotes, in a cell', () => {
    assert.deepEqual(['+1', '-2', '@SUM(A1)', '\tx', 'a,b', 'say "hi"', 'plain', 7].map(csvCell), [
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      '"a,b"',
      '"say ""hi"""',
      'plain',
      '7',
    ])
  })
})
