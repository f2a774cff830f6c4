import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { asSystem } from '../../db/context.ts'
import { apiToken, bearer, Agent, testApp } from '../../../test/helpers.ts'
import { ACTIONS } from '../../app.ts'
import type { ActionRule, RecordNeed } from '../../web/actions.ts'

/** A record rule by one name ('caseRead', 'personExists'), so the tables below read as the rules do. */
type Standing = `${RecordNeed['kind']}${Capitalize<RecordNeed['need']>}`
const standingOf = (record: RecordNeed): Standing =>
  `${record.kind}${record.need.charAt(0).toUpperCase()}${record.need.slice(1)}` as Standing
const ruleOf = (action: string): ActionRule => {
  const rule = ACTIONS[action]
  if (!rule) throw new Error(`No action ${action}`)
  return rule
}
import { ROLE_NAMES, type Role } from '../../kernel/roles.ts'

// Walks every route the app registered, as every role and as nobody, and checks the answer against the
// action's rule: a new route cannot escape the rules, because it cannot register without an action and this
// test then covers it.

const { app } = await testApp()

const DEMO_USER_FOR_ROLE: Partial<Record<Role, string>> = {
  front_door: 'mash@csc.example',
  social_worker: 'sw@csc.example',
  team_manager: 'tm@csc.example',
  police_investigator: 'dc@police.example',
  health_practitioner: 'nurse@health.example',
  designated_safeguarding_lead: 'dsl@school.example',
  probation_officer: 'po@probation.example',
  partnership_manager: 'pm@partnership.example',
  auditor: 'auditor@partnership.example',
  administrator: 'admin@partnership.example',
}

const DENIED = [401, 403]

/** The records a walk acts on: a child, their case, a concern about them and its referral. */
interface Fixture {
  child: string
  kase: string
  concern: string
  referral: string
  /** The child's relationship with an adult: a relationship's standing is the better of its two people's. */
  relationship: string
  /** Records that belong to the case (a task, an investigation …), by kind: each stands as its case does. */
  onCase: Record<string, string>
}
const NO_SUCH_RECORD = '00000000-0000-4000-8000-000000000000'

function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, NO_SUCH_RECORD).replace('*', 'govuk-frontend.min.css')
}

/** GET and DELETE carry no body; the others carry an empty one, so the route's own validation answers after authorisation. */
function takesBody(method: string): boolean {
  return method !== 'GET' && method !== 'DELETE'
}

function expectedAllowed(rule: ActionRule, role: Role | null): boolean {
  if (rule.audience === 'anyone') return true
  if (role === null) return false
  return !rule.roles || rule.roles.includes(role)
}

