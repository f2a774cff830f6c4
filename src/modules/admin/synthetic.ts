import { randomUUID } from 'node:crypto'
import type { Db } from '../../db/connection.ts'
import { asPartnership, asSystem } from '../../db/context.ts'
import { INDICATORS } from '../concerns/indicators.ts'

// Invented names only: no combination can be mistaken for a real person's record.
const GIVEN = ['Pip', 'Wren', 'Rook', 'Linnet', 'Corvin', 'Marigold', 'Juniper', 'Bramble', 'Quill', 'Tansy', 'Fennel', 'Sorrel', 'Thistle', 'Nettle', 'Clover', 'Hazel', 'Alder', 'Rowan', 'Teasel', 'Yarrow']
const FAMILY = ['Examplechild', 'Testwood', 'Fauxley', 'Mockridge', 'Samplesby', 'Dummington', 'Placeholt', 'Fictionby', 'Inventa', 'Madeupson', 'Notrealle', 'Synthwell']
const EVENT_KINDS = ['visit.home', 'contact.school', 'contact.health', 'note.police', 'meeting.multiAgency', 'call.family']

/** A deterministic pseudo-random sequence, so the same N always makes the same partnership. */
function sequence(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/**
 * Fills the demo partnership Northshire with `children` synthetic children, each with a family (two
 * adults, sometimes siblings), an open case with a team, concerns and `eventsPerCase` chronology events.
 * For tests and benchmarks; every name is invented.
 */
export async function seedSynthetic(db: Db, children: number, eventsPerCase = 10): Promise<{ people: number; cases: number; events: number }> {
  const partnership = await asSystem(() => db.selectFrom('partnerships').select(['partnershipId', 'code']).where('name', '=', 'Northshire').executeTakeFirst())
  if (!partnership) throw new Error('Seed the demo partnership first (lantern seed --demo)')
  const pid = partnership.partnershipId
  return asPartnership(pid, async () => {
    const agencies = await db.selectFrom('agencies').select(['id', 'kind']).execute()
    const users = await db.selectFrom('users').select(['id', 'agencyId']).execute()
    const csc = agencies.find((a) => a.kind === 'childrens_social_care')
    const lead = users.find((u) => u.agencyId === csc?.id)
    if (!csc || !lead) throw new Error('The demo partnership has no children’s social care user')
    const random = sequence(children)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
    const now = new Date()
    const year = now.getUTCFullYear()
    const counter = await db.selectFrom('caseReferenceCounters').select('lastNumber').where('year', '=', year).executeTakeFirst()
    let reference = counter?.lastNumber ?? 0

    const people: Record<string, unknown>[] = []
    const relationships: Record<string, unknown>[] = []
    const cases: Record<string, unknown>[] = []
    const caseChildren: Record<string, unknown>[] = []
    const caseAdults: Record<string, unknown>[] = []
    const team: Record<string, unknown>[] = []
    const events: Record<string, unknown>[] = []
    const person = (givenName: string, familyName: string, dateOfBirth: string, sex: 'female' | 'male') => {
      const id = randomUUID()
      people.push({ partnershipId: pid, id, givenName, familyName, otherNames: [], dateOfBirth, dateOfBirthEstimated: false, sex, ethnicity: null, firstLanguage: null,
        interpreterNeeded: false, communicationNeeds: null, disabilities: [], nhsNumber: null, uniquePupilNumber: null,
        searchName: `${givenName} ${familyName}`.toLowerCase(), recordedByAgencyId: csc.id, recordedByUserId: lead.id, createdAt: now, updatedAt: now })
      return id
    }
    const date = (from: number, to: number) => `${String(from + Math.floor(random() * (to - from)))}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
    for (let i = 0; i < children; i++) {
      const family = `${pick(FAMILY)}-${String(i)}`
      const child = person(pick(GIVEN), family, date(year - 17, year), random() < 0.5 ? 'female' : 'male')
      const mother = person(pick(GIVEN), family, date(year - 50, year - 20), 'female')
      const father = person(pick(GIVEN), family, date(year - 55, year - 20), 'male')
      const kids = [child]
      for (let s = 0; s < Math.floor(random() * 3); s++) kids.push(person(pick(GIVEN), family, date(year - 17, year), random() < 0.5 ? 'female' : 'male'))
      for (const kid of kids) {
        relationships.push({ partnershipId: pid, personId: kid, otherPersonId: mother, kind: 'parent', livesWith: true, hasContact: true, recordedByUserId: lead.id, createdAt: now })
        relationships.push({ partnershipId: pid, personId: kid, otherPersonId: father, kind: 'parent', livesWith: random() < 0.6, hasContact: true, recordedByUserId: lead.id, createdAt: now })
      }
      const caseId = randomUUID()
      reference += 1
      cases.push({ partnershipId: pid, id: caseId, reference: `${partnership.code}-${String(year)}-${String(reference).padStart(5, '0')}`, title: 'Synthetic case', leadUserId: lead.id, openedAt: now, openedByUserId: lead.id, closedAt: null, closedReason: null })
      for (const kid of kids) caseChildren.push({ partnershipId: pid, caseId, personId: kid, addedAt: now })
      caseAdults.push({ partnershipId: pid, caseId, personId: mother, role: 'non_abusing_parent', addedAt: now }, { partnershipId: pid, caseId, personId: father, role: 'parent', addedAt: now })
      team.push({ partnershipId: pid, caseId, userId: null, agencyId: csc.id, addedAt: now, addedByUserId: lead.id, removedAt: null })
      for (let e = 0; e < eventsPerCase; e++) {
        const agency = pick(agencies)
        const author = users.find((u) => u.agencyId === agency.id) ?? lead
        const occurredAt = new Date(now.getTime() - Math.floor(random() * 365 * 86_400_000))
        events.push({ partnershipId: pid, caseId, childId: pick(kids), occurredAt, recordedAt: occurredAt, agencyId: agency.id, userId: author.id, kind: pick(EVENT_KINDS), summary: `Synthetic event: ${pick(Object.values(INDICATORS))}` })
      }
    }
    await db.transaction().execute(async (trx) => {
      await insertInChunks(people, (c) => trx.insertInto('people').values(c as never).execute())
      await insertInChunks(relationships, (c) => trx.insertInto('relationships').values(c as never).execute())
      await insertInChunks(cases, (c) => trx.insertInto('cases').values(c as never).execute())
      await insertInChunks(caseChildren, (c) => trx.insertInto('caseChildren').values(c as never).execute())
      await insertInChunks(caseAdults, (c) => trx.insertInto('caseAdults').values(c as never).execute())
      await insertInChunks(team, (c) => trx.insertInto('caseTeam').values(c as never).execute())
      await insertInChunks(events, (c) => trx.insertInto('chronologyEvents').values(c as never).execute())
      await trx.insertInto('caseReferenceCounters').values({ partnershipId: pid, year, lastNumber: reference })
        .onConflict((oc) => oc.columns(['partnershipId', 'year']).doUpdateSet({ lastNumber: reference })).execute()
    })
    return { people: people.length, cases: cases.length, events: events.length }
  })
}
