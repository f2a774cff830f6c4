import type { FormPageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { ChildNamed } from './discussion-views.ts'

export interface NewSharingPage extends FormPageData {
  /** Whom the decision is about, by name, and the case and discussion it was made on, if any. */
  about: string
  caseReference?: string | undefined
  children: ChildNamed[]
  context: { name: string; value: string }[]
  backHref: string
  agencyItems: { value: string; text: string; checked: boolean }[]
  lawfulBasisItems: { value: string; text: string; hint: { text: string }; checked: boolean }[]
}

/** The sharing decisions on a person's record, for readers who may see the full record. */
export interface SharingRecordSection {
  decisions: { heading: string; caseReference?: string | undefined; rows: { key: string; lines: string[] }[] }[]
  recordHref?: string | undefined
}

export const newSharingPage = view<NewSharingPage>('risk/views/sharing-new.njk')
