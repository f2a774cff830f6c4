import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { apiToken, bearer } from '../helpers.ts'
import type { Page } from 'playwright-core'
import { expectNoAxeViolations, signIn, SUITE, startLantern } from './support.ts'

// Every page of the service with a table, as the role that sees it, 320 CSS pixels wide (WCAG 1.4.10 reflow). A
// 1280 pixel window at 400% zoom is the same 320 CSS pixels of layout, so this one check covers both. Nothing may
// scroll sideways, every table uses the reflow convention (lantern-table--reflow, a data-label on every body
// cell), and each cell's label is shown before its content once the header row is hidden.

const lantern = await startLantern()

/** Set up through the API: a child on a case with a concern and a household, an adult to find, a referral. */
async function work() {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const dsl = await apiToken(lantern.app, 'dsl@school.example')
  const post = async (token: string, url: string, payload: Record<string, unknown>) =>
    (await lantern.app.inject({ method: 'POST', url, headers: bearer(token), payload })).json<{
      id: string
      reference: string
    }>()
  const child = await post(sw, '/api/v1/people', {
    givenName: 'Teasel',
    familyName: 'Reflowington-Longname',
    dateOfBirth: '2016-04-04',
    sex: 'female',
  })
  const parent = await post(sw, '/api/v1/people', {
    givenName: 'Fennel',
    familyName: 'Reflowington-Longname',
    dateOfBirth: '1985-04-04',
    sex: 'male',
  })
  await post(sw, `/api/v1/people/${child.id}/relationships`, {
    otherPersonId: parent.id,
    kind: 'parent_partner',
    livesWith: true,
    hasContact: true,
  })
  const kase = await post(sw, '/api/v1/cases', { title: 'Worries shared by school', childIds: [child.id], people: [] })
  await post(dsl, '/api/v1/concerns', { childId: child.id, description: 'Said she did not want to go home.' })
  const discussion = await post(sw, `/api/v1/cases/${kase.id}/strategy-discussions`, {
    heldAt: new Date(Date.now() - 3_600_000).toISOString(),
    childIds: [child.id],
    categories: ['EMO'],
    attendees: [
      {
        name: 'Sam Caseworth',
        agencyKind: 'childrens_social_care',
        role: 'Social worker',
        csaClinicalExperience: false,
      },
    ],
    informationShared: 'School shared what she said.',
    decisions: {
      section47: true,
      policeInvestigation: false,
      abeInterview: false,
      healthAssessment: false,
      immediateProtection: false,
    },
    rationale: 'Reasonable cause to suspect significant harm.',
    actions: [{ title: 'Visit the family at home', ownerAgencyId: await agencyOf(sw), dueOn: '2099-01-01' }],
    complete: false,
  })
  // An enquiry, an assessment and a conference: a row in each of the case's enquiries tables.
  await post(sw, `/api/v1/cases/${kase.id}/section47`, { childId: child.id, startedAt: '2026-01-05', category: 'SAB' })
  await post(sw, `/api/v1/cases/${kase.id}/assessments`, { childId: child.id, startedAt: '2026-01-05' })
  await post(sw, `/api/v1/cases/${kase.id}/conferences`, {
    childId: child.id,
    kind: 'initial',
    heldAt: '2026-01-20',
    planMade: true,
    category: 'SAB',
  })
  const pm = await apiToken(lantern.app, 'pm@partnership.example')
  await post(pm, '/api/v1/health-pathways', {
    name: 'Reflowington Children’s Sexual Assault Referral Centre',
    kind: 'forensic_recent',
    phone: '0300 123 4567',
    email: 'reflowington-sarc@example.org',
    address: 'The Long Building, Reflowington Road, Reflowington RF1 1AA',
    youngestAge: 0,
    oldestAge: 17,
  })
  // A request for a manager's approval, for the team manager's list of approvals.
  await post(sw, `/api/v1/cases/${kase.id}/approvals`, {
    kind: 'no_support_plan',
    childId: child.id,
    reason: 'The school counsellor sees her weekly and the family ask for nothing more',
  })
  return { child: child.id, caseId: kase.id, discussionId: discussion.id }
}

/** The agency of the user a token is for: an action's owner. */
async function agencyOf(token: string): Promise<string> {
  const me = await lantern.app.inject({ url: '/api/v1/me', headers: bearer(token) })
  return me.json<{ agency: { id: string } }>().agency.id
}

