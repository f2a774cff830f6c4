import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NotFound } from '../../kernel/errors.ts'
import { defineForm, formPage } from '../../web/form-page.ts'
import { render, view, type FormPageData, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import {
  changePolicy,
  DEFAULT_POLICY,
  isPolicyName,
  policySettings,
  type PolicyName,
  type PolicySetting,
} from '../policy/index.ts'

// The partnership's settings: the durations and limits every deadline and rule reads (the front door's time to
// decide, emergency access, when concerns add up, and each safeguard's deadlines as they come). The partnership
// manager changes them one at a time on a page that says where each default comes from; the auditor reads them;
// systems read and change them through the API. Every change is audited with what it was and what it became.

export interface PolicyPage extends PageData {
  settings: readonly PolicySetting[]
  mayChange: boolean
}

export interface PolicySettingPage extends FormPageData {
  setting: PolicySetting
  version: number
}

const policyPage = view<PolicyPage>('partnership/views/policy.njk')
const policySettingPage = view<PolicySettingPage>('partnership/views/policy-setting.njk')

const wholeNumber = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .regex(/^\d+$/, `${label} must be a whole number, like 5`)
    .transform(Number)

const settingNames = Object.keys(DEFAULT_POLICY) as [PolicyName, ...PolicyName[]]

const settingForm = defineForm({
  fields: ['value'],
  schema: z.strictObject({ value: wholeNumber('The new value'), version: z.string().regex(/^\d+$/).transform(Number) }),
  toInput: body => body,
  // The service names the setting; on its page, that is the one box.
  fieldOf: Object.fromEntries(settingNames.map(name => [name, 'value'])),
  conflict: { field: 'value' },
})

const settingOut = z.object({
  name: z.string(),
  label: z.string(),
  value: z.number(),
  default: z.number(),
  unit: z.string(),
  max: z.number(),
  source: z.object({ text: z.string(), reviewCode: z.string().optional(), href: z.string().optional() }),
  changedAt: z.date().nullable(),
  changedBy: z.string().nullable(),
})
const policyOut = z.object({ version: z.number(), settings: z.array(settingOut) })

function policyForSystems(policy: { version: number; settings: readonly PolicySetting[] }) {
  return {
    version: policy.version,
    settings: policy.settings.map(({ defaultValue, source, ...s }) => ({
      ...s,
      default: defaultValue,
      source: source.reviewCode ? { ...source, href: urls.reviewItem(source.reviewCode) } : { ...source },
    })),
  }
}

export function policyRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const api = app.withTypeProvider<ZodTypeProvider>()

  app.get('/partnership/policy', { config: { action: 'partnership.policy' } }, async (request, reply) => {
    const { settings } = await policySettings(lantern.db)
    const changed = (request.query as { changed?: unknown }).changed
    const named = typeof changed === 'string' && isPolicyName(changed) ? DEFAULT_POLICY[changed] : undefined
    return render(request, reply, policyPage, {
      title: 'The partnership’s settings',
      settings,
      mayChange: request.actor.roles.includes('partnership_manager'),
      notice: named ? { text: `${named.label}: changed.`, success: true } : undefined,
    })
  })

  formPage(app, {
    page: policySettingPage,
    form: settingForm,
    params: z.object({ name: z.string() }),
    get: { url: '/partnership/policy/:name', config: { action: 'partnership.changePolicy' } },
    post: { url: '/partnership/policy/:name', config: { action: 'partnership.changePolicy' } },
    load: async (_request, { params }) => {
      if (!isPolicyName(params.name)) throw new NotFound('setting')
      const policy = await policySettings(lantern.db)
      const setting = policy.settings.find(s => s.name === params.name)
      if (!setting) throw new NotFound('setting')
      return { setting, version: policy.version }
    },
    // The version is the one read with the page; after a conflict, the one read now, so sending again works.
    view: (_request, { context, values, conflict }) => ({
      title: `Change: ${context.setting.label}`,
      setting: context.setting,
      version: conflict || values.version === undefined ? context.version : Number(values.version),
    }),
    submit: (request, input, { context }) =>
      changePolicy(lantern.db, {
        actor: request.actor,
        ip: request.ip,
        now: lantern.clock(),
        version: input.version,
        settings: { [context.setting.name]: input.value },
      }),
    redirect: (_result, params) => urls.partnershipPolicy({ changed: params.name }),
  })

  api.get(
    '/api/v1/policy',
    {
      config: { action: 'partnership.policy' },
      schema: {
        tags: ['partnership'],
        summary:
          'The partnership’s settings: each duration or limit with its value, default, unit, most allowed, source and who last changed it; `version` to send back with a change',
        response: { 200: policyOut },
      },
    },
    async () => policyForSystems(await policySettings(lantern.db)),
  )

  api.patch(
    '/api/v1/policy',
    {
      config: { action: 'partnership.changePolicy' },
      schema: {
        tags: ['partnership'],
        summary:
          'Change some of the partnership’s settings at once (all or none), as the version read: 409 `conflict` when someone changed them since; each change audited',
        body: z.strictObject({
          version: z.number().int().nonnegative(),
          settings: z.partialRecord(z.enum(settingNames), z.number()),
        }),
        response: { 200: policyOut },
      },
    },
    async request => {
      await changePolicy(lantern.db, {
        actor: request.actor,
        ip: request.ip,
        now: lantern.clock(),
        version: request.body.version,
        settings: request.body.settings,
      })
      return policyForSystems(await policySettings(lantern.db))
    },
  )
}
