import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { auditCaseList, caseListItemOut, caseListQuery, countCases, listCases } from '../cases/index.ts'
import { dueOnCases } from './caseload.ts'

// The API's case list lives here, beside the pages' (routes.ts), because what is due on a case comes from the
// modules above cases (referrals now, tasks later): both take it from dueOnCases, so the two never disagree.

const dueOut = z.object({
  kind: z.enum(['referralDecision']),
  name: z.string(),
  dueAt: z.date(),
  overdue: z.boolean(),
})

const caseListItemWithDueOut = caseListItemOut.extend({
  due: z
    .array(dueOut)
    .nullable()
    .describe('What is due on the case, soonest first, as the home page shows it; null when nothing is'),
})

export function homeApi(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  api.get(
    '/api/v1/cases',
    {
      config: { action: 'cases.list' },
      schema: {
        tags: ['cases'],
        summary:
          'The cases the caller works, newest opened first: `member=me` (I lead it or am on its team), `agency` (my ' +
          'agency is on its team), `team` (led by someone in my agency); only cases the caller may open. ' +
          'Each says what is `due` (null: nothing). `limit` and `offset` page, and X-Total-Count says how many there are',
        querystring: caseListQuery,
        response: { 200: z.array(caseListItemWithDueOut) },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...filter } = request.query
      const [total, cases] = await Promise.all([
        countCases(lantern.db, request.actor, filter),
        listCases(lantern.db, request.actor, filter, { limit, offset }),
      ])
      const due = await dueOnCases(lantern.db, cases, lantern.clock())
      await auditCaseList(request, filter, cases)
      return reply.header('x-total-count', String(total)).send(cases.map(c => ({ ...c, due: due.get(c.id) ?? null })))
    },
  )
}
