import type { FormPageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'
import type { attendeeRows } from './forms.ts'

type Case = Awaited<ReturnType<typeof getCase>>

export interface ConclusionsPage extends FormPageData {
  kase: Case
  caseNav: 'conclusions'
  discussions: { id: string; rows: { key: string; lines: string[] }[] }[]
  canRecord: boolean
}

export interface NewConclusionPage extends FormPageData {
  kase: Case
  childItems: { value: string; text: string; checked: boolean }[]
  attendees: ReturnType<typeof attendeeRows>
}

export const conclusionsPage = view<ConclusionsPage>('conclusions/views/conclusions.njk')
export const newConclusionPage = view<NewConclusionPage>('conclusions/views/new-conclusion.njk')
