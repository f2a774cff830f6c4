import type { FormPageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'
import type { attendeeRows } from '../conclusions/index.ts'
import type { personItems } from './discussion-forms.ts'

type Case = Awaited<ReturnType<typeof getCase>>

/** A child of the case as every risk page names them: name, date of birth and age. */
export interface ChildNamed {
  id: string
  name: string
  dateOfBirth: string
  age: string
}

export interface RiskDiscussionsPage extends FormPageData {
  kase: Case
  caseNav: 'riskDiscussions'
  children: ChildNamed[]
  discussions: {
    id: string
    heading: string
    rows: { key: string; lines: string[] }[]
    sharing: { heading: string; rows: { key: string; lines: string[] }[] }[]
    sharingHref?: string | undefined
  }[]
  canRecord: boolean
}

export interface NewRiskDiscussionPage extends FormPageData {
  kase: Case
  children: ChildNamed[]
  personItems: ReturnType<typeof personItems>
  attendees: ReturnType<typeof attendeeRows>
}

export const riskDiscussionsPage = view<RiskDiscussionsPage>('risk/views/discussions.njk')
export const newRiskDiscussionPage = view<NewRiskDiscussionPage>('risk/views/discussion-new.njk')
