import type { Choice } from '../../web/choices.ts'
import { view, type FormPageData, type Notice, type PageData } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'
import type { ShownDiscussion } from './routes.ts'

type Case = Awaited<ReturnType<typeof getCase>>

export interface DiscussionsPage extends PageData {
  caseNav: string
  kase: Case
  discussions: ShownDiscussion[]
  canRecord: boolean
  formUrl: string
}

export interface DiscussionPage extends PageData {
  caseNav: string
  kase: Case
  discussion: ShownDiscussion
  notice?: Notice | undefined
  canComplete: boolean
  completeUrl: string
  listUrl: string
}

export interface NewDiscussionPage extends FormPageData {
  kase: Case
  action: string
  back: string
  attendeeRows: number[]
  actionRows: number[]
  childItems: (Choice & { checked: boolean })[]
  categoryItems: (Choice & { checked: boolean })[]
  agencyKindItems: Choice[]
  actionChildItems: Choice[]
  ownerItems: Choice[]
  decisions: { name: string; question: string }[]
}

export const discussionsPage = view<DiscussionsPage>('strategy/views/discussions.njk')
export const discussionPage = view<DiscussionPage>('strategy/views/discussion.njk')
export const newDiscussionPage = view<NewDiscussionPage>('strategy/views/new-discussion.njk')
