import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CIVIL_ORDER_KINDS,
  MAPPA_LEVELS,
  REGISTRATION_PERIODS,
  RISK_LEVELS,
  RISK_TOOLS,
} from '../../kernel/codes/risk.ts'
import { OFFENDING_KINDS } from '../../kernel/codes/people.ts'
import { londonDate as londonDay } from '../../kernel/working-days.ts'
import { londonDate } from '../../web/dates.ts'
import { queryText } from '../../web/page-schemas.ts'
import { currentPage, pagination } from '../../web/pagination.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { auditRead } from '../access/index.ts'
import { ageInWords } from '../cases/index.ts'
import { readRegister, type RegisterComposition, type RegisterEntry, type RegisterFilter } from './register-service.ts'
import { registerPage, type RegisterRow } from './register-views.ts'

/** People a page of the register shows: enough to scan, few enough to read each row. */
export const REGISTER_PAGE_SIZE = 50
/** The window the page's "order expiring" box asks about (issue 14: within 90 days). */
const EXPIRING_WITHIN_DAYS = 90

const mappaLevelCodes = Object.keys(MAPPA_LEVELS) as (keyof typeof MAPPA_LEVELS)[]

/** The API's filter: strict, every bad value a 400 naming its field. */
export const registerQuery = z.strictObject({
  mappaLevel: z.enum(mappaLevelCodes, 'mappaLevel must be 1, 2 or 3').optional(),
  assessmentOverdue: z.enum(['true', 'false'], 'assessmentOverdue must be true or false').optional(),
  orderExpiringWithinDays: z.coerce
    .number('orderExpiringWithinDays must be a number of days')
    .int('orderExpiringWithinDays must be a whole number of days')
    .min(1, 'orderExpiringWithinDays must be 1 or more')
    .max(3650, 'orderExpiringWithinDays must be 3,650 or fewer')
    .optional(),
  limit: z.coerce
    .number('limit must be a number')
    .int('limit must be a whole number')
    .min(1, 'limit must be 1 or more')
    .max(200, 'limit must be 200 or fewer')
    .default(REGISTER_PAGE_SIZE),
  offset: z.coerce
    .number('offset must be a number')
    .int('offset must be a whole number')
    .min(0, 'offset must be 0 or more')
    .default(0),
})

const registerPerson = z.object({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  age: z.number().int().nullable(),
  history: z.array(
    z.object({
      kind: z.enum(Object.keys(OFFENDING_KINDS) as [keyof typeof OFFENDING_KINDS]),
      date: z.string(),
      endsOn: z.string().nullable(),
      registrationPeriod: z.enum(Object.keys(REGISTRATION_PERIODS) as [keyof typeof REGISTRATION_PERIODS]).nullable(),
      sourceAgencyId: z.uuid(),
    }),
  ),
  civilOrders: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(Object.keys(CIVIL_ORDER_KINDS) as [keyof typeof CIVIL_ORDER_KINDS]),
      otherKind: z.string().nullable(),
      startsOn: z.string(),
      expiresOn: z.string().nullable(),
    }),
  ),
  assessment: z
    .object({
      id: z.uuid(),
      tool: z.enum(Object.keys(RISK_TOOLS) as [keyof typeof RISK_TOOLS]),
      toolName: z.string().nullable(),
      level: z.enum(Object.keys(RISK_LEVELS) as [keyof typeof RISK_LEVELS]),
      assessedOn: z.string(),
      nextReviewOn: z.string(),
      ageInMonths: z.number().int(),
    })
    .nullable(),
  assessmentOverdue: z.boolean(),
  mappaCategory: z.enum(['1', '2', '3', '4']).nullable(),
  mappaLevel: z.enum(mappaLevelCodes).nullable(),
  probationContactUserId: z.uuid().nullable(),
  policeLeadUserId: z.uuid().nullable(),
  children: z.array(
    z.object({
      id: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      dateOfBirth: z.string(),
      age: z.number().int().nullable(),
      livesWith: z.boolean(),
      hasContact: z.boolean(),
    }),
  ),
  openFindings: z.array(
    z.object({
      taskId: z.uuid(),
      safeguard: z.string(),
      caseId: z.uuid(),
      childId: z.uuid().nullable(),
      dueAt: z.iso.datetime(),
    }),
  ),
})

