import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Conflict, Invalid, SafeguardRefusal } from '../kernel/errors.ts'
import type { Finding } from '../kernel/findings.ts'
import { readDateInputs } from './date-input.ts'
import { fieldIssues, formFields, formList, govukErrors } from './forms.ts'
import { render, view, type FormPageData, type FormValues, type PageData, type View } from './render.ts'
import { claimSubmission, finishSubmission, newSubmissionKey, releaseSubmission } from './submissions.ts'

// One way to build a page with a form (DESIGN.md, "A form page"). A form is defined once: a strict schema of
// its body, the mapping to the service's input, and its fields in order. formPage() then answers its POST:
// what is wrong comes back as the same page with 400 and what was typed; a service's Invalid does too, and a
// Conflict with 409; anything that worked is a 303, so refreshing the page after it changes nothing.
//
// Anything permanent goes through check your answers (DESIGN.md): a form with `check` answers a valid post with
// the answers in words (200) and saves nothing. That page is one form holding every answer as typed, in hidden
// inputs: each "Change" is a button posting them back with `change` (the form comes back filled in as typed), and
// the confirm button posts them with `confirmed`. Only a confirmed post saves, after every answer is checked again
// (hidden inputs are typed by the user too), and once only (a submission key, see submissions.ts). Nothing about a
// person waits in the session, and it all works without JavaScript. The API never goes through it.

/** A form: what its body may hold, how that becomes the service's input, and how its errors are laid out. */
export interface Form<Schema extends z.ZodType, Input> {
  /** The fields from top to bottom: the error summary lists problems in this order. */
  fields: readonly string[]
  /** A strict schema of the body: strings as posted, `_csrf` removed, `lists` and `dateInputs` read first. */
  schema: Schema
  /** The valid body as the service takes it. */
  toInput: (body: z.output<Schema>) => Input
  /** Fields that can repeat (checkboxes): read as a list of strings however many came, and shown again as one. */
  lists?: readonly string[]
  /** GOV.UK date inputs, read as one field of three boxes (see date-input.ts). */
  dateInputs?: readonly string[]
  /** Any other reading of the body before the schema's (one select per person, read as a list of people). */
  read?: (body: FormValues) => Record<string, unknown>
  /** Where a field's summary link goes when its first input is not `#field`. */
  anchors?: Readonly<Record<string, string>>
  /** The form field an error belongs to, when the service names it otherwise. */
  fieldOf?: Readonly<Record<string, string>>
  /** Where to say that someone else changed the record first; without it a Conflict is the 409 error page. */
  conflict?: { field: string; message?: string }
}

export function defineForm<Schema extends z.ZodType, Input>(form: Form<Schema, Input>): Form<Schema, Input> {
  return form
}

/** The body as the form's schema reads it: each date input's boxes as one field, then the form's own reading. */
function readForm(form: Pick<Form<z.ZodType, unknown>, 'dateInputs' | 'read'>, values: FormValues) {
  const read = readDateInputs(values, form.dateInputs ?? [])
  return form.read ? form.read(read) : read
}

/** What was typed, as the page shows it again: the body without its CSRF token, repeating fields as lists. */
function typedValues(form: Pick<Form<z.ZodType, unknown>, 'lists'>, body: unknown): FormValues {
  const values = formFields(body)
  for (const name of form.lists ?? []) values[name] = formList(values[name])
  return values
}

/** Parses a body against a form: its input, or its errors laid out for the page. */
function parseForm<Schema extends z.ZodType, Input>(
  form: Form<Schema, Input>,
  values: FormValues,
): { input: Input; errors?: undefined } | { input?: undefined; errors: Record<string, string> } {
  const parsed = form.schema.safeParse(readForm(form, values))
  return parsed.success ? { input: form.toInput(parsed.data) } : { errors: fieldIssues(parsed.error.issues) }
}

/** The errors of a form as the page shows them, in the form's order. */
function formErrors(
  form: Pick<Form<z.ZodType, unknown>, 'fields' | 'dateInputs' | 'anchors' | 'fieldOf'>,
  fields: Readonly<Record<string, string>>,
  anchors: Readonly<Record<string, string>> = {},
) {
  return govukErrors(fields, {
    order: form.fields,
    dateInputs: form.dateInputs,
    anchors: { ...form.anchors, ...anchors },
    fieldOf: form.fieldOf,
  })
}

