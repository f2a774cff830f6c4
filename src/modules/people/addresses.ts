import { sql, type ExpressionBuilder } from 'kysely'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Database } from '../../db/types.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts'
import { PRACTITIONERS } from '../../kernel/roles.ts'
import { isoDate, londonDate, type NotAfter } from '../../web/dates.ts'
import { versionField } from '../../web/input.ts'
import { appendAudit } from '../audit/index.ts'

// Where a person lives and has lived. A confidential address (a parent in a refuge) is read only by the users it
// names, the recorder always among them: to everyone else it is never shown, searched or returned, and the
// household says only who holds it, so a worker who needs it knows whom to ask.

/** A UK postcode, however it was typed ('ab12cd', 'AB1 2CD'), as stored: upper case, one space before the last 3. */
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/
const POSTCODE_MESSAGE = 'Enter a real postcode, like ZZ1 4QX'

export function normalisePostcode(typed: string): string {
  const compact = typed.replace(/\s+/g, '').toUpperCase()
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact
}

const optionalLine = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} must be ${String(max)} characters or fewer`)
    .trim()
    .transform(v => v || null)

/** The area an address is in, to tell two people apart in a list: the outward part of its postcode, or its town. */
export function addressArea(address: { town: string | null; postcode: string | null }): string | null {
  const outward = address.postcode?.split(' ')[0]
  if (address.town && outward) return `${address.town}, ${outward}`
  return address.town ?? outward ?? null
}

/** The fields of a new address, as the API takes them (and the form, once its boxes are read). */
export function addressFields(today: NotAfter) {
  return {
    line1: z
      .string({ error: 'Enter the first line of the address' })
      .max(200, 'Address line 1 must be 200 characters or fewer')
      .trim()
      .min(1, 'Enter the first line of the address'),
    line2: optionalLine('Address line 2', 200).nullable().default(null),
    town: optionalLine('Town or city', 100).nullable().default(null),
    postcode: z
      .string()
      .max(10, POSTCODE_MESSAGE)
      .transform(v => normalisePostcode(v))
      .refine(v => v === '' || POSTCODE.test(v), POSTCODE_MESSAGE)
      .transform(v => v || null)
      .nullable()
      .default(null),
    from: isoDate('Date they moved in', { notAfter: today }),
    confidential: z.boolean({ error: 'Say whether the address is confidential' }),
    readerUserIds: z.array(z.uuid('Choose people from the list')).max(50, 'Name 50 people or fewer').default([]),
  }
}

/**
 * A rule's check, run once the fields it reads have been read, whatever else is wrong: one round trip shows all.
 * Never when the body is not an object at all (an issue at its root): there is nothing to read.
 */
const once =
  (...fields: string[]) =>
  (payload: { issues: readonly { path?: readonly PropertyKey[] }[] }) =>
    !payload.issues.some(issue => !issue.path?.length || fields.includes(String(issue.path[0])))

/**
 * What no one field can say: a postcode or a town, and named readers only for a confidential address (refused
 * otherwise, as a sealed chronology entry's are, never silently dropped).
 */
export function withAddressRules<
  Schema extends z.ZodType<{
    town: string | null
    postcode: string | null
    confidential: boolean
    readerUserIds: string[]
  }>,
>(schema: Schema): Schema {
  return schema
    .refine(v => v.town !== null || v.postcode !== null, {
      path: ['postcode'],
      message: 'Enter the postcode or the town, or both',
      when: once('town', 'postcode'),
    })
    .refine(v => v.confidential || v.readerUserIds.length === 0, {
      path: ['readerUserIds'],
      message: 'Name people only for a confidential address: choose "Yes, only the people I name" or untick them',
      when: once('confidential', 'readerUserIds'),
    })
}

/** A new address: where, from when, whether it is confidential, and for a confidential one who else may read it. */
export function addressSchema(today: NotAfter) {
  return withAddressRules(z.strictObject(addressFields(today)))
}

export type NewAddress = z.infer<ReturnType<typeof addressSchema>>

/** Moving out: the last day they lived there; the version read, when the caller has one. */
export function endAddressSchema(today: NotAfter) {
  return z.strictObject({
    to: isoDate('Date they moved out', { notAfter: today }),
    version: versionField().optional(),
  })
}

export type EndAddress = z.infer<ReturnType<typeof endAddressSchema>>

/** An address the reader may read. */
export interface Address {
  kind: 'shown'
  id: string
  personId: string
  line1: string
  line2: string | null
  town: string | null
  postcode: string | null
  from: string
  to: string | null
  confidential: boolean
  /** For a confidential address, who may read it, by name (the reader among them). */
  readers: string[]
  recordedBy: string
  version: number
}

/** A current confidential address the reader may not read: only that it exists and who holds it. */
export interface HeldAddress {
  kind: 'held'
  personId: string
  recordedBy: string
}

/** The addresses whose text this actor may read: every one that is not confidential, and those naming them. */
function readableBy(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'personAddresses'>) =>
    eb.or([
      eb('personAddresses.confidential', '=', false),
      sql<boolean>`${actor.userId}::uuid = any(person_addresses.readers)`,
    ])
}

/**
 * These people's addresses as this actor may see them: each readable one (current first, then newest), and for
 * each current confidential one they are not named on, who holds it. Two queries, whatever the number of people.
 */
export async function addressesOf(
  db: Db,
  actor: Actor,
  personIds: readonly string[],
): Promise<(Address | HeldAddress)[]> {
  if (personIds.length === 0) return []
  const rows = await db
    .selectFrom('personAddresses')
    .innerJoin('userNames as u', j =>
      j.onRef('u.partnershipId', '=', 'personAddresses.partnershipId').onRef('u.userId', '=', 'recordedByUserId'),
    )
    .select(eb => [
      'personAddresses.id',
      'personAddresses.personId',
      'personAddresses.endedOn',
      'personAddresses.startedOn',
      'u.displayName as recordedBy',
      readableBy(actor)(eb).as('readable'),
    ])
    .where('personAddresses.personId', 'in', personIds)
    .execute()
  const readableIds = rows.filter(r => r.readable).map(r => r.id)
  // The text is read only for the addresses this actor may read: the rest never leave the database.
  const shown = readableIds.length
    ? await db
        .selectFrom('personAddresses')
        .select([
          'id',
          'line1',
          'line2',
          'town',
          'postcode',
          'startedOn',
          'endedOn',
          'confidential',
          'readers',
          'version',
        ])
        .where('id', 'in', readableIds)
        .where(readableBy(actor))
        .execute()
    : []
  const readerIds = [...new Set(shown.flatMap(a => a.readers))]
  const names = readerIds.length
    ? new Map(
        (
          await db.selectFrom('userNames').select(['userId', 'displayName']).where('userId', 'in', readerIds).execute()
        ).map(u => [u.userId, u.displayName]),
      )
    : new Map<string, string>()
  const byId = new Map(shown.map(a => [a.id, a]))
  const out: (Address | HeldAddress)[] = []
  for (const r of rows) {
    const a = byId.get(r.id)
    if (a)
      out.push({
        kind: 'shown',
        id: a.id,
        personId: r.personId,
        line1: a.line1,
        line2: a.line2,
        town: a.town,
        postcode: a.postcode,
        from: a.startedOn,
        to: a.endedOn,
        confidential: a.confidential,
        readers: a.readers.map(id => names.get(id) ?? 'A former user').sort(),
        recordedBy: r.recordedBy,
        version: a.version,
      })
    else if (r.endedOn === null) out.push({ kind: 'held', personId: r.personId, recordedBy: r.recordedBy })
  }
  // Current first, each part newest first.
  const key = (x: Address | HeldAddress) => (x.kind === 'held' ? ['0', '9999'] : [x.to ? '1' : '0', x.from])
  return out.sort((x, y) => {
    const [xc, xf] = key(x) as [string, string]
    const [yc, yf] = key(y) as [string, string]
    return xc.localeCompare(yc) || yf.localeCompare(xf)
  })
}

/**
 * The area each person lives in now, for search results: from their newest current address that is not
 * confidential. A confidential address gives no area to anyone: a list is read over shoulders, and is exported.
 */
export async function currentAreas(db: Db, personIds: readonly string[]): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('personAddresses')
    .select(['personId', 'town', 'postcode'])
    .where('personId', 'in', personIds)
    .where('endedOn', 'is', null)
    .where('confidential', '=', false)
    .orderBy('startedOn', 'asc')
    .execute()
  const areas = new Map<string, string>()
  for (const r of rows) {
    const area = addressArea(r)
    if (area) areas.set(r.personId, area)
  }
  return areas
}

/** The users who may be named as readers of a confidential address: the partnership's practitioners, by name. */
export async function possibleReaders(db: Db, actor: Actor) {
  return db
    .selectFrom('userDirectory')
    .select(['userId', 'displayName', 'agencyName'])
    .where('disabledAt', 'is', null)
    .where('userId', '!=', actor.userId)
    .where(sql<boolean>`roles && ${sql.val([...PRACTITIONERS])}::text[]`)
    .orderBy('displayName')
    .orderBy('userId')
    .execute()
}

/** Records an address; a confidential one is read by the users named and the recorder. Audited as a change to the person. */
export async function addAddress(
  db: Db,
  actor: Actor,
  personId: string,
  input: NewAddress,
  ip: string,
  now: Date,
): Promise<string> {
  return db.transaction().execute(async trx => {
    const person = await trx
      .selectFrom('people')
      .select(['id', 'mergedIntoId'])
      .where('id', '=', personId)
      .executeTakeFirst()
    if (!person) throw new NotFound('person')
    if (person.mergedIntoId !== null)
      throw new Conflict('This record was merged into another: add the address there. Nothing was saved.')
    const named = [...new Set(input.readerUserIds.filter(id => id !== actor.userId))]
    if (named.length) {
      const known = await trx
        .selectFrom('userDirectory')
        .select('userId')
        .where('userId', 'in', named)
        .where('disabledAt', 'is', null)
        .execute()
      if (known.length !== named.length) throw new Invalid({ readerUserIds: 'Choose people from the list' })
    }
    const { id } = await trx
      .insertInto('personAddresses')
      .values({
        partnershipId: actor.partnershipId,
        personId,
        line1: input.line1,
        line2: input.line2,
        town: input.town,
        postcode: input.postcode,
        startedOn: input.from,
        confidential: input.confidential,
        readers: input.confidential ? [actor.userId, ...named] : [],
        recordedByUserId: actor.userId,
        recordedByAgencyId: actor.agencyId,
        recordedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // The address itself is not in the audit log: auditors read the log, and a refuge address is not theirs.
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.addAddress',
      objectType: 'person',
      objectId: personId,
      ip,
      at: now,
      detail: { addressId: id, confidential: input.confidential, readers: named.length },
    })
    return id
  })
}

/**
 * Ends an address (they moved out). Refused, with nothing saved: an address not this person's or not readable by
 * the actor (no such address to them), one already ended, a stale version, or an end before they moved in.
 */
export async function endAddress(
  db: Db,
  actor: Actor,
  personId: string,
  addressId: string,
  input: EndAddress,
  ip: string,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async trx => {
    const address = await trx
      .selectFrom('personAddresses')
      .select(['id', 'startedOn', 'endedOn', 'version'])
      .where('id', '=', addressId)
      .where('personId', '=', personId)
      .where(readableBy(actor))
      .forUpdate()
      .executeTakeFirst()
    if (!address) throw new NotFound('address')
    if (address.endedOn !== null) throw new Conflict('They have already moved out of this address. Nothing was saved.')
    if (input.version !== undefined && input.version !== address.version)
      throw new Conflict('Someone else changed this address after you opened it. Nothing was saved.')
    if (input.to < address.startedOn)
      throw new Invalid({
        to: `Date they moved out must be on or after the date they moved in (${londonDate(address.startedOn)})`,
      })
    await trx
      .updateTable('personAddresses')
      .set({ endedOn: input.to, endedByUserId: actor.userId, endedAt: now, version: address.version + 1 })
      .where('id', '=', addressId)
      .execute()
    await appendAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      agencyId: actor.agencyId,
      action: 'person.endAddress',
      objectType: 'person',
      objectId: personId,
      ip,
      at: now,
      detail: { addressId },
    })
  })
}

/** One address of a person, if this actor may read it (the end form shows it). */
export async function readableAddress(db: Db, actor: Actor, personId: string, addressId: string) {
  const [found] = (await addressesOf(db, actor, [personId])).filter(
    (a): a is Address => a.kind === 'shown' && a.id === addressId,
  )
  if (!found) throw new NotFound('address')
  return found
}