/** The page's filter: lenient, as pages are (a value it cannot read is read as none). */
function pageFilter(query: { mappaLevel?: string; assessmentOverdue?: string; orderExpiringWithinDays?: string }) {
  const filter: RegisterFilter = {
    mappaLevel: mappaLevelCodes.find(l => l === query.mappaLevel),
    assessmentOverdue: query.assessmentOverdue === 'true' || undefined,
    orderExpiringWithinDays:
      query.orderExpiringWithinDays === String(EXPIRING_WITHIN_DAYS) ? EXPIRING_WITHIN_DAYS : undefined,
  }
  return filter
}

/** The filter as the query carries it, for the audit row and the pages' links. */
function asQuery(filter: RegisterFilter): Record<string, string | undefined> {
  return {
    mappaLevel: filter.mappaLevel,
    assessmentOverdue: filter.assessmentOverdue ? 'true' : undefined,
    orderExpiringWithinDays:
      filter.orderExpiringWithinDays === undefined ? undefined : String(filter.orderExpiringWithinDays),
  }
}

/** One audit row for every reading of the register: the filter and the ids of the people shown, never a name. */
function auditRegisterRead(request: FastifyRequest, filter: RegisterFilter, total: number, shown: RegisterEntry[]) {
  const asked = Object.fromEntries(Object.entries(asQuery(filter)).filter(([, v]) => v !== undefined))
  return auditRead(request, {
    action: 'register.read',
    objectType: 'register',
    detail: { filter: asked, total, personIds: shown.map(p => p.id) },
  })
}

/** A row of the page, in words. */
function rowOf(p: RegisterEntry): RegisterRow {
  const day = (iso: string) => londonDate(iso)
  return {
    href: urls.personRisk(p.id),
    name: `${p.givenName} ${p.familyName}`,
    born: p.dateOfBirth ? day(p.dateOfBirth) : 'Date of birth not known',
    age: ageInWords(p.age),
    known: [
      ...p.history.map(h => {
        const period = h.registrationPeriod ? `, ${REGISTRATION_PERIODS[h.registrationPeriod]}` : ''
        const ends = h.endsOn ? `, ends ${day(h.endsOn)}` : ''
        return `${OFFENDING_KINDS[h.kind]}, ${day(h.date)}${period}${ends}`
      }),
      ...p.civilOrders.map(o => {
        const kind = o.kind === 'other' ? (o.otherKind ?? CIVIL_ORDER_KINDS.other) : CIVIL_ORDER_KINDS[o.kind]
        return `${kind} from ${day(o.startsOn)}, ${o.expiresOn ? `expires ${day(o.expiresOn)}` : 'no expiry'}`
      }),
    ],
    assessment: p.assessment
      ? `${p.assessment.tool === 'local' ? (p.assessment.toolName ?? RISK_TOOLS.local) : RISK_TOOLS[p.assessment.tool]}: ` +
        `${RISK_LEVELS[p.assessment.level]}, ${day(p.assessment.assessedOn)} ` +
        `(${p.assessment.ageInMonths === 1 ? '1 month' : `${String(p.assessment.ageInMonths)} months`} old)`
      : 'None recorded',
    overdue: p.assessmentOverdue,
    mappa:
      p.mappaCategory === null
        ? 'Not managed under MAPPA'
        : `Category ${p.mappaCategory}${p.mappaLevel ? `, level ${p.mappaLevel}` : ', no level'}`,
    probationContact: p.probationContact?.name ?? 'None named',
    policeLead: p.policeLead?.name ?? 'None named',
    children: p.children.map(c => ({
      name: `${c.givenName} ${c.familyName}`,
      born: day(c.dateOfBirth),
      age: ageInWords(c.age),
      how: c.livesWith && c.hasContact ? 'Lives with, has contact' : c.livesWith ? 'Lives with' : 'Has contact',
    })),
    findings: p.openFindings.map(f => `${f.safeguard}, due ${londonDate(f.dueAt)}`),
  }
}

