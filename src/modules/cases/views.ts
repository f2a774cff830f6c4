import type { Choice } from '../../web/choices.ts'
import type { pagination } from '../../web/pagination.ts'
import type { GovukErrors } from '../../web/forms.ts'
import { view, type FormPageData, type FormValues, type PageData } from '../../web/render.ts'
import type { getPerson, household, IdentityBar } from '../people/index.ts'
import type { AuditRow } from '../audit/index.ts'
import type { breakGlassGrants, getCase } from './service.ts'
import type { teamSection } from './team-routes.ts'

// What each case page shows: the data its template reads, typed where it is built.

type Case = Awaited<ReturnType<typeof getCase>>
type Pagination = ReturnType<typeof pagination>

/** The case, its people and team, and the forms to change the team or close it. */
export interface CasePage extends FormPageData, Awaited<ReturnType<typeof teamSection>> {
  kase: Case
  /** On the team (not reading by break-glass). */
  onTeam: boolean
  /** Who has emergency access now: shown to the lead only. */
  grants: Awaited<ReturnType<typeof breakGlassGrants>>
  /** The modules above's parts of the page (concerns that add up), each with its template and what it loaded. */
  sections: { template: string; data: unknown }[]
  roleNames: Readonly<Record<string, string>>
  childRoleNames: Readonly<Record<string, string>>
  canClose: boolean
  /** On the team of an open case: may add and remove its children and adults, and name earlier episodes. */
  canChangePeople: boolean
  canReopen: boolean
  /** The earlier, closed cases about its children that the case may name. */
  episodeItems: (Choice & { selected?: boolean })[]
}

/** One person the add page's search found, and whether they can be chosen (and if not, why). */
export interface FoundPerson {
  id: string
  name: string
  dateOfBirth: string | null
  age: number | null
  /** `choose`: may be added; `onCase`: already on this case; `notOpen`: their full record is not open to the user. */
  offer: 'choose' | 'onCase' | 'notOpen'
}

/**
 * Add a child or an adult: one of the people around the case's children, or someone found by the search below
 * them, in a role, with a reason.
 */
export interface AddPersonPage extends FormPageData {
  kase: { id: string; reference: string; title: string; version: number }
  joining: 'child' | 'adult'
  candidates: (Choice & { checked: boolean })[]
  /** The first candidate is the person chosen from the search. */
  chosen: boolean
  roleItems: (Choice & { checked: boolean })[]
  /** A search was made (and not refused). */
  searched: boolean
  results: FoundPerson[]
  /** How many the search found in all (more than `results` when it found more than a page). */
  total: number
}

/** The confirmation before a child or an adult leaves the case. */
export interface RemovePersonPage extends FormPageData {
  kase: { id: string; reference: string; title: string; version: number }
  person: { id: string; name: string; role: string }
  leaving: 'child' | 'adult'
  action: string
}

export interface ReopenPage extends FormPageData {
  kase: { id: string; reference: string; title: string; version: number; closedReason: string | null }
}

export interface NewCasePage extends FormPageData {
  child: Awaited<ReturnType<typeof getPerson>>
  /** The people around the child; only those whose record the actor can read can be named, each with a role. */
  members: (Awaited<ReturnType<typeof household>>[number] & {
    canName: boolean
    roleItems: (Choice & { selected: boolean })[]
  })[]
  /** The first person who can be named: where an error about the people links to. */
  firstNameable: string | undefined
}

export interface BreakGlassPage extends FormPageData {
  kase: { id: string; reference: string }
}

/** One timeline row, formatted once in the route: a loop of 2,000 in the template must stay cheap. */
export interface TimelineRow {
  id: string
  kind: string
  author: string
  agency: string
  summary: string
  visibility: string
  /** The record the entry tells of (a concern's page), when there is one. */
  link?: { href: string; text: string } | undefined
  /** Who can see it, in words: "Case team only", "Sealed: only Dana Constable and the author". */
  seenBy: string
  occurredIso: string
  occurred: string
  recorded: string | null
}

