import { sql, type Insertable, type Transaction } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import type { Database } from '../../db/types.ts'

// Bulk loading for synthetic partnerships (the bench, `lantern seed --synthetic`): rows straight in, in chunks,
// without the checks and audit of recording one person at a time. Never used for real records.

export type PersonRow = Insertable<Database['people']>
export type RelationshipRow = Insertable<Database['relationships']>
export type AddressRow = Insertable<Database['personAddresses']>

const CHUNK = 1000

export async function loadPeople(
  trx: Transaction<Database>,
  people: PersonRow[],
  relationships: RelationshipRow[],
  addresses: AddressRow[] = [],
) {
  for (let i = 0; i < people.length; i += CHUNK)
    await trx
      .insertInto('people')
      .values(people.slice(i, i + CHUNK))
      .execute()
  for (let i = 0; i < relationships.length; i += CHUNK)
    await trx
      .insertInto('relationships')
      .values(relationships.slice(i, i + CHUNK))
      .execute()
  for (let i = 0; i < addresses.length; i += CHUNK)
    await trx
      .insertInto('personAddresses')
      .values(addresses.slice(i, i + CHUNK))
      .execute()
}

/** After a bulk load the planner's statistics describe the tables as they were; refresh them. */
export async function analysePeople(db: Db): Promise<void> {
  await asSystem(() => sql`analyze people, relationships, person_addresses`.execute(db))
}
