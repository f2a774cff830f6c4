import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { DECISIONS } from '../../kernel/codes/concerns.ts'
import { isoDate, todayIso } from '../../web/dates.ts'
import type { GovukErrors } from '../../web/forms.ts'
import { describePeriod, laterThanFrom, moments, periodQuery, readPeriod, type Period } from '../../web/period.ts'
import { render, view, type FormValues, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { openCasesByLeadAgency } from '../cases/index.ts'
import { concernsByAgency, referralsByDecision } from '../concerns/index.ts'
import { toCsv } from './csv.ts'

// The partnership's lists: open cases by the lead's agency, referrals by decision, and concerns by the agency
// that recorded them over a period. Counts only: the partnership manager and auditor have no need to know about
// any child. Each table downloads as CSV with the same figures.

const CSV_LISTS = ['open-cases-by-agency', 'referrals-by-decision', 'concerns-by-agency'] as const

const periodApi = z
  .strictObject({ from: isoDate('From').optional(), to: isoDate('To').optional() })
  .transform(p => ({ from: p.from ?? null, to: p.to ?? null }))
  .superRefine(laterThanFrom)

async function lists(db: Db, period: Period) {
  const [openCases, referrals, concerns] = await Promise.all([
    openCasesByLeadAgency(db),
    referralsByDecision(db),
    concernsByAgency(db, moments(period)),
  ])
  return {
    openCases: openCases.map(r => ({ agency: r.agencyName, cases: r.cases })),
    referrals: referrals.map(r => ({
      decision: r.decision,
      name: r.decision ? DECISIONS[r.decision] : 'Awaiting a decision',
      referrals: r.referrals,
    })),
    concerns: concerns.map(r => ({ agency: r.agencyName, concerns: r.concerns, referred: r.referred })),
  }
}

interface ListsPage extends PageData {
  values: FormValues
  errors?: GovukErrors | undefined
  periodText: string
  lists: Awaited<ReturnType<typeof lists>>
  concernsCsv: string
}

const listsPage = view<ListsPage>('partnership/views/lists.njk')

function sendCsv(reply: FastifyReply, name: string, today: string, csv: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${today}.csv"`)
    .header('cache-control', 'no-store')
    .send(csv)
}

export function partnershipRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get('/partnership/lists', { config: { action: 'partnership.lists' } }, async (request, reply) => {
    const { values, period, errors } = readPeriod(request.query as Record<string, unknown>)
    const shown = period ?? { from: null, to: null }
    return render(
      request,
      reply,
      listsPage,
      {
        title: 'The partnership’s lists',
        values,
        errors,
        periodText: describePeriod(shown),
        lists: await lists(lantern.db, shown),
        concernsCsv: `${urls.partnershipListCsv('concerns-by-agency')}${
          period ? `?${new URLSearchParams(periodQuery(period)).toString()}` : ''
        }`,
      },
      errors ? 422 : 200,
    )
  })

  // One address per list, each a plain file name: a spreadsheet saves it under the name it was asked by.
  for (const list of CSV_LISTS)
    pages.get(
      `/partnership/lists/${list}.csv`,
      { config: { action: 'partnership.listsCsv' } },
      async (request, reply) => {
        const today = todayIso(lantern.clock())
        const { period, errors } = readPeriod(request.query as Record<string, unknown>)
        if (errors)
          return reply
            .code(422)
            .type('text/plain; charset=utf-8')
            .send(errors.list.map(e => e.text).join('\n'))
        const found = await lists(lantern.db, period)
        if (list === 'open-cases-by-agency')
          return sendCsv(
            reply,
            list,
            today,
            toCsv(
              ['Agency', 'Open cases'],
              found.openCases.map(r => [r.agency, r.cases]),
            ),
          )
        if (list === 'referrals-by-decision')
          return sendCsv(
            reply,
            list,
            today,
            toCsv(
              ['Decision', 'Referrals'],
              found.referrals.map(r => [r.name, r.referrals]),
            ),
          )
        return sendCsv(
          reply,
          list,
          today,
          toCsv(
            ['Agency', 'From', 'To', 'Concerns', 'Referred to children’s social care'],
            found.concerns.map(r => [r.agency, period.from ?? '', period.to ?? '', r.concerns, r.referred]),
          ),
        )
      },
    )

  pages.get(
    '/api/v1/partnership/lists',
    {
      config: { action: 'partnership.lists' },
      schema: {
        tags: ['partnership'],
        summary:
          'The partnership’s lists: open cases by the lead’s agency, referrals by decision, and concerns by recording ' +
          'agency from `from` to `to` (dates in England, both included, either left out for no limit). Counts only',
        querystring: periodApi,
        response: {
          200: z.object({
            openCasesByAgency: z.array(z.object({ agency: z.string(), cases: z.number() })),
            referralsByDecision: z.array(
              z.object({
                decision: z.string().nullable().describe('The decision code; null for referrals awaiting one'),
                name: z.string(),
                referrals: z.number(),
              }),
            ),
            concernsByAgency: z.array(z.object({ agency: z.string(), concerns: z.number(), referred: z.number() })),
          }),
        },
      },
    },
    async request => {
      const found = await lists(lantern.db, request.query)
      return {
        openCasesByAgency: found.openCases,
        referralsByDecision: found.referrals,
        concernsByAgency: found.concerns,
      }
    },
  )
}
