import type { FormPageData, PageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'

type Case = Awaited<ReturnType<typeof getCase>>

export interface Item {
  value: string
  text: string
  checked?: boolean
  hint?: { text: string }
}

export interface FamilyPage extends PageData {
  kase: Case
  caseNav: 'families'
  updates: {
    at: string
    toldBy: string
    toPeople: string[]
    about: string
    method: string
    topics: string[]
    response: string
  }[]
  letters: { id: string; made: string; audience: string; about: string; language: string; status: string }[]
  canRecord: boolean
  canMakeLetter: boolean
}

export interface NewUpdatePage extends FormPageData {
  kase: Case
  caseNav: 'families'
  people: Item[]
  children: Item[]
  topics: Item[]
  methods: Item[]
}

export interface NewLetterPage extends FormPageData {
  kase: Case
  caseNav: 'families'
  outcomes: Item[]
  children: Item[]
  audiences: Item[]
}

export interface LetterPage extends FormPageData {
  kase: Case
  caseNav: 'families'
  letter: {
    id: string
    audience: string
    about: string
    language: string
    status: string
    sent: string | null
    text: string
    version: number
    readingLevel: number | null
    readingLevelLimit: number | null
    withinReadingLevel: boolean | null
  }
  canEdit: boolean
}

export interface PrintPage extends PageData {
  reference: string
  dated: string
  language: string
  paragraphs: string[]
  backUrl: string
}

export interface SendPage extends FormPageData {
  kase: Case
  caseNav: 'families'
  letterId: string
  people: Item[]
  methods: Item[]
}

export const familyPage = view<FamilyPage>('families/views/family.njk')
export const newUpdatePage = view<NewUpdatePage>('families/views/new-update.njk')
export const newLetterPage = view<NewLetterPage>('families/views/new-letter.njk')
export const letterPage = view<LetterPage>('families/views/letter.njk')
export const printPage = view<PrintPage>('families/views/print.njk')
export const sendPage = view<SendPage>('families/views/send.njk')