export interface ChronologyPage extends PageData {
  kase: Case
  events: TimelineRow[]
  filter: { agencyId?: string | undefined; childId?: string | undefined; kind?: string | undefined }
  canWrite: boolean
  total: number
  /** Every entry on one page, to print. */
  all: boolean
  first: number
  pagination: Pagination
  allHref: string
  agencyItems: (Choice & { selected?: boolean })[]
  childItems: (Choice & { selected?: boolean })[]
  kindItems: (Choice & { selected?: boolean })[]
}

/** Who can see an entry: the choices, and the team members to name for a sealed one. */
export interface VisibilityChoices {
  visibilityItems: (Choice & { checked: boolean })[]
  sealedItems: (Choice & { checked: boolean })[]
}

export interface NewEntryPage extends FormPageData, VisibilityChoices {
  kase: Case
  kindItems: (Choice & { selected: boolean })[]
  childItems: (Choice & { selected: boolean })[]
}

export interface EntryVisibilityPage extends FormPageData, VisibilityChoices {
  kase: Case
  entry: TimelineRow
}

/** An audit row as the pages show it: in words, with the people it names for a link to everything about them. */
export interface AuditRowView extends AuditRow {
  when: string
  what: string
  outcomeText: string
  people: { id: string; name: string }[]
}

export interface CaseAuditPage extends PageData {
  kase: { id: string; reference: string; title: string }
  rows: AuditRowView[]
  total: number
  capped: boolean
  first: number
  people: { id: string; name: string }[]
  pagination: Pagination
}

export interface AuditLogPage extends PageData {
  values: FormValues
  errors?: GovukErrors | undefined
  person: { id: string; name: string } | undefined
  periodText: string
  rows: AuditRowView[]
  total: number
  capped: boolean
  first: number
  pagination: Pagination
  csvHref: string
  withoutPersonHref: string
  userItems: (Choice & { selected?: boolean })[]
  activityItems: (Choice & { selected?: boolean })[]
  outcomeItems: (Choice & { selected?: boolean })[]
}

export const casePage = view<CasePage>('cases/views/case.njk')
export const newCasePage = view<NewCasePage>('cases/views/new-case.njk')
export const breakGlassPage = view<BreakGlassPage>('cases/views/break-glass.njk')
export const addPersonPage = view<AddPersonPage>('cases/views/add-person.njk')
export const removePersonPage = view<RemovePersonPage>('cases/views/remove-person.njk')
export const reopenPage = view<ReopenPage>('cases/views/reopen.njk')
export const chronologyPage = view<ChronologyPage>('cases/views/chronology.njk')
export const newEntryPage = view<NewEntryPage>('cases/views/new-entry.njk')
export const entryVisibilityPage = view<EntryVisibilityPage>('cases/views/entry-visibility.njk')
export const caseAuditPage = view<CaseAuditPage>('cases/views/audit.njk')
export const auditLogPage = view<AuditLogPage>('cases/views/audit-log.njk')

/** A row of the person's chronology across cases: a timeline row, with the case it is on. */
export interface PersonTimelineRow extends TimelineRow {
  caseId: string
  caseReference: string
}

/** The child's record's list of their cases, as the people module includes it (`section`). */
export interface CasesSection {
  personId: string
  cases: {
    id: string
    reference: string
    title: string
    open: boolean
    opened: string
    closed: string | null
    leadName: string
    part: string
    breakGlass: boolean
  }[]
}

/** The child's record's latest chronology entries across their cases, as the people module includes it. */
export interface ChronologySection {
  personId: string
  entries: PersonTimelineRow[]
  total: number
}

export interface PersonChronologyPage extends PageData {
  person: { id: string; givenName: string; familyName: string }
  /** Who the page is about: the identity bar. */
  identity: IdentityBar
  events: PersonTimelineRow[]
  total: number
  first: number
  pagination: Pagination
}

export const personChronologyPage = view<PersonChronologyPage>('cases/views/person-chronology.njk')
