import type { Choice } from '../../web/choices.ts'
import { view, type FormPageData, type PageData } from '../../web/render.ts'
import type { IdentityBar } from '../people/index.ts'

/** One row of a summary list: a key and its lines. */
export interface Row {
  key: string
  lines: string[]
}

/** A record shown as a summary card: its title, a tag (expired, current, out of date) and its rows. */
export interface Card {
  id: string
  title: string
  tag: { text: string; colour: 'grey' | 'green' | 'red' | 'orange' } | null
  rows: Row[]
}

export interface ContactView {
  role: string
  name: string
  email: string
}

export interface PersonRiskPage extends PageData {
  identity: IdentityBar
  personId: string
  name: string
  born: string
  age: string
  full: boolean
  somethingKnown: boolean
  contacts: ContactView[]
  notice: { text: string; success: boolean } | undefined
  /** The detail: only for a reader who may see the person's full record or reads the register. */
  history: Card[]
  orders: Card[]
  assessments: Card[]
  management: Row[]
  links: { href: string; text: string }[]
}

type Selectable = Choice & { selected: boolean }

export interface CivilOrderPage extends FormPageData {
  identity: IdentityBar
  personId: string
  kindItems: Choice[]
}

export interface RiskAssessmentPage extends FormPageData {
  identity: IdentityBar
  personId: string
  toolItems: Choice[]
  levelItems: Choice[]
  agencyItems: Selectable[]
}

export interface ManagementPage extends FormPageData {
  identity: IdentityBar
  personId: string
  version: number
  categoryItems: Selectable[]
  levelItems: Selectable[]
  probationItems: Selectable[]
  policeItems: Selectable[]
}

/** The record section: what is known in a sentence, and the link to the risk page. */
export interface PersonRiskSection {
  known: boolean
  summary: string[]
  href: string
}

export const personRiskPage = view<PersonRiskPage>('risk/views/person-risk.njk')
export const civilOrderPage = view<CivilOrderPage>('risk/views/person-civil-order.njk')
export const riskAssessmentPage = view<RiskAssessmentPage>('risk/views/person-risk-assessment.njk')
export const managementPage = view<ManagementPage>('risk/views/person-risk-management.njk')
