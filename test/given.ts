// Fixture builders: each test makes the records it needs, with names no other test uses, so it passes alone
// (`node --test --test-name-pattern=...`) and in any order. Records are made through the API, as a
// practitioner would make them, so a fixture is never in a shape the application could not produce.
//
//   const { app } = await testApp()
//   const given = fixtures(app)
//   const { child, kase } = await given.childInCase({ agencies: ['police'] })
//
// The demo users of the template (src/seed/demo.ts) are shared by every test in a file: use them to act, and
// `given.user(role)` for anyone a test locks, disables, signs out everywhere or needs as a stranger.
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { asPartnership, asSystem } from '../src/db/context.ts'
import type { Sex } from '../src/kernel/codes/people.ts'
import type { AgencyKind, Role } from '../src/kernel/roles.ts'
import { addUser, createPartnershipAsSystem } from '../src/modules/directory/index.ts'
import { DEMO } from '../src/seed/demo.ts'
import { Agent, bearer, DEMO_PASSWORD } from './helpers.ts'
import type { CaseBody, ChronologyEntry, RecordedConcern, RecordedPerson } from './types.ts'

/** A demo user of Northshire by email (`'sw@csc.example'`), a demo user by role, or a user a test made. */
export type Who = `${string}@${string}` | DemoRole | TestUser

/** Roles the demo partnership has a user for. */
export type DemoRole = Exclude<Role, 'police_supervisor'>