const { child, caseId, discussionId } = await work()

/** A police investigation on the case, with an ABE interview planned: the police join the team to record it. */
async function investigationWork(): Promise<string> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const dc = await apiToken(lantern.app, 'dc@police.example')
  const call = async <T = { id: string }>(token: string, url: string, payload?: Record<string, unknown>) =>
    (await lantern.app.inject({ method: payload ? 'POST' : 'GET', url, headers: bearer(token), payload })).json<T>()
  const agencies = await call<{ id: string; kind: string }[]>(sw, '/api/v1/agencies')
  const police = agencies.find(a => a.kind === 'police')?.id ?? ''
  await call(sw, `/api/v1/cases/${caseId}/members`, { agencyId: police })
  const { id } = await call(dc, `/api/v1/cases/${caseId}/investigations`, {
    crimeReference: 'NS/REFLOW/26',
    childIds: [child],
    openedAt: '2026-11-02',
    offences: 'Sexual assault of a child',
  })
  await call(dc, `/api/v1/investigations/${id}/abe-interviews`, {
    childId: child,
    plannedAt: '2026-11-30',
    lead: { name: 'Morgan Reid-Longname', role: 'Child abuse investigator', agencyId: police, hasJointTraining: true },
    intermediary: false,
    held: false,
  })
  return id
}
const investigationId = await investigationWork()

// Plans (issue 13): a plan with an action on the case, so its plans page has a table.
const planned = await lantern.app.inject({
  method: 'POST',
  url: `/api/v1/cases/${caseId}/plans`,
  headers: bearer(await apiToken(lantern.app, 'sw@csc.example')),
  payload: {
    childId: child,
    kind: 'child_in_need',
    summary: 'Weekly visits by the Reflowington-Longname family’s social worker',
    startsAt: '2026-11-24',
    reviewOn: '2027-02-24',
    actions: [
      {
        title: 'Visit the Reflowington-Longname family at home each week',
        ownerAgencyId: await agencyOf(await apiToken(lantern.app, 'sw@csc.example')),
        dueOn: '2099-01-01',
      },
    ],
  },
})
assert.equal(planned.statusCode, 201, planned.body)
/** An update to the family and a letter: a row in each of the tables of the case's family page. */
async function familyWork(): Promise<void> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = (url: string, payload: Record<string, unknown>) =>
    lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })
  await post(`/api/v1/cases/${caseId}/family-updates`, {
    toPersonIds: [child],
    childId: child,
    topics: ['progress', 'support'],
    at: new Date(Date.now() - 3_600_000).toISOString(),
    method: 'visit',
    response: 'Teasel asked whether the police would talk to her again, and who she could ring in the evenings.',
  })
  await post(`/api/v1/cases/${caseId}/letters`, { childId: child, audience: 'family', language: 'en' })
}
await familyWork()

/** A man with a conviction living with the child: a row on the register of people who present a risk. */
async function onTheRegister(): Promise<void> {
  const sw = await apiToken(lantern.app, 'sw@csc.example')
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await lantern.app.inject({ method: 'POST', url, headers: bearer(sw), payload })
    assert.equal(response.statusCode, 201, response.body)
    return response.json<{ id: string }>()
  }
  const man = await post('/api/v1/people', {
    givenName: 'Hawthorn',
    familyName: 'Reflowington-Longname',
    dateOfBirth: '1979-04-04',
    sex: 'male',
  })
  await post(`/api/v1/people/${man.id}/offending-history`, {
    kind: 'conviction',
    date: '2011-04-04',
    description: 'Convicted of an offence against a child.',
  })
  await post(`/api/v1/people/${child}/relationships`, {
    otherPersonId: man.id,
    kind: 'step_parent',
    livesWith: true,
    hasContact: true,
  })
}
await onTheRegister()