/**
 * What `load` or `submit` answers instead of going on: another page (an invitation that cannot be used), or a
 * redirect (seeOther) when there is nothing for the form to be about.
 */
export class Instead {
  constructor(readonly answer: (request: FastifyRequest, reply: FastifyReply) => FastifyReply) {}
}

export function seeOther(url: string): Instead {
  return new Instead((_request, reply) => reply.redirect(url, 303))
}

/** What `submit` answers when what was sent is refused without an exception (a wrong password): the form again. */
export class Refused {
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    readonly status = 400,
  ) {}
}

/** One answer as check your answers shows it, in words; `field` is the form field its "Change" goes back to. */
export interface Answer {
  key: string
  /** Several values are shown one to a line (signs and indicators). */
  value: string | readonly string[]
  field?: string
}

/** A GOV.UK warning on a check-your-answers page, perhaps with a link (the child's open case). */
export interface Warning {
  text: string
  link?: { href: string; text: string }
}

/** What check your answers shows about a valid form, before anything is saved. */
export interface CheckView {
  title: string
  /** Who the form is about, first, with the facts that tell them apart and anything to beware of. */
  subject?: { heading: string; facts: Answer[]; warnings: Warning[] }
  answers: Answer[]
  /** What happens once they confirm, in a sentence above the button. */
  outcome?: string
  /** A tick the user must give before it can be saved (to open a second case anyway): its label and its error. */
  acknowledge?: { label: string; hint?: string; error: string }
  /** The button's words: what it does ("Record the concern"). */
  confirm: string
}

/** An answer as the page lays it out: one paragraph a line. */
interface AnswerRow {
  key: string
  lines: readonly string[]
  field?: string | undefined
}

export interface CheckAnswersPage extends PageData, Omit<CheckView, 'subject' | 'answers'> {
  subject?: { heading: string; facts: AnswerRow[]; warnings: Warning[] } | undefined
  answers: AnswerRow[]
  /** Every answer as typed, carried by the page's one form. */
  hidden: { name: string; value: string }[]
  submission: string
  acknowledged: boolean
}

export const checkAnswersPage = view<CheckAnswersPage>('check-answers.njk')

/** The names check your answers adds to a form's own: none of them is ever one of its fields. */
const MARKERS = ['confirmed', 'change', 'submission', 'acknowledged'] as const
type Markers = Partial<Record<(typeof MARKERS)[number], string>>

/** The markers of a checked form's post, and what was typed without them. */
function splitMarkers(values: FormValues): { markers: Markers; values: FormValues } {
  const markers: Markers = {}
  const typed: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(values))
    if ((MARKERS as readonly string[]).includes(name)) markers[name as keyof Markers] = String(value)
    else typed[name] = value
  return { markers, values: typed }
}

function rows(answers: readonly Answer[]): AnswerRow[] {
  return answers.map(({ key, value, field }) => ({ key, field, lines: typeof value === 'string' ? [value] : value }))
}

/** What was typed, as hidden inputs: a repeating field once for each of its values. */
function hiddenInputs(values: FormValues): { name: string; value: string }[] {
  return Object.entries(values).flatMap(([name, value]) =>
    (Array.isArray(value) ? (value as unknown[]) : [value])
      .filter(v => typeof v === 'string')
      .map(v => ({ name, value: v })),
  )
}

/** What a page with a form is built from, each time it is shown. */
export interface FormState<Params, Query, Context> {
  params: Params
  /** The address's query, on the GET that first shows the form; undefined when a post comes back. */
  query: Query | undefined
  context: Context
  /** What was typed (or the starting answers). */
  values: FormValues
  /** Someone else changed the record since the form was read. */
  conflict?: Conflict
}

/** The page's own data: everything but what was typed and the errors, which formPage adds. */
export type PageOf<Data extends FormPageData> = Omit<Data, 'values' | 'errors'> & {
  /** Summary links that depend on the page (the first of a list of inputs the page builds). */
  anchors?: Readonly<Record<string, string>>
}

type Config = FastifyContextConfig & { action: string }

export interface FormPageOptions<
  ParamsSchema extends z.ZodType,
  QuerySchema extends z.ZodType,
  Context,
  Schema extends z.ZodType,
  Input,
  Result,
  Data extends FormPageData,
