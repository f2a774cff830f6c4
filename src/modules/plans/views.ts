import type { FormPageData } from '../../web/render.ts'
import { view } from '../../web/render.ts'
import type { getCase } from '../cases/index.ts'
import type { actionRows } from './forms.ts'

type Case = Awaited<ReturnType<typeof getCase>>

interface PlanLines {
  id: string
  href: string
  kind: string
  status: string
  starts: string
  nextReview: string
  actions: string[]
  reviews: string[]
}

export interface PlansPage extends FormPageData {
  kase: Case
  caseNav: 'plans'
  children: {
    id: string
    name: string
    age: string
    dateOfBirth: string
    newHref: string | undefined
    plans: PlanLines[]
  }[]
}

export interface NewPlanPage extends FormPageData {
  kase: Case
  childItems: { value: string; text: string; checked: boolean }[]
  kindItems: { value: string; text: string; checked: boolean }[]
  actions: ReturnType<typeof actionRows>
}

export interface PlanPage extends FormPageData {
  kase: Case
  caseNav: 'plans'
  plan: PlanLines & { childName: string; summary: string; impact: string | null }
  agreeHref: string | undefined
  reviewHref: string | undefined
  backHref: string
}

export interface ReviewPlanPage extends FormPageData {
  kase: Case
  planHref: string
  action: string
  starts: string
}

export const plansPage = view<PlansPage>('plans/views/plans.njk')
export const newPlanPage = view<NewPlanPage>('plans/views/new-plan.njk')
export const planPage = view<PlanPage>('plans/views/plan.njk')
export const reviewPlanPage = view<ReviewPlanPage>('plans/views/review-plan.njk')
