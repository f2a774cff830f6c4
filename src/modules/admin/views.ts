import type { Choice } from '../../web/choices.ts'
import { view, type FormPageData, type PageData } from '../../web/render.ts'
import type { findUser, listAccountChanges, listAgencies, listUsers } from '../directory/index.ts'

// What each administration page shows: the data its template reads, typed where it is built.

type Users = Awaited<ReturnType<typeof listUsers>>
type Agencies = Awaited<ReturnType<typeof listAgencies>>

export interface UsersPage extends PageData {
  users: Users
  roleNames: Readonly<Record<string, string>>
}

export interface NewUserPage extends FormPageData {
  agencyItems: (Choice & { selected: boolean })[]
  roleItems: (Choice & { checked: boolean })[]
  clinicalItems: (Choice & { checked: boolean })[]
}

export interface DisableUserPage extends FormPageData {
  target: Awaited<ReturnType<typeof findUser>>
  /** The administrator is looking at their own account, which they may not disable. */
  self: boolean
}

export interface AccountChangesPage extends PageData {
  changes: (Awaited<ReturnType<typeof listAccountChanges>>[number] & { when: string })[]
  roleNames: Readonly<Record<string, string>>
}

export interface AgenciesPage extends PageData {
  agencies: Agencies
  kindNames: Readonly<Record<string, string>>
}

export interface NewAgencyPage extends FormPageData {
  kindItems: Choice[]
}

export const usersPage = view<UsersPage>('admin/views/users.njk')
export const newUserPage = view<NewUserPage>('admin/views/new-user.njk')
export const disableUserPage = view<DisableUserPage>('admin/views/disable-user.njk')
export const accountChangesPage = view<AccountChangesPage>('admin/views/account-changes.njk')
export const agenciesPage = view<AgenciesPage>('admin/views/agencies.njk')
export const newAgencyPage = view<NewAgencyPage>('admin/views/new-agency.njk')