/**
 * The register page and API for probation, the police and the front door (REGISTER_READERS; everyone else is
 * refused by the action). Every reading is audited with the ids of the people it showed.
 */
export function registerRoutes(app: FastifyInstance, composition: RegisterComposition): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()

  routes.get(
    '/register',
    {
      config: { action: 'register.read' },
      schema: {
        querystring: z.object({
          mappaLevel: queryText,
          assessmentOverdue: queryText,
          orderExpiringWithinDays: queryText,
          page: queryText,
        }),
      },
    },
    async (request, reply) => {
      const filter = pageFilter(request.query)
      const today = londonDay(lantern.clock())
      const wanted = currentPage(request.query.page, Number.MAX_SAFE_INTEGER)
      let found = await readRegister(
        lantern.db,
        composition,
        filter,
        { limit: REGISTER_PAGE_SIZE, offset: (wanted - 1) * REGISTER_PAGE_SIZE },
        today,
      )
      const pages = Math.max(1, Math.ceil(found.total / REGISTER_PAGE_SIZE))
      const current = Math.min(wanted, pages)
      // A page beyond the last (the register shrank, or a hand-typed address) shows the last one.
      if (current !== wanted)
        found = await readRegister(
          lantern.db,
          composition,
          filter,
          { limit: REGISTER_PAGE_SIZE, offset: (current - 1) * REGISTER_PAGE_SIZE },
          today,
        )
      await auditRegisterRead(request, filter, found.total, found.people)
      const kept = asQuery(filter)
      return render(request, reply, registerPage, {
        title: 'Register of people who present a risk of sexual harm',
        total: found.total,
        first: (current - 1) * REGISTER_PAGE_SIZE + 1,
        last: (current - 1) * REGISTER_PAGE_SIZE + found.people.length,
        rows: found.people.map(rowOf),
        filtered: Object.values(kept).some(v => v !== undefined),
        clearHref: urls.register(),
        mappaItems: [
          { value: '', text: 'Any level', selected: filter.mappaLevel === undefined },
          ...mappaLevelCodes.map(l => ({ value: l, text: MAPPA_LEVELS[l], selected: filter.mappaLevel === l })),
        ],
        overdueChecked: filter.assessmentOverdue === true,
        expiringChecked: filter.orderExpiringWithinDays !== undefined,
        expiringDays: EXPIRING_WITHIN_DAYS,
        pagination: pagination(urls.register(), kept, current, pages),
      })
    },
  )

  routes.get(
    '/api/v1/register',
    {
      config: { action: 'register.read' },
      schema: {
        tags: ['risk'],
        summary:
          'The register of people who present a risk of sexual harm, in name order: what is known, the current ' +
          'assessment and whether it is overdue, MAPPA, the single points of contact, the children each lives ' +
          'with or has contact with now, and the open SG-08 and SG-09 findings. For probation, the police and ' +
          'the front door only; each call is audited with the ids of the people returned',
        querystring: registerQuery,
        response: { 200: z.object({ people: z.array(registerPerson), total: z.number().int() }) },
      },
    },
    async request => {
      const { limit, offset, mappaLevel, assessmentOverdue, orderExpiringWithinDays } = request.query
      const filter: RegisterFilter = {
        mappaLevel,
        assessmentOverdue: assessmentOverdue === undefined ? undefined : assessmentOverdue === 'true',
        orderExpiringWithinDays,
      }
      const found = await readRegister(lantern.db, composition, filter, { limit, offset }, londonDay(lantern.clock()))
      await auditRegisterRead(request, filter, found.total, found.people)
      return {
        total: found.total,
        people: found.people.map(({ probationContact, policeLead, openFindings, ...p }) => ({
          ...p,
          probationContactUserId: probationContact?.userId ?? null,
          policeLeadUserId: policeLead?.userId ?? null,
          openFindings: openFindings.map(f => ({ ...f, dueAt: f.dueAt.toISOString() })),
        })),
      }
    },
  )
}