> {
  /** The page the form is on. */
  page: View<Data>
  form: Form<Schema, Input>
  /** The parameters of both addresses. */
  params?: ParamsSchema
  /** The GET that shows the form, with the starting answers (none, unless the form changes a record). */
  get?: {
    url: string
    config: Config
    querystring?: QuerySchema
    values?: (
      request: FastifyRequest,
      state: { params: z.output<ParamsSchema>; query: z.output<QuerySchema>; context: Context },
    ) => FormValues
  }
  /** The POST the form sends. */
  post: { url: string; config: Config }
  /**
   * What the form is about, read before anything is shown or parsed (the child a case is opened about, named in
   * the query of the GET and the body of the POST). It may throw NotFound or Forbidden, or answer Instead.
   * Give it before `get` and `view`: TypeScript learns the context's type from it in the order written.
   */
  load?: (
    request: FastifyRequest,
    state: { params: z.output<ParamsSchema>; query: z.output<QuerySchema> | undefined; values: FormValues },
  ) => Promise<Context | Instead>
  /** The page's data for the form as it stands. */
  view: (
    request: FastifyRequest,
    state: FormState<z.output<ParamsSchema>, z.output<QuerySchema>, Context>,
  ) => PageOf<Data> | Promise<PageOf<Data>>
  /** Does what the form asks; Invalid and Conflict come back as the page. `reply` is for cookies only. */
  submit: (
    request: FastifyRequest,
    input: Input,
    state: { params: z.output<ParamsSchema>; context: Context; values: FormValues; reply: FastifyReply },
  ) => Promise<Result | Refused | Instead>
  /** Where to go once it is done. */
  redirect: (result: Result, params: z.output<ParamsSchema>) => string
  /**
   * Check your answers: the valid answers in words, shown before anything is saved; only a confirmed post saves.
   * It may read the database (the child's open cases), and is asked again when the answers are confirmed.
   */
  check?: (
    request: FastifyRequest,
    state: { params: z.output<ParamsSchema>; context: Context; values: FormValues; input: Input },
  ) => CheckView | Promise<CheckView>
}

const noParams = z.object({})

/**
 * A route's params or query as its schema gives them. Fastify has already validated them with that schema
 * before the handler runs; in a generic route its type provider cannot say so, so this does.
 */
function validated<S extends z.ZodType>(_schema: S, value: unknown): z.output<S> {
  return value as z.output<S>
}

/**
 * Registers a form page: its POST, and its GET when given. Returns `show`, which renders the page with a form
 * state, for pages that show the form among other things (the case page and its team forms).
 */
export function formPage<
  ParamsSchema extends z.ZodType = typeof noParams,
  QuerySchema extends z.ZodType = typeof noParams,
  Context = undefined,
  Schema extends z.ZodType = z.ZodType,
  Input = unknown,
  Result = unknown,
  Data extends FormPageData = FormPageData,