/** The demo user who holds each role in Northshire. */
export const DEMO_USER_FOR_ROLE: Record<DemoRole, `${string}@${string}`> = {
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

export interface TestUser {
  id: string
  email: `${string}@${string}`
  displayName: string
  password: string
  partnershipId: string
  agencyId: string
  roles: Role[]
}

export interface PersonFields {
  givenName?: string
  familyName?: string
  dateOfBirth?: string | null
  sex?: Sex
  [field: string]: unknown
}

export interface CaseOptions {
  title?: string
  /** The children the case is about; one new child when left out. */
  children?: { id: string }[]
  adults?: { person: { id: string }; role: string }[]
  /** Agencies to add to the team after opening, by kind: the Northshire agency of that kind in the demo. */
  agencies?: AgencyKind[]
  /** Practitioners to add to the team after opening. */
  members?: Who[]
  /** Who opens the case and so leads it: Sam Caseworth, the demo social worker, unless said. */
  by?: Who
}

export interface EntryFields {
  kind?: string
  occurredAt?: string
  summary?: string
  visibility?: 'normal' | 'restricted' | 'sealed'
  sealedFor?: string[]
  childId?: string
  by?: Who
}

// Where each role works in Northshire, by the demo's agency keys.
type DemoAgencyKey = 'csc' | 'police' | 'health' | 'school' | 'probation' | 'partnership'
const AGENCY_OF_ROLE: Record<Role, DemoAgencyKey> = {
  front_door: 'csc',
  social_worker: 'csc',
  team_manager: 'csc',
  police_investigator: 'police',
  police_supervisor: 'police',
  health_practitioner: 'health',
  designated_safeguarding_lead: 'school',
  probation_officer: 'probation',
  partnership_manager: 'partnership',
  auditor: 'partnership',
  administrator: 'partnership',
}
const EMAIL_DOMAIN: Record<DemoAgencyKey, string> = {
  csc: 'csc.example',
  police: 'police.example',
  health: 'health.example',
  school: 'school.example',
  probation: 'probation.example',
  partnership: 'partnership.example',
}
const NORTHSHIRE = DEMO.find(p => p.name === 'Northshire') ?? { name: 'Northshire', agencies: [] }
const demoAgencyName = (key: string): string => {
  const agency = NORTHSHIRE.agencies.find(a => a.key === key || a.kind === key)
  if (!agency) throw new Error(`the demo has no agency ${key}`)
  return agency.name
}

// Invented names: a given name from the hedgerow and a family name no real family has, different for every
// fixture a file makes, so one test's people never turn up in another's search.
const GIVEN_NAMES = ['Linnet', 'Wren', 'Sorrel', 'Teasel', 'Bramble', 'Fennel', 'Juniper', 'Rowan', 'Yarrow', 'Tansy']
const FAMILY_STEMS = ['Givens', 'Fixture', 'Sample', 'Trial', 'Proof', 'Probe', 'Draft', 'Tryout', 'Mockle', 'Testa']
const FAMILY_ENDINGS = ['worth', 'by', 'ton', 'ley', 'combe', 'field', 'well', 'hurst', 'stead', 'mere', 'wick', 'holt']
let invented = 0

/** A name pair no other fixture of this file has: `Linnet Givensworth`, `Wren Fixtureby`, `Sorrel Sampleton`, ... */
export function inventName(): { givenName: string; familyName: string } {
  const n = invented++
  const stems = FAMILY_STEMS.length
  const endings = FAMILY_ENDINGS.length
  // Stem and ending both change from one name to the next, so neighbours share little but their first names.
  // (stems + 1 and endings share no factor, so every pair comes once before any name grows a second ending.)
  const round = Math.floor(n / stems)
  let familyName = `${FAMILY_STEMS[n % stems] ?? ''}${FAMILY_ENDINGS[(n + round) % endings] ?? ''}`
  for (let rest = Math.floor(n / (stems * endings)); rest > 0; rest = Math.floor(rest / endings))
    familyName += FAMILY_ENDINGS[rest % endings] ?? ''
  return { givenName: GIVEN_NAMES[n % GIVEN_NAMES.length] ?? '', familyName }
}

function expectStatus(response: LightMyRequestResponse, status: number, what: string): LightMyRequestResponse {
  assert.equal(response.statusCode, status, `${what}: ${response.body.slice(0, 500)}`)
  return response
}

/** The fixture builders for one test app. */
export function fixtures(app: FastifyInstance) {
  const db = app.lantern.db
  const clock = app.lantern.clock
  // Tokens are credentials, not records a test looks at: one per user is reused until it nears its hour.
  const tokens = new Map<string, { token: string; expiresAt: number }>()
  let partnerships = 0

  const emailOf = (who: Who): string =>
    typeof who === 'object' ? who.email : who.includes('@') ? who : DEMO_USER_FOR_ROLE[who as DemoRole]
  const passwordOf = (who: Who): string => (typeof who === 'object' ? who.password : DEMO_PASSWORD)

  async function apiToken(who: Who): Promise<string> {
    const email = emailOf(who)
    const cached = tokens.get(email)
    if (cached && cached.expiresAt - clock().getTime() > 10 * 60_000) return cached.token
    // Each request from its own address: token requests are rate-limited per address.
    const remoteAddress = `127.2.${String(Math.floor(Math.random() * 250))}.${String(Math.floor(Math.random() * 250) + 1)}`
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { email, password: passwordOf(who) },
      remoteAddress,
    })
    expectStatus(response, 201, `a token for ${email}`)
    const { token, expiresAt } = response.json<{ token: string; expiresAt: string }>()
    tokens.set(email, { token, expiresAt: new Date(expiresAt).getTime() })
    return token
  }

  async function post(who: Who, url: string, payload: Record<string, unknown>) {
    const response = await app.inject({ method: 'POST', url, headers: bearer(await apiToken(who)), payload })
    return expectStatus(response, 201, `POST ${url}`)
  }

  async function userId(who: Who): Promise<string> {
    if (typeof who === 'object') return who.id
    const email = emailOf(who)
    const row = await asSystem(() => db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
    if (!row) throw new Error(`no user ${email}`)
    return row.id
  }

  /** The id of Northshire's agency of this kind in the demo (`'police'`), or of its demo key (`'csc'`). */
  async function agencyId(kindOrKey: AgencyKind | DemoAgencyKey): Promise<string> {
    const name = demoAgencyName(kindOrKey)
    const row = await asSystem(() =>
      db
        .selectFrom('agencies as a')
        .innerJoin('partnerships as p', 'p.partnershipId', 'a.partnershipId')
        .select('a.id')
        .where('p.name', '=', NORTHSHIRE.name)
        .where('a.name', '=', name)
        .executeTakeFirstOrThrow(),
    )
    return row.id
  }

  /**
   * A new user in Northshire with these roles, at the agency the role works in, who signs in with the demo
   * password and, unless `mfaExempt: false`, without a second factor.
   */
  async function user(
    role: Role | Role[],
    options: {
      displayName?: string
      email?: `${string}@${string}`
      agency?: DemoAgencyKey
      password?: string
      /** false for a user who must set up an authenticator, as every real user must. */
      mfaExempt?: boolean
    } = {},
  ): Promise<TestUser> {
    const roles = ([] as Role[]).concat(role)
    const agencyKey = options.agency ?? AGENCY_OF_ROLE[roles[0] ?? 'social_worker']
    const { givenName, familyName } = inventName()
    const displayName = options.displayName ?? `${givenName} ${familyName}`
    // The invented name keeps the address unique when a test names several users alike.
    const local = [...new Set([...displayName.split(' '), givenName, familyName])].join('.').toLowerCase()
    const email = options.email ?? (`${local.replace(/[^a-z.]+/g, '')}@${EMAIL_DOMAIN[agencyKey]}` as const)
    const agency = await agencyId(agencyKey)
    const { partnershipId } = await asSystem(() =>
      db.selectFrom('agencies').select('partnershipId').where('id', '=', agency).executeTakeFirstOrThrow(),
    )
    const password = options.password ?? DEMO_PASSWORD
    const id = await asPartnership(partnershipId, () =>
      addUser(db, {
        partnershipId,
        agencyId: agency,
        email,
        displayName,
        password,
        roles,
        mfaExempt: options.mfaExempt ?? true,
      }),
    )
    return { id, email, displayName, password, partnershipId, agencyId: agency, roles }
  }

  /** A browser signed in as this user, on the home page. */
  async function agent(who: Who): Promise<Agent> {
    const signedIn = new Agent(app)
    const response = await signedIn.signIn(emailOf(who), passwordOf(who))
    assert.equal(response.statusCode, 303, `signing in as ${emailOf(who)}: ${response.body.slice(0, 300)}`)
    return signedIn
  }

  /** A person recorded through the API (by the demo social worker unless `by` says), with an invented name. */
  async function person(fields: PersonFields = {}, by: Who = 'sw@csc.example'): Promise<RecordedPerson> {
    const response = await post(by, '/api/v1/people', {
      ...inventName(),
      dateOfBirth: '1988-08-08',
      sex: 'unknown',
      ...fields,
    })
    return response.json<RecordedPerson>()
  }

  /** A child of primary-school age. */
  function child(fields: PersonFields = {}, by?: Who): Promise<RecordedPerson> {
    return person({ dateOfBirth: '2017-05-05', ...fields }, by)
  }

  /** An adult, for a household or a case's people. */
  function adult(fields: PersonFields = {}, by?: Who): Promise<RecordedPerson> {
    return person({ dateOfBirth: '1988-08-08', ...fields }, by)
  }

  /** A case opened through the API, then the team members asked for added; answers the case as it stands. */
  async function openCase(options: CaseOptions = {}): Promise<CaseBody> {
    const by = options.by ?? 'sw@csc.example'
    const children = options.children ?? [await child()]
    const opened = await post(by, '/api/v1/cases', {
      title: options.title ?? 'Worries shared by school',
      childIds: children.map(c => c.id),
      people: (options.adults ?? []).map(a => ({ personId: a.person.id, role: a.role })),
    })
    let kase = opened.json<CaseBody>()
    for (const kind of options.agencies ?? [])
      kase = (await post(by, `/api/v1/cases/${kase.id}/members`, { agencyId: await agencyId(kind) })).json<CaseBody>()
    for (const member of options.members ?? [])
      kase = (await post(by, `/api/v1/cases/${kase.id}/members`, { userId: await userId(member) })).json<CaseBody>()
    return kase
  }

  /** A new child and an open case about them. */
  async function childInCase(
    options: Omit<CaseOptions, 'children'> & { child?: PersonFields } = {},
  ): Promise<{ child: RecordedPerson; kase: CaseBody }> {
    const theChild = await child(options.child, options.by)
    return { child: theChild, kase: await openCase({ ...options, children: [theChild] }) }
  }

  /** A concern about a child (a new one unless given), raised by the school's safeguarding lead unless `by` says. */
  async function concern(
    options: { child?: { id: string }; description?: string; by?: Who; [field: string]: unknown } = {},
  ): Promise<RecordedConcern & { childId: string }> {
    const { child: about, by = 'dsl@school.example', description, ...rest } = options
    const childId = (about ?? (await child())).id
    const response = await post(by, '/api/v1/concerns', {
      childId,
      description: description ?? 'Arrived hungry again and would not say why',
      ...rest,
    })
    return { ...response.json<RecordedConcern>(), childId }
  }

  /** An entry on a case's chronology, by the demo social worker unless `by` says. */
  async function entry(kase: { id: string }, fields: EntryFields = {}): Promise<ChronologyEntry> {
    const { by = 'sw@csc.example', ...body } = fields
    const response = await post(by, `/api/v1/cases/${kase.id}/chronology`, {
      kind: 'note',
      occurredAt: '2026-11-24T10:00:00Z',
      summary: 'Spoke to the family at home',
      ...body,
    })
    return response.json<ChronologyEntry>()
  }

  /**
   * A partnership of the test's own, with no agencies or users: for what must not touch the demo's (an audit
   * chain a test breaks on purpose, say).
   */
  async function partnership(): Promise<{ partnershipId: string; name: string; code: string }> {
    const n = partnerships++
    // Codes are two to four capital letters; the demo's are two, so three starting with X are always free.
    const code = `X${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}${String.fromCharCode(65 + (n % 26))}`
    const name = `${inventName().familyName} Safeguarding Partnership`
    return { partnershipId: await createPartnershipAsSystem(db, name, code), name, code }
  }

  /** A relationship between two people (a sibling living with them unless said), recorded through the API. */
  async function relationship(
    person: { id: string },
    other: { id: string },
    fields: { kind?: string; livesWith?: boolean; hasContact?: boolean; by?: Who } = {},
  ): Promise<void> {
    const { by = 'sw@csc.example', ...rest } = fields
    await post(by, `/api/v1/people/${person.id}/relationships`, {
      otherPersonId: other.id,
      kind: 'sibling',
      livesWith: true,
      hasContact: true,
      ...rest,
    })
  }

  /** Emergency read access to a case for someone off its team. */
  async function breakGlass(kase: { id: string }, who: Who, reason = 'Child in A&E overnight, need history') {
    await post(who, `/api/v1/cases/${kase.id}/break-glass`, { reason })
  }

  /**
   * A child's views recorded on a case, in their own words on 24 November 2026 unless said: SG-11 refuses to
   * complete a section 47 enquiry about a child whose views are not recorded since it started.
   */
  async function childViews(kase: { id: string }, child: { id: string }, fields: Record<string, unknown> = {}) {
    const { by = 'sw@csc.example', ...body } = fields as { by?: Who } & Record<string, unknown>
    const response = await post(by, `/api/v1/cases/${kase.id}/child-views`, {
      childId: child.id,
      stage: 'enquiry',
      givenAt: '2026-11-24',
      words: 'I want things to be calm at home.',
      communicationMethod: 'spoken_english',
      ...body,
    })
    if (response.statusCode !== 201) throw new Error(`The child's views were not recorded: ${response.body}`)
    return response.json<{ id: string }>()
  }

  return {
    apiToken,
    agent,
    user,
    userId,
    agencyId,
    person,
    child,
    adult,
    case: openCase,
    childInCase,
    concern,
    entry,
    relationship,
    breakGlass,
    partnership,
    childViews,
  }
}

export type Given = ReturnType<typeof fixtures>
