import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Actor } from '../../kernel/actor.ts'
import { CASE_STATUSES } from '../../kernel/codes/cases.ts'
import { DECISIONS } from '../../kernel/codes/concerns.ts'
import { AUDITORS, FRONT_DOOR, PRACTITIONERS, ROLES, type Role } from '../../kernel/roles.ts'
import type { Db } from '../../db/connection.ts'
import { londonDateTime, londonDue, sentence } from '../../web/dates.ts'
import { queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { render, view, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { auditRead } from '../access/index.ts'
import { recentlyViewed } from '../audit/index.ts'
import { CASE_MEMBERSHIPS, casesTheyMayOpen, type CaseListFilter } from '../cases/index.ts'
import {
  awaitingReferrals,
  countAwaitingReferrals,
  countReferralsRaisedBy,
  referralsRaisedBy,
} from '../concerns/index.ts'
import { caseTable, MEMBERSHIP_NAMES, type CaseTable } from './caseload.ts'

/** Rows of each list on the home page: the first few, with a link to them all. */
const HOME_ROWS = 10
/** Rows a page of the case list shows. */
const PAGE_SIZE = 25

const has = (actor: Actor, roles: readonly Role[]) => actor.roles.some(r => roles.includes(r))

interface CaseSection extends CaseTable {
  id: string
  heading: string
  allHref: string
  empty: string
}

interface HomePage extends PageData {
  roleNames: string[]
  isAdministrator: boolean
  isAuditor: boolean
  isPartnershipManager: boolean
  /** The front door's first thing: referrals awaiting a decision, soonest due (so overdue) first. */
  /** The front door comes for the referrals first; a team manager, who also decides them, for their team. */
  awaitingFirst: boolean
  awaiting: {
    rows: { href: string; child: string; from: string; due: string; overdue: boolean }[]
    total: number
  } | null
  /** In the order the actor's roles come for them: a team manager's team before their own cases. */
  caseSections: CaseSection[]
  raised: {
    rows: { href: string; child: string; received: string; decision: string | null; due: string; overdue: boolean }[]
    total: number
  } | null
  recent: { href: string; text: string; kind: string }[]
}

interface CaseListPage extends PageData {
  table: CaseTable
  first: number
  pagination: ReturnType<typeof pagination>
  memberItems: { value: string; text: string; selected: boolean }[]
  statusItems: { value: string; text: string; selected: boolean }[]
  childId: string | undefined
  heading: string
}

const homePage = view<HomePage>('home/views/home.njk')
const caseListPage = view<CaseListPage>('home/views/cases.njk')

const caseListQuery = z.object({
  member: z.enum(CASE_MEMBERSHIPS),
  status: z.enum(CASE_STATUSES).optional(),
  childId: z.uuid().optional(),
})

/** The last records the actor opened that they may still see: cases by reference and title, people by name. */
async function recentRecords(db: Db, actor: Actor, now: Date): Promise<HomePage['recent']> {
  const viewed = await recentlyViewed(db, actor)
  const caseIds = viewed.filter(v => v.kind === 'case').map(v => v.id)
  const personIds = viewed.filter(v => v.kind === 'person').map(v => v.id)
  const [cases, people] = await Promise.all([
    casesTheyMayOpen(db, actor, caseIds, now),
    // Names and dates of birth are the identifying minimum any practitioner's search shows.
    personIds.length
      ? db
          .selectFrom('personDirectory')
          .select(['personId', 'givenName', 'familyName'])
          .where('personId', 'in', personIds)
          .execute()
      : Promise.resolve([]),
  ])
  return viewed.flatMap(v => {
    if (v.kind === 'case') {
      const found = cases.get(v.id)
      return found ? [{ href: urls.case(v.id), text: `${found.reference}: ${found.title}`, kind: 'Case' }] : []
    }
    const person = people.find(p => p.personId === v.id)
    return person ? [{ href: urls.person(v.id), text: `${person.givenName} ${person.familyName}`, kind: 'Person' }] : []
  })
}

export function homeRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/',
    { config: { action: 'home.view' }, schema: { querystring: z.object({ leftCase: queryText }) } },
    async (request, reply) => {
      const { actor } = request
      const { db } = lantern
      const now = lantern.clock()
      const practitioner = has(actor, PRACTITIONERS)
      const firstRows = { limit: HOME_ROWS, offset: 0 }
      const section = async (id: string, heading: string, filter: CaseListFilter, empty: string) => ({
        id,
        heading,
        empty,
        allHref: urls.cases({ member: filter.member, status: filter.status }),
        ...(await caseTable(db, actor, filter, firstRows, now)),
      })
      const [team, mine, awaiting, awaitingTotal, raised, raisedTotal, recent] = await Promise.all([
        has(actor, ['team_manager'])
          ? section(
              'team-cases',
              'Your team’s open cases',
              { member: 'team', status: 'open' },
              'No open cases are led by your agency.',
            )
          : null,
        practitioner
          ? section(
              'my-cases',
              'Your open cases',
              { member: 'me', status: 'open' },
              'You lead no open case and are on no case team.',
            )
          : null,
        has(actor, FRONT_DOOR) ? awaitingReferrals(db, firstRows) : null,
        has(actor, FRONT_DOOR) ? countAwaitingReferrals(db) : 0,
        practitioner ? referralsRaisedBy(db, actor, firstRows) : null,
        practitioner ? countReferralsRaisedBy(db, actor) : 0,
        practitioner ? recentRecords(db, actor, now) : [],
      ])
      const caseSections = [team, mine].filter(s => s !== null)
      // The lists name children: one audit row says which cases and referrals this page showed.
      if (practitioner)
        await auditRead(request, {
          action: 'home.view',
          objectType: 'home',
          detail: {
            caseIds: [...new Set(caseSections.flatMap(s => s.caseIds))],
            referralIds: [...(awaiting ?? []), ...(raised ?? []).map(r => ({ id: r.referralId }))].map(r => r.id),
          },
        })
      return render(request, reply, homePage, {
        title: 'Home',
        // After someone takes themselves or their agency off a case team, the case is no longer theirs to open.
        notice: request.query.leftCase
          ? {
              text: 'Case team updated. Neither you nor your agency is on that case team now, so you can no longer open the case.',
              success: true,
            }
          : undefined,
        roleNames: actor.roles.map(r => ROLES[r]),
        isAdministrator: actor.roles.includes('administrator'),
        isAuditor: has(actor, AUDITORS),
        isPartnershipManager: actor.roles.includes('partnership_manager'),
        awaitingFirst: actor.roles.includes('front_door'),
        awaiting: awaiting && {
          total: awaitingTotal,
          rows: awaiting.map(r => ({
            href: urls.referral(r.id),
            child: `${r.givenName} ${r.familyName}`,
            from: r.referrer,
            due: sentence(londonDue(r.decisionDueAt, now)),
            overdue: r.decisionDueAt < now,
          })),
        },
        caseSections: caseSections.map(({ caseIds: _caseIds, ...s }) => s),
        raised: raised && {
          total: raisedTotal,
          rows: raised.map(r => ({
            href: urls.concern(r.concernId),
            child: `${r.givenName} ${r.familyName}`,
            received: londonDateTime(r.receivedAt),
            decision: r.decision ? DECISIONS[r.decision] : null,
            due: londonDue(r.decisionDueAt, now),
            overdue: !r.decision && r.decisionDueAt < now,
          })),
        },
        recent,
      })
    },
  )

  pages.get(
    '/cases',
    {
      config: { action: 'home.cases' },
      schema: { querystring: z.object({ member: queryText, status: queryText, childId: queryText, page: queryText }) },
    },
    async (request, reply) => {
      const { actor, query } = request
      const now = lantern.clock()
      // A filter that cannot be read lists my open cases, as the page first opens.
      const parsed = caseListQuery.safeParse({
        member: query.member ?? 'me',
        status: query.status === 'all' ? undefined : (query.status ?? 'open'),
        childId: query.childId === '' ? undefined : query.childId,
      })
      const filter: CaseListFilter = parsed.success ? parsed.data : { member: 'me', status: 'open' }
      const asked = currentPage(query.page, 1_000_000)
      let table = await caseTable(lantern.db, actor, filter, { limit: PAGE_SIZE, offset: (asked - 1) * PAGE_SIZE }, now)
      const pages = Math.max(1, Math.ceil(table.total / PAGE_SIZE))
      const current = Math.min(asked, pages)
      // Past the last page (the list shrank): show the last one.
      if (current !== asked)
        table = await caseTable(lantern.db, actor, filter, { limit: PAGE_SIZE, offset: (current - 1) * PAGE_SIZE }, now)
      await auditRead(request, {
        action: 'home.cases',
        objectType: 'cases',
        detail: { filter: { ...filter }, caseIds: table.caseIds },
      })
      const status = filter.status ?? 'all'
      const linkQuery = { member: filter.member, status, childId: filter.childId }
      const { caseIds: _caseIds, ...shown } = table
      return render(request, reply, caseListPage, {
        title: 'Cases',
        heading: MEMBERSHIP_NAMES[filter.member ?? 'me'],
        table: shown,
        first: (current - 1) * PAGE_SIZE + 1,
        pagination: pagination(urls.cases(), linkQuery, current, pages),
        memberItems: CASE_MEMBERSHIPS.filter(m => m !== 'team' || has(actor, ['team_manager'])).map(m => ({
          value: m,
          text: MEMBERSHIP_NAMES[m],
          selected: m === filter.member,
        })),
        statusItems: [
          { value: 'open', text: 'Open' },
          { value: 'closed', text: 'Closed' },
          { value: 'all', text: 'Open and closed' },
        ].map(s => ({ ...s, selected: s.value === status })),
        childId: filter.childId,
      })
    },
  )
}
