import type { FastifyRequest } from 'fastify'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { ageOn, londonDate, londonParts } from '../../web/dates.ts'
import type { Answer, CheckView, Warning } from '../../web/form-page.ts'
import { urls } from '../../web/urls.ts'
import { getPerson, spacedNhsNumber } from '../people/index.ts'
import { openCasesWithLead } from './from-referral.ts'
import { relationshipToPerson } from './need-to-know.ts'
import { byBreakGlassOf, onTeamOf } from './standing.ts'

// "Is this the right child?" (issue 11): two children of one name, aged 6 and 16, were told apart only by an ISO
// date, and a concern went on the wrong one. Check your answers for a concern or a new case starts with the facts
// that tell children apart, as far as this user may see them, and warns of what they should not miss: an adult,
// and an open case about the child that they may know of. Only what the user may already see is shown: the NHS
// number and other names to those who may read the child's record; an open case to its team, to someone reading
// it by break-glass, and to the front door (which may know a case exists, and who leads it, never what is in it).

/** A child's age in words, as a page says it: "6 years old", "Under 1 year old". */
export function ageInWords(age: number | null): string {
  if (age === null) return 'Not known'
  if (age === 0) return 'Under 1 year old'
  return age === 1 ? '1 year old' : `${String(age)} years old`
}

/** What being an adult means for each page (a concern about a young adult can be legitimate: warned, not refused). */
const ADULT = {
  concern: 'A concern about a young adult can still be recorded.',
  case: 'Cases are about children.',
  referral: 'A case opened by this decision would be about them.',
}

/** An open case about the child that this user may know exists; `link` when they may open it. */
export interface KnownOpenCase {
  id: string
  reference: string
  leadName: string
  link: boolean
}

export interface RightChild {
  name: string
  age: number | null
  subject: NonNullable<CheckView['subject']>
  openCases: KnownOpenCase[]
}

/** The child's open cases this user may know of: those they work or read by break-glass, or any for the front door. */
async function knownOpenCases(db: Db, actor: Actor, childId: string, now: Date): Promise<KnownOpenCase[]> {
  const rows = await openCasesWithLead(db, childId)
    .select([onTeamOf(actor).as('onTeam'), byBreakGlassOf(actor, now).as('breakGlass')])
    .execute()
  const frontDoor = actor.roles.includes('front_door')
  return rows
    .filter(r => r.onTeam || r.breakGlass || frontDoor)
    .map(r => ({ id: r.id, reference: r.reference, leadName: r.leadName, link: r.onTeam || r.breakGlass }))
}

/**
 * The child a concern or a new case is about, as check your answers shows them to this user, with a warning when
 * they are 18 or over today and one for each open case about them the user may know of. Showing them is a read of
 * the child's record, audited as one (`person.read`, with the page it was for).
 */
export async function rightChild(
  request: FastifyRequest,
  childId: string,
  purpose: 'concern' | 'case' | 'referral',
): Promise<RightChild> {
  const { db, clock, audit } = request.server.lantern
  const { actor } = request
  const now = clock()
  const [child, standing, openCases] = await Promise.all([
    getPerson(db, childId),
    relationshipToPerson(db, actor, childId, now),
    knownOpenCases(db, actor, childId, now),
  ])
  await audit.record({
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    agencyId: actor.agencyId,
    action: 'person.read',
    objectType: 'person',
    objectId: childId,
    ip: request.ip,
    at: now,
    detail: { page: `check.${purpose}`, cases: openCases.map(c => c.id) },
  })
  const name = `${child.givenName} ${child.familyName}`
  const age = ageOn(child.dateOfBirth, londonParts(now)[0])
  const mayRead = standing === 'full' || standing === 'readOnly'
  const facts: Answer[] = [
    { key: 'Name', value: name },
    {
      key: 'Date of birth',
      value: child.dateOfBirth
        ? `${londonDate(child.dateOfBirth)}${child.dateOfBirthEstimated ? ' (estimated)' : ''}`
        : 'Not known',
    },
    { key: 'Age', value: ageInWords(age) },
  ]
  if (mayRead && child.nhsNumber) facts.push({ key: 'NHS number', value: spacedNhsNumber(child.nhsNumber) ?? '' })
  if (mayRead && child.otherNames.length) facts.push({ key: 'Other names', value: child.otherNames })
  const warnings: Warning[] = []
  if (age !== null && age >= 18)
    warnings.push({
      text: `${name} is ${String(age)}: an adult. Check this is the person you mean. ${ADULT[purpose]}`,
    })
  for (const open of openCases)
    warnings.push({
      text:
        `${child.givenName} is already on the open case ${open.reference}, led by ${open.leadName}.` +
        (purpose === 'concern' ? ' The concern goes on its chronology too.' : ''),
      ...(open.link ? { link: { href: urls.case(open.id), text: `Go to case ${open.reference}` } } : {}),
    })
  return { name, age, subject: { heading: 'Is this the right child?', facts, warnings }, openCases }
}
