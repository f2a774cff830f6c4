import type { FormPageData, PageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'

type Case = Awaited<ReturnType<typeof getCase>>

/** One recorded view as a summary card shows it: a title and its rows, one paragraph a line. */
export interface ViewCard {
  id: string
  title: string
  rows: { key: string; lines: string[] }[]
}

export interface ViewsPage extends PageData {
  kase: Case
  caseNav: 'voice'
  /** Each child of the case, unmistakably (name, date of birth, age), with their views oldest first. */
  children: { id: string; name: string; born: string; age: string; views: ViewCard[]; recordHref: string | null }[]
  parents: ViewCard[]
  /** The adults on the case who may give views (none alleged to have harmed the child). */
  canRecordParent: boolean
}

interface Choice {
  value: string
  text: string
  hint?: { text: string }
}

export interface NewChildViewPage extends FormPageData {
  kase: Case
  childItems: Choice[]
  stageItems: Choice[]
  reasonItems: Choice[]
  methodItems: Choice[]
}

export interface NewParentViewPage extends FormPageData {
  kase: Case
  personItems: Choice[]
}

export const viewsPage = view<ViewsPage>('voice/views/views.njk')
export const newChildViewPage = view<NewChildViewPage>('voice/views/new-child-view.njk')
export const newParentViewPage = view<NewParentViewPage>('voice/views/new-parent-view.njk')

/** The child's record's section: their views on the cases the reader may read, newest first. */
export interface RecordViewsSection {
  personId: string
  views: (ViewCard & { caseHref: string; caseReference: string })[]
}