describe('authorisation matrix', () => {
  // Signing out ends the session the rest of the walk needs, so it goes last.
  const routes = app.lantern.routes
    .filter(r => r.method !== 'HEAD')
    .sort((a, b) => Number(a.action === 'signOut') - Number(b.action === 'signOut'))

  it('has registered the routes it walks', () => {
    assert.ok(routes.length >= 15, `only ${String(routes.length)} routes`)
    assert.ok(routes.every(r => r.action in ACTIONS))
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE'])
      assert.ok(
        routes.some(r => r.method === method),
        `walks ${method} routes`,
      )
  })

  it('answers every route as every role, and as nobody, exactly as its action allows', async () => {
    const pages = new Map<Role, Agent>()
    const tokens = new Map<Role, string>()
    for (const role of ROLE_NAMES) {
      const email = DEMO_USER_FOR_ROLE[role]
      if (!email) continue
      const agent = new Agent(app)
      await agent.signIn(email)
      await agent.get('/')
      pages.set(role, agent)
      tokens.set(role, await apiToken(app, email))
    }
    const nobody = new Agent(app)
    await nobody.get('/sign-in')
    const problems: string[] = []
    for (const route of routes) {
      const rule = ruleOf(route.action)
      const url = concrete(route.url)
      const api = url.startsWith('/api/')
      for (const role of [null, ...pages.keys()]) {
        const headers: Record<string, string> = {}
        if (role && api) Object.assign(headers, bearer(tokens.get(role) ?? ''))
        const agent = role ? pages.get(role) : nobody
        if (!agent) continue
        if (!api) headers.cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
        const isForm = route.method === 'POST' && !api
        const response = await app.inject({
          method: route.method as 'GET',
          url,
          headers: { ...headers, ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(takesBody(route.method) ? { payload: isForm ? `_csrf=${encodeURIComponent(agent.csrf)}` : {} } : {}),
        })
        const allowed = expectedAllowed(rule, role)
        const refused =
          DENIED.includes(response.statusCode) ||
          (!api &&
            response.statusCode === 303 &&
            /^\/sign-in(\?returnTo=[^&]+)?$/.test(String(response.headers.location)))
        // A page refused for lack of a session redirects to sign-in; the sign-out route is the one route where a
        // redirect to sign-in is its success.
        if (allowed && DENIED.includes(response.statusCode))
          problems.push(
            `${route.method} ${route.url} as ${role ?? 'nobody'}: ${String(response.statusCode)}, expected allowed`,
          )
        if (!allowed && !refused)
          problems.push(
            `${route.method} ${route.url} as ${role ?? 'nobody'}: ${String(response.statusCode)}, expected refused`,
          )
        if (!allowed && api && role === null) assert.equal(response.statusCode, 401, `${route.url} as nobody`)
        if (!allowed && role !== null) assert.equal(response.statusCode, 403, `${route.method} ${route.url} as ${role}`)
      }
    }
    assert.deepEqual(problems, [])
  })

  /**
   * The route's URL on a real record: the person or case in its `id` parameter, or in the query parameter its
   * rule names. Any other parameter (a team member, say) names nothing, so no walk changes the fixtures the
   * next one needs.
   */
  function recordUrl(url: string, rule: ActionRule, records: Fixture): string {
    const { child, kase, concern, relationship } = records
    const ids: Record<string, string> = { ...records.onCase, person: child, concern, relationship }
    const id = ids[rule.record?.kind ?? ''] ?? kase
    const path = url.replace(':id', id).replace(/:[A-Za-z]+/g, NO_SUCH_RECORD)
    return rule.record?.query ? `${path}?${rule.record.query}=${id}` : path
  }

  /**
   * Walks every route bound to one record, on a real child and case, as each demo user, and lists where the
   * answer differs from `standing` (whether that user stands well enough to the record for the rule).
   */
  async function walkRecordRoutes(
    records: Fixture,
    standing: (role: Role, rule: Standing) => boolean,
  ): Promise<string[]> {
    const roles = Object.keys(DEMO_USER_FOR_ROLE) as Role[]
    const tokens = new Map<Role, string>()
    const agents = new Map<Role, Agent>()
    for (const role of roles) {
      const email = DEMO_USER_FOR_ROLE[role] ?? ''
      tokens.set(role, await apiToken(app, email))
      const agent = new Agent(app)
      await agent.signIn(email)
      await agent.get('/')
      agents.set(role, agent)
    }
    const problems: string[] = []
    for (const route of app.lantern.routes.filter(r => r.method !== 'HEAD' && r.action !== 'signOut')) {
      const rule = ruleOf(route.action)
      if (!rule.record) continue
      const url = recordUrl(route.url, rule, records)
      const api = url.startsWith('/api/')
      for (const role of roles) {
        const roleAllowed = !rule.roles || rule.roles.includes(role)
        const allowed = roleAllowed && standing(role, standingOf(rule.record))
        let status: number
        if (api) {
          status = (
            await app.inject({
              method: route.method as 'GET',
              url,
              headers: bearer(tokens.get(role) ?? ''),
              ...(takesBody(route.method) ? { payload: {} } : {}),
            })
          ).statusCode
        } else {
          const agent = agents.get(role)
          if (!agent) continue
          status = route.method === 'GET' ? (await agent.get(url)).statusCode : (await agent.post(url, {})).statusCode
        }
        if (allowed && DENIED.includes(status))
          problems.push(`${route.method} ${url} as ${role}: ${String(status)}, expected allowed`)
        if (!allowed && status !== 403)
          problems.push(`${route.method} ${url} as ${role}: ${String(status)}, expected 403`)
      }
    }
    return problems
  }

  // Fixtures: a child recorded by children's social care, in a case whose team is that agency, a concern about the
  // child that agency raised, referred to the front door, and the child's parent.
  const fixture = async (title: string): Promise<Fixture> => {
    const sw = await apiToken(app, 'sw@csc.example')
    const post = async (url: string, payload: Record<string, unknown>) =>
      (await app.inject({ method: 'POST', url, headers: bearer(sw), payload })).json<{
        id: string
        referralId: string
      }>()
    const child = (await post('/api/v1/people', { givenName: 'Matrix', familyName: 'Fixturechild', sex: 'unknown' })).id
    const kase = (await post('/api/v1/cases', { title, childIds: [child] })).id
    const concern = await post('/api/v1/concerns', { childId: child, description: 'Matrix: worried at home time' })
    const adult = (await post('/api/v1/people', { givenName: 'Matrix', familyName: 'Fixtureparent', sex: 'unknown' }))
      .id
    const relationship = await post(`/api/v1/people/${child}/relationships`, {
      otherPersonId: adult,
      kind: 'parent',
      livesWith: true,
      hasContact: true,
    })
    const strategyDiscussion = await post(`/api/v1/cases/${kase}/strategy-discussions`, {
      heldAt: '2026-11-24T10:00:00Z',
      childIds: [child],
      categories: ['NEG'],
      attendees: [{ name: 'Matrix Attendee', agencyKind: 'police', role: 'Officer', csaClinicalExperience: false }],
      informationShared: 'Matrix: shared',
      decisions: {
        section47: false,
        policeInvestigation: false,
        abeInterview: false,
        healthAssessment: false,
        immediateProtection: false,
      },
      rationale: 'Matrix: reasons',
      complete: false,
    })
    // The police open an investigation and plan an interview while on the team, then leave it.
    const police = await apiToken(app, 'dc@police.example')
    const agencies = (await app.inject({ url: '/api/v1/agencies', headers: bearer(sw) })).json<
      { id: string; kind: string }[]
    >()
    const policeAgency = agencies.find(a => a.kind === 'police')?.id ?? ''
    const team = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${kase}/members`,
        headers: bearer(sw),
        payload: { agencyId: policeAgency },
      })
    ).json<{ team: { id: string; agencyId: string | null }[] }>().team
    const asPolice = async (url: string, payload: Record<string, unknown>) =>
      (await app.inject({ method: 'POST', url, headers: bearer(police), payload })).json<{ id: string }>()
    const investigation = await asPolice(`/api/v1/cases/${kase}/investigations`, {
      crimeReference: `MATRIX/${title.replace(/\W+/g, '-')}`,
      childIds: [child],
      openedAt: '2026-11-02',
      offences: 'Matrix: an offence',
    })
    const abeInterview = await asPolice(`/api/v1/investigations/${investigation.id}/abe-interviews`, {
      childId: child,
      plannedAt: '2026-11-30',
      lead: { name: 'Matrix Lead', role: 'Investigator', agencyId: policeAgency, hasJointTraining: true },
      intermediary: false,
      held: false,
    })
    const membership = team.find(t => t.agencyId === policeAgency)?.id ?? ''
    await app.inject({ method: 'DELETE', url: `/api/v1/cases/${kase}/members/${membership}`, headers: bearer(sw) })
    const section47 = await post(`/api/v1/cases/${kase}/section47`, {
      childId: child,
      startedAt: '2026-11-20',
      category: 'SAB',
    })
    const assessment = await post(`/api/v1/cases/${kase}/assessments`, { childId: child, startedAt: '2026-11-20' })
    const healthReferral = await post(`/api/v1/cases/${kase}/health-referrals`, {
      childId: child,
      pathway: 'not_needed',
      decidedAt: '2026-11-24T10:00:00Z',
      reason: 'Matrix: seen by a paediatrician this week',
    })
    const approval = await post(`/api/v1/cases/${kase}/approvals`, {
      kind: 'no_support_plan',
      childId: child,
      reason: 'Matrix: support from the school is enough',
    })
    // Plans (issue 13): a draft, which the matrix's agreeing and reviewing act on.
    const plan = await post(`/api/v1/cases/${kase}/plans`, {
      childId: child,
      kind: 'child_in_need',
      summary: 'Matrix: weekly visits',
      startsAt: '2026-11-24',
      reviewOn: '2027-02-24',
      actions: [],
    })
    const letter = await post(`/api/v1/cases/${kase}/letters`, { childId: child, audience: 'family', language: 'en' })
    const onCase = {
      approval: approval.id,
      letter: letter.id,
      healthReferral: healthReferral.id,
      section47: section47.id,
      assessment: assessment.id,
      task: await agreedTask(kase),
      strategyDiscussion: strategyDiscussion.id,
      investigation: investigation.id,
      abeInterview: abeInterview.id,
      plan: plan.id,
    }
    return { child, kase, concern: concern.id, referral: concern.referralId, relationship: relationship.id, onCase }
  }
  /** An action agreed on the case, as the engine opens its task: the social worker's to do. */
  const agreedTask = (caseId: string) =>
    asSystem(async () => {
      const kase = await app.lantern.db
        .selectFrom('cases')
        .select(['partnershipId', 'leadUserId'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow()
      const task = await app.lantern.db
        .insertInto('tasks')
        .values({
          partnershipId: kase.partnershipId,
          caseId,
          key: `action:${caseId}`,
          title: 'Matrix: ring the school',
          ownerUserId: kase.leadUserId,
          dueAt: new Date('2026-12-31T17:00:00Z'),
          status: 'open',
          createdAt: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return task.id
    })
  // How each demo user stands to them, decided here from the fixtures, not by the code under test.
  const CSC_USERS: Role[] = ['front_door', 'social_worker', 'team_manager']

  it('answers every route on a real person and case as each role stands to them', async () => {
    const problems = await walkRecordRoutes(
      await fixture('Matrix case'),
      (role, rule) => rule === 'caseExists' || rule === 'personExists' || CSC_USERS.includes(role),
    )
    assert.deepEqual(problems, [])
  })

  it('lets someone reading by break-glass read the case and its child, and change neither', async () => {
    const records = await fixture('Matrix break-glass case')
    const { kase } = records
    const outside: Role[] = [
      'police_investigator',
      'health_practitioner',
      'designated_safeguarding_lead',
      'probation_officer',
    ]
    for (const role of outside) {
      const token = await apiToken(app, DEMO_USER_FOR_ROLE[role] ?? '')
      const granted = await app.inject({
        method: 'POST',
        url: `/api/v1/cases/${kase}/break-glass`,
        headers: bearer(token),
        payload: { reason: 'Matrix: a child may come to harm tonight' },
      })
      assert.equal(granted.statusCode, 201, role)
    }
    const reads: readonly string[] = [
      'personRead',
      'personExists',
      'caseRead',
      'caseExists',
      'concernRead',
      'relationshipRead',
      ...Object.keys(records.onCase).map(kind => `${kind}Read`),
    ]
    const problems = await walkRecordRoutes(
      records,
      (role, rule) =>
        CSC_USERS.includes(role) ||
        rule === 'caseExists' ||
        rule === 'personExists' ||
        (outside.includes(role) && reads.includes(rule)),
    )
    assert.deepEqual(problems, [])
  })

  /**
   * Every read of a child's data is in the audit log. Walks every GET route, page and API, as every demo user,
   * on a real child, case and referral (ids in the route's parameters, in the query parameter its rule names,
   * and as `childId`, `caseId` and a search for the child's name); wherever the answer shows the child's
   * name, an audit row by that user must have been written for that request.
   */
  it('audits every answer that shows a child’s data', async () => {
    const records = await fixture('Matrix audited case')
    const { child, kase, referral } = records
    const auditRows = async (userId: string) => {
      await app.lantern.audit.drain()
      const { rows } = await asSystem(() =>
        sql<{ n: number }>`select count(*)::int as n from audit_log where user_id = ${userId}`.execute(app.lantern.db),
      )
      return rows[0]?.n ?? 0
    }
    const problems: string[] = []
    for (const [role, email] of Object.entries(DEMO_USER_FOR_ROLE)) {
      const token = await apiToken(app, email)
      const me = (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).json<{ id: string }>()
      const agent = new Agent(app)
      await agent.signIn(email)
      for (const route of app.lantern.routes.filter(r => r.method === 'GET')) {
        const rule = ruleOf(route.action)
        const id = route.action.startsWith('referral')
          ? referral
          : rule.record?.kind === 'concern'
            ? records.concern
            : rule.record && rule.record.kind in records.onCase
              ? (records.onCase[rule.record.kind] ?? kase)
              : rule.record?.kind === 'person'
                ? child
                : kase
        const query = new URLSearchParams({ childId: child, caseId: kase, q: 'Matrix Fixturechild' })
        if (rule.record?.query) query.set(rule.record.query, id)
        const url = `${route.url
          .replace(':id', id)
          .replace(/:[A-Za-z]+/g, NO_SUCH_RECORD)
          .replace('*', 'govuk-frontend.min.css')}?${query.toString()}`
        const before = await auditRows(me.id)
        const response = url.startsWith('/api/')
          ? await app.inject({ url, headers: bearer(token) })
          : await agent.get(url)
        if (response.statusCode !== 200 || !response.body.includes('Fixturechild')) continue
        if ((await auditRows(me.id)) === before)
          problems.push(`${route.url} as ${role} shows the child with no audit row`)
      }
    }
    assert.deepEqual(problems, [])
  })

  it('refuses to build an app with a route that names no action', async () => {
    const { buildApp } = await import('../../app.ts')
    const { loadConfig } = await import('../../kernel/config.ts')
    const bad = await buildApp({ db: app.lantern.db, config: loadConfig({}) })
    assert.throws(() => bad.get('/sneaky', () => 'hello'), /does not name an authorisation action/)
    await bad.close()
  })
})
