import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  CHARGING_DECIDERS,
  CHARGING_DECISIONS,
  OUTCOME_CODES,
  OUTCOME_KINDS,
  SPECIAL_MEASURES,
  WILLINGNESS,
} from '../../kernel/codes/investigations.ts'
import { checkedItems, choicesOf, selectItems, type Choice } from '../../web/choices.ts'
import { dateInputValues } from '../../web/date-input.ts'
import { londonDate } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams } from '../../web/page-schemas.ts'
import { render, view, type FormPageData, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { listAgencies } from '../directory/index.ts'
import { getCase } from '../cases/index.ts'
import {
  adviceAnswers,
  adviceForm,
  decisionAnswers,
  decisionForm,
  heldForm,
  openAnswers,
  openForm,
  outcomeAnswers,
  outcomeForm,
  planAnswers,
  planForm,
  toldAnswers,
} from './forms.ts'
import { getInterview, getInvestigation, investigationsOfCase, type InvestigationRecord } from './read.ts'
import {
  openInvestigation,
  planInterview,
  recordChargingAdvice,
  recordChargingDecision,
  recordInterviewHeld,
  recordOutcome,
} from './service.ts'

type Case = Awaited<ReturnType<typeof getCase>>

/** A field of the investigations' one form template (views/form.njk). */
export interface Field {
  kind: 'text' | 'textarea' | 'date' | 'radios' | 'checkboxes' | 'select'
  name: string
  label: string
  hint?: string
  heading?: string
  inline?: boolean
  classes?: string
  items?: (Choice & { checked?: boolean; selected?: boolean })[]
}

interface FormData extends FormPageData {
  kase: Case
  caseNav: 'investigations'
  back: string
  action: string
  version?: number
  intro?: string
  prompt?: { text: string; href: string; source: string }
  fields: Field[]
}

interface ListData extends PageData {
  kase: Case
  caseNav: 'investigations'
  canOpen: boolean
  links: { open: string }
  investigations: {
    href: string
    crimeReference: string
    children: string[]
    opened: string
    charging: string
    outcome: string
  }[]
}

interface RecordData extends PageData {
  kase: Case
  caseNav: 'investigations'
  investigation: InvestigationRecord
  details: Row[]
  adviceRows: Row[] | undefined
  decisionRows: Row[] | undefined
  outcomeRows: Row[] | undefined
  interviews: {
    child: string
    planned: string
    lead: string
    told: string
    held: string
    heldHref?: string | undefined
  }[]
  links: Partial<Record<'list' | 'advice' | 'decision' | 'outcome' | 'interview', string>>
}

interface Row {
  key: { text: string }
  value: { text: string }
}

const formView = view<FormData>('investigations/views/form.njk')
const listView = view<ListData>('investigations/views/list.njk')
const recordView = view<RecordData>('investigations/views/investigation.njk')

const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } })
const nameOf = (p: { givenName: string; familyName: string }) => `${p.givenName} ${p.familyName}`
const yesNoItems = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
]

/** The SG-01 prompt on the outcome page, linked to the review item it comes from. */
const SG01 = {
  text: 'A close without charge is recorded as “no further police action at this time”, with its reasons, its outcome code and the agencies told, so that nobody reads it as “nothing happened” (safeguard SG-01).',
  href: urls.reviewItem('PR-3'),
  source: 'recommendation PR-3 of the national review',
}

function summaryOf(i: Awaited<ReturnType<typeof investigationsOfCase>>[number]) {
  return {
    charging: i.chargingDecision
      ? CHARGING_DECISIONS[i.chargingDecision]
      : i.chargingAdviceSoughtAt
        ? 'Early advice sought'
        : 'No advice sought yet',
    outcome: i.outcomeKind ? `${OUTCOME_KINDS[i.outcomeKind]} (${i.outcomeCode ?? ''})` : 'Open',
  }
}

