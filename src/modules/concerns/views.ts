import type { Choice } from '../../web/choices.ts'
import { view, type FormPageData, type PageData } from '../../web/render.ts'
import type { AddsUpPrompt } from './record.ts'
import type { awaitingReferrals, getConcern, getReferral } from './service.ts'

// What each concerns page shows: the data its template reads, typed where it is built.

type Labels = Readonly<Record<string, string>>

/** The child a concern is about, as any practitioner may know them. */
export interface ConcernChild {
  id: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
}

export interface NewConcernPage extends FormPageData {
  child: ConcernChild
  /** The signs and indicators, in their groups, each chosen one ticked. */
  groups: { prefix: string; title: string; items: (Choice & { checked: boolean })[] }[]
  disclosureItems: Choice[]
}

export interface ConcernPage extends PageData {
  /** Just recorded: the page is its confirmation. */
  recorded: boolean
  concern: Awaited<ReturnType<typeof getConcern>>
  /** Whether this reader may read the front door's reasons (not the referrer's agency as such). */
  reasons: boolean
  /** The case the concern is on, for its team. */
  onCase: { id: string; reference: string } | undefined
  when: { recorded: string; due: string | null; decided: string | null }
  indicatorNames: Labels
  disclosureNames: Labels
  decisionNames: Labels
  overdue: boolean
}

export interface FrontDoorPage extends PageData {
  referrals: (Awaited<ReturnType<typeof awaitingReferrals>>[number] & {
    overdue: boolean
    /** When it was received, and when the decision is due as near as it is ("Due tomorrow at 9:00am"). */
    received: string
    due: string
  })[]
}

export interface ReferralPage extends FormPageData {
  referral: Awaited<ReturnType<typeof getReferral>>
  decisionItems: Choice[]
  indicatorNames: Labels
  disclosureNames: Labels
  decisionNames: Labels
  overdue: boolean
  /** When it was received and decided, and when the decision is due (as near as it is, until it is made). */
  when: { received: string; due: string; decided: string | null }
  /** Concerns from several agencies that add up, about this child or the children who live with them. */
  prompt: AddsUpPrompt | null
  /** The child's open case, where a strategy discussion or an assessment would go on it. */
  openCase: { id: string; reference: string; leadName: string } | undefined
  /** The reference of the case the concern is on, once it is. */
  caseReference: string | undefined
  leadItems: (Choice & { selected: boolean })[]
}

export const newConcernPage = view<NewConcernPage>('concerns/views/new-concern.njk')
export const concernPage = view<ConcernPage>('concerns/views/concern.njk')
export const frontDoorPage = view<FrontDoorPage>('concerns/views/front-door.njk')
export const referralPage = view<ReferralPage>('concerns/views/referral.njk')