/** Each page with a table and who sees it. Pages whose tables other helpers of issue 11 reflow are marked. */
const PAGES: { who: string; path: string; note?: string }[] = [
  { who: 'sw@csc.example', path: '/' },
  { who: 'mash@csc.example', path: '/' },
  { who: 'dsl@school.example', path: '/' },
  { who: 'sw@csc.example', path: '/cases' },
  { who: 'mash@csc.example', path: '/front-door', note: 'concerns: front-door.njk' },
  { who: 'sw@csc.example', path: '/people?q=Reflowington-Longname', note: 'people: search.njk' },
  { who: 'sw@csc.example', path: `/people/${child}`, note: 'people: person.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}`, note: 'cases: case.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/people`, note: 'cases: case-people.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/team`, note: 'cases: case-team.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/adults/new?q=Fennel%20Reflowington-Longname` },
  { who: 'auditor@partnership.example', path: `/cases/${caseId}/audit` },
  { who: 'sw@csc.example', path: `/cases/${caseId}/enquiries`, note: 'enquiries: enquiries.njk' },
  { who: 'auditor@partnership.example', path: '/audit' },
  { who: 'auditor@partnership.example', path: `/audit?personId=${child}` },
  { who: 'pm@partnership.example', path: '/partnership/lists' },
  { who: 'pm@partnership.example', path: '/partnership/accounts' },
  { who: 'admin@partnership.example', path: '/admin/users' },
  { who: 'admin@partnership.example', path: '/admin/agencies' },
  { who: 'sw@csc.example', path: '/notifications' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/strategy-discussions`, note: 'strategy: discussions.njk' },
  { who: 'sw@csc.example', path: `/strategy-discussions/${discussionId}`, note: 'strategy: discussion.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/investigations`, note: 'investigations: list.njk' },
  { who: 'sw@csc.example', path: `/investigations/${investigationId}`, note: 'investigations: investigation.njk' },
  { who: 'pm@partnership.example', path: '/partnership/health-pathways' },
  { who: 'sw@csc.example', path: '/partnership/health-pathways' },
  { who: 'tm@csc.example', path: '/approvals', note: 'approvals: approvals.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/plans`, note: 'plans: plans.njk' },
  { who: 'sw@csc.example', path: `/cases/${caseId}/family`, note: 'families: family.njk' },
  { who: 'po@probation.example', path: '/register', note: 'risk: register.njk' },
]

// Strings, evaluated in the page: the project's TypeScript has no DOM types.
const SIDEWAYS = 'document.documentElement.scrollWidth - window.innerWidth'
const TABLES_NOT_REFLOWED = `[...document.querySelectorAll('main table')]
  .filter(t => !t.classList.contains('lantern-table--reflow')
    || [...t.querySelectorAll('tbody td, tbody th')].some(c => !c.hasAttribute('data-label')))
  .map(t => (t.querySelector('caption')?.textContent ?? 'a table without a caption').trim())`
const LABELS_NOT_SHOWN = `[...document.querySelectorAll('main table.lantern-table--reflow tbody :is(td, th)[data-label]')]
  .filter(c => c.dataset.label !== '')
  .filter(c => {
    const before = getComputedStyle(c, '::before').content
    const box = c.getBoundingClientRect()
    return !before.includes(c.dataset.label) || box.width === 0 || box.right > window.innerWidth
  })
  .map(c => c.dataset.label)`
const HEADERS_SHOWN = `[...document.querySelectorAll('main table.lantern-table--reflow thead')]
  .filter(h => h.getBoundingClientRect().height > 1).length`

// One signed-in page for each user, reused from page to page: sign-in is rate-limited per address.
const signedIn = new Map<string, Page>()
async function pageAs(who: string): Promise<Page> {
  const known = signedIn.get(who)
  if (known) return known
  const page = await lantern.newPage({ viewport: { width: 320, height: 640 } })
  await signIn(page, who)
  signedIn.set(who, page)
  return page
}

describe('every table reflows at 320 pixels wide (and so at 400% zoom)', SUITE, () => {
  for (const { who, path, note } of PAGES)
    it(`${path} as ${who}${note ? ` (${note})` : ''}`, async () => {
      const page = await pageAs(who)
      const response = await page.goto(path)
      assert.equal(response?.status(), 200, path)
      assert.deepEqual(await page.evaluate(TABLES_NOT_REFLOWED), [], 'tables without the reflow markup')
      assert.deepEqual(await page.evaluate(LABELS_NOT_SHOWN), [], 'cells whose label is not shown')
      assert.equal(await page.evaluate(HEADERS_SHOWN), 0, 'header rows still shown')
      const sideways = Number(await page.evaluate(SIDEWAYS))
      assert.ok(sideways <= 0, `${path} scrolls sideways by ${String(sideways)} px`)
      await expectNoAxeViolations(page)
    })
})