/** The investigations' pages: a case's list, a new one, its record, and its forms, each through check your answers. */
export function investigationsRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  pages.get(
    '/cases/:id/investigations',
    { config: { action: 'investigations.list' }, schema: { params: idParams } },
    async (request, reply) => {
      const kase = await getCase(lantern.db, request.params.id)
      const names = new Map(kase.children.map(c => [c.id, nameOf(c)]))
      const list = await investigationsOfCase(lantern.db, kase.id)
      return render(request, reply, listView, {
        title: `Police investigations: ${kase.reference}`,
        kase,
        caseNav: 'investigations',
        canOpen: kase.status === 'open' && request.can('investigations.openForm'),
        links: { open: urls.newInvestigation(kase.id) },
        investigations: list.map(i => ({
          href: urls.investigation(i.id),
          crimeReference: i.crimeReference,
          children: i.childIds.map(id => names.get(id) ?? 'A child no longer on the case'),
          opened: londonDate(i.openedAt),
          ...summaryOf(i),
        })),
      })
    },
  )

  // A new investigation: the case's children, and its adults and children as possible suspects.
  async function police() {
    return lantern.db
      .selectFrom('userDirectory')
      .select(['userId', 'displayName'])
      .where('agencyKind', '=', 'police')
      .where('disabledAt', 'is', null)
      .orderBy('displayName')
      .execute()
  }

  formPage(app, {
    page: formView,
    form: openForm,
    params: idParams,
    load: async (_request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      return kase.status === 'open' ? kase : seeOther(urls.caseInvestigations(kase.id))
    },
    get: { url: '/cases/:id/investigations/new', config: { action: 'investigations.openForm' } },
    post: { url: '/cases/:id/investigations', config: { action: 'investigations.open' } },
    view: async (_request, { context: kase, values }) => {
      const officers = await police()
      const people = [...kase.children, ...kase.adults].map(p => ({ value: p.id, text: nameOf(p) }))
      return {
        title: 'Record a police investigation',
        kase,
        caseNav: 'investigations' as const,
        back: urls.caseInvestigations(kase.id),
        action: urls.caseInvestigations(kase.id),
        fields: [
          { kind: 'text', name: 'crimeReference', label: 'Crime reference', classes: 'govuk-input--width-20' },
          {
            kind: 'checkboxes',
            name: 'childIds',
            label: 'Which children is it about?',
            items: checkedItems(
              kase.children.map(c => ({ value: c.id, text: nameOf(c) })),
              values.childIds,
            ),
          },
          {
            kind: 'checkboxes',
            name: 'suspectIds',
            label: 'Suspects (optional)',
            hint: 'An adult, or a child of the case who harmed; nobody can be both a child and a suspect of one investigation',
            items: checkedItems(people, values.suspectIds),
          },
          { kind: 'date', name: 'openedAt', label: 'When did the investigation open?' },
          {
            kind: 'select',
            name: 'officerUserId',
            label: 'Investigating officer (optional)',
            hint: 'Without one, the charging tasks go to the police agency',
            items: selectItems(
              [
                { value: '', text: 'No officer named yet' },
                ...officers.map(o => ({ value: o.userId, text: o.displayName })),
              ],
              values.officerUserId ?? '',
            ),
          },
          { kind: 'textarea', name: 'offences', label: 'Offences being investigated' },
        ] as Field[],
      }
    },
    check: async (_request, { context: kase, input }) => {
      const people = new Map([...kase.children, ...kase.adults].map(p => [p.id, nameOf(p)]))
      const officer = input.officerUserId
        ? (await police()).find(o => o.userId === input.officerUserId)?.displayName
        : undefined
      return {
        title: 'Check your answers before recording the investigation',
        answers: openAnswers(input, {
          children: input.childIds.map(id => people.get(id) ?? ''),
          suspects: input.suspectIds.map(id => people.get(id) ?? 'A person not on the case'),
          officer,
        }),
        outcome:
          'Each child’s chronology shows it, and early charging advice and a charging decision become tasks for the officer (safeguard SG-05).',
        confirm: 'Record the investigation',
      }
    },
    submit: (request, input, { params }) =>
      openInvestigation(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.investigation(id),
  })

  pages.get(
    '/investigations/:id',
    { config: { action: 'investigation.read' }, schema: { params: idParams } },
    async (request, reply) => {
      const investigation = await getInvestigation(lantern.db, request.params.id)
      const kase = await getCase(lantern.db, investigation.caseId)
      const open = kase.status === 'open' && !investigation.outcomeKind
      const i = investigation
      const may = (action: string) => open && request.can(action)
      return render(request, reply, recordView, {
        title: `Police investigation ${i.crimeReference}`,
        kase,
        caseNav: 'investigations',
        investigation,
        details: [
          row('Crime reference', i.crimeReference),
          row('Children', i.children.map(nameOf).join(', ')),
          row('Suspects', i.suspects.length ? i.suspects.map(nameOf).join(', ') : 'None named'),
          row('Opened on', londonDate(i.openedAt)),
          row('Investigating officer', i.officerName ?? `None named (${i.officerAgencyName})`),
          row('Offences', i.offences),
        ],
        adviceRows: i.chargingAdviceSoughtAt
          ? [
              row('Sought on', londonDate(i.chargingAdviceSoughtAt)),
              row('Given on', i.chargingAdviceOutcomeAt ? londonDate(i.chargingAdviceOutcomeAt) : 'Not given yet'),
              row('Advice', i.chargingAdvice ?? 'Not recorded yet'),
            ]
          : undefined,
        decisionRows:
          i.chargingDecidedAt && i.chargingDecision && i.chargingDecidedBy
            ? [
                row('Decision', CHARGING_DECISIONS[i.chargingDecision]),
                row('Decided by', CHARGING_DECIDERS[i.chargingDecidedBy]),
                row('Decided on', londonDate(i.chargingDecidedAt)),
              ]
            : undefined,
        outcomeRows:
          i.outcomeKind && i.outcomeCode && i.outcomeDecidedAt
            ? [
                row('Outcome', OUTCOME_KINDS[i.outcomeKind]),
                row('Home Office outcome code', `${i.outcomeCode}: ${OUTCOME_CODES[i.outcomeCode].label}`),
                row('Rationale', i.outcomeRationale ?? ''),
                row('Agencies told', i.agenciesInformed.map(a => a.name).join(', ') || 'None'),
                row('Decided on', londonDate(i.outcomeDecidedAt)),
              ]
            : undefined,
        interviews: i.interviews.map(v => ({
          child: nameOf(v),
          planned: londonDate(v.plannedAt),
          lead: `${v.leadName}, ${v.leadRole}, ${v.leadAgencyName}${v.leadHasJointTraining ? '' : ' (no joint ABE training)'}`,
          told: v.childInformedAt
            ? `${londonDate(v.childInformedAt)} by ${v.informedByName ?? 'someone not recorded'}; ${v.willingness ? WILLINGNESS[v.willingness].toLowerCase() : 'willingness not recorded'}`
            : 'Not told yet',
          held: v.heldAt ? londonDate(v.heldAt) : (v.notHeldReason ?? 'Not yet'),
          heldHref:
            !v.heldAt && kase.status === 'open' && request.can('abe.heldForm')
              ? urls.abeInterviewHeld(v.id)
              : undefined,
        })),
        links: {
          list: urls.caseInvestigations(kase.id),
          ...(may('investigation.policeForm')
            ? {
                advice: urls.investigationForm(i.id, 'charging-advice'),
                decision: urls.investigationForm(i.id, 'charging-decision'),
                outcome: urls.investigationForm(i.id, 'outcome'),
              }
            : {}),
          ...(may('abe.planForm') ? { interview: urls.investigationForm(i.id, 'abe-interviews') } : {}),
        },
      })
    },
  )

  /** An open investigation and its case, for a form on it; a closed one goes back to its page. */
  async function openOne(id: string) {
    const investigation = await getInvestigation(lantern.db, id)
    const kase = await getCase(lantern.db, investigation.caseId)
    if (kase.status !== 'open' || investigation.outcomeKind) return seeOther(urls.investigation(id))
    return { investigation, kase }
  }

  const onInvestigation = (
    { investigation, kase }: { investigation: InvestigationRecord; kase: Case },
    title: string,
    form: 'charging-advice' | 'charging-decision' | 'outcome' | 'abe-interviews',
    fields: Field[],
    extra: Partial<FormData> = {},
  ): Omit<FormData, 'values' | 'errors'> => ({
    title,
    kase,
    caseNav: 'investigations' as const,
    back: urls.investigation(investigation.id),
    action: urls.investigationForm(investigation.id, form),
    intro: `Investigation ${investigation.crimeReference}, opened on ${londonDate(investigation.openedAt)}.`,
    fields,
    ...extra,
  })

  const policeForm = (form: string, action: string) => ({
    get: { url: `/investigations/:id/${form}`, config: { action: 'investigation.policeForm' } },
    post: { url: `/investigations/:id/${form}`, config: { action } },
  })

  formPage(app, {
    page: formView,
    form: adviceForm,
    params: idParams,
    load: (_request, { params }) => openOne(params.id),
    ...policeForm('charging-advice', 'investigation.chargingAdvice'),
    view: (_request, { context }) =>
      onInvestigation(
        context,
        'Record early charging advice',
        'charging-advice',
        [
          { kind: 'date', name: 'soughtAt', label: 'When was advice sought from the CPS?' },
          { kind: 'date', name: 'outcomeAt', label: 'When was the advice given? (leave empty until it is)' },
          { kind: 'textarea', name: 'advice', label: 'The advice (optional)' },
        ],
        { version: context.investigation.version },
      ),
    check: (_request, { input }) => ({
      title: 'Check your answers before recording the advice',
      answers: adviceAnswers(input),
      confirm: 'Record the advice',
    }),
    submit: (request, input, { params }) =>
      recordChargingAdvice(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.investigation(id),
  })

  formPage(app, {
    page: formView,
    form: decisionForm,
    params: idParams,
    load: (_request, { params }) => openOne(params.id),
    ...policeForm('charging-decision', 'investigation.chargingDecision'),
    view: (_request, { context }) =>
      onInvestigation(
        context,
        'Record the charging decision',
        'charging-decision',
        [
          { kind: 'date', name: 'decidedAt', label: 'When was the decision made?' },
          { kind: 'radios', name: 'decision', label: 'What was decided?', items: choicesOf(CHARGING_DECISIONS) },
          { kind: 'radios', name: 'decidedBy', label: 'Who decided?', items: choicesOf(CHARGING_DECIDERS) },
        ],
        { version: context.investigation.version },
      ),
    check: (_request, { input }) => ({
      title: 'Check your answers before recording the decision',
      answers: decisionAnswers(input),
      confirm: 'Record the decision',
    }),
    submit: (request, input, { params }) =>
      recordChargingDecision(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.investigation(id),
  })

  // The outcome's kinds are offered in Lantern's words: a close without charge is "no further police action at this
  // time", and nothing on the page offers "no further action" or "NFA" (SG-01).
  const codeItems = Object.entries(OUTCOME_CODES).map(([code, c]) => ({
    value: code,
    text: `${code}: ${c.label} (${OUTCOME_KINDS[c.kind].toLowerCase()})`,
  }))
  formPage(app, {
    page: formView,
    form: outcomeForm,
    params: idParams,
    load: (_request, { params }) => openOne(params.id),
    ...policeForm('outcome', 'investigation.outcome'),
    view: async (_request, { context, values }) => {
      const agencies = await listAgencies(lantern.db)
      return onInvestigation(
        context,
        'Record the outcome of the investigation',
        'outcome',
        [
          { kind: 'radios', name: 'outcome', label: 'What is the outcome?', items: choicesOf(OUTCOME_KINDS) },
          {
            kind: 'select',
            name: 'outcomeCode',
            label: 'Home Office outcome code',
            hint: 'The code must belong to the outcome chosen',
            items: selectItems([{ value: '', text: 'Choose a code' }, ...codeItems], values.outcomeCode ?? ''),
          },
          {
            kind: 'textarea',
            name: 'rationale',
            label: 'Rationale',
            hint: 'Why this is the outcome, in words the agencies, and later the child and family, can understand',
          },
          {
            kind: 'checkboxes',
            name: 'agenciesInformed',
            label: 'Which agencies have been told?',
            items: checkedItems(
              agencies.map(a => ({ value: a.id, text: a.name })),
              values.agenciesInformed,
            ),
          },
          { kind: 'date', name: 'decidedAt', label: 'When was the outcome decided?' },
        ],
        { prompt: SG01, version: context.investigation.version },
      )
    },
    check: async (_request, { input }) => {
      const agencies = new Map((await listAgencies(lantern.db)).map(a => [a.id, a.name]))
      return {
        title: 'Check your answers before recording the outcome',
        answers: outcomeAnswers(
          input,
          input.agenciesInformed.map(id => agencies.get(id) ?? ''),
        ),
        outcome:
          'The outcome is recorded once and closes the investigation; the agencies see it on each child’s chronology.',
        confirm: 'Record the outcome',
      }
    },
    submit: (request, input, { params }) =>
      recordOutcome(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.investigation(id),
  })

  const willingnessItems = [...choicesOf(WILLINGNESS), { value: 'not_asked', text: 'Not asked yet' }]
  const decliningItems = [
    { value: 'no', text: 'No' },
    { value: 'yes', text: 'Yes' },
    { value: 'not_asked', text: 'The child was willing, or has not been asked' },
  ]
  const heldAtField: Field = { kind: 'date', name: 'heldAt', label: 'When was the interview held?' }
  const toldFields: Field[] = [
    {
      kind: 'date',
      name: 'childInformedAt',
      label: 'When was the child told what the interview is, and that it is their choice? (leave empty if not yet)',
      heading: 'What the child was told',
    },
    { kind: 'text', name: 'informedByName', label: 'Who told them: name' },
    { kind: 'text', name: 'informedByRole', label: 'Who told them: role' },
    {
      kind: 'radios',
      name: 'childWillingness',
      label: 'Was the child willing to be interviewed?',
      items: willingnessItems,
    },
    {
      kind: 'radios',
      name: 'toldDecliningHarms',
      label: 'If the child was unsure or unwilling: were they told that declining would harm the investigation?',
      hint: 'Record what happened. An unsure child should never be told this; if they were, the team is asked to talk it through',
      items: decliningItems,
    },
  ]

  formPage(app, {
    page: formView,
    form: planForm,
    params: idParams,
    load: (_request, { params }) => openOne(params.id),
    get: { url: '/investigations/:id/abe-interviews', config: { action: 'abe.planForm' } },
    post: { url: '/investigations/:id/abe-interviews', config: { action: 'abe.plan' } },
    view: async (_request, { context, values }) => {
      const agencies = await listAgencies(lantern.db)
      return onInvestigation(context, 'Plan an ABE interview', 'abe-interviews', [
        {
          kind: 'radios',
          name: 'childId',
          label: 'Which child?',
          items: context.investigation.children.map(c => ({ value: c.id, text: nameOf(c) })),
        },
        { kind: 'date', name: 'plannedAt', label: 'When is the interview?' },
        { kind: 'text', name: 'leadName', label: 'Lead interviewer: name', heading: 'Who leads it' },
        { kind: 'text', name: 'leadRole', label: 'Lead interviewer: role' },
        {
          kind: 'select',
          name: 'leadAgencyId',
          label: 'Lead interviewer: agency',
          items: selectItems(
            [{ value: '', text: 'Choose an agency' }, ...agencies.map(a => ({ value: a.id, text: a.name }))],
            values.leadAgencyId ?? '',
          ),
        },
        {
          kind: 'radios',
          name: 'leadHasJointTraining',
          label: 'Does the lead interviewer have joint ABE training?',
          inline: true,
          items: yesNoItems,
        },
        {
          kind: 'radios',
          name: 'intermediary',
          label: 'Will an intermediary help the child?',
          inline: true,
          items: yesNoItems,
        },
        { kind: 'text', name: 'intermediaryName', label: 'Intermediary’s name (optional)' },
        {
          kind: 'checkboxes',
          name: 'specialMeasures',
          label: 'Special measures (optional)',
          items: checkedItems(choicesOf(SPECIAL_MEASURES), values.specialMeasures),
        },
        ...toldFields,
        {
          kind: 'radios',
          name: 'held',
          label: 'Has the interview been held?',
          inline: true,
          items: yesNoItems,
          heading: 'Held or not',
        },
        { kind: 'date', name: 'heldAt', label: 'If it was held: when?' },
        { kind: 'textarea', name: 'notHeldReason', label: 'If it did not go ahead: why? (optional)' },
      ])
    },
    check: async (_request, { context, input }) => {
      const agencies = new Map((await listAgencies(lantern.db)).map(a => [a.id, a.name]))
      const child = context.investigation.children.find(c => c.id === input.childId)
      return {
        title: 'Check your answers before recording the interview',
        answers: planAnswers(input, {
          child: child ? nameOf(child) : '',
          agency: agencies.get(input.lead.agencyId) ?? '',
        }),
        confirm: 'Record the interview',
      }
    },
    submit: (request, input, { params }) =>
      planInterview(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.investigation(id),
  })

  formPage(app, {
    page: formView,
    form: heldForm,
    params: idParams,
    load: async (_request, { params }) => {
      const interview = await getInterview(lantern.db, params.id)
      const kase = await getCase(lantern.db, interview.caseId)
      if (kase.status !== 'open' || interview.heldAt) return seeOther(urls.investigation(interview.investigationId))
      return { interview, kase }
    },
    get: {
      url: '/abe-interviews/:id/held',
      config: { action: 'abe.heldForm' },
      // What the child was told is already on the plan: shown, to be changed only if it was wrong.
      values: (_request, { context: { interview } }) => ({
        ...dateInputValues('childInformedAt', interview.childInformedAt?.toISOString().slice(0, 10)),
        informedByName: interview.informedByName ?? '',
        informedByRole: interview.informedByRole ?? '',
      }),
    },
    post: { url: '/abe-interviews/:id/held', config: { action: 'abe.held' } },
    view: (_request, { context: { interview, kase } }) => ({
      title: 'Record the ABE interview as held',
      kase,
      caseNav: 'investigations' as const,
      back: urls.investigation(interview.investigationId),
      action: urls.abeInterviewHeld(interview.id),
      version: interview.version,
      intro: `The interview of ${nameOf(interview)} planned for ${londonDate(interview.plannedAt)} (investigation ${interview.crimeReference}).`,
      prompt: {
        text: 'Before an interview is recorded as held, the child was told what it is and that it is their choice, by someone named, and their willingness recorded (safeguard SG-12).',
        href: urls.reviewItem('PI-3'),
        source: 'practice issue PI-3 of the national review',
      },
      fields: [heldAtField, ...toldFields],
    }),
    check: (_request, { input }) => ({
      title: 'Check your answers before recording the interview as held',
      answers: [{ key: 'Held on', value: londonDate(input.heldAt), field: 'heldAt' }, ...toldAnswers(input)],
      confirm: 'Record it as held',
    }),
    submit: (request, input, { params }) =>
      recordInterviewHeld(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.abeInterviewHeld(id),
  })
}
