import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ageOn, londonParts } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import { getPerson, householdWithHistory, type PeopleNeedToKnow, type Person } from './service.ts'

// Who a page is about, unmistakably: the identity bar (src/web/views/identity.njk) every page about one person
// shows. Two children of one name are told apart by age, date of birth and NHS number at a glance, and the flags
// that change what a worker does are beside the name rather than further down the page.

/** The age from which a person is an adult: a concern or a case about them is not about a child. */
const ADULT_AGE = 18

export const OFFENDING_NEARBY = 'Lives with or has contact with someone with a sexual-offending history'

/** What the identity bar shows: plain values, built here so any module's page can show the same bar. */
export interface IdentityBar {
  personId: string
  name: string
  /** ISO date, shown through `londonDate`; null when not known. */
  dateOfBirth: string | null
  dateOfBirthEstimated: boolean
  /** Whole years, London today; null when the date of birth is not known ("age not known"). */
  age: number | null
  /** Spaced 3-3-4 as people read it out, or null. */
  nhsNumber: string | null
  /** Warnings beside the name, most serious first. */
  flags: { text: string; colour: 'red' | 'orange' | 'grey' }[]
  /** Where the name links (the person's page), or null on that page itself. */
  href: string | null
}

/** An NHS number spaced as printed on letters and cards: 943 476 5919. */
export function spacedNhsNumber(nhsNumber: string | null): string | null {
  return nhsNumber && /^\d{10}$/.test(nhsNumber)
    ? `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`
    : nhsNumber
}

/**
 * The bar from what a page already holds: the person, today in London, and whether someone they live with or
 * see has a sexual-offending history this reader may see (never worked out here from less than that).
 */
export function identityBar(
  person: Pick<
    Person,
    'id' | 'givenName' | 'familyName' | 'dateOfBirth' | 'dateOfBirthEstimated' | 'nhsNumber' | 'mergedIntoId'
  >,
  today: string,
  facts: { offendingNearby: boolean; linked: boolean },
): IdentityBar {
  const age = ageOn(person.dateOfBirth, today)
  const flags: IdentityBar['flags'] = []
  if (facts.offendingNearby) flags.push({ text: OFFENDING_NEARBY, colour: 'red' })
  if (age !== null && age >= ADULT_AGE) flags.push({ text: 'Adult', colour: 'orange' })
  if (person.mergedIntoId !== null) flags.push({ text: 'Merged into another record', colour: 'grey' })
  return {
    personId: person.id,
    name: `${person.givenName} ${person.familyName}`,
    dateOfBirth: person.dateOfBirth,
    dateOfBirthEstimated: person.dateOfBirthEstimated,
    age,
    nhsNumber: spacedNhsNumber(person.nhsNumber),
    flags,
    href: facts.linked ? urls.person(person.id) : null,
  }
}

/**
 * Whether anyone the person lives with or has contact with now has a sexual-offending history this reader may see:
 * the household as the person's page shows it (the history of members whose record they may not see is null).
 */
export function offendingNearby(members: Awaited<ReturnType<typeof householdWithHistory>>): boolean {
  return members.some(m => m.endedOn === null && (m.livesWith || m.hasContact) && (m.offendingHistory?.length ?? 0) > 0)
}

/**
 * The bar for a page about this person that has not read their household: reads it with the reader's need to
 * know (the case layer's, handed in), so the flag shows only what the person's page would show them.
 */
export async function identityOf(
  db: Db,
  actor: Actor,
  personId: string,
  now: Date,
  needToKnow: PeopleNeedToKnow,
  options: { linked?: boolean } = {},
): Promise<IdentityBar> {
  const [person, members] = await Promise.all([
    getPerson(db, personId),
    householdWithHistory(db, actor, personId, now, needToKnow),
  ])
  return identityBar(person, londonParts(now)[0], {
    offendingNearby: offendingNearby(members),
    linked: options.linked ?? true,
  })
}
