import type { FormPageData, PageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'
import type { ApprovalView } from './service.ts'

type Case = Awaited<ReturnType<typeof getCase>>

export interface ApprovalRow extends ApprovalView {
  kindName: string
  statusName: string
  /** When it was asked and decided, in words. */
  askedOn: string
  decidedOn: string
}

export interface ApprovalsPage extends PageData {
  approvals: ApprovalRow[]
  total: number
  shown: number
}

export interface ApprovalPage extends PageData {
  approval: ApprovalRow
  /** The reader may decide it now: a team manager, it is pending, and they did not ask for it. */
  canDecide: boolean
  /** The reader asked for it and it is still pending. */
  askedByReader: boolean
}

export interface NewApprovalPage extends FormPageData {
  kase: Case
  kindItems: { value: string; text: string; checked: boolean }[]
  childItems: { value: string; text: string; checked: boolean }[]
}

export interface DecideApprovalPage extends FormPageData {
  approval: ApprovalRow
  decision: 'approve' | 'return'
}

export const approvalsPage = view<ApprovalsPage>('approvals/views/approvals.njk')
export const approvalPage = view<ApprovalPage>('approvals/views/approval.njk')
export const newApprovalPage = view<NewApprovalPage>('approvals/views/new-approval.njk')
export const decideApprovalPage = view<DecideApprovalPage>('approvals/views/decide-approval.njk')
