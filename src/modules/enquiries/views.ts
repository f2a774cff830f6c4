import type { FormPageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'

type Case = Awaited<ReturnType<typeof getCase>>
interface Choice {
  value: string
  text: string
}

/** A case's enquiries, assessments and conferences, each with what the reader may start. */
export interface EnquiriesPage extends FormPageData {
  kase: Case
  caseNav: 'enquiries'
  enquiries: { id: string; href: string; child: string; started: string; category: string; status: string }[]
  assessments: { id: string; href: string; child: string; started: string; status: string }[]
  conferences: { id: string; child: string; kind: string; held: string; plan: string }[]
  canStartEnquiry: boolean
  canStartAssessment: boolean
  canRecordConference: boolean
}

/** A form about one of the case's children. */
export interface CaseFormPage extends FormPageData {
  kase: Case
  action: string
  childItems: Choice[]
  categoryItems?: Choice[]
  kindItems?: Choice[]
  outcomeItems?: Choice[]
}

/** One enquiry or assessment, with its completion form while it is open and the reader may complete it. */
export interface RecordPage extends FormPageData {
  kase: Case
  caseNav: 'enquiries'
  heading: string
  facts: { key: string; value: string }[]
  canComplete: boolean
  action: string
  version: number
  outcomeItems?: Choice[]
}

export const enquiriesPage = view<EnquiriesPage>('enquiries/views/enquiries.njk')
export const newSection47Page = view<CaseFormPage>('enquiries/views/new-section47.njk')
export const newAssessmentPage = view<CaseFormPage>('enquiries/views/new-assessment.njk')
export const newConferencePage = view<CaseFormPage>('enquiries/views/new-conference.njk')
export const section47Page = view<RecordPage>('enquiries/views/section47.njk')
export const assessmentPage = view<RecordPage>('enquiries/views/assessment.njk')
