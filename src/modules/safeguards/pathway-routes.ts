import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Finding } from '../../kernel/findings.ts'
import { ageOn, londonDate, todayIso } from '../../web/dates.ts'
import { idParams } from '../../web/page-schemas.ts'
import { urls } from '../../web/urls.ts'
import { render, view, type PageData } from '../../web/render.ts'
import { getCase } from '../cases/index.ts'
import { pathwayOf, type ChildPathway } from './pathway.ts'
import type { Rule } from './snapshot.ts'
import { caseNow, findingBody, findingOut } from './task-routes.ts'

// The case's pathway: per child, where they are as a GOV.UK task list, what is due next and when in working days,
// and the open findings, for the page and for systems.

interface PathwayPage extends PageData {
  kase: Awaited<ReturnType<typeof getCase>>
  children: (ChildPathway & { name: string; born: string | null; age: number | null })[]
  /** Findings about the whole case, not one child. */
  caseFindings: readonly Finding[]
}

const pathwayPage = view<PathwayPage>('safeguards/views/pathway.njk')

const dueOut = z.object({ at: z.date(), workingDays: z.number(), message: z.string() }).nullable()

const pathwayOut = z.object({
  children: z.array(
    z.object({
      childId: z.string(),
      next: dueOut,
      steps: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          href: z.string().optional(),
          status: z.enum(['done', 'in_progress', 'to_do', 'not_decided']),
          facts: z.array(z.string()),
          due: dueOut,
          findings: z.array(findingOut),
        }),
      ),
      otherFindings: z.array(findingOut),
    }),
  ),
  caseFindings: z.array(findingOut),
})

export function pathwayRoutes(app: FastifyInstance, rules: readonly Rule[]): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  async function pathwayNow(caseId: string) {
    const now = lantern.clock()
    const { snapshot, findings } = await caseNow(lantern.db, rules, caseId, now)
    return { now, children: pathwayOf(snapshot, findings, now), caseFindings: findings.filter(f => !f.childId) }
  }

  api.get(
    '/cases/:id/pathway',
    { config: { action: 'case.pathway' }, schema: { params: idParams } },
    async (request, reply) => {
      const [kase, { now, children, caseFindings }] = await Promise.all([
        getCase(lantern.db, request.params.id),
        pathwayNow(request.params.id),
      ])
      const today = todayIso(now)
      const people = new Map(kase.children.map(c => [c.id, c]))
      const mayAsk = kase.status === 'open' && request.can('approval.askForm')
      return render(request, reply, pathwayPage, {
        title: `Pathway: ${kase.reference}`,
        kase,
        caseFindings,
        children: children.flatMap(child => {
          const person = people.get(child.childId)
          if (!person) return []
          return [
            {
              ...child,
              name: `${person.givenName} ${person.familyName}`,
              born: person.dateOfBirth ? londonDate(person.dateOfBirth) : null,
              age: ageOn(person.dateOfBirth, today),
              // Support goes on after the outcome: a plan, or a manager's agreement that none is needed (SG-03).
              askApproval:
                mayAsk && child.steps.some(s => s.key === 'plan' && s.status === 'to_do')
                  ? urls.newApproval(kase.id, { kind: 'no_support_plan', childId: child.childId })
                  : null,
            },
          ]
        }),
      })
    },
  )

  api.get(
    '/api/v1/cases/:id/pathway',
    {
      config: { action: 'case.pathway' },
      schema: {
        tags: ['safeguards'],
        summary:
          'Where each child of the case is on the pathway: each step’s status and facts, what is due next and in how many working days (negative: late), and the open findings',
        params: z.object({ id: z.uuid() }),
        response: { 200: pathwayOut },
      },
    },
    async request => {
      const { children, caseFindings } = await pathwayNow(request.params.id)
      return {
        children: children.map(child => ({
          ...child,
          steps: child.steps.map(step => ({
            ...step,
            facts: [...step.facts],
            findings: step.findings.map(findingBody),
          })),
          otherFindings: child.otherFindings.map(findingBody),
        })),
        caseFindings: caseFindings.map(findingBody),
      }
    },
  )
}
