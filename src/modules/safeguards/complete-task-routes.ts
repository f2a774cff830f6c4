import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { londonDue } from '../../web/dates.ts'
import { defineForm, formPage, seeOther } from '../../web/form-page.ts'
import { idParams } from '../../web/page-schemas.ts'
import { view, type FormPageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getCase } from '../cases/index.ts'
import { completeTask, mayCompleteTask, taskToComplete, type TaskToComplete } from './complete-task.ts'

// "Mark as done" for an agreed action: the page is its own confirmation (what the task is, what marking it done
// does), and the API takes the task's version so two people marking it at once cannot both succeed.

interface CompleteTaskPage extends FormPageData {
  kase: Awaited<ReturnType<typeof getCase>>
  task: TaskToComplete & { due: string }
  /** Whether the reader may mark it done: others read why not. */
  mayComplete: boolean
}

const completeTaskPage = view<CompleteTaskPage>('safeguards/views/complete-task.njk')

const completeForm = defineForm({
  fields: ['version'],
  schema: z.strictObject({
    version: z.coerce.number('Reload the page and try again').int('Reload the page and try again').positive(),
  }),
  toInput: ({ version }) => version,
})

export function completeTaskRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  formPage(app, {
    page: completeTaskPage,
    form: completeForm,
    params: idParams,
    load: async (request, { params }) => {
      const task = await taskToComplete(lantern.db, params.id)
      // A done task, or a safeguard's, has nothing to mark: back to the case's tasks, which say why.
      if (task.status === 'done' || task.safeguard !== null)
        return seeOther(urls.caseTasks(task.caseId, task.status === 'done' ? { status: 'done' } : {}))
      return { task, kase: await getCase(lantern.db, task.caseId) }
    },
    get: {
      url: '/tasks/:id/complete',
      config: { action: 'task.completeForm' },
      values: (_request, { context: { task } }) => ({ version: String(task.version) }),
    },
    post: { url: '/tasks/:id/complete', config: { action: 'task.complete' } },
    view: (request, { context: { task, kase } }) => ({
      title: 'Mark the task as done',
      kase,
      task: { ...task, due: londonDue(task.dueAt, lantern.clock()) },
      mayComplete: mayCompleteTask(request.actor, task, request.relationship === 'full'),
    }),
    submit: (request, version, { params }) =>
      completeTask(lantern.db, request.actor, params.id, version, request.ip, lantern.clock()),
    redirect: task => urls.caseTasks(task.caseId, { status: 'done' }),
  })

  api.post(
    '/api/v1/tasks/:id/complete',
    {
      config: { action: 'task.complete' },
      schema: {
        tags: ['safeguards'],
        summary:
          'Marks an agreed action’s task done (a safeguard’s task closes by itself when its step is recorded): ' +
          '409 when already done, when the version is stale, or for a safeguard’s task',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ version: z.number().int().positive() }),
        response: {
          200: z.object({
            id: z.string(),
            caseId: z.string(),
            status: z.literal('done'),
            doneAt: z.date(),
            version: z.number(),
          }),
        },
      },
    },
    async request => {
      const done = await completeTask(
        lantern.db,
        request.actor,
        request.params.id,
        request.body.version,
        request.ip,
        lantern.clock(),
      )
      return {
        id: done.id,
        caseId: done.caseId,
        status: 'done' as const,
        doneAt: done.doneAt ?? lantern.clock(),
        version: done.version,
      }
    },
  )
}
