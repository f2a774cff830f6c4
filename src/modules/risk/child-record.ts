import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { OFFENDING_KINDS } from '../../kernel/codes/people.ts'
import { CIVIL_ORDER_KINDS } from '../../kernel/codes/risk.ts'
import { urls } from '../../web/urls.ts'
import { openCasesOfChild, peopleNeedToKnow } from '../cases/index.ts'
import { linksNowOf, type RecordSection } from '../people/index.ts'
import { readsRegister } from './roles.ts'
import { closestLinks, knownAbout, linkFrom } from './snapshot.ts'

// SG-08 for a child with no open case: nobody's case runs the safeguards, so the child's record itself says that
// someone they live with or see is known to present a risk of sexual harm, whom to contact, and how to raise a
// concern. Who it is shows only to someone who may see that person's record in full, or who reads the register;
// what is known shows only to register readers (the register's rule: others learn that, and whom to ask).

const KNOWN: Readonly<Record<string, string>> = { ...OFFENDING_KINDS, ...CIVIL_ORDER_KINDS, other: 'Another order' }

export interface RiskPrompt {
  /** Who it is, or null when the reader may not know. */
  person: { id: string; name: string } | null
  link: 'lives_with' | 'has_contact'
  /** What is known, as codes of offending history and civil orders; only for register readers. */
  known: string[] | null
  /** Whom to contact: the person's probation single point of contact, or the front door when none is recorded. */
  contact: { name: string; agency: string; email: string } | null
}

export interface ChildRiskSection {
  childId: string
  prompts: (RiskPrompt & { knownInWords: string | null })[]
  concernHref: string
}

/** The prompts on a child's record: none while the child is in an open case (SG-08 is that case's task). */
export async function riskPromptsFor(db: Db, actor: Actor, childId: string, now: Date): Promise<RiskPrompt[]> {
  const links = closestLinks((await linksNowOf(db, [childId])).map(linkFrom))
  if (links.length === 0) return []
  const known = await knownAbout(
    db,
    links.map(l => l.personId),
  )
  const linked = links.filter(l => known.has(l.personId))
  if (linked.length === 0 || (await openCasesOfChild(db, childId)).length > 0) return []
  const personIds = linked.map(l => l.personId)
  const people = await db
    .selectFrom('personDirectory')
    .select(['personId as id', 'givenName', 'familyName', 'recordedByAgencyId'])
    .where('personId', 'in', personIds)
    .execute()
  const register = readsRegister(actor.roles)
  const full = register ? new Set(personIds) : await peopleNeedToKnow.fullRecordOf(db, actor, people, now)
  const contacts = await probationContactsOf(db, personIds)
  return linked.map(l => {
    const person = people.find(p => p.id === l.personId)
    return {
      person:
        person && full.has(person.id) ? { id: person.id, name: `${person.givenName} ${person.familyName}` } : null,
      link: l.link,
      known: register ? (known.get(l.personId)?.kinds ?? []) : null,
      contact: contacts.get(l.personId) ?? null,
    }
  })
}

async function probationContactsOf(db: Db, personIds: readonly string[]) {
  const rows = await db
    .selectFrom('riskManagement as m')
    .innerJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'm.partnershipId').onRef('u.userId', '=', 'm.probationContactUserId'),
    )
    .select(['m.personId', 'u.displayName', 'u.agencyName', 'u.email'])
    .where('m.personId', 'in', personIds)
    .execute()
  return new Map(rows.map(r => [r.personId, { name: r.displayName, agency: r.agencyName, email: r.email }]))
}

/** The register's part of the child's record: the SG-08 prompt when the child is in no open case. */
export const childRiskSection: RecordSection<ChildRiskSection> = {
  template: 'risk/views/record-risk.njk',
  load: async (db, actor, personId, now) => ({
    childId: personId,
    prompts: (await riskPromptsFor(db, actor, personId, now)).map(p => ({
      ...p,
      knownInWords: p.known?.length ? p.known.map(code => (KNOWN[code] ?? code).toLowerCase()).join(', ') : null,
    })),
    concernHref: urls.newConcern(personId),
  }),
}