>(app: FastifyInstance, options: FormPageOptions<ParamsSchema, QuerySchema, Context, Schema, Input, Result, Data>) {
  const { form, page } = options
  // Left out, the schemas are their defaults: no parameters, no query.
  const paramsSchema = (options.params ?? noParams) as ParamsSchema
  type Params = z.output<ParamsSchema>
  type Query = z.output<QuerySchema>
  const routes = app.withTypeProvider<ZodTypeProvider>()

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState<Params, Query, Context>,
    fieldErrors?: Readonly<Record<string, string>>,
    status = 200,
    findings: readonly Finding[] = [],
  ) {
    const { anchors, ...data } = await options.view(request, state)
    const errors = fieldErrors
      ? formErrors(form, fieldErrors, anchors)
      : findings.length
        ? refusedBy(findings)
        : undefined
    // The view gives everything but what was typed and the errors; with them it is the page's data.
    return render(request, reply, page, { ...data, values: state.values, errors } as unknown as Data, status)
  }

  const load = async (
    request: FastifyRequest,
    state: { params: Params; query: Query | undefined; values: FormValues },
  ): Promise<Context | Instead> => (options.load ? options.load(request, state) : (undefined as Context))

  const { get } = options
  if (get)
    routes.get(
      get.url,
      { config: get.config, schema: { params: paramsSchema, querystring: get.querystring ?? noParams } },
      async (request, reply) => {
        const params = validated(paramsSchema, request.params)
        const query = validated((get.querystring ?? noParams) as QuerySchema, request.query)
        const context = await load(request, { params, query, values: {} })
        if (context instanceof Instead) return context.answer(request, reply)
        const values = get.values?.(request, { params, query, context }) ?? {}
        return show(request, reply, { params, query, context, values })
      },
    )

  /** The answers in words, in one form that changes them or confirms them; 400 when the tick is missing. */
  function showCheck(request: FastifyRequest, reply: FastifyReply, check: CheckView, values: FormValues, error = '') {
    return render(
      request,
      reply,
      checkAnswersPage,
      {
        ...check,
        subject: check.subject && { ...check.subject, facts: rows(check.subject.facts) },
        answers: rows(check.answers),
        hidden: hiddenInputs(values),
        submission: newSubmissionKey(),
        acknowledged: false,
        errors: error
          ? { list: [{ text: error, href: '#acknowledged' }], byField: { acknowledged: { text: error } } }
          : undefined,
      },
      error ? 400 : 200,
    )
  }

  routes.post(
    options.post.url,
    { config: options.post.config, schema: { params: paramsSchema } },
    async (request, reply) => {
      const params = validated(paramsSchema, request.params)
      const typed = typedValues(form, request.body)
      // A checked form's own markers are not its answers: its strict schema sees only what the user answered.
      const { markers, values } = options.check ? splitMarkers(typed) : { markers: {} as Markers, values: typed }
      const context = await load(request, { params, query: undefined, values })
      if (context instanceof Instead) return context.answer(request, reply)
      const state = { params, query: undefined, context, values }
      // "Change" on check your answers: the form again, filled in exactly as typed.
      if (markers.change !== undefined) return show(request, reply, state)
      const parsed = parseForm(form, values)
      if (parsed.errors) return show(request, reply, state, parsed.errors, 400)
      let submission: string | undefined
      const { check } = options
      if (check) {
        // What the service would refuse is refused before the answers are shown as if they could be saved.
        const checked = async () => {
          try {
            return await check(request, { params, context, values, input: parsed.input })
          } catch (error) {
            if (error instanceof Invalid) return error
            throw error
          }
        }
        if (markers.confirmed !== 'yes' || !markers.submission) {
          const answers = await checked()
          if (answers instanceof Invalid) return show(request, reply, state, answers.fields, 400)
          return showCheck(request, reply, answers, values)
        }
        const claim = await claimSubmission(request, markers.submission, values)
        // Sent twice: the first one saved, so this one goes where it went (before the answers are checked against
        // what the first one changed: a second open case is no reason to stop a repeat of the first).
        if (!claim.claimed) return reply.redirect(claim.location, 303)
        submission = claim.key
        const answers = await checked()
        if (answers instanceof Invalid || (answers.acknowledge && markers.acknowledged !== 'yes')) {
          await releaseSubmission(request, submission)
          return answers instanceof Invalid
            ? show(request, reply, state, answers.fields, 400)
            : showCheck(request, reply, answers, values, answers.acknowledge?.error)
        }
      }
      let result: Awaited<Result> | Refused | Instead
      try {
        result = await options.submit(request, parsed.input, { ...state, reply })
      } catch (error) {
        if (submission) await releaseSubmission(request, submission)
        if (error instanceof Invalid) return show(request, reply, state, error.fields, 400)
        // A safeguard refused the change: nothing was saved; each finding leads the summary, linked to its source.
        if (error instanceof SafeguardRefusal) return show(request, reply, state, undefined, 422, error.findings)
        // The page comes back as it now stands, with what they typed kept, so they can check it and send it again.
        if (error instanceof Conflict && form.conflict)
          return show(
            request,
            reply,
            { ...state, conflict: error },
            { [form.conflict.field]: form.conflict.message ?? error.message },
            409,
          )
        throw error
      }
      if (result instanceof Refused || result instanceof Instead) {
        if (submission) await releaseSubmission(request, submission)
        return result instanceof Refused
          ? show(request, reply, state, result.fields, result.status)
          : result.answer(request, reply)
      }
      const location = options.redirect(result, params)
      if (submission) await finishSubmission(request, submission, location)
      return reply.redirect(location, 303)
    },
  )

  return { show }
}

/** The error summary of a change the safeguards refused: each finding, linked to the review's words it carries. */
function refusedBy(findings: readonly Finding[]) {
  return {
    list: findings.map(f => ({ text: `${f.message} (${f.safeguard}, ${f.source.code})`, href: f.source.href })),
    byField: {},
  }
}
