import type { Choice } from '../../web/choices.ts'
import { view, type FormPageData, type PageData } from '../../web/render.ts'
import type { Address, HeldAddress } from './addresses.ts'
import type { IdentityBar } from './identity.ts'
import type { Relationship } from './relationships.ts'
import type {
  getPerson,
  householdWithHistory,
  OffendingHistoryItem,
  possibleDuplicates,
  searchPeople,
  Sibling,
} from './service.ts'

// What each people page shows: the data its template reads, typed where it is built.

type Person = Awaited<ReturnType<typeof getPerson>>
type Found = Awaited<ReturnType<typeof searchPeople>>
type Labels = Readonly<Record<string, string>>

export interface SearchPage extends PageData {
  values: { q: string; nhsNumber: string }
  results: Found
  total: number
  searched: boolean
}

type Members = Awaited<ReturnType<typeof householdWithHistory>>

/** A page about one person: the identity bar at its top. */
interface AboutPerson {
  identity: IdentityBar
}

export interface PersonPage extends PageData, AboutPerson {
  person: Person
  /** The person's addresses this reader may read, current first, and any current one held from them. */
  addresses: (Address | HeldAddress)[]
  /** Each current member's address now, by their id (only members whose record this reader may open). */
  memberAddresses: Record<string, Address | HeldAddress | null>
  siblings: (Sibling & { age: number | null })[]
  /** The family and household now, and those whose relationship ended, apart. */
  current: Members
  past: Members
  /** May merge this record or say it is not the same person as a flagged one. */
  canResolveDuplicates: boolean
  duplicates: Awaited<ReturnType<typeof possibleDuplicates>>
  /** Records merged into this one, shown to those who may undo a merge. */
  mergedIntoThis: MergedIntoThis[]
  own: OffendingHistoryItem[]
  periodNames: Readonly<Record<string, string>>
  /** The other modules' parts of the record, each with its template and what it loaded. */
  sections: { template: string; data: unknown }[]
  offendingNames: Labels
  sexNames: Labels
  ethnicityNames: Labels
  disabilityNames: Labels
  /** On the team of one of the person's cases, or the agency that recorded them. */
  canChange: boolean
  /** Reading by emergency (break-glass) access: nothing can be changed. */
  readOnly: boolean
}

export interface PersonFormPage extends FormPageData {
  /** Where the form posts: a new person, or a correction of this one. */
  action: string
  /** The person corrected, for the way back; none for a new person. */
  personId?: string
  /** The person corrected; none for a new person. */
  identity?: IdentityBar
  /** The version of the record the form is at: the one read, or the latest after someone else changed it. */
  version?: string | number | undefined
  conflict?: { changedFields: string[] }
  sexItems: Choice[]
  ethnicityItems: (Choice & { selected: boolean })[]
  disabilityItems: (Choice & { checked: boolean })[]
  estimatedItems: (Choice & { checked: boolean })[]
}

export interface OffendingHistoryPage extends FormPageData, AboutPerson {
  person: Person
  offendingKindItems: Choice[]
  periodItems: Choice[]
  /** The partnership's agencies, the one chosen selected: where the information came from. */
  agencyItems: (Choice & { selected: boolean })[]
}

export interface RelationshipPage extends FormPageData, AboutPerson {
  person: Person
  /** The search for the other person, and whom it found. */
  q: string
  candidates: Found
  searched: boolean
  kindItems: (Choice & { selected: boolean })[]
}

export interface EndRelationshipPage extends FormPageData, AboutPerson {
  action: string
  relationship: Relationship
  person: Person
  other: Person
  kindLabel: string
  /** Whose page to go back to. */
  from: string
  version: string | number
}

type Described = Person & { age: number | null }

interface PairPage extends FormPageData {
  action: string
  person: Described
  other: Described
  sexNames: Labels
}

export interface MergePage extends PairPage, AboutPerson {
  version: string | number
}

export type NotDuplicatePage = PairPage

export interface UnmergePage extends PairPage, AboutPerson {
  version: string | number
  merged: { at: string; by: string; reason: string }
  /** What moves back to the merged record, as a practitioner reads it: "2 concerns". */
  movingBack: string[]
}

export interface AddressPage extends FormPageData, AboutPerson {
  person: Person
  /** Who may be named as readers of a confidential address, each ticked if it was. */
  readerItems: (Choice & { checked: boolean })[]
}

export interface EndAddressPage extends FormPageData, AboutPerson {
  person: Person
  address: Address
  version: string | number
}

/** On the record kept: the records merged into it, each of which can be undone. */
export interface MergedIntoThis {
  fromPersonId: string
  name: string
  dateOfBirth: string | null
  mergedAt: string
}

export const endRelationshipPage = view<EndRelationshipPage>('people/views/end-relationship.njk')
export const mergePage = view<MergePage>('people/views/merge.njk')
export const notDuplicatePage = view<NotDuplicatePage>('people/views/not-duplicate.njk')
export const unmergePage = view<UnmergePage>('people/views/unmerge.njk')
export const searchPage = view<SearchPage>('people/views/search.njk')
export const personPage = view<PersonPage>('people/views/person.njk')
export const personFormPage = view<PersonFormPage>('people/views/person-form.njk')
export const offendingHistoryPage = view<OffendingHistoryPage>('people/views/offending-history-form.njk')
export const relationshipPage = view<RelationshipPage>('people/views/relationship-form.njk')
export const addressPage = view<AddressPage>('people/views/address-form.njk')
export const endAddressPage = view<EndAddressPage>('people/views/end-address.njk')
