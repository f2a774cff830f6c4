import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LETTER_AUDIENCES, UPDATE_METHODS, UPDATE_TOPICS } from '../../kernel/codes/families.ts'
import { OUTCOME_KINDS } from '../../kernel/codes/investigations.ts'
import { londonDate as inWords, londonDateTime } from '../../web/dates.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { formList } from '../../web/forms.ts'
import { idParams, queryText } from '../../web/page-schemas.ts'
import { render, type FormValues } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { getCase } from '../cases/index.ts'
import { outcomesOfCase } from '../investigations/index.ts'
import { letterHeader } from './api.ts'
import { familyUpdateAnswers, familyUpdateForm, letterEditForm, letterForm, sendAnswers, sendForm } from './forms.ts'
import { letterPdf } from './pdf.ts'
import {
  checkFamilyUpdate,
  checkSend,
  editLetter,
  familyUpdatesOfCase,
  getLetter,
  lettersOfCase,
  makeLetter,
  recordFamilyUpdate,
  sendLetter,
  type Letter,
} from './service.ts'
import { familyPage, letterPage, newLetterPage, newUpdatePage, printPage, sendPage, type Item } from './views.ts'

type Case = Awaited<ReturnType<typeof getCase>>

const LANGUAGES: Record<string, string> = { en: 'English' }
const languageName = (code: string) => LANGUAGES[code] ?? code

function about(letter: Pick<Letter, 'childName'>) {
  return letter.childName ?? 'Every child of the case'
}

