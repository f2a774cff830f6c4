import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { riskPromptsFor } from './child-record.ts'

const promptOut = z.object({
  person: z.object({ id: z.string(), name: z.string() }).nullable(),
  link: z.enum(['lives_with', 'has_contact']),
  known: z.array(z.string()).nullable(),
  contact: z.object({ name: z.string(), agency: z.string(), email: z.string() }).nullable(),
})

/** The SG-08 prompt of a child's record without a case, through the API, with the page's need to know. */
export function promptRoutes(app: FastifyInstance): void {
  const { lantern } = app
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/people/:id/risk-prompts',
    {
      config: { action: 'person.riskPrompts' },
      schema: {
        tags: ['risk'],
        summary:
          'For a child in no open case: each person they live with or see now who is known to present a risk of ' +
          'sexual harm. `person` is null unless the caller may see that person’s record or reads the register; ' +
          '`known` (offending history and civil order codes) only for register readers; `contact` is their ' +
          'probation contact, null when none is recorded (contact the front door). Empty while the child is in ' +
          'an open case: SG-08 is that case’s task',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ prompts: z.array(promptOut) }) },
      },
    },
    async request => ({
      prompts: await riskPromptsFor(lantern.db, request.actor, request.params.id, lantern.clock()),
    }),
  )
}
