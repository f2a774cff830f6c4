import { view, type PageData } from '../../web/render.ts'
import type { pagination } from '../../web/pagination.ts'

/** One person on the register, in words. */
export interface RegisterRow {
  href: string
  name: string
  born: string
  age: string
  known: string[]
  assessment: string
  overdue: boolean
  mappa: string
  probationContact: string
  policeLead: string
  children: { name: string; born: string; age: string; how: string }[]
  findings: string[]
}

export interface RegisterPage extends PageData {
  total: number
  first: number
  last: number
  rows: RegisterRow[]
  filtered: boolean
  clearHref: string
  mappaItems: { value: string; text: string; selected: boolean }[]
  overdueChecked: boolean
  expiringChecked: boolean
  expiringDays: number
  pagination: ReturnType<typeof pagination>
}

export const registerPage = view<RegisterPage>('risk/views/register.njk')