function peopleItems(kase: Case, chosen: readonly string[]): Item[] {
  return [
    ...kase.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}`, hint: { text: 'Child' } })),
    ...kase.adults.map(a => ({
      value: a.id,
      text: `${a.givenName} ${a.familyName}`,
      hint: { text: 'Adult on the case' },
    })),
  ].map(i => ({ ...i, checked: chosen.includes(i.value) }))
}

const radios = (entries: Record<string, string>, chosen: unknown): Item[] =>
  Object.entries(entries).map(([value, text]) => ({ value, text, checked: chosen === value }))

const childItems = (kase: Case, chosen: unknown, none: string): Item[] => [
  { value: '', text: none, checked: !chosen },
  ...kase.children.map(c => ({ value: c.id, text: `${c.givenName} ${c.familyName}`, checked: chosen === c.id })),
]

/** The family's page, the forms that record an update and make, edit and send a letter, the print page and PDF. */
export function familiesRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const routes = app.withTypeProvider<ZodTypeProvider>()
  const openCase = async (id: string) => {
    const kase = await getCase(lantern.db, id)
    if (kase.status !== 'open') return seeOther(urls.caseFamily(kase.id))
    return kase
  }

  routes.get(
    '/cases/:id/family',
    {
      config: { action: 'case.family' },
      schema: { params: idParams, querystring: z.object({ recorded: queryText, sent: queryText }) },
    },
    async (request, reply) => {
      const { id } = request.params
      const now = lantern.clock()
      const [kase, updates, letters] = await Promise.all([
        getCase(lantern.db, id),
        familyUpdatesOfCase(lantern.db, id),
        lettersOfCase(lantern.db, id, now),
      ])
      const children = new Map(kase.children.map(c => [c.id, `${c.givenName} ${c.familyName}`]))
      return render(request, reply, familyPage, {
        title: `Telling the family: ${kase.reference}`,
        kase,
        caseNav: 'families',
        notice: request.query.recorded
          ? { text: 'Update to the family recorded.', success: true }
          : request.query.sent
            ? { text: 'Letter sent, and the update to the family recorded.', success: true }
            : undefined,
        updates: updates.map(u => ({
          at: londonDateTime(u.at),
          toldBy: `${u.toldBy.name} (${u.toldBy.agencyName})`,
          toPeople: u.toPeople.map(p => p.name),
          about: u.childId ? (children.get(u.childId) ?? 'A child no longer on the case') : 'Every child',
          method: UPDATE_METHODS[u.method],
          topics: u.topics.map(t => UPDATE_TOPICS[t]),
          response: u.response ?? 'Nothing recorded',
        })),
        letters: letters.map(l => ({
          id: l.id,
          made: inWords(l.madeAt),
          audience: LETTER_AUDIENCES[l.audience],
          about: about(l),
          language: languageName(l.language),
          status: l.sentAt ? `Sent ${inWords(l.sentAt)}` : 'Draft',
        })),
        canRecord: kase.status === 'open' && request.can('family.updateForm'),
        canMakeLetter: kase.status === 'open' && request.can('letter.form'),
      })
    },
  )

  formPage(app, {
    page: newUpdatePage,
    form: familyUpdateForm(lantern.clock),
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    get: { url: '/cases/:id/family-updates/new', config: { action: 'family.updateForm' }, values: () => ({}) },
    post: { url: '/cases/:id/family-updates', config: { action: 'family.update' } },
    view: (_request, { context: kase, values }) => ({
      title: 'Record an update to the family',
      kase,
      caseNav: 'families' as const,
      people: peopleItems(kase, formList(values.toPersonIds)),
      children: childItems(kase, values.childId, 'Every child of the case'),
      topics: Object.entries(UPDATE_TOPICS).map(([value, text]) => ({
        value,
        text,
        checked: formList(values.topics).includes(value),
      })),
      methods: radios(UPDATE_METHODS, values.method),
    }),
    check: async (_request, { params, input }) => {
      const { names, childName } = await checkFamilyUpdate(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before recording the update',
        answers: familyUpdateAnswers(input, names, childName),
        outcome: 'It goes on the case’s chronology, and the next progress update falls due from it.',
        confirm: 'Record the update',
      }
    },
    submit: (request, input, { params }) =>
      recordFamilyUpdate(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseFamily(id, { recorded: '1' }),
  })

  formPage(app, {
    page: newLetterPage,
    form: letterForm,
    params: idParams,
    load: (_request, { params }) => openCase(params.id),
    get: {
      url: '/cases/:id/letters/new',
      config: { action: 'letter.form' },
      values: () => ({ language: 'en', audience: 'family' }),
    },
    post: { url: '/cases/:id/letters', config: { action: 'letter.make' } },
    view: async (_request, { context: kase, values }) => ({
      title: 'Make a letter',
      kase,
      caseNav: 'families' as const,
      outcomes: [
        { value: '', text: 'No outcome yet: a letter about how things are going', checked: !values.outcomeId },
        ...(await outcomesOfCase(lantern.db, kase.id)).map(o => ({
          value: o.id,
          text: `Police investigation ${o.crimeReference}: ${OUTCOME_KINDS[o.kind]} (${inWords(o.decidedAt)})`,
          checked: values.outcomeId === o.id,
        })),
      ],
      children: childItems(kase, values.childId, 'Every child of the case (the family’s letter only)'),
      audiences: radios(LETTER_AUDIENCES, values.audience),
    }),
    submit: (request, input, { params }) =>
      makeLetter(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ id }) => urls.letter(id, { made: '1' }),
  })

  const letterView = async (letter: Letter, values: FormValues, canEdit: boolean) => {
    const kase = await getCase(lantern.db, letter.caseId)
    return {
      title: `Letter to ${letter.audience === 'child' ? (letter.childName ?? 'the child') : 'the family'}`,
      kase,
      caseNav: 'families' as const,
      letter: {
        id: letter.id,
        audience: LETTER_AUDIENCES[letter.audience],
        about: about(letter),
        language: languageName(letter.language),
        status: letter.status,
        sent: letter.sentAt ? londonDateTime(letter.sentAt) : null,
        text: typeof values.text === 'string' ? values.text : letter.text,
        version: letter.version,
        readingLevel: letter.readingLevel,
        readingLevelLimit: letter.readingLevelLimit,
        withinReadingLevel: letter.withinReadingLevel,
      },
      canEdit: canEdit && letter.status === 'draft',
    }
  }

  formPage(app, {
    page: letterPage,
    form: letterEditForm,
    params: idParams,
    load: async (_request, { params }) => getLetter(lantern.db, params.id, lantern.clock()),
    get: {
      url: '/letters/:id',
      config: { action: 'letter.read' },
      querystring: z.object({ made: queryText, saved: queryText }),
      values: (_request, { context }) => ({ text: context.text, version: String(context.version) }),
    },
    post: { url: '/letters/:id', config: { action: 'letter.edit' } },
    view: async (request, { context, values, query }) => ({
      ...(await letterView(context, values, request.can('letter.edit'))),
      notice: query?.made
        ? { text: 'Letter drafted. Read it and edit it before you send it.', success: true }
        : query?.saved
          ? { text: 'Letter saved.', success: true }
          : undefined,
    }),
    submit: (request, input, { params }) =>
      editLetter(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.letter(id, { saved: '1' }),
  })

  routes.get(
    '/letters/:id/print',
    { config: { action: 'letter.read' }, schema: { params: idParams } },
    async (request, reply) => {
      const letter = await getLetter(lantern.db, request.params.id, lantern.clock())
      const kase = await getCase(lantern.db, letter.caseId)
      return render(request, reply, printPage, {
        title: `Letter: ${kase.reference}`,
        reference: kase.reference,
        dated: inWords(letter.sentAt ?? letter.madeAt),
        language: letter.language,
        paragraphs: letter.text.split(/\n\s*\n/),
        backUrl: urls.letter(letter.id),
      })
    },
  )

  routes.get(
    '/letters/:id/pdf',
    { config: { action: 'letter.pdf' }, schema: { params: idParams } },
    async (request, reply) => {
      const letter = await getLetter(lantern.db, request.params.id, lantern.clock())
      const pdf = await letterPdf(letter, await letterHeader(lantern.db, letter))
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="letter-${letter.id}.pdf"`)
        .type('application/pdf')
        .send(pdf)
    },
  )

  formPage(app, {
    page: sendPage,
    form: sendForm(lantern.clock),
    params: idParams,
    load: async (_request, { params }) => {
      const letter = await getLetter(lantern.db, params.id, lantern.clock())
      if (letter.status === 'sent') return seeOther(urls.letter(letter.id))
      return { letter, kase: await getCase(lantern.db, letter.caseId) }
    },
    get: {
      url: '/letters/:id/send',
      config: { action: 'letter.sendForm' },
      values: (_request, { context }) => ({ version: String(context.letter.version), method: 'letter' }),
    },
    post: { url: '/letters/:id/send', config: { action: 'letter.send' } },
    view: (_request, { context: { kase, letter }, values }) => ({
      title: 'Send the letter',
      kase,
      caseNav: 'families' as const,
      letterId: letter.id,
      people: peopleItems(kase, formList(values.toPersonIds)),
      methods: radios(UPDATE_METHODS, values.method),
    }),
    check: async (_request, { params, input }) => {
      const { names, update } = await checkSend(lantern.db, params.id, input, lantern.clock())
      return {
        title: 'Check your answers before sending the letter',
        answers: sendAnswers(
          input,
          names,
          update.topics.map(t => UPDATE_TOPICS[t]),
        ),
        outcome: 'The letter is marked sent and can no longer change, and the update to the family is recorded.',
        confirm: 'Send the letter',
      }
    },
    submit: (request, input, { params }) =>
      sendLetter(lantern.db, request.actor, params.id, input, request.ip, lantern.clock()),
    redirect: ({ caseId }) => urls.caseFamily(caseId, { sent: '1' }),
  })
}
